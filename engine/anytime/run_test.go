package anytime

import (
	"context"
	"errors"
	"math"
	"testing"
)

// fixed is a worker whose search finds cost after iters iterations.
type fixed struct {
	seed  uint64
	cost  float64
	ok    bool
	iters int64
	done  int64
}

func (f *fixed) Search(b *Budget) {
	for !b.Done(f.done) {
		f.done++
		if f.done == f.iters && f.ok {
			b.Improved(f.done, f.cost, true)
		}
	}
}

func (f *fixed) BestCost() (float64, bool) { return f.cost, f.ok }

func TestRun(t *testing.T) {
	tests := []struct {
		name  string
		costs []float64 // per worker; NaN = no result
		want  int
	}{
		{"lowest wins", []float64{3, 1, 2}, 1},
		{"ties to the lowest worker", []float64{2, 1, 1 - 1e-12}, 1},
		{"a worker without a result", []float64{math.NaN(), 4}, 1},
		{"no result", []float64{math.NaN(), math.NaN()}, -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var seeds []uint64
			ws, best := Run(context.Background(), Options{Seed: 7, MaxIterations: 10, Workers: len(tc.costs)}, func(seed uint64) *fixed {
				i := len(seeds)
				seeds = append(seeds, seed)
				return &fixed{seed: seed, cost: tc.costs[i], ok: !math.IsNaN(tc.costs[i]), iters: 5}
			})
			if best != tc.want {
				t.Fatalf("best %d, want %d", best, tc.want)
			}
			for i, w := range ws {
				if w.done != 10 {
					t.Fatalf("worker %d stopped after %d iterations, want 10", i, w.done)
				}
				if w.seed != WorkerSeed(7, i) {
					t.Fatalf("worker %d seed %d, want WorkerSeed(7, %d)", i, w.seed, i)
				}
			}
		})
	}
}

func TestRunOneWorkerByDefault(t *testing.T) {
	ws, best := Run(context.Background(), Options{MaxIterations: 1}, func(seed uint64) *fixed {
		return &fixed{seed: seed, ok: true}
	})
	if len(ws) != 1 || best != 0 || ws[0].seed != WorkerSeed(0, 0) {
		t.Fatalf("%d workers, best %d", len(ws), best)
	}
}

func TestWorkerSeedsDiffer(t *testing.T) {
	seen := map[uint64]bool{}
	for i := range 1000 {
		s := WorkerSeed(1, i)
		if seen[s] {
			t.Fatalf("worker %d repeats a seed", i)
		}
		seen[s] = true
	}
}

func TestValidate(t *testing.T) {
	if err := (Options{}).Validate(); !errors.Is(err, ErrNoBudget) {
		t.Fatalf("no limit: %v", err)
	}
	for _, o := range []Options{{MaxIterations: 1}, {TimeLimit: 1}} {
		if err := o.Validate(); err != nil {
			t.Fatalf("%+v: %v", o, err)
		}
	}
}
