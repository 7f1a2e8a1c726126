package spatial_test

import (
	"math"
	"math/rand/v2"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"

	"medibus/spatial"
)

func randomPoints(n int, seed uint64) []orb.Point {
	r := rand.New(rand.NewPCG(seed, 1))
	pts := make([]orb.Point, n)
	for i := range pts {
		pts[i] = orb.Point{-5 + 13*r.Float64(), 42 + 9*r.Float64()}
	}
	return pts
}

// TestWithinMatchesBruteForce compares the grid with a scan of every point.
func TestWithinMatchesBruteForce(t *testing.T) {
	pts := randomPoints(3000, 7)
	for _, tc := range []struct {
		name   string
		cellKm float64
		km     float64
	}{
		{"small cells small radius", 5, 8},
		{"small cells large radius", 5, 60},
		{"large cells small radius", 40, 3},
		{"radius wider than France", 10, 2000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := spatial.NewGrid(pts, tc.cellKm)
			for q := 0; q < 50; q++ {
				p := pts[q*37]
				var want []int
				for i, o := range pts {
					if geo.DistanceHaversine(p, o) <= tc.km*1000 {
						want = append(want, i)
					}
				}
				got := g.Within(p, tc.km)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("query %d: got %d points, want %d", q, len(got), len(want))
				}
			}
		})
	}
}

// TestWithinHugeRadiusIsBounded: a query scans only the cells that hold points, so a
// radius of thousands of km costs no more than one over all France (a catchment of
// 100,000 minutes once scanned billions of empty cells for a quarter of an hour).
func TestWithinHugeRadiusIsBounded(t *testing.T) {
	pts := randomPoints(2000, 3)
	g := spatial.NewGrid(pts, 10)
	began := time.Now()
	for _, km := range []float64{5e4, 1e7, math.Inf(1)} {
		if got := g.Within(pts[0], km); len(got) != len(pts) {
			t.Errorf("radius %v km: %d points, want all %d", km, len(got), len(pts))
		}
	}
	if d := time.Since(began); d > 2*time.Second {
		t.Fatalf("three queries took %s", d)
	}
}

func TestNearest(t *testing.T) {
	pts := randomPoints(2000, 3)
	g := spatial.NewGrid(pts, 10)
	even := func(i int) bool { return i%2 == 0 }
	for q := 1; q < 40; q++ {
		p := pts[q*31]
		type cand struct {
			i int
			d float64
		}
		var cs []cand
		for i, o := range pts {
			if even(i) {
				cs = append(cs, cand{i, geo.DistanceHaversine(p, o)})
			}
		}
		sort.Slice(cs, func(a, b int) bool { return cs[a].d < cs[b].d })
		got, km := g.Nearest(p, 2000, even)
		if got != cs[0].i {
			t.Fatalf("query %d: nearest %d (%.2f km), want %d (%.2f km)", q, got, km, cs[0].i, cs[0].d/1000)
		}
	}
	if i, _ := g.Nearest(orb.Point{100, 0}, 50, nil); i != -1 {
		t.Fatalf("far query found %d, want -1", i)
	}
}
