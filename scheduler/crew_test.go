package scheduler_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/scheduler"
)

// crewScenario is one bus and five sites 5 km apart, each commune needing 10
// consultations of a service that takes a GP and a nurse. GP g1 works Mondays only;
// GP g2 any day but at most twice a week; nurse n1 any day on this bus; nurse n2 only
// on another bus, which never runs. A week has room for ten sessions, but the GPs can
// staff only four: g1's two Monday half-days and g2's two.
func crewScenario(t *testing.T) *medibus.Scenario {
	t.Helper()
	wk := halfDaysOf(t, "Mon..Fri")
	sc := &medibus.Scenario{
		Name: "crew",
		Rules: medibus.Rules{CycleWeeks: 1, Days: wk,
			Windows:  [2]medibus.Window{{Start: 540, End: 750}, {Start: 810, End: 1020}},
			SetupMin: 30, BreakMin: 30, MinSessionMin: 120, CatchmentMin: 20, RhythmWeeks: 1, TimeZone: "Europe/Paris"},
		Depots: []medibus.Depot{{ID: "d1", Point: orb.Point{2.0, 46.0}}},
		Units: []medibus.Unit{
			{ID: "u1", Depot: "d1", Days: wk, ShiftStart: 420, ShiftEnd: 1140, MaxDriveMin: 240},
			{ID: "u2", Depot: "d1", Days: 0, ShiftStart: 420, ShiftEnd: 1140, MaxDriveMin: 240},
		},
		Staff: []medibus.StaffMember{
			{ID: "g1", Role: "gp", Availability: halfDaysOf(t, "Mon"), Units: []string{"u1"}},
			{ID: "g2", Role: "gp", Availability: wk, Units: []string{"u1"}, MaxSessionsPerWeek: 2},
			{ID: "n1", Role: "nurse", Availability: wk, Units: []string{"u1"}},
			{ID: "n2", Role: "nurse", Availability: wk, Units: []string{"u2"}},
		},
		Services: []medibus.Service{{ID: "duo", Roles: []string{"gp", "nurse"}, ConsultMin: 20}},
	}
	for i := range 5 {
		insee := fmt.Sprintf("9900%d", i+1)
		pt := orb.Point{2.0 + 0.065*float64(i), 46.05}
		sc.Communes = append(sc.Communes, medibus.Commune{INSEE: insee, Name: "C" + insee, Point: pt, Population: 500, AccessMin: 30, Region: "r1", Department: "99"})
		sc.Sites = append(sc.Sites, medibus.Site{ID: "s" + insee, INSEE: insee, Point: pt, Allowed: wk})
		sc.Demand = append(sc.Demand, medibus.Demand{INSEE: insee, Service: "duo", Need: 10})
	}
	return sc
}

func TestCrewAssignment(t *testing.T) {
	sc := crewScenario(t)
	for _, engine := range []string{"greedy", "lns"} {
		t.Run(engine, func(t *testing.T) {
			pl := planWith(t, engine, sc, scheduler.Options{Travel: gcTravel, Start: monday, Seed: 2, Iterations: 100})
			byGP := map[string][]medibus.Session{}
			for _, s := range pl.Sessions {
				if len(s.Staff) != 2 || !slices.Contains(s.Staff, "n1") {
					t.Errorf("session %s %s at %s has crew %v, want one GP and nurse n1", s.Date, s.Half, s.Site, s.Staff)
					continue
				}
				gp := s.Staff[0]
				if gp == "n1" {
					gp = s.Staff[1]
				}
				byGP[gp] = append(byGP[gp], s)
			}
			// Hand count: g1 on both Monday half-days, g2 on two half-days; nothing else.
			if len(pl.Sessions) != 4 || len(byGP["g1"]) != 2 || len(byGP["g2"]) != 2 {
				t.Fatalf("%d sessions, g1 %d, g2 %d: want 4, 2, 2", len(pl.Sessions), len(byGP["g1"]), len(byGP["g2"]))
			}
			for _, s := range byGP["g1"] {
				if s.Date != monday {
					t.Errorf("g1 works on %s, not a Monday", s.Date)
				}
			}
		})
	}
}

func TestCrewContinuity(t *testing.T) {
	// Two weeks, two GPs free all the time: each site must see the same GP in both
	// weeks (its session keeps its weekday and half-day, and its professional).
	sc := crewScenario(t)
	sc.Rules.CycleWeeks = 2
	sc.Staff[0].Availability = sc.Staff[1].Availability
	sc.Staff[1].MaxSessionsPerWeek = 0
	pl := planWith(t, "greedy", sc, scheduler.Options{Travel: gcTravel, Start: monday, Seed: 1})
	gps := map[string]map[string]bool{}
	weeks := map[string]map[int]bool{}
	for _, s := range pl.Sessions {
		if gps[s.Site] == nil {
			gps[s.Site], weeks[s.Site] = map[string]bool{}, map[int]bool{}
		}
		for _, m := range s.Staff {
			if m != "n1" {
				gps[s.Site][m] = true
			}
		}
		weeks[s.Site][int(s.Date-monday)/7] = true
	}
	both := 0
	for site, g := range gps {
		if len(g) != 1 {
			t.Errorf("site %s sees GPs %v", site, g)
		}
		if len(weeks[site]) == 2 {
			both++
		}
	}
	if both == 0 {
		t.Fatal("no site is visited in both weeks: continuity is not tested")
	}
}
