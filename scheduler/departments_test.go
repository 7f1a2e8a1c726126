package scheduler_test

import (
	"testing"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/scheduler"
)

// floorScenario has one bus and one GP on Monday (two half-days), and two departments
// of 6,000 people in need or more: department 01's two communes 14 min north of the
// depot, within 20 min of each other, need 100 GP consultations each; department 02's
// one commune, 30 min east and out of their catchment, needs 30.
func floorScenario(t *testing.T) *medibus.Scenario {
	t.Helper()
	days := halfDaysOf(t, "Mon")
	sc := &medibus.Scenario{
		Name: "floor",
		Rules: medibus.Rules{CycleWeeks: 1, Days: days,
			Windows:  [2]medibus.Window{{Start: 540, End: 750}, {Start: 810, End: 1020}},
			SetupMin: 30, SetupAloneMin: 45, BreakMin: 30, MinSessionMin: 120, CatchmentMin: 20, RhythmWeeks: 1, TimeZone: "Europe/Paris"},
		Depots:   []medibus.Depot{{ID: "d1", Point: orb.Point{2.0, 46.0}}},
		Services: []medibus.Service{{ID: "gp", Roles: []string{"gp"}, ConsultMin: 20}},
		Units:    []medibus.Unit{{ID: "u1", Depot: "d1", Days: days, ShiftStart: 420, ShiftEnd: 1140, MaxDriveMin: 240}},
		Staff:    []medibus.StaffMember{member("g1", "gp", "Mon", t, "u1")},
	}
	for _, c := range []struct {
		insee, dept string
		pt          orb.Point
		need        float64
	}{
		{"01001", "01", orb.Point{2.0, 46.1}, 100},
		{"01002", "01", orb.Point{2.05, 46.1}, 100},
		{"02001", "02", orb.Point{2.3, 46.0}, 30},
	} {
		sc.Communes = append(sc.Communes, medibus.Commune{INSEE: c.insee, Name: "C" + c.insee, Department: c.dept,
			Point: c.pt, Population: 6000, AccessMin: 30, InNeed: true})
		sc.Sites = append(sc.Sites, medibus.Site{ID: "s" + c.insee, INSEE: c.insee, Point: c.pt, Allowed: days})
		sc.Demand = append(sc.Demand, medibus.Demand{INSEE: c.insee, Service: "gp", Need: c.need})
	}
	return sc
}

// TestDepartmentFloor: with reach worth next to nothing, a second session in
// department 01 (its communes' larger need still little served) is worth more care
// than department 02's first; the department floor (its first 40 consultations per
// 1,000 of its people in need a year, 4.6 over this week, worth one more each) sends
// the afternoon to department 02, whose people would otherwise get nothing.
func TestDepartmentFloor(t *testing.T) {
	for _, tc := range []struct {
		name   string
		floor  float64
		want02 bool
	}{
		{"without the floor, department 02 is left behind", 1e-9, false},
		{"with the floor, department 02 is served", 1, true},
	} {
		for _, engine := range []string{"greedy", "lns"} {
			t.Run(engine+": "+tc.name, func(t *testing.T) {
				sc := floorScenario(t)
				w := scheduler.DefaultWeights()
				w.Reach, w.Department = 1e-9, tc.floor
				pl := planWith(t, engine, sc, scheduler.Options{Travel: gcTravel, Start: monday, Seed: 1, Iterations: 50, Weights: w})
				if len(pl.Sessions) != 2 {
					t.Fatalf("%d sessions, want the two half-days", len(pl.Sessions))
				}
				got02 := false
				for _, s := range pl.Sessions {
					got02 = got02 || s.Booked["02001"] > 0
				}
				if got02 != tc.want02 {
					t.Errorf("department 02 served: %v, want %v (sessions at %s, %s)", got02, tc.want02, pl.Sessions[0].Site, pl.Sessions[1].Site)
				}
			})
		}
	}
}
