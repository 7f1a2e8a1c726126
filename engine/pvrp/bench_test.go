package pvrp

import (
	"context"
	"testing"

	"medibus/engine/anytime"
)

// benchWorker returns a worker whose current plan comes from a short search on a
// 150-customer, 5-day instance, so that benchmarks see realistic routes.
func benchWorker(b *testing.B) *worker {
	b.Helper()
	in := newInstance(randomProblem(11, 150, 5, 4))
	w := newWorker(in, 1)
	w.Search(anytime.NewBudget(context.Background(), anytime.Options{MaxIterations: 300}))
	return w
}

// BenchmarkBestOnDay measures the cheapest-insertion scan of one customer on one
// day, the innermost loop of recreate.
func BenchmarkBestOnDay(b *testing.B) {
	w := benchWorker(b)
	s := w.cur
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		c := int32(1 + i%(w.in.n-1))
		w.bestOnDay(s, c, i%w.in.days)
	}
}

// BenchmarkInsertPattern measures removing a customer from all its days and
// reinserting it with the best pattern.
func BenchmarkInsertPattern(b *testing.B) {
	w := benchWorker(b)
	s := w.cur
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		c := int32(1 + i%(w.in.n-1))
		if s.pattern[c] < 0 {
			continue
		}
		s.remove(c)
		s.unserved = s.unserved[:0]
		if !w.insert(s, c) {
			b.Fatal("reinsertion failed")
		}
	}
}

// BenchmarkIteration measures one ruin-and-recreate iteration with its copy.
func BenchmarkIteration(b *testing.B) {
	w := benchWorker(b)
	b.ResetTimer()
	for b.Loop() {
		w.cand.copyFrom(w.cur)
		w.ruin(w.cand, w.rng.IntN(2) == 0)
		w.recreate(w.cand)
	}
}
