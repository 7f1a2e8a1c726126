package scenario

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"medibus"
	"medibus/lang"
)

// The forms of values a person writes in a scenario file, in English as medibus
// writes them (Mon Tue-AM, AM, 2026-11-23, 09:00) or in French as a coordinator or a
// French spreadsheet does (lundi, mardi matin, après-midi, 23/11/2026, 9h30), case and
// accents aside. Each parser returns the domain value or a problem saying what to
// write, in English and French (lang).

// fold lowercases s and strips its accents: "Après-Midi" → "apres-midi".
func fold(s string) string {
	return strings.ToLower(strings.TrimSpace(stripAccents(s)))
}

// stripAccents removes the combining marks of s: "Côtes-d'Armor" → "Cotes-d'Armor".
func stripAccents(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	plain, _, err := transform.String(t, s)
	if err != nil {
		return s
	}
	return plain
}

// weekdayNames maps the folded names of the weekdays, English and French, full and
// short, to the day.
var weekdayNames = func() map[string]time.Weekday {
	m := map[string]time.Weekday{}
	for wd, names := range [7][]string{
		{"sun", "sunday", "dim", "dimanche"},
		{"mon", "monday", "lun", "lundi"},
		{"tue", "tuesday", "tues", "mar", "mardi"},
		{"wed", "wednesday", "mer", "mercredi"},
		{"thu", "thursday", "thur", "thurs", "jeu", "jeudi"},
		{"fri", "friday", "ven", "vendredi"},
		{"sat", "saturday", "sam", "samedi"},
	} {
		for _, n := range names {
			m[n] = time.Weekday(wd)
		}
	}
	return m
}()

// halfNames maps the folded names of the half-days to the half.
var halfNames = map[string]medibus.Half{
	"am": medibus.AM, "matin": medibus.AM, "morning": medibus.AM, "matinee": medibus.AM,
	"pm": medibus.PM, "apres-midi": medibus.PM, "apresmidi": medibus.PM, "afternoon": medibus.PM, "aprem": medibus.PM,
}

// FrenchWeekdays are the French names of the weekdays, Sunday first like time.Weekday.
var FrenchWeekdays = [7]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}

// halfDaysExample is what a half-days cell may hold, for messages.
var halfDaysExample = lang.New("Mon Tue-AM Thu-PM, Mon..Fri, or in French lundi, mardi matin, jeudi après-midi, lundi..vendredi")

var (
	halfSpaced = regexp.MustCompile(`apres[ -]midi`)
	halfDashed = regexp.MustCompile(`-(am|pm|matin|apres-midi)\b`)
)

// parseHalfDays reads the half-days of the week: tokens separated by spaces, commas,
// semicolons or « et », each a weekday (Mon, lundi, lun.) for both halves, a weekday
// and a half (Mon-AM, lundi matin, mardi après-midi), a range of whole days (Mon..Fri,
// lundi..vendredi, du lundi au vendredi), or none (aucun).
func parseHalfDays(s string) (medibus.HalfDays, error) {
	f := halfSpaced.ReplaceAllString(fold(s), "apres-midi")
	f = halfDashed.ReplaceAllString(f, " $1")
	toks := strings.FieldsFunc(f, func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == ';' || r == '/' || r == '+' })
	var h medibus.HalfDays
	for i := 0; i < len(toks); i++ {
		tok := strings.TrimSuffix(toks[i], ".")
		switch tok {
		case "none", "aucun", "aucune", "et", "and", "du", "le", "les":
			continue
		}
		if a, b, ok := strings.Cut(tok, ".."); ok {
			if err := addRange(&h, s, a, b); err != nil {
				return 0, err
			}
			continue
		}
		wd, ok := weekdayNames[tok]
		if !ok {
			return 0, lang.Errorf("half-days %q: unknown day %q: write %s", s, toks[i], halfDaysExample)
		}
		if i+2 < len(toks) && (toks[i+1] == "au" || toks[i+1] == "a" || toks[i+1] == "to") {
			if err := addRange(&h, s, tok, toks[i+2]); err != nil {
				return 0, err
			}
			i += 2
			continue
		}
		if i+1 < len(toks) {
			if half, ok := halfNames[toks[i+1]]; ok {
				h = h.With(wd, half)
				i++
				continue
			}
		}
		h = h.With(wd, medibus.AM).With(wd, medibus.PM)
	}
	return h, nil
}

