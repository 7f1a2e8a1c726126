package vrp

import "testing"

func TestTwoOpt(t *testing.T) {
	// Route 1 3 2 4 costs 10; reversing 3 2 gives 1 2 3 4, which costs 8.
	s, ls := applyIntraMove(t, []float64{1, 3, 2, 4}, 0, 2, intraTwoOpt, -2, []int{0, 2, 1, 3})
	if !near(s.routes[0].dist, 8) {
		t.Fatalf("route length %v, want 8", s.routes[0].dist)
	}
	// v right after u leaves nothing to reverse.
	if d := ls.intraDelta(s, 0, 2, intraTwoOpt); d != 1 {
		t.Fatalf("void move: delta %v, want 1", d)
	}
}
