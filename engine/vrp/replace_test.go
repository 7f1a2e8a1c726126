package vrp

import "testing"

func TestReplace(t *testing.T) {
	// One vehicle limited to maxDist; b@5 (prize 2) is routed, c@5.5 (prize 5) is not.
	// Serving c instead of b drives 11 instead of 10.
	tests := []struct {
		name    string
		maxDist float64
		prizeC  float64
		want    bool // whether the replacement is an improving feasible move
	}{
		{"room for c", 11, 5, true},
		{"c too far", 10.5, 5, false},
		{"c worth less", 11, 1, false},
		{"same prize, longer", 11, 2, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := lineProblem([]float64{4, 5, 5.5}, 1)
			p.Objective = MaxPrize
			p.Vehicles[0].MaxDistance = tc.maxDist
			for j, prize := range []float64{1, 2, tc.prizeC} {
				p.Jobs[j].Optional, p.Jobs[j].Prize = true, prize
			}
			in := newInstance(p)
			s := stateOf(t, in, []int{1})
			d := in.replaceDelta(s, 2, 1)
			if got := d < 0; got != tc.want {
				t.Fatalf("delta %v, want improving=%v", d, tc.want)
			}
			if !tc.want {
				return
			}
			before := in.totalCost(s)
			in.applyReplace(s, 2, 1)
			if s.where[1] != -1 || s.where[2] != 0 || !near(s.routes[0].dist, 11) {
				t.Fatalf("after replace: where b=%d c=%d, dist %v", s.where[1], s.where[2], s.routes[0].dist)
			}
			if !near(in.totalCost(s)-before, d) {
				t.Fatalf("cost changed by %v, delta said %v", in.totalCost(s)-before, d)
			}
		})
	}
}
