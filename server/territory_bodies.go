package server

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"medibus"
)

// The territory editor's entities as the JSON API and the desk's forms give them: text
// where a person types, read here into the scenario's types with every problem said in
// French at its field (fieldProblem.Field is the body's JSON name, « unavailable.1.to »
// for a list's item), so that the form shows it where it was typed.

// proBody is a professional: PUT /api/scenarios/{id}/staff/{item}.
type proBody struct {
	Name string `json:"name"`
	Role string `json:"role" bound:"id"`
	// Availability lists the weekly half-days on board: « Mon Tue-AM Thu-PM ».
	Availability string `json:"availability"`
	// Units are the buses they may ride; empty with Organisation: every bus of it.
	Units        []string    `json:"units,omitempty" bound:"id"`
	Organisation string      `json:"organisation,omitempty" bound:"id"`
	MaxSessions  int         `json:"max_sessions_per_week"`
	Unavailable  []rangeBody `json:"unavailable,omitempty"`
	Intern       bool        `json:"intern,omitempty"`
	Supervisor   string      `json:"supervisor,omitempty" bound:"id"`
	Placement    *rangeBody  `json:"placement,omitempty"`
	MaxParallel  int         `json:"max_parallel,omitempty"`
}

// rangeBody is a range of dates, each YYYY-MM-DD; an empty To is the day From.
type rangeBody struct {
	From string `json:"from"`
	To   string `json:"to,omitempty"`
}

// busBody is a bus: PUT /api/scenarios/{id}/units/{item}.
type busBody struct {
	Name string `json:"name"`
	// Base is the INSEE code of the commune where the bus sleeps.
	Base         string      `json:"base" bound:"id"`
	Organisation string      `json:"organisation,omitempty" bound:"id"`
	Days         string      `json:"days"`
	ShiftStart   string      `json:"shift_start"`
	ShiftEnd     string      `json:"shift_end"`
	MaxDriveMin  int         `json:"max_drive_min"`
	Equipment    []string    `json:"equipment,omitempty" bound:"id"`
	Driver       string      `json:"driver,omitempty"`
	Unavailable  []rangeBody `json:"unavailable,omitempty"`
	// StaffJoin lets the professionals of its organisation ride a new bus.
	StaffJoin bool `json:"staff_join,omitempty"`
}

// siteBody is a place where the bus parks: PUT /api/scenarios/{id}/sites/{item}.
type siteBody struct {
	INSEE   string `json:"insee" bound:"id"`
	Name    string `json:"name,omitempty"`
	Allowed string `json:"allowed"`
	// PerWeek is how many regular half-days a week the site may host one service on
	// (0: one).
	PerWeek int `json:"per_week,omitempty"`
	// Lat and Lon place the site where the map was clicked; none: at its commune.
	Lat *float64 `json:"lat,omitempty"`
	Lon *float64 `json:"lon,omitempty"`
}

// orgBody is an organisation: PUT /api/scenarios/{id}/organisations/{item}.
type orgBody struct {
	Name    string `json:"name"`
	Kind    string `json:"kind" bound:"id"`
	Phone   string `json:"phone,omitempty"`
	Booking string `json:"booking,omitempty" bound:"text"`
	// Base is the INSEE code of its commune, if it has a base of its own.
	Base string `json:"base,omitempty" bound:"id"`
}

// serviceBody is a service: PUT /api/scenarios/{id}/services/{item}.
type serviceBody struct {
	Name           string   `json:"name"`
	Roles          []string `json:"roles" bound:"id"`
	Equipment      []string `json:"equipment,omitempty" bound:"id"`
	ConsultMin     int      `json:"consult_min"`
	RatePerYear    float64  `json:"rate_per_year"`
	Remote         []string `json:"remote,omitempty" bound:"id"`
	AssistantExtra int      `json:"assistant_extra,omitempty"`
}

// fieldProblem is what is wrong with one field, in French.
type fieldProblem struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// problems gathers the problems of one body.
type problems []fieldProblem

func (ps *problems) add(field, format string, args ...any) {
	*ps = append(*ps, fieldProblem{Field: field, Message: fmt.Sprintf(format, args...)})
}

// has reports whether field already has a problem: one message per field.
func (ps problems) has(field string) bool {
	return slices.ContainsFunc(ps, func(p fieldProblem) bool { return p.Field == field })
}

