package holiday_test

import (
	"fmt"
	"testing"

	"medibus"
	"medibus/holiday"
)

// official lists the public holidays of 2026 to 2030 as published by the French
// administration (service-public.fr, « Jours fériés »), for the rest of France and the
// two extra days of Alsace-Moselle. It is typed from that list, not computed.
var official = map[int]struct{ national, alsace []string }{
	2026: {[]string{"2026-01-01", "2026-04-06", "2026-05-01", "2026-05-08", "2026-05-14", "2026-05-25", "2026-07-14", "2026-08-15", "2026-11-01", "2026-11-11", "2026-12-25"},
		[]string{"2026-04-03", "2026-12-26"}},
	2027: {[]string{"2027-01-01", "2027-03-29", "2027-05-01", "2027-05-06", "2027-05-08", "2027-05-17", "2027-07-14", "2027-08-15", "2027-11-01", "2027-11-11", "2027-12-25"},
		[]string{"2027-03-26", "2027-12-26"}},
	2028: {[]string{"2028-01-01", "2028-04-17", "2028-05-01", "2028-05-08", "2028-05-25", "2028-06-05", "2028-07-14", "2028-08-15", "2028-11-01", "2028-11-11", "2028-12-25"},
		[]string{"2028-04-14", "2028-12-26"}},
	2029: {[]string{"2029-01-01", "2029-04-02", "2029-05-01", "2029-05-08", "2029-05-10", "2029-05-21", "2029-07-14", "2029-08-15", "2029-11-01", "2029-11-11", "2029-12-25"},
		[]string{"2029-03-30", "2029-12-26"}},
	2030: {[]string{"2030-01-01", "2030-04-22", "2030-05-01", "2030-05-08", "2030-05-30", "2030-06-10", "2030-07-14", "2030-08-15", "2030-11-01", "2030-11-11", "2030-12-25"},
		[]string{"2030-04-19", "2030-12-26"}},
}

func dates(t *testing.T, hs []holiday.Holiday) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, h := range hs {
		out[h.Date.String()] = h.Name
	}
	return out
}

func TestOfficialList(t *testing.T) {
	for year := 2026; year <= 2030; year++ {
		for _, tc := range []struct {
			dept  string
			extra bool
		}{{"23", false}, {"2A", false}, {"75", false}, {"57", true}, {"67", true}, {"68", true}} {
			t.Run(fmt.Sprintf("%d/%s", year, tc.dept), func(t *testing.T) {
				want := append([]string(nil), official[year].national...)
				if tc.extra {
					want = append(want, official[year].alsace...)
				}
				got := dates(t, holiday.Of(year, tc.dept))
				if len(got) != len(want) {
					t.Errorf("%d holidays, want %d: %v", len(got), len(want), got)
				}
				for _, w := range want {
					if _, ok := got[w]; !ok {
						t.Errorf("missing %s", w)
					}
					d, _ := medibus.ParseDate(w)
					if _, ok := holiday.On(d, tc.dept); !ok {
						t.Errorf("On(%s, %s) is false", w, tc.dept)
					}
				}
			})
		}
	}
}

func TestOnNames(t *testing.T) {
	for _, tc := range []struct {
		date, dept, want string
		ok               bool
	}{
		{"2026-12-25", "23", "Noël", true},
		{"2027-01-01", "2B", "Jour de l'an", true},
		{"2026-12-26", "23", "", false},
		{"2026-12-26", "57", "Saint-Étienne", true},
		{"2026-04-03", "67", "Vendredi saint", true},
		{"2026-04-03", "69", "", false},
		{"2026-04-06", "69", "Lundi de Pâques", true},
		{"2026-05-14", "01", "Ascension", true},
		{"2026-05-25", "01", "Lundi de Pentecôte", true},
		{"2026-12-24", "23", "", false},
		{"2026-11-30", "23", "", false},
	} {
		d, _ := medibus.ParseDate(tc.date)
		got, ok := holiday.On(d, tc.dept)
		if got != tc.want || ok != tc.ok {
			t.Errorf("On(%s, %s) = %q, %v; want %q, %v", tc.date, tc.dept, got, ok, tc.want, tc.ok)
		}
	}
}

// TestEaster checks the algorithm on known Easter Sundays, including its extremes.
func TestEaster(t *testing.T) {
	for year, want := range map[int]string{1818: "1818-03-22", 1943: "1943-04-25", 2000: "2000-04-23", 2008: "2008-03-23",
		2024: "2024-03-31", 2025: "2025-04-20", 2026: "2026-04-05", 2038: "2038-04-25"} {
		if got := holiday.Easter(year).String(); got != want {
			t.Errorf("Easter(%d) = %s, want %s", year, got, want)
		}
	}
}

func TestCalendarClosures(t *testing.T) {
	day := func(s string) medibus.Date { d, _ := medibus.ParseDate(s); return d }
	cal := holiday.New([]medibus.Closure{
		{From: day("2026-12-01"), To: day("2026-12-02"), Department: "23", Reason: "neige"},
		{From: day("2026-12-03"), To: day("2026-12-03"), Site: "s-23176", Reason: "travaux place de la mairie"},
		{From: day("2026-12-04"), To: day("2026-12-04")},
	})
	for _, tc := range []struct {
		date, site, insee, want string
		ok                      bool
	}{
		{"2026-12-01", "s-23096", "23096", "fermeture : neige", true},
		{"2026-12-02", "s-19031", "19031", "", false},
		{"2026-12-03", "s-23176", "23176", "fermeture : travaux place de la mairie", true},
		{"2026-12-03", "s-23096", "23096", "", false},
		{"2026-12-04", "s-19031", "19031", "fermeture", true},
		{"2026-12-25", "s-23096", "23096", "Noël", true},
		{"2026-12-07", "s-23096", "23096", "", false},
	} {
		got, ok := cal.Closed(day(tc.date), tc.site, tc.insee)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Closed(%s, %s) = %q, %v; want %q, %v", tc.date, tc.site, got, ok, tc.want, tc.ok)
		}
	}
	var none *holiday.Calendar
	if r, ok := none.Closed(day("2027-01-01"), "x", "23096"); !ok || r != "Jour de l'an" {
		t.Errorf("a nil calendar still knows the public holidays: %q %v", r, ok)
	}
}

func ExampleOf() {
	for _, h := range holiday.Of(2027, "57")[:4] {
		fmt.Println(h.Date, h.Name)
	}
	// Output:
	// 2027-01-01 Jour de l'an
	// 2027-03-26 Vendredi saint
	// 2027-03-29 Lundi de Pâques
	// 2027-05-01 Fête du Travail
}
