package pvrp

import (
	"context"
	"math"
	"testing"

	"medibus/engine/anytime"
)

// TestRuinBookkeeping ruins a plan many times, both ways, and checks that every
// customer is either routed on exactly its pattern's days, missing some of them (day
// ruin: pattern kept) or unserved without a pattern (full ruin), and that the cached
// distance matches the routes.
func TestRuinBookkeeping(t *testing.T) {
	in := newInstance(randomProblem(4, 30, 4, 2))
	w := newWorker(in, 3)
	w.budget = anytime.NewBudget(context.Background(), anytime.Options{})
	w.construct()
	removed := 0
	for it := 0; it < 200; it++ {
		dayOnly := it%2 == 0
		s := newState(in)
		s.copyFrom(w.cur)
		w.ruin(s, dayOnly)
		removed += len(s.unserved)
		listed := map[int32]bool{}
		for _, c := range s.unserved {
			listed[c] = true
		}
		for c := int32(1); c < int32(in.n); c++ {
			var on Pattern
			for d := range s.days {
				if s.where[d*in.n+int(c)] >= 0 {
					on |= 1 << uint(d)
				}
			}
			switch {
			case s.pattern[c] < 0:
				if on != 0 || !listed[c] || dayOnly {
					t.Fatalf("iteration %d: unserved customer %d on days %b, listed %v, day ruin %v", it, c, on, listed[c], dayOnly)
				}
			default:
				pt := in.patterns[c][s.pattern[c]]
				if on != pt&^s.missing[c] || listed[c] != (s.missing[c] != 0) {
					t.Fatalf("iteration %d: customer %d on days %b, pattern %b, missing %b, listed %v", it, c, on, pt, s.missing[c], listed[c])
				}
			}
		}
		dist := s.dist
		s.recompute()
		if math.Abs(dist-s.dist) > 1e-6 {
			t.Fatalf("iteration %d: cached distance %v, routes drive %v", it, dist, s.dist)
		}
	}
	if removed < 200 {
		t.Fatalf("%d customers removed in 200 ruins", removed)
	}
}