// text checks a text field: required or not, within max characters, no control
// character. what names it in the message (« le nom du bus »).
func (ps *problems) text(field, v, what, example string, required bool, max int) {
	switch n := utf8.RuneCountInString(v); {
	case required && strings.TrimSpace(v) == "":
		ps.add(field, "Écrivez %s (%s).", what, example)
	case n > max:
		ps.add(field, "%s compte %d caractères : au plus %d.", capital(what), n, max)
	case strings.ContainsFunc(v, unicode.IsControl):
		ps.add(field, "%s contient une tabulation ou un retour à la ligne : retirez-le.", capital(what))
	}
}

// capital writes s with its first letter in capitals.
func capital(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// idText says what is wrong with an id, or "": ids appear in URLs, files and logs.
func idText(id string) string {
	switch {
	case id == "":
		return "est vide"
	case utf8.RuneCountInString(id) > medibus.MaxIDLen:
		return fmt.Sprintf("dépasse %d caractères", medibus.MaxIDLen)
	case strings.IndexFunc(id, func(r rune) bool {
		return !(r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) || r == '-' || r == '_')
	}) >= 0:
		return "ne s'écrit pas en lettres sans accents, chiffres, « - » ou « _ »"
	}
	return ""
}

// ids checks a list of ids: each written as an id.
func (ps *problems) ids(field string, list []string, what string) {
	for _, v := range list {
		if p := idText(v); p != "" {
			ps.add(field, "%s « %s » %s : écrivez-le en lettres sans accents, chiffres, « - » ou « _ » (gyn_chair).", capital(what), v, p)
			return
		}
	}
}

// halfDays reads a field of half-days; an empty set is a problem when required.
func (ps *problems) halfDays(field, v, required string) medibus.HalfDays {
	h, err := medibus.ParseHalfDays(v)
	switch {
	case err != nil:
		ps.add(field, "Demi-journées « %s » illisibles : écrivez-les comme « Mon Tue-AM Thu-PM » (jours en anglais abrégés, AM le matin, PM l'après-midi).", v)
	case h == 0:
		ps.add(field, "%s", required)
	}
	return h
}

// intIn checks a whole number within [lo, hi].
func (ps *problems) intIn(field string, v, lo, hi int, what string) {
	if v < lo || v > hi {
		ps.add(field, "%s de %d : écrivez un nombre de %d à %d.", capital(what), v, lo, hi)
	}
}

// clock reads a time of day « 07:30 ».
func (ps *problems) clock(field, v, what string) medibus.Clock {
	c, err := medibus.ParseClock(v)
	if err != nil {
		ps.add(field, "%s « %s » : écrivez une heure comme 07:30.", capital(what), v)
	}
	return c
}

// dateRange reads a range of dates; field is the prefix of its two fields.
func (ps *problems) dateRange(field string, r rangeBody, what string) (medibus.DateRange, bool) {
	from, err := medibus.ParseDate(strings.TrimSpace(r.From))
	if err != nil {
		ps.add(field+".from", "Début %s « %s » : écrivez la date comme 2027-01-04, ou choisissez-la dans le calendrier.", what, r.From)
		return medibus.DateRange{}, false
	}
	to := from
	if strings.TrimSpace(r.To) != "" {
		if to, err = medibus.ParseDate(strings.TrimSpace(r.To)); err != nil {
			ps.add(field+".to", "Fin %s « %s » : écrivez la date comme 2027-01-08, ou laissez-la vide pour un seul jour.", what, r.To)
			return medibus.DateRange{}, false
		}
	}
	if to < from {
		ps.add(field+".to", "La fin %s (%s) précède son début (%s) : corrigez l'une des deux dates.", what, frDay(to), frDay(from))
		return medibus.DateRange{}, false
	}
	return medibus.DateRange{From: from, To: to}, true
}

// ranges reads a list of ranges (absences, days off the road); empty rows are skipped.
func (ps *problems) ranges(field string, rs []rangeBody, what string) []medibus.DateRange {
	var out []medibus.DateRange
	for i, r := range rs {
		if strings.TrimSpace(r.From) == "" && strings.TrimSpace(r.To) == "" {
			continue
		}
		if dr, ok := ps.dateRange(field+"."+strconv.Itoa(i), r, what); ok {
			out = append(out, dr)
		}
	}
	return out
}

// phoneChars are what a phone number is written with (the readers' rule).
const phoneChars = "+0123456789 .-()"

// isPhone reports whether v is written as a phone number.
func isPhone(v string) bool {
	return strings.Trim(v, phoneChars) == "" && strings.ContainsAny(v, "0123456789")
}
