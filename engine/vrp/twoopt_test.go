package vrp

import (
	"slices"
	"testing"
)

func TestTwoOpt(t *testing.T) {
	// Route 1 3 2 4 costs 10; reversing 3 2 gives 1 2 3 4, which costs 8.
	in := newInstance(lineProblem([]float64{1, 3, 2, 4}, 1))
	s := stateOf(t, in, []int{0, 1, 2, 3})
	ls := newLocalSearch(in)
	if d := ls.intraDelta(s, 0, 2, intraTwoOpt); !near(d, -2) {
		t.Fatalf("delta %v, want -2", d)
	}
	ls.applyIntra(s, 0, 2, intraTwoOpt)
	if got, want := s.routes[0].jobs, []int{0, 2, 1, 3}; !slices.Equal(got, want) {
		t.Fatalf("route %v, want %v", got, want)
	}
	if !near(s.routes[0].dist, 8) {
		t.Fatalf("route length %v, want 8", s.routes[0].dist)
	}
	// v right after u leaves nothing to reverse.
	if d := ls.intraDelta(s, 0, 2, intraTwoOpt); d != 1 {
		t.Fatalf("void move: delta %v, want 1", d)
	}
}
