package scenario

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/routing"
)

// TestLendBuses: on a hand-made map (×1.3, 60 km/h: a degree of latitude is 144.7
// min), department 03 has people in need and no bus: the bus of department 01, 43 min
// from them, serves it, then (with two to lend) the bus of 02, 87 min away; the bus of
// 09, 246 min away, never does. Department 06's commune in need is 100 min from bus-01
// (a site within the 90-min leg books it from 20 min) and beyond the others: bus-01
// alone serves it. Department 04 has nobody in need and department 05's people in
// need are beyond every bus's leg and catchment: neither is lent a bus. Lending to one
// bus leaves the area of the other bus of its region as it was.
func TestLendBuses(t *testing.T) {
	travel, err := routing.NewGreatCircle(routing.DefaultTravel)
	if err != nil {
		t.Fatal(err)
	}
	commune := func(insee, dept string, lat float64, pop int, inNeed bool) medibus.Commune {
		return medibus.Commune{INSEE: insee, Name: "C" + insee, Department: dept, Point: orb.Point{5, lat},
			Population: pop, AccessMin: 30, InNeed: inNeed}
	}
	for _, tc := range []struct {
		name  string
		lend  int
		areas map[string][]string
	}{
		{"the nearest bus", 1, map[string][]string{"bus-01": {"01", "02", "03", "06"}, "bus-02": {"01", "02"}, "bus-09": {"09"}}},
		{"the two nearest", 2, map[string][]string{"bus-01": {"01", "02", "03", "06"}, "bus-02": {"01", "02", "03"}, "bus-09": {"09"}}},
		{"none lent", 0, map[string][]string{"bus-01": {"01", "02"}, "bus-02": {"01", "02"}, "bus-09": {"09"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := Defaults()
			p.NeighbourBuses = tc.lend
			sc := &medibus.Scenario{Communes: []medibus.Commune{
				commune("03001", "03", 46.3, 4000, true), commune("03002", "03", 46.35, 3000, true),
				commune("04001", "04", 46.1, 5000, false),
				commune("05001", "05", 44.5, 6000, true),
				commune("06001", "06", 46.691, 2000, true),
			}}
			region := make([]string, 2, 4) // room to grow: the buses of a region share it
			copy(region, []string{"01", "02"})
			bases := []struct {
				id, dept string
				lat      float64
				area     []string
			}{{"bus-01", "01", 46.0, region}, {"bus-02", "02", 45.7, region}, {"bus-09", "09", 48.0, []string{"09"}}}
			var fleet []busPlace
			for i, b := range bases {
				sc.Units = append(sc.Units, medibus.Unit{ID: b.id, Area: b.area})
				fleet = append(fleet, busPlace{unit: i, dept: medibus.Department{Code: b.dept}, base: medibus.Commune{Point: orb.Point{5, b.lat}}})
			}
			deps := []medibus.Department{{Code: "01"}, {Code: "02"}, {Code: "03", Name: "Trois"}, {Code: "04"}, {Code: "05"}, {Code: "06", Name: "Six"}}
			if err := lendBuses(context.Background(), sc, fleet, deps, &p, travel); err != nil {
				t.Fatal(err)
			}
			for _, u := range sc.Units {
				if want := tc.areas[u.ID]; !slices.Equal(u.Area, want) {
					t.Errorf("%s serves %v, want %v", u.ID, u.Area, want)
				}
				for dept, why := range map[string]string{"03": "also serves Trois (7000 people in need, no bus of its own)", "06": "also serves Six (2000 people in need"} {
					if lent := slices.Contains(u.Area, dept); lent != strings.Contains(u.Why, why) {
						t.Errorf("%s: why %q does not say what it serves (%v)", u.ID, u.Why, u.Area)
					}
				}
			}
		})
	}
}
