package pvrp

import "testing"

func TestRelocatePass(t *testing.T) {
	// Customers at x = 1, 10, 11 on one day with two vehicles: routes [1 10] and [11]
	// drive 20 + 22 = 42. Moving 10 in front of 11 saves 18 and costs nothing:
	// [1] and [10 11] drive 2 + 22 = 24.
	tests := []passCase{
		{"moves", 100, [][]int32{{1}, {2, 3}}, 24},
		// Demands 1, 5, 6: the second route would carry 11.
		{"capacity holds it back", 10, [][]int32{{1, 2}, {3}}, 42},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := lineProblem([]float64{1, 10, 11}, 1, 2)
			p.Capacity[0] = tc.capacity
			p.Demand[2], p.Demand[3] = 5, 6
			in := newInstance(p)
			s := planOf(t, in, [][]int32{{1, 2}, {3}})
			w := newWorker(in, 1)
			changed := w.relocatePass(s, 0)
			checkDay(t, s, 0, changed, tc.want, tc.dist, 42)
		})
	}
}
