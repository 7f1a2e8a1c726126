package scenario

import (
	"strings"
	"testing"
	"time"

	"medibus"
)

func TestParseHalfDays(t *testing.T) {
	mon, tue, thu := time.Monday, time.Tuesday, time.Thursday
	none := medibus.HalfDays(0)
	for _, tc := range []struct {
		in   string
		want medibus.HalfDays
		err  string
	}{
		{in: "Mon Tue-AM Thu-PM", want: none.With(mon, medibus.AM).With(mon, medibus.PM).With(tue, medibus.AM).With(thu, medibus.PM)},
		{in: "lundi, mardi matin, jeudi après-midi", want: none.With(mon, medibus.AM).With(mon, medibus.PM).With(tue, medibus.AM).With(thu, medibus.PM)},
		{in: "LUNDI; Mardi Matin; JEUDI APRES MIDI", want: none.With(mon, medibus.AM).With(mon, medibus.PM).With(tue, medibus.AM).With(thu, medibus.PM)},
		{in: "mardi-après-midi", want: none.With(tue, medibus.PM)},
		{in: "Mon..Fri", want: medibus.WeekdaysAll},
		{in: "lundi..vendredi", want: medibus.WeekdaysAll},
		{in: "du lundi au vendredi", want: medibus.WeekdaysAll},
		{in: "lun. et mar.", want: none.With(mon, medibus.AM).With(mon, medibus.PM).With(tue, medibus.AM).With(tue, medibus.PM)},
		{in: "aucun", want: none},
		{in: "", want: none},
		{in: "Lundy", err: `unknown day "lundy"`},
		{in: "lundi..vendrdi", err: "bad range"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := parseHalfDays(tc.in)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("parseHalfDays(%q) = %v, %v, want an error with %q", tc.in, got, err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("parseHalfDays(%q) = %v, %v, want %v", tc.in, got, err, tc.want)
			}
			// French back, read again, gives the same.
			if again, err := parseHalfDays(frenchHalfDays(got)); err != nil || again != got {
				t.Errorf("frenchHalfDays(%v) = %q reads as %v, %v", got, frenchHalfDays(got), again, err)
			}
		})
	}
}

func TestParseHalfDateClock(t *testing.T) {
	for _, tc := range []struct {
		in   string
		half medibus.Half
		ok   bool
	}{{"AM", medibus.AM, true}, {"matin", medibus.AM, true}, {"Après-midi", medibus.PM, true}, {"apres midi", medibus.PM, true}, {"soir", 0, false}} {
		h, err := parseHalf(tc.in)
		if (err == nil) != tc.ok || (tc.ok && h != tc.half) {
			t.Errorf("parseHalf(%q) = %v, %v", tc.in, h, err)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"2026-11-23", "2026-11-23"}, {"23/11/2026", "2026-11-23"}, {"3.1.2027", "2027-01-03"}, {"23-11-2026", "2026-11-23"},
		{"31/02/2026", ""}, {"11/23/2026", ""}, {"2026/11/23", ""}, {"demain", ""},
	} {
		d, err := parseDate(tc.in)
		if tc.want == "" {
			if err == nil {
				t.Errorf("parseDate(%q) = %v, want an error", tc.in, d)
			}
			continue
		}
		if err != nil || d.String() != tc.want {
			t.Errorf("parseDate(%q) = %v, %v, want %s", tc.in, d, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, want string }{
		{"09:00", "09:00"}, {"9:30", "09:30"}, {"09:00:00", "09:00"}, {"9h", "09:00"}, {"13h30", "13:30"}, {"13 h 30", "13:30"},
		{"24:00", ""}, {"9", ""}, {"09:00:30", ""}, {"neuf heures", ""},
	} {
		c, err := parseClock(tc.in)
		if tc.want == "" {
			if err == nil {
				t.Errorf("parseClock(%q) = %v, want an error", tc.in, c)
			}
			continue
		}
		if err != nil || c.String() != tc.want {
			t.Errorf("parseClock(%q) = %v, %v, want %s", tc.in, c, err, tc.want)
		}
	}
}

// FuzzForms: no text makes a parser panic; what parses writes back (in English or
// French) as text that parses to the same value.
func FuzzForms(f *testing.F) {
	for _, s := range []string{"Mon Tue-AM", "lundi..vendredi", "du lundi au vendredi", "mardi après-midi", "23/11/2026", "9h30", "09:00:00", "Lun.", "..", "au"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if h, err := parseHalfDays(s); err == nil {
			for _, w := range []string{h.String(), frenchHalfDays(h)} {
				if again, err := parseHalfDays(w); err != nil || again != h {
					t.Fatalf("%q reads as %v, written %q reads as %v, %v", s, h, w, again, err)
				}
			}
		}
		if d, err := parseDate(s); err == nil {
			if again, err := parseDate(d.String()); err != nil || again != d {
				t.Fatalf("%q reads as %v, written reads as %v, %v", s, d, again, err)
			}
		}
		if c, err := parseClock(s); err == nil {
			if again, err := parseClock(c.String()); err != nil || again != c {
				t.Fatalf("%q reads as %v, written reads as %v, %v", s, c, again, err)
			}
		}
		_, _ = parseHalf(s)
	})
}
