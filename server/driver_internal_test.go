package server

import (
	"testing"

	"medibus"
)

// TestAdjacentWorkday: a driver's sheet leads to the bus's previous and next working
// days, over the weekend and the days off.
func TestAdjacentWorkday(t *testing.T) {
	day := func(s string) medibus.Date {
		d, err := medibus.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	days := func(s string) medibus.HalfDays {
		h, err := medibus.ParseHalfDays(s)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	for _, tc := range []struct {
		date, days string
		step       int
		want       string
	}{
		{"2026-12-07", "Mon..Fri", 1, "2026-12-08"},  // Monday → Tuesday
		{"2026-12-11", "Mon..Fri", 1, "2026-12-14"},  // Friday → Monday
		{"2026-12-14", "Mon..Fri", -1, "2026-12-11"}, // Monday → Friday
		{"2026-12-12", "Mon..Fri", -1, "2026-12-11"}, // a Saturday's sheet → Friday
		{"2026-12-08", "Tue-PM Thu-AM", 1, "2026-12-10"},
		{"2026-12-08", "Tue-PM Thu-AM", -1, "2026-12-03"},
		{"2026-12-08", "Tue", 1, "2026-12-15"}, // one day a week: the next week's
		{"2026-12-08", "none", 1, "2026-12-09"},
	} {
		if got := adjacentWorkday(day(tc.date), tc.step, days(tc.days)); got.String() != tc.want {
			t.Errorf("adjacentWorkday(%s, %d, %s) = %s, want %s", tc.date, tc.step, tc.days, got, tc.want)
		}
	}
}
