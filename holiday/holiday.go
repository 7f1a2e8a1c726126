// Package holiday knows the days on which no médicobus session can happen: the French
// public holidays (jours fériés) of each metropolitan department, computed rather than
// looked up, and the closures coordinators declare (a strike, a snow day, a town-hall
// square under works). The planner, the validator, the patient pages, the calendar
// feeds and the drivers' sheets all ask it, so that they agree on which days are off.
//
// The public holidays are those of the Code du travail (article L3133-1): eleven
// national days, three of them tied to Easter (Easter Monday, Ascension Thursday, Whit
// Monday), plus Good Friday and 26 December in the departments of Alsace-Moselle
// (Moselle 57, Bas-Rhin 67, Haut-Rhin 68), under their local law.
package holiday

import (
	"time"

	"medibus"
)

// Holiday is one public holiday.
type Holiday struct {
	Date medibus.Date
	Name string // French name, e.g. "Lundi de Pâques"
}

// fixed are the holidays on the same day every year.
var fixed = []struct {
	month time.Month
	day   int
	name  string
	local bool // Alsace-Moselle only
}{
	{time.January, 1, "Jour de l'an", false},
	{time.May, 1, "Fête du Travail", false},
	{time.May, 8, "Victoire 1945", false},
	{time.July, 14, "Fête nationale", false},
	{time.August, 15, "Assomption", false},
	{time.November, 1, "Toussaint", false},
	{time.November, 11, "Armistice 1918", false},
	{time.December, 25, "Noël", false},
	{time.December, 26, "Saint-Étienne", true},
}

// movable are the holidays set by Easter, as days after Easter Sunday.
var movable = []struct {
	offset int
	name   string
	local  bool
}{
	{-2, "Vendredi saint", true},
	{1, "Lundi de Pâques", false},
	{39, "Ascension", false},
	{50, "Lundi de Pentecôte", false},
}

// AlsaceMoselle reports whether department dept keeps the local holidays of
// Alsace-Moselle (Good Friday and 26 December).
func AlsaceMoselle(dept string) bool { return dept == "57" || dept == "67" || dept == "68" }

// Easter returns Easter Sunday of year in the Gregorian calendar, by the anonymous
// Gregorian algorithm (Meeus/Jones/Butcher).
func Easter(year int) medibus.Date {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return medibus.DateOf(time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC))
}

// Of returns the public holidays of year in department dept (its code, "23" or "2A";
// empty for the national holidays only), in date order.
func Of(year int, dept string) []Holiday {
	local := AlsaceMoselle(dept)
	var out []Holiday
	easter := Easter(year)
	for _, m := range movable {
		if !m.local || local {
			out = append(out, Holiday{easter.AddDays(m.offset), m.name})
		}
	}
	for _, f := range fixed {
		if !f.local || local {
			out = append(out, Holiday{medibus.DateOf(time.Date(year, f.month, f.day, 0, 0, 0, 0, time.UTC)), f.name})
		}
	}
	sortHolidays(out)
	return out
}

func sortHolidays(hs []Holiday) {
	for i := 1; i < len(hs); i++ {
		for j := i; j > 0 && hs[j].Date < hs[j-1].Date; j-- {
			hs[j], hs[j-1] = hs[j-1], hs[j]
		}
	}
}

// On returns the name of the public holiday that d is in department dept, if it is one.
func On(d medibus.Date, dept string) (string, bool) {
	t := d.Time(time.UTC)
	local := AlsaceMoselle(dept)
	for _, f := range fixed {
		if t.Month() == f.month && t.Day() == f.day && (!f.local || local) {
			return f.name, true
		}
	}
	// Easter-based holidays fall between 20 March and 14 June.
	if t.Month() < time.March || t.Month() > time.June {
		return "", false
	}
	off := int(d - Easter(t.Year()))
	for _, m := range movable {
		if off == m.offset && (!m.local || local) {
			return m.name, true
		}
	}
	return "", false
}

// Department returns the department of a metropolitan commune from its INSEE code: its
// first two characters ("23", "2A").
func Department(insee string) string {
	if len(insee) < 2 {
		return ""
	}
	return insee[:2]
}
