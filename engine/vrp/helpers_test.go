package vrp

import (
	"math"
	"slices"
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

// applyIntraMove puts the jobs at xs on one vehicle's route in index order, checks
// the delta of moving u after v with kind and the route the move leaves, and returns
// the state for further checks.
func applyIntraMove(t *testing.T, xs []float64, u, v int, kind intraKind, delta float64, want []int) (*state, *localSearch) {
	t.Helper()
	in := newInstance(lineProblem(xs, 1))
	route := make([]int, len(xs))
	for i := range route {
		route[i] = i
	}
	s := stateOf(t, in, route)
	ls := newLocalSearch(in)
	if d := ls.intraDelta(s, u, v, kind); !near(d, delta) {
		t.Fatalf("delta %v, want %v", d, delta)
	}
	ls.applyIntra(s, u, v, kind)
	if got := s.routes[0].jobs; !slices.Equal(got, want) {
		t.Fatalf("route %v, want %v", got, want)
	}
	return s, ls
}
