package scheduler_test

import (
	"context"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/scheduler"
)

// TestSitePerWeek: one bus, two sites near its depot with much need, two weeks of
// ten half-days. A site that hosts the GP on one regular half-day a week gives the bus
// 2 sites × 2 weeks = 4 sessions and leaves it idle the rest of the time; allowed
// more regular half-days a week, the sites fill its week, each half-day coming back
// every week, and every plan passes the validator.
func TestSitePerWeek(t *testing.T) {
	for _, tc := range []struct {
		perWeek  int
		sessions int // exactly, over the two weeks
		patterns int // at most, per site
	}{
		{0, 4, 1},
		{1, 4, 1},
		{3, 12, 3},
		{5, 20, 5},
	} {
		sc := perWeekScenario(tc.perWeek)
		for _, engine := range []string{"greedy", "lns"} {
			pl, err := scheduler.Engines[engine]().Plan(context.Background(), sc, scheduler.Options{Travel: gcTravel, Start: monday, Seed: 1, Iterations: 200, TimeLimit: 20 * time.Second})
			if err != nil {
				t.Fatal(err)
			}
			mustBeValid(t, sc, pl)
			k, err := scheduler.KPIs(context.Background(), sc, pl, gcTravel)
			if err != nil {
				t.Fatal(err)
			}
			if k.FixedRhythmShare != 1 {
				t.Errorf("%s, per_week %d: fixed rhythm %.4f, want 1", engine, tc.perWeek, k.FixedRhythmShare)
			}
			if len(pl.Sessions) != tc.sessions {
				t.Errorf("%s, per_week %d: %d sessions, want %d", engine, tc.perWeek, len(pl.Sessions), tc.sessions)
			}
			pats := map[string]map[[2]int]int{}
			for _, s := range pl.Sessions {
				if pats[s.Site] == nil {
					pats[s.Site] = map[[2]int]int{}
				}
				pats[s.Site][[2]int{int(s.Date.Weekday()), int(s.Half)}]++
			}
			for site, ps := range pats {
				if len(ps) > tc.patterns {
					t.Errorf("%s, per_week %d: site %s holds %d regular half-days, at most %d", engine, tc.perWeek, site, len(ps), tc.patterns)
				}
				for p, n := range ps {
					if n != 2 {
						t.Errorf("%s, per_week %d: site %s holds weekday/half %v %d times in two weeks, want every week", engine, tc.perWeek, site, p, n)
					}
				}
			}
		}
	}
}

// perWeekScenario: a depot, sites A and B 29 and 44 minutes north, 2,000 people in
// need at each, one GP on board every half-day of a two-week cycle.
func perWeekScenario(perWeek int) *medibus.Scenario {
	days := medibus.WeekdaysAll
	return &medibus.Scenario{
		Name: "per-week",
		Rules: medibus.Rules{
			CycleWeeks: 2, Days: days,
			Windows:  [2]medibus.Window{{Start: 540, End: 750}, {Start: 810, End: 1020}},
			SetupMin: 30, BreakMin: 30, MinSessionMin: 120, CatchmentMin: 20, RhythmWeeks: 1, MaxLegMin: 90,
			TimeZone: "Europe/Paris",
		},
		Depots: []medibus.Depot{{ID: "d", Point: orb.Point{2, 46}}},
		Units:  []medibus.Unit{{ID: "u", Depot: "d", Days: days, ShiftStart: 420, ShiftEnd: 1140, MaxDriveMin: 240}},
		Sites: []medibus.Site{
			{ID: "A", INSEE: "00001", Point: orb.Point{2, 46.2}, Allowed: days, PerWeek: perWeek},
			{ID: "B", INSEE: "00002", Point: orb.Point{2, 46.3}, Allowed: days, PerWeek: perWeek},
		},
		Communes: []medibus.Commune{
			{INSEE: "00001", Point: orb.Point{2, 46.2}, Population: 2000, AccessMin: 40},
			{INSEE: "00002", Point: orb.Point{2, 46.3}, Population: 2000, AccessMin: 40},
		},
		Demand:   []medibus.Demand{{INSEE: "00001", Service: "gp", Need: 400}, {INSEE: "00002", Service: "gp", Need: 400}},
		Services: []medibus.Service{{ID: "gp", Roles: []string{"gp"}, ConsultMin: 20}},
		Staff:    []medibus.StaffMember{{ID: "g", Role: "gp", Availability: days, Units: []string{"u"}}},
	}
}
