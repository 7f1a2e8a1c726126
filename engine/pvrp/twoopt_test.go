package pvrp

import (
	"slices"
	"testing"
)

func TestTwoOptPass(t *testing.T) {
	// Customers at x = 1, 3, 2, 4 visited in that order cost 1+2+1+2+4 = 10; reversing
	// the middle pair gives 1 2 3 4 at 8.
	in := newInstance(lineProblem([]float64{1, 3, 2, 4}, 1, 1))
	s := planOf(t, in, [][]int32{{1, 2, 3, 4}})
	w := newWorker(in, 1)
	if !w.twoOptPass(s, 0, 0) {
		t.Fatal("no improvement found")
	}
	if got, want := s.days[0][0].nodes, []int32{1, 3, 2, 4}; !slices.Equal(got, want) {
		t.Fatalf("route %v, want %v (customers at x = 1 2 3 4)", got, want)
	}
	if s.days[0][0].dist != 8 {
		t.Fatalf("route length %v, want 8", s.days[0][0].dist)
	}
	if w.twoOptPass(s, 0, 0) {
		t.Fatal("a sorted route was changed")
	}
}
