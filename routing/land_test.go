package routing

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"medibus/routing/coast"
	"medibus/spatial"
)

// handCoast is a hand-made coast on cells of 0.01° from (0, 45): the mainland fills
// columns 0–19 but for a bay (columns 10–19, rows 10–14) open to the sea; an island
// without a link at columns 24–27, rows 2–5; an island joined by a bridge along row 22
// at columns 24–27, rows 20–24.
func handCoast(t *testing.T) *GreatCircle {
	t.Helper()
	r := coast.NewRaster(coast.Frame{Lon0: 0, Lat0: 45, DLon: 0.01, DLat: 0.01, Cols: 30, Rows: 30})
	fill := func(x0, x1, y0, y1 int, land bool) {
		for y := y0; y <= y1; y++ {
			for x := x0; x <= x1; x++ {
				r.SetLand(x, y, land)
			}
		}
	}
	fill(0, 19, 0, 29, true)
	fill(10, 19, 10, 14, false)
	fill(24, 27, 2, 5, true)
	fill(24, 27, 20, 24, true)
	bridge := coast.Link{Name: "bridge", Kind: "bridge", A: [2]float64(cell(18, 22)), B: [2]float64(cell(25, 22))}
	g, err := NewGreatCircleOnLand(DefaultTravel, coast.New(r, []coast.Link{bridge}))
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// cell is the centre of cell (x, y) of handCoast's frame.
func cell(x, y int) orb.Point {
	return orb.Point{(float64(x) + 0.5) * 0.01, 45 + (float64(y)+0.5)*0.01}
}

func TestGreatCircleOnLandLegs(t *testing.T) {
	g := handCoast(t)
	plain, _ := NewGreatCircle(DefaultTravel)
	tests := []struct {
		name      string
		a, b      orb.Point
		reachable bool
		longer    bool // than the straight leg
	}{
		{"inland: the straight leg", cell(2, 2), cell(8, 20), true, false},
		{"across the bay: round it", cell(15, 8), cell(15, 17), true, true},
		{"to the island without a link", cell(18, 4), cell(25, 4), false, false},
		{"along the bridge", cell(18, 22), cell(25, 22), true, false},
		{"to the bridged island, round to the bridge", cell(18, 27), cell(26, 24), true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			leg, back := g.Leg(tt.a, tt.b), g.Leg(tt.b, tt.a)
			if leg != back {
				t.Errorf("leg %+v, back %+v: want the same both ways", leg, back)
			}
			if leg.Reachable() != tt.reachable {
				t.Fatalf("reachable = %v (%+v), want %v", leg.Reachable(), leg, tt.reachable)
			}
			if !tt.reachable {
				return
			}
			straight := plain.Leg(tt.a, tt.b)
			if longer := leg.Km > straight.Km*1.05; longer != tt.longer {
				t.Errorf("leg %.2f km, straight %.2f km: longer = %v, want %v", leg.Km, straight.Km, longer, tt.longer)
			}
			if math.Abs(leg.Min-g.Minutes(leg.Km)) > 1e-9 {
				t.Errorf("leg %.2f km in %.2f min, want %.2f min", leg.Km, leg.Min, g.Minutes(leg.Km))
			}
		})
	}
}

// TestWithinOnLand: a catchment holds the points within reach by land only — not the
// island without a link next to it, nor the far side of the bay that a straight line
// would reach.
func TestWithinOnLand(t *testing.T) {
	g := handCoast(t)
	pts := []orb.Point{cell(17, 4), cell(25, 4), cell(15, 17), cell(25, 22), cell(17, 8)}
	grid := spatial.NewGrid(pts, 5)
	from := cell(17, 6)
	// 12 minutes reach 7.8 km of road, 6 km as the crow flies: the island (about 6 km
	// off) and the far side of the bay (about 12 km round it) are out of reach by land.
	got, err := Within(context.Background(), g, grid, pts, from, 12)
	if err != nil {
		t.Fatal(err)
	}
	var idx []int
	for _, r := range got {
		idx = append(idx, r.Index)
	}
	if want := []int{0, 4}; !slices.Equal(idx, want) {
		t.Errorf("within 12 min of %v: %v, want %v", from, idx, want)
	}
	plain, _ := NewGreatCircle(DefaultTravel)
	straight, err := Within(context.Background(), plain, grid, pts, from, 12)
	if err != nil {
		t.Fatal(err)
	}
	if len(straight) <= len(got) {
		t.Errorf("the straight model reaches %d points, the land model %d: the test does not cross water", len(straight), len(got))
	}
}

func TestNewGreatCircleOnLandRejectsNoLand(t *testing.T) {
	if _, err := NewGreatCircleOnLand(DefaultTravel, nil); err == nil {
		t.Error("a land model without land accepted")
	}
}

// TestFerryOnHandCoast: the island without a link is reached over a declared ferry
// only, its crossing counted and named; other legs keep the road; a catchment holds
// the island only when the crossing fits in it.
func TestFerryOnHandCoast(t *testing.T) {
	g := handCoast(t)
	ferry := Ferry{Name: "bac", A: cell(19, 4), B: cell(24, 4), CrossingMin: 20}
	m := WithFerries(g, []Ferry{ferry})
	island, shore, inland := cell(26, 3), cell(17, 4), cell(5, 25)
	tests := []struct {
		name       string
		a, b       orb.Point
		ferry      string
		minAtLeast float64
	}{
		{"to the island: over the ferry", shore, island, "bac", 20},
		{"from the island: over the ferry", island, shore, "bac", 20},
		{"from far inland: over the ferry", inland, island, "bac", 20 + g.Leg(inland, ferry.A).Min},
		{"on the mainland: by road", shore, inland, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			leg, err := LegBetween(context.Background(), m, tt.a, tt.b)
			if err != nil {
				t.Fatal(err)
			}
			if !leg.Reachable() || leg.Ferry != tt.ferry || leg.Min < tt.minAtLeast {
				t.Errorf("leg %+v, want over %q in at least %.1f min", leg, tt.ferry, tt.minAtLeast)
			}
			if tt.ferry == "" && leg != g.Leg(tt.a, tt.b) {
				t.Errorf("leg %+v, want the road's %+v", leg, g.Leg(tt.a, tt.b))
			}
		})
	}
	if WithFerries(g, nil) != Model(g) {
		t.Error("no ferry should leave the model as it is")
	}
	pts := []orb.Point{island, shore}
	grid := spatial.NewGrid(pts, 5)
	for _, tc := range []struct {
		limit float64
		want  []int
	}{{15, []int{1}}, {40, []int{0, 1}}} {
		got, err := Within(context.Background(), m, grid, pts, cell(18, 5), tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		var idx []int
		for _, r := range got {
			idx = append(idx, r.Index)
		}
		if !slices.Equal(idx, tc.want) {
			t.Errorf("within %.0f min: %v, want %v", tc.limit, idx, tc.want)
		}
	}
}
