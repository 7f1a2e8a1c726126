package routing

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/paulmach/orb"

	"medibus"
)

var (
	paris  = orb.Point{2.3522, 48.8566}
	lyon   = orb.Point{4.8357, 45.7640}
	gueret = orb.Point{1.8717, 46.1714}
)

func TestGreatCircleLeg(t *testing.T) {
	tests := []struct {
		name   string
		p      medibus.TravelParams
		a, b   orb.Point
		km     float64 // expected road km
		min    float64 // expected minutes
		tolKm  float64
		tolMin float64
	}{
		// Paris–Lyon is 391.5 km as the crow flies.
		{"Paris-Lyon default", DefaultTravel, paris, lyon, 391.5 * 1.3, 391.5 * 1.3, 1.5, 1.5},
		{"same point", DefaultTravel, gueret, gueret, 0, 0, 1e-9, 1e-9},
		// 10 slow km at 30 km/h take 20 min; the other 509 km at 90 km/h 339.5 min.
		{"two speeds", medibus.TravelParams{Detour: 1.3, SlowKm: 10, SlowKmh: 30, FastKmh: 90}, paris, lyon,
			508.95, 20 + (508.95-10)/90*60, 1.5, 1.5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, err := NewGreatCircle(tc.p)
			if err != nil {
				t.Fatal(err)
			}
			l := g.Leg(tc.a, tc.b)
			if math.Abs(l.Km-tc.km) > tc.tolKm || math.Abs(l.Min-tc.min) > tc.tolMin {
				t.Fatalf("leg %.2f km %.2f min, want %.2f km %.2f min", l.Km, l.Min, tc.km, tc.min)
			}
			if back := g.Leg(tc.b, tc.a); math.Abs(back.Km-l.Km) > 1e-9 {
				t.Fatalf("not symmetric: %.6f vs %.6f km", l.Km, back.Km)
			}
		})
	}
}

func TestNewGreatCircleRejects(t *testing.T) {
	for _, p := range []medibus.TravelParams{
		{Detour: 0.9, SlowKmh: 60, FastKmh: 60},
		{Detour: 1.3, SlowKmh: 0, FastKmh: 60},
		{Detour: 1.3, SlowKmh: 60, FastKmh: -1},
		{Detour: 1.3, SlowKm: -2, SlowKmh: 60, FastKmh: 60},
	} {
		if _, err := NewGreatCircle(p); err == nil {
			t.Errorf("NewGreatCircle(%+v): want an error", p)
		}
	}
}

// ReachKm must be the inverse of Minutes along a straight line: a point at ReachKm(m)
// is driven in exactly m minutes, whatever side of the slow/fast boundary m falls.
func TestReachKmInvertsMinutes(t *testing.T) {
	g, err := NewGreatCircle(medibus.TravelParams{Detour: 1.25, SlowKm: 8, SlowKmh: 40, FastKmh: 80})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []float64{0, 5, 12, 12.0001, 20, 45, 240} {
		km := g.ReachKm(m)
		if got := g.Minutes(km * g.P.Detour); math.Abs(got-m) > 1e-9 {
			t.Errorf("Minutes(ReachKm(%g) × detour) = %g", m, got)
		}
	}
}

// counting is a provider that records how many legs it was asked for.
type counting struct {
	legs int
	fail bool
	gc   *GreatCircle
}

func (c *counting) Table(ctx context.Context, src, dst []orb.Point) ([][]Leg, error) {
	if c.fail {
		return nil, errors.New("down")
	}
	c.legs += len(src) * len(dst)
	return c.gc.Table(ctx, src, dst)
}

func TestCache(t *testing.T) {
	gc, _ := NewGreatCircle(DefaultTravel)
	next := &counting{gc: gc}
	c := NewCache(next)
	ctx := context.Background()
	first, err := c.Table(ctx, []orb.Point{paris, lyon}, []orb.Point{gueret, lyon})
	if err != nil {
		t.Fatal(err)
	}
	if next.legs != 4 || c.Len() != 4 {
		t.Fatalf("first table: provider gave %d legs, cache holds %d; want 4 and 4", next.legs, c.Len())
	}
	// Same pairs again, plus a new source: only the new row reaches the provider.
	second, err := c.Table(ctx, []orb.Point{gueret, paris, lyon}, []orb.Point{gueret, lyon})
	if err != nil {
		t.Fatal(err)
	}
	if next.legs != 6 {
		t.Fatalf("provider gave %d legs in all, want 6: cached rows were asked again", next.legs)
	}
	if second[1] == nil || second[1][0] != first[0][0] || second[2][1] != first[1][1] {
		t.Fatalf("cached legs differ: %v vs %v", second, first)
	}
	if second[0][0].Km != 0 || second[0][1] != gc.Leg(gueret, lyon) {
		t.Fatalf("new row %v", second[0])
	}
	next.fail = true
	if _, err := c.Table(ctx, []orb.Point{{0, 45}}, []orb.Point{paris}); err == nil {
		t.Fatal("provider error was swallowed")
	}
	if _, err := c.Table(ctx, []orb.Point{paris}, []orb.Point{lyon}); err != nil {
		t.Fatalf("fully cached table should not reach the failing provider: %v", err)
	}
}

func BenchmarkGreatCircleLeg(b *testing.B) {
	g, _ := NewGreatCircle(DefaultTravel)
	for b.Loop() {
		_ = g.Leg(paris, lyon)
	}
}
