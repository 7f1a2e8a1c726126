package vrp_test

import (
	"context"
	"testing"

	"github.com/paulmach/orb"

	"medibus/engine/vrp"
	"medibus/routing"
)

// TestMatricesFeedTheEngine routes a bus-day of real places from the travel model: a
// depot at Guéret, five town halls of the Creuse with half-day windows and 40-min
// stops, a 07:00–19:00 shift and a lunch break between 12:00 and 14:00.
func TestMatricesFeedTheEngine(t *testing.T) {
	gc, err := routing.NewGreatCircle(routing.DefaultTravel)
	if err != nil {
		t.Fatal(err)
	}
	pts := []orb.Point{
		{1.8717, 46.1714}, // Guéret
		{1.5827, 46.2422}, // Noth
		{2.1464, 46.0221}, // Saint-Médard-la-Rochette
		{1.9090, 46.2030}, // Saint-Fiel
		{2.2050, 46.2330}, // Jarnages
		{1.6600, 46.1000}, // Saint-Vaury area
	}
	// The engine takes square matrices: one table of the travel model, every point to
	// every point.
	legs, err := gc.Table(context.Background(), pts, pts)
	dur, dist := make([][]float64, len(pts)), make([][]float64, len(pts))
	for i, row := range legs {
		for _, l := range row {
			dur[i], dist[i] = append(dur[i], l.Min), append(dist[i], l.Km)
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	p := &vrp.Problem{Duration: dur, Distance: dist, Vehicles: []vrp.Vehicle{{
		ID: "bus-23", ShiftStart: 7 * 60, ShiftEnd: 19 * 60, MaxDuration: 10 * 60,
		Break: &vrp.Break{Duration: 30, Window: vrp.TimeWindow{Start: 12 * 60, End: 14 * 60}},
	}}}
	for i := 1; i < len(pts); i++ {
		w := vrp.TimeWindow{Start: 9 * 60, End: 12 * 60}
		if i%2 == 0 {
			w = vrp.TimeWindow{Start: 13*60 + 30, End: 16 * 60}
		}
		p.Jobs = append(p.Jobs, vrp.Job{Location: i, Service: 40, Windows: []vrp.TimeWindow{w}})
	}
	sol, err := vrp.Solve(context.Background(), p, vrp.Options{Seed: 1, MaxIterations: 200})
	if err != nil {
		t.Fatal(err)
	}
	if err := vrp.Check(p, sol); err != nil {
		t.Fatal(err)
	}
	if len(sol.Unassigned) != 0 || len(sol.Routes) != 1 || len(sol.Routes[0].Jobs) != 5 {
		t.Fatalf("want the five stops in one route, got %+v", sol)
	}
	t.Logf("%.1f km, stops %v, break at %.0f min", sol.Distance, sol.Routes[0].Jobs, sol.Routes[0].BreakStart)
}