// addRange adds the whole days from a to b (round the week) to h.
func addRange(h *medibus.HalfDays, s, a, b string) error {
	wa, oka := weekdayNames[strings.TrimSuffix(a, ".")]
	wb, okb := weekdayNames[strings.TrimSuffix(b, ".")]
	if !oka || !okb {
		return lang.Errorf("half-days %q: bad range %q: write for example Mon..Fri or lundi..vendredi", s, a+".."+b)
	}
	for wd := wa; ; wd = (wd + 1) % 7 {
		*h = h.With(wd, medibus.AM).With(wd, medibus.PM)
		if wd == wb {
			return nil
		}
	}
}

// frenchHalfDays writes h in French: "lundi..vendredi" for Monday to Friday, else
// "lundi, mardi matin, jeudi après-midi"; "aucun" for none.
func frenchHalfDays(h medibus.HalfDays) string {
	if h == medibus.WeekdaysAll {
		return "lundi..vendredi"
	}
	var parts []string
	for _, wd := range []time.Weekday{1, 2, 3, 4, 5, 6, 0} {
		am, pm := h.Has(wd, medibus.AM), h.Has(wd, medibus.PM)
		switch {
		case am && pm:
			parts = append(parts, FrenchWeekdays[wd])
		case am:
			parts = append(parts, FrenchWeekdays[wd]+" matin")
		case pm:
			parts = append(parts, FrenchWeekdays[wd]+" après-midi")
		}
	}
	if len(parts) == 0 {
		return "aucun"
	}
	return strings.Join(parts, ", ")
}

// parseHalf reads a half-day: AM or PM, matin or après-midi.
func parseHalf(s string) (medibus.Half, error) {
	if h, ok := halfNames[halfSpaced.ReplaceAllString(fold(s), "apres-midi")]; ok {
		return h, nil
	}
	return 0, lang.Errorf("half-day %q: write AM or PM (matin or après-midi)", s)
}

// frenchHalf writes a half-day in French.
func frenchHalf(h medibus.Half) string {
	if h == medibus.PM {
		return "après-midi"
	}
	return "matin"
}

var (
	slashDate = regexp.MustCompile(`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$`)
	isoDate   = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)
)

// parseDate reads a date: ISO 2026-11-23, or day first as a French spreadsheet writes
// it, 23/11/2026 (or 23.11.2026, 23-11-2026).
func parseDate(s string) (medibus.Date, error) {
	s = strings.TrimSpace(s)
	var y, m, d int
	if g := isoDate.FindStringSubmatch(s); g != nil {
		y, m, d = atoi(g[1]), atoi(g[2]), atoi(g[3])
	} else if g := slashDate.FindStringSubmatch(s); g != nil {
		d, m, y = atoi(g[1]), atoi(g[2]), atoi(g[3])
	} else {
		return 0, lang.Errorf("date %q: write YYYY-MM-DD or DD/MM/YYYY, for example 2026-11-23 or 23/11/2026", s)
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return 0, lang.Errorf("date %q: no such day: write YYYY-MM-DD or DD/MM/YYYY, for example 2026-11-23 or 23/11/2026", s)
	}
	return medibus.DateOf(t), nil
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// parseDateRange reads FROM..TO or one date, each as parseDate reads it.
func parseDateRange(s string) (medibus.DateRange, error) {
	a, b, isRange := strings.Cut(s, "..")
	from, err := parseDate(a)
	if err != nil {
		return medibus.DateRange{}, err
	}
	to := from
	if isRange {
		if to, err = parseDate(b); err != nil {
			return medibus.DateRange{}, err
		}
	}
	if to < from {
		return medibus.DateRange{}, lang.Errorf("date range %q ends before it starts: write the earlier date first", s)
	}
	return medibus.DateRange{From: from, To: to}, nil
}

var clockForm = regexp.MustCompile(`^(\d{1,2})\s*[:hH]\s*(\d{2})?(?::(\d{2}))?$`)

// parseClock reads a time of day: 09:00, 9:00, 09:00:00 (a spreadsheet's), or 9h, 9h30.
func parseClock(s string) (medibus.Clock, error) {
	g := clockForm.FindStringSubmatch(strings.TrimSpace(s))
	if g == nil || (g[2] == "" && !strings.ContainsAny(s, "hH")) {
		return 0, lang.Errorf("time %q: write HH:MM, for example 09:00 (or 9h00)", s)
	}
	h, m := atoi(g[1]), atoi(g[2])
	if h > 23 || m > 59 || (g[3] != "" && g[3] != "00") {
		return 0, lang.Errorf("time %q: write HH:MM between 00:00 and 23:59", s)
	}
	return medibus.ParseClock(fmt.Sprintf("%02d:%02d", h, m))
}
