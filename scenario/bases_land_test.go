package scenario

import (
	"context"
	"testing"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/routing"
	"medibus/routing/coast"
)

// TestBasesOffIslands: in a department with an island without a bridge, the bus is
// based on the mainland (where most need lives) and its people in need and average
// drive count the communes a road reaches only: the island waits for a ferry.
func TestBasesOffIslands(t *testing.T) {
	r := coast.NewRaster(coast.Frame{Lon0: 0, Lat0: 45, DLon: 0.01, DLat: 0.01, Cols: 60, Rows: 30})
	for y := range 30 {
		for x := range 60 {
			// The mainland in columns 0–29, an island in columns 40–59.
			r.SetLand(x, y, x < 30 || x >= 40)
		}
	}
	land, err := routing.NewGreatCircleOnLand(routing.DefaultTravel, coast.New(r, nil))
	if err != nil {
		t.Fatal(err)
	}
	at := func(x int) orb.Point { return orb.Point{float64(x)*0.01 + 0.005, 45.15} }
	commune := func(insee string, x, pop int) medibus.Commune {
		return medibus.Commune{INSEE: insee, Name: insee, Department: "99", Point: at(x), Population: pop, InNeed: true, AccessMin: 30}
	}
	communes := []medibus.Commune{
		commune("99001", 42, 3000), commune("99002", 58, 2500), // the island
		commune("99003", 25, 2100), commune("99004", 2, 1900), commune("99005", 5, 1900), commune("99006", 8, 1900),
	}
	p := Defaults()
	p.BaseMinPopulation = 2000
	for _, k := range []int{1, 2} {
		places, err := baseDepartment(context.Background(), communes, medibus.Department{Code: "99", Name: "Test"}, k, &p, land)
		if err != nil {
			t.Fatal(err)
		}
		inNeed := 0
		for _, bp := range places {
			if bp.base.Point[0] > 0.3 {
				t.Errorf("k=%d: a bus based on the island, at %s", k, bp.base.INSEE)
			}
			if bp.avgMin > 120 {
				t.Errorf("k=%d: base %s: average drive %.0f min: an unreachable commune is counted", k, bp.base.INSEE, bp.avgMin)
			}
			inNeed += bp.inNeed
		}
		if inNeed != 7800 {
			t.Errorf("k=%d: the bases serve %d people in need, want the mainland's 7800", k, inNeed)
		}
	}
}
