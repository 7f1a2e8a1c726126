package vrp

import (
	"math"
	"testing"
)

// lineProblem puts the depot at x=0 (location 0) and job i at xs[i] (location i+1),
// with travel time and distance |x_i − x_j|, and nv identical uncapacitated vehicles.
func lineProblem(xs []float64, nv int) *Problem {
	pts := append([]float64{0}, xs...)
	m := make([][]float64, len(pts))
	for i := range m {
		m[i] = make([]float64, len(pts))
		for j := range m[i] {
			m[i][j] = math.Abs(pts[i] - pts[j])
		}
	}
	p := &Problem{Duration: m, Distance: m}
	for k := 0; k < nv; k++ {
		p.Vehicles = append(p.Vehicles, Vehicle{ID: string(rune('A' + k)), Capacity: []float64{100}})
	}
	for i := range xs {
		p.Jobs = append(p.Jobs, Job{ID: string(rune('a' + i)), Location: i + 1, Demand: []float64{1}})
	}
	return p
}

// stateOf builds a search state with the given job lists, one per vehicle.
func stateOf(t *testing.T, in *instance, routes ...[]int) *state {
	t.Helper()
	s := newState(in)
	for k, r := range routes {
		s.routes[k].jobs = append([]int(nil), r...)
		in.refresh(s, k)
	}
	s.cost = in.totalCost(s)
	return s
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
