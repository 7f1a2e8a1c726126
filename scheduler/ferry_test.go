package scheduler_test

import (
	"context"
	"testing"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/routing"
	"medibus/routing/coast"
	"medibus/scheduler"
	"medibus/validate"
)

// TestFerrySessions: on a hand-made coast, the island without a bridge is served only
// over the declared car ferry, each session there naming it and its leg counting the
// crossing; without the ferry, no session is on the island. The validator, on the same
// land model, finds every plan valid.
func TestFerrySessions(t *testing.T) {
	r := coast.NewRaster(coast.Frame{Lon0: 1.9, Lat0: 45.85, DLon: 0.01, DLat: 0.01, Cols: 60, Rows: 30})
	for y := range 30 {
		for x := range 60 {
			r.SetLand(x, y, x < 30 || x >= 40) // the mainland to 2.2° E, an island from 2.3° E
		}
	}
	land, err := routing.NewGreatCircleOnLand(routing.DefaultTravel, coast.New(r, nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		carries bool
	}{{"car ferry", true}, {"foot ferry only", false}} {
		t.Run(tc.name, func(t *testing.T) {
			sc := ferryScenario(t, tc.carries)
			pl, err := scheduler.Greedy{}.Plan(context.Background(), sc, scheduler.Options{Travel: land, Start: monday, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			vs, err := validate.Check(context.Background(), sc, pl, land)
			if err != nil || len(vs) > 0 {
				t.Fatalf("validate: %v %v", err, vs)
			}
			island := 0
			where := map[medibus.SlotKey]bool{} // on the island, by bus and half-day
			for _, s := range pl.Sessions {
				where[s.Key()] = s.Site == "s99002"
			}
			for _, s := range pl.Sessions {
				on := where[s.Key()]
				if on {
					island++
				}
				// The previous stop: the morning's site for an afternoon, else the depot.
				before := s.Half == medibus.PM && where[medibus.SlotKey{Unit: s.Unit, Date: s.Date, Half: medibus.AM}]
				if crossed := on != before; crossed != (s.Ferry == "bac") || crossed && s.DriveMinFromPrevious < 20 {
					t.Errorf("%s %s at %s: ferry %q in %d min; crossing %v (20 min on the water)", s.Date, s.Half, s.Site, s.Ferry, s.DriveMinFromPrevious, crossed)
				}
			}
			if tc.carries && island == 0 {
				t.Error("no session on the island with a car ferry")
			}
			if !tc.carries && island > 0 {
				t.Errorf("%d sessions on the island with no ferry for the bus", island)
			}
		})
	}
}

func ferryScenario(t *testing.T, carries bool) *medibus.Scenario {
	days := halfDaysOf(t, "Mon Tue")
	sc := &medibus.Scenario{
		Name: "ferry",
		Rules: medibus.Rules{CycleWeeks: 1, Days: days,
			Windows:  [2]medibus.Window{{Start: 540, End: 750}, {Start: 810, End: 1020}},
			SetupMin: 30, SetupAloneMin: 45, BreakMin: 30, MinSessionMin: 120, CatchmentMin: 20, RhythmWeeks: 1, TimeZone: "Europe/Paris"},
		Depots:   []medibus.Depot{{ID: "d1", Point: orb.Point{2.0, 46.0}}},
		Units:    []medibus.Unit{{ID: "u1", Depot: "d1", Days: days, ShiftStart: 420, ShiftEnd: 1140, MaxDriveMin: 240}},
		Services: []medibus.Service{{ID: "gp", Roles: []string{"gp"}, ConsultMin: 20}},
		Staff:    []medibus.StaffMember{member("g1", "gp", "Mon Tue", t, "u1")},
		Ferries: []medibus.Ferry{{Name: "bac", From: "99003", To: "99004", FromPoint: orb.Point{2.195, 46.0}, ToPoint: orb.Point{2.305, 46.0},
			CrossingMin: 20, CarriesBus: carries, Days: days}},
	}
	for i, pt := range []orb.Point{{2.1, 46.0}, {2.4, 46.0}} {
		insee := []string{"99001", "99002"}[i]
		need := []float64{20, 400}[i]
		sc.Communes = append(sc.Communes, medibus.Commune{INSEE: insee, Name: "C" + insee, Point: pt, Population: 3000, AccessMin: 30, InNeed: true})
		sc.Sites = append(sc.Sites, medibus.Site{ID: "s" + insee, INSEE: insee, Point: pt, Allowed: days})
		sc.Demand = append(sc.Demand, medibus.Demand{INSEE: insee, Service: "gp", Need: need})
	}
	return sc
}
