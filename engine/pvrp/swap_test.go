package pvrp

import "testing"

func TestSwapPass(t *testing.T) {
	// Customers 1..4 at x = 1, 10, 2, 11 on one day with two vehicles: routes [1 2]
	// and [3 4] drive 20 + 22 = 42. Customer 1's nearest partner in the other route
	// that gains is 4 (x = 11): [4 2] and [3 1] drive 22 + 4 = 26; nothing gains after.
	tests := []passCase{
		{"swaps", 100, [][]int32{{4, 2}, {3, 1}}, 26},
		// Demands 1, 5, 1, 5 and capacity 9: every improving swap (1 with 4, 2 with 3)
		// puts both heavy customers in one route.
		{"capacity holds it back", 9, [][]int32{{1, 2}, {3, 4}}, 42},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := lineProblem([]float64{1, 10, 2, 11}, 1, 2)
			p.Capacity[0] = tc.capacity
			p.Demand[2], p.Demand[4] = 5, 5
			in := newInstance(p)
			s := planOf(t, in, [][]int32{{1, 2}, {3, 4}})
			w := newWorker(in, 1)
			changed := w.swapPass(s, 0)
			checkDay(t, s, 0, changed, tc.want, tc.dist, 42)
		})
	}
}
