package routing

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/paulmach/orb"

	"medibus"
)

// TestClosedPass: on the hand-made coast, a wall across the mainland (row 25, from
// column 6 to the sea) closed in winter: a winter plan's legs go round its western
// end, a summer plan's straight across; the bridge closed for works cuts the island
// off for the plans whose cycle meets the works.
func TestClosedPass(t *testing.T) {
	g := handCoast(t)
	pass := medibus.RoadClosure{Name: "Col du mur", Line: orb.LineString{cell(6, 25), cell(22, 25)}, Closed: medibus.Period{From: "11-01", To: "06-30"}}
	works := medibus.RoadClosure{Name: "Pont en travaux", Line: orb.LineString{cell(21, 19), cell(21, 25)}, Closed: medibus.Period{From: "2027-03-01", To: "2027-03-10"}}
	sc := &medibus.Scenario{Rules: medibus.Rules{CycleWeeks: 2}, RoadClosures: []medibus.RoadClosure{pass, works}}
	date := func(s string) medibus.Date { d, _ := medibus.ParseDate(s); return d }
	north, south := cell(12, 28), cell(12, 22)
	island := cell(26, 23)
	straight := g.Leg(north, south)
	tests := []struct {
		name          string
		start         string
		a, b          orb.Point
		longer, unrea bool
	}{
		{"winter: round the wall", "2027-01-04", north, south, true, false},
		{"summer: straight across", "2027-07-05", north, south, false, false},
		{"the last days of June close it for the whole cycle", "2027-06-21", north, south, true, false},
		{"the works cut the island off", "2027-03-08", cell(15, 20), island, false, true},
		{"after the works, over the bridge", "2027-03-15", cell(15, 20), island, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := ForPlan(g, sc, date(tt.start))
			got, err := LegBetween(context.Background(), m, tt.a, tt.b)
			if err != nil {
				t.Fatal(err)
			}
			if got.Reachable() == tt.unrea {
				t.Fatalf("leg %+v: reachable %v, want %v", got, got.Reachable(), !tt.unrea)
			}
			if tt.a == north && (got.Min > straight.Min+1e-9) != tt.longer {
				t.Errorf("leg %.1f min against %.1f straight: longer %v, want %v", got.Min, straight.Min, got.Min > straight.Min, tt.longer)
			}
		})
	}
	// The same closures give the same model (its ways round are kept), named for them.
	a, _ := Closed(g, []medibus.RoadClosure{pass})
	b, _ := Closed(g, []medibus.RoadClosure{pass})
	if a != b || !strings.HasSuffix(a.String(), "closed: Col du mur") {
		t.Errorf("Closed twice: %p %p %q", a, b, a.String())
	}
	if m, ok := Closed(g, nil); m != g || !ok {
		t.Errorf("no closure must keep the model")
	}
}

// TestClosedOverridesAndRoads: a known leg across a closed line is not used while it
// is closed (the router that gave it knew nothing of the winter); a road service
// cannot take closures and says so.
func TestClosedOverridesAndRoads(t *testing.T) {
	g := handCoast(t)
	north, south, east := cell(12, 28), cell(12, 22), cell(18, 28)
	known := Times{{north, south}: {Km: 7, Min: 8}, {south, north}: {Km: 7, Min: 8}, {north, east}: {Km: 7, Min: 9}}
	o, err := NewOverridden(g, known, "t.csv")
	if err != nil {
		t.Fatal(err)
	}
	wall := medibus.RoadClosure{Name: "mur", Line: orb.LineString{cell(6, 25), cell(22, 25)}}
	m, ok := Closed(o, []medibus.RoadClosure{wall})
	if !ok {
		t.Fatal("overridden land model refused closures")
	}
	across, _ := LegBetween(context.Background(), m, north, south)
	along, _ := LegBetween(context.Background(), m, north, east)
	if across.Min <= 8 || along.Min != 9 {
		t.Errorf("across the wall %.1f min (known 8, must go round), along it %.1f (known 9)", across.Min, along.Min)
	}
	road, err := NewRoad(g, 130, "osrm http://example")
	if err != nil {
		t.Fatal(err)
	}
	if m, ok := Closed(road, []medibus.RoadClosure{wall}); ok || m != Model(road) {
		t.Errorf("a road service took closures")
	}
	plain, _ := NewGreatCircle(DefaultTravel)
	if _, ok := Closed(plain, []medibus.RoadClosure{wall}); ok {
		t.Errorf("the great-circle model off the land took closures")
	}
}

func TestSegmentsCross(t *testing.T) {
	p := func(x, y float64) orb.Point { return orb.Point{x, y} }
	for _, c := range []struct {
		a, b, c, d orb.Point
		want       bool
	}{
		{p(0, 0), p(2, 2), p(0, 2), p(2, 0), true},
		{p(0, 0), p(1, 1), p(2, 0), p(3, 1), false},
		{p(0, 0), p(2, 0), p(1, 0), p(1, 5), true},  // touching
		{p(0, 0), p(1, 0), p(2, 0), p(3, 0), false}, // collinear apart
		{p(0, 0), p(2, 0), p(1, 0), p(3, 0), true},  // collinear overlapping
	} {
		if got := segmentsCross(c.a, c.b, c.c, c.d); got != c.want {
			t.Errorf("segmentsCross(%v %v, %v %v) = %v, want %v", c.a, c.b, c.c, c.d, got, c.want)
		}
	}
}

// TestClosedConcurrently: requests of the server ask for the same closed model at
// once; they get one model and the same legs.
func TestClosedConcurrently(t *testing.T) {
	g := handCoast(t)
	wall := medibus.RoadClosure{Name: "mur concurrent", Line: orb.LineString{cell(6, 25), cell(22, 25)}}
	const n = 8
	models := make([]Model, n)
	legs := make([]Leg, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			models[i], _ = Closed(g, []medibus.RoadClosure{wall})
			legs[i], _ = LegBetween(context.Background(), models[i], cell(12, 28), cell(12, 22))
		}()
	}
	wg.Wait()
	for i := range n {
		if models[i] != models[0] || legs[i] != legs[0] {
			t.Fatalf("call %d: model %p leg %+v, call 0: %p %+v", i, models[i], legs[i], models[0], legs[0])
		}
	}
}
