package scheduler_test

import (
	"context"
	"strings"
	"testing"

	"medibus"
	"medibus/holiday"
	"medibus/scheduler"
)

// TestHolidaysAndClosures plans Creuse over Christmas and New Year (2026-12-21 to
// 2027-01-03): no session falls on 25 December or 1 January, nor on a declared closure,
// the plan passes every rule (rule 20 among them), and a pin on a holiday is refused.
func TestHolidaysAndClosures(t *testing.T) {
	start, _ := medibus.ParseDate("2026-12-21")
	closed, _ := medibus.ParseDate("2026-12-22")
	tests := []struct {
		name     string
		closures []medibus.Closure
		off      []string
	}{
		{"public holidays", nil, []string{"2026-12-25", "2027-01-01"}},
		{"and a department closed for snow", []medibus.Closure{{From: closed, To: closed, Department: "23", Reason: "neige"}},
			[]string{"2026-12-22", "2026-12-25", "2027-01-01"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc := build(t, "creuse")
			sc.Closures = tc.closures
			pl, err := scheduler.Greedy{}.Plan(context.Background(), sc, scheduler.Options{Travel: gcTravel, Start: start, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			mustBeValid(t, sc, pl)
			byDate := map[string]int{}
			for _, s := range pl.Sessions {
				byDate[s.Date.String()]++
			}
			for _, d := range tc.off {
				if byDate[d] != 0 {
					t.Errorf("%d sessions on %s", byDate[d], d)
				}
			}
			if byDate["2026-12-24"] == 0 || byDate["2026-12-31"] == 0 {
				t.Errorf("no session on the working days around the holidays: %v", byDate)
			}
		})
	}
	t.Run("a rotation keeps the slots of its holidays", func(t *testing.T) {
		sc := build(t, "creuse")
		sc.Closures = tests[1].closures
		rot := sc.Rotation()
		pl, err := scheduler.Greedy{}.Plan(context.Background(), rot, scheduler.Options{Travel: gcTravel, Start: start, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		mustBeValid(t, rot, pl)
		byDate := map[string]int{}
		for _, s := range pl.Sessions {
			byDate[s.Date.String()]++
		}
		for _, d := range tests[1].off {
			if byDate[d] == 0 {
				t.Errorf("no session on %s: a rotation's slot stays, the calendar cancels that date only (%v)", d, byDate)
			}
		}
		if sc.Closures == nil || sc.Cyclic {
			t.Error("Rotation changed the scenario it was given")
		}
	})
	t.Run("a pin on Christmas is refused", func(t *testing.T) {
		sc := build(t, "creuse")
		ref := plan(t, sc) // from 2026-11-23
		pin := ref.Sessions[0]
		pin.Date = start.AddDays(4)
		if _, ok := holiday.On(pin.Date, "23"); !ok {
			t.Fatalf("%s is not a holiday", pin.Date)
		}
		sc.Pins = []medibus.Session{pin}
		_, err := scheduler.Greedy{}.Plan(context.Background(), sc, scheduler.Options{Travel: gcTravel, Start: start, Seed: 1})
		if err == nil || !strings.Contains(err.Error(), "closed that day") {
			t.Fatalf("err = %v, want the pin refused", err)
		}
	})
}
