package vrp

import "testing"

func TestSwap(t *testing.T) {
	// a@1 b@10 | c@2 d@11: swapping b and c gives [1 2] [10 11], 42 → 26.
	in := newInstance(lineProblem([]float64{1, 10, 2, 11}, 2))
	s := stateOf(t, in, []int{0, 1}, []int{2, 3})
	if d := in.swapDelta(s, 1, 2); !near(d, -16) {
		t.Fatalf("delta %v, want -16", d)
	}
	in.applySwap(s, 1, 2)
	if !near(in.totalCost(s), 26) {
		t.Fatalf("cost %v, want 26", in.totalCost(s))
	}
}

func TestSwapCapacity(t *testing.T) {
	p := lineProblem([]float64{1, 10, 2, 11}, 2)
	p.Jobs[2].Demand = []float64{100} // c fills a whole vehicle
	in := newInstance(p)
	s := stateOf(t, in, []int{0, 1}, []int{2})
	if d := in.swapDelta(s, 1, 2); d < 0 {
		t.Fatalf("over-capacity swap accepted with delta %v", d)
	}
}

func TestSwapSkills(t *testing.T) {
	// The same improving swap as TestSwap, but c needs a skill only vehicle B has.
	p := lineProblem([]float64{1, 10, 2, 11}, 2)
	p.Vehicles[1].Skills = []string{"dental"}
	p.Jobs[2].Skills = []string{"dental"}
	in := newInstance(p)
	s := stateOf(t, in, []int{0, 1}, []int{2, 3})
	if d := in.swapDelta(s, 1, 2); d != 1 {
		t.Fatalf("swap giving c to a vehicle without its skill: delta %v, want 1", d)
	}
}
