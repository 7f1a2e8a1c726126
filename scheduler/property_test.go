package scheduler_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/scheduler"
)

// randomScenario draws a small scenario with everything the rules can restrict: units
// with their own days, shifts, drive limits, equipment and absences; staff with partial
// availability, caps, unit lists and absences; sites with allowed half-days; services
// needing one or two roles and equipment; rules with random windows and set-up.
func randomScenario(r *rand.Rand) *medibus.Scenario {
	pick := func(xs ...int) int { return xs[r.IntN(len(xs))] }
	halfDays := func(p float64) medibus.HalfDays {
		var h medibus.HalfDays
		for d := 1; d <= 6; d++ { // Monday to Saturday
			for _, half := range []medibus.Half{medibus.AM, medibus.PM} {
				if r.Float64() < p {
					h = h.With(time.Weekday(d), half)
				}
			}
		}
		return h
	}
	amStart := medibus.Clock(pick(480, 510, 540))
	pmStart := medibus.Clock(pick(780, 810, 840))
	sc := &medibus.Scenario{
		Name: "random",
		Rules: medibus.Rules{
			CycleWeeks: 1 + r.IntN(3), Days: halfDays(0.85),
			Windows: [2]medibus.Window{
				{Start: amStart, End: amStart + medibus.Clock(pick(150, 210, 240))},
				{Start: pmStart, End: pmStart + medibus.Clock(pick(150, 210, 240))},
			},
			SetupMin: pick(0, 15, 30), BreakMin: pick(0, 30, 45), MinSessionMin: pick(60, 90, 120),
			CatchmentMin: pick(10, 20, 30), RhythmWeeks: 1 + r.IntN(2),
			TimeZone: "Europe/Paris",
		},
	}
	centre := orb.Point{1 + 4*r.Float64(), 44 + 4*r.Float64()}
	near := func(spread float64) orb.Point {
		return orb.Point{centre[0] + spread*(r.Float64()-0.5), centre[1] + spread*0.7*(r.Float64()-0.5)}
	}
	equipment := []string{"chair", "kit"}
	sc.Services = []medibus.Service{{ID: "gp", Roles: []string{"gp"}, ConsultMin: pick(15, 20), RatePerYear: 2}}
	if r.IntN(2) == 0 {
		sc.Services = append(sc.Services, medibus.Service{ID: "gyn", Roles: []string{"midwife"},
			Equipment: []string{"chair"}, ConsultMin: 30, RatePerYear: 0.3})
	}
	if r.IntN(2) == 0 {
		sc.Services = append(sc.Services, medibus.Service{ID: "duo", Roles: []string{"gp", "nurse"},
			Equipment: []string{"kit"}, ConsultMin: 25, RatePerYear: 0.2})
	}
	nUnits := 1 + r.IntN(3)
	start := monday
	for u := range nUnits {
		did, uid := fmt.Sprintf("d%d", u), fmt.Sprintf("u%d", u)
		sc.Depots = append(sc.Depots, medibus.Depot{ID: did, Name: did, Point: near(0.8)})
		var eq []string
		for _, e := range equipment {
			if r.IntN(2) == 0 {
				eq = append(eq, e)
			}
		}
		unit := medibus.Unit{ID: uid, Name: uid, Depot: did, Equipment: eq, Days: halfDays(0.8),
			ShiftStart: medibus.Clock(pick(360, 420, 480)), ShiftEnd: medibus.Clock(pick(1050, 1110, 1140)),
			MaxDriveMin: pick(60, 120, 240)}
		if r.IntN(3) == 0 {
			from := start.AddDays(r.IntN(7 * sc.Rules.CycleWeeks))
			unit.Unavailable = []medibus.DateRange{{From: from, To: from.AddDays(r.IntN(5))}}
		}
		sc.Units = append(sc.Units, unit)
	}
	for i, role := range []string{"gp", "gp", "gp", "midwife", "nurse", "nurse"} {
		m := medibus.StaffMember{ID: fmt.Sprintf("%s%d", role, i), Role: role, Availability: halfDays(0.5),
			MaxSessionsPerWeek: pick(0, 2, 4, 8)}
		for _, u := range sc.Units {
			if r.IntN(3) > 0 {
				m.Units = append(m.Units, u.ID)
			}
		}
		if r.IntN(4) == 0 {
			from := start.AddDays(r.IntN(7 * sc.Rules.CycleWeeks))
			m.Unavailable = []medibus.DateRange{{From: from, To: from.AddDays(r.IntN(7))}}
		}
		sc.Staff = append(sc.Staff, m)
	}
	nCommunes := 5 + r.IntN(25)
	for c := range nCommunes {
		insee := fmt.Sprintf("99%03d", c)
		pt := near(1.2)
		pop := 100 + r.IntN(3000)
		sc.Communes = append(sc.Communes, medibus.Commune{INSEE: insee, Name: "C" + insee, Point: pt,
			Population: pop, AccessMin: 30 * r.Float64()})
		if r.IntN(2) == 0 {
			sc.Sites = append(sc.Sites, medibus.Site{ID: "s" + insee, INSEE: insee, Name: "Site " + insee,
				Point: pt, Allowed: halfDays(0.7)})
		}
		for _, svc := range sc.Services {
			if r.IntN(4) > 0 {
				sc.Demand = append(sc.Demand, medibus.Demand{INSEE: insee, Service: svc.ID,
					Need: float64(pop) * svc.RatePerYear * r.Float64() / 20, Source: "derived"})
			}
		}
	}
	return sc
}

// TestRandomScenariosGiveValidPlans is the engine's property test: whatever the
// scenario, every plan returned passes the independent validator, and the same seed
// gives the same plan.
func TestRandomScenariosGiveValidPlans(t *testing.T) {
	n := 150
	if testing.Short() {
		n = 30
	}
	planned := 0
	for seed := range uint64(n) {
		r := rand.New(rand.NewPCG(seed, 99))
		sc := randomScenario(r)
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			opts := scheduler.Options{Travel: gcTravel, Start: monday, Seed: int64(seed)}
			pl, err := scheduler.Greedy{}.Plan(context.Background(), sc, opts)
			if err != nil {
				t.Fatalf("plan: %v", err)
			}
			mustBeValid(t, sc, pl)
			if len(pl.Sessions) > 0 {
				planned++
			}
			// Pin one of its sessions, plan again: the pin must hold and all stay valid.
			if len(pl.Sessions) > 0 {
				pin := pl.Sessions[r.IntN(len(pl.Sessions))]
				pin.Pinned = true
				pin.Staff = slices.Clone(pin.Staff)
				pinned := *sc
				pinned.Pins = []medibus.Session{pin}
				again, err := scheduler.Greedy{}.Plan(context.Background(), &pinned, opts)
				if err != nil {
					t.Fatalf("plan with pin %+v: %v", pin, err)
				}
				mustBeValid(t, &pinned, again)
			}
		})
	}
	// Random scenarios that can never be planned would make the property vacuous.
	if planned < n*2/3 {
		t.Fatalf("only %d of %d random scenarios got any session", planned, n)
	}
	t.Logf("%d of %d random scenarios got sessions", planned, n)
}
