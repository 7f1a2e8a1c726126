package vrp

import (
	"math/rand/v2"
	"testing"
)

func TestRuinRemovesStrings(t *testing.T) {
	xs := make([]float64, 30)
	for i := range xs {
		xs[i] = float64(i + 1)
	}
	in := newInstance(lineProblem(xs, 3))
	var r0, r1, r2 []int
	for j := 0; j < 10; j++ {
		r0, r1, r2 = append(r0, j), append(r1, j+10), append(r2, j+20)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for it := 0; it < 100; it++ {
		s := stateOf(t, in, r0, r1, r2)
		removed := in.ruin(s, rng, nil, make([]bool, 3))
		if len(removed) == 0 || len(removed) > 30 {
			t.Fatalf("removed %d jobs", len(removed))
		}
		seen := map[int]bool{}
		for _, j := range removed {
			if seen[j] || s.where[j] != -1 {
				t.Fatalf("job %d removed twice or still routed", j)
			}
			seen[j] = true
		}
		left := 0
		for k := range s.routes {
			left += len(s.routes[k].jobs)
		}
		if left+len(removed) != 30 {
			t.Fatalf("%d left + %d removed != 30", left, len(removed))
		}
	}
}
