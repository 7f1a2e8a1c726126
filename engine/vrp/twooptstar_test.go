package vrp

import "testing"

func TestTwoOptStar(t *testing.T) {
	// a@1 b@11 | c@10 d@2: tails swapped after a and before d give [1 2] [10 11].
	in := newInstance(lineProblem([]float64{1, 11, 10, 2}, 2))
	s := stateOf(t, in, []int{0, 1}, []int{2, 3})
	if d := in.twoOptStarDelta(s, 0, 3); !near(d, -16) {
		t.Fatalf("delta %v, want -16", d)
	}
	in.applyTwoOptStar(s, 0, 3)
	if r0, r1 := s.routes[0].jobs, s.routes[1].jobs; len(r0) != 2 || r0[1] != 3 || len(r1) != 2 || r1[1] != 1 {
		t.Fatalf("routes %v %v", r0, r1)
	}
	if !near(in.totalCost(s), 26) {
		t.Fatalf("cost %v, want 26", in.totalCost(s))
	}
}

func TestTwoOptStarNeedsSameEnd(t *testing.T) {
	// The tails of TestTwoOptStar cannot be exchanged when B returns elsewhere (to
	// c's place): tails keep the end depot of the route they leave.
	p := lineProblem([]float64{1, 11, 10, 2}, 2)
	p.Vehicles[1].End = 3
	in := newInstance(p)
	s := stateOf(t, in, []int{0, 1}, []int{2, 3})
	if d := in.twoOptStarDelta(s, 0, 3); d != 1 {
		t.Fatalf("delta %v, want 1", d)
	}
}
