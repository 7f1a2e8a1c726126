package pvrp

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Options budget and observe a search.
type Options struct {
	// Seed makes the search reproducible: the same seed and MaxIterations (without a
	// binding TimeLimit) give the same solution.
	Seed uint64
	// TimeLimit stops the search after this wall-clock time (0 = none).
	TimeLimit time.Duration
	// MaxIterations stops each worker after this many ruin-and-recreate iterations
	// (0 = none).
	MaxIterations int64
	// Workers is the number of independent searches run in parallel with seeds
	// derived from Seed; the best result wins, ties going to the lowest worker.
	// Default 1.
	Workers int
	// Progress, when set, is called (serially) each time a worker finds a feasible
	// plan better than every previous one.
	Progress func(Progress)
}

// Progress reports the state of a running search.
type Progress struct {
	Iteration int64 // iterations done by the worker that improved
	Elapsed   time.Duration
	BestCost  float64
}

// ErrInfeasible is returned when no plan serving every customer was found.
var ErrInfeasible = errors.New("pvrp: no feasible plan found")

// Solve searches for a low-distance feasible plan of p within the budget of opts.
// Cancelling ctx stops the search early and returns the best plan so far.
func Solve(ctx context.Context, p *Problem, opts Options) (*Solution, error) {
	if opts.TimeLimit <= 0 && opts.MaxIterations <= 0 {
		return nil, ErrNoBudget
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	md := newModel(p)
	nw := max(1, opts.Workers)
	start := time.Now()
	var mu sync.Mutex
	globalBest, haveBest := 0.0, false
	workers := make([]*worker, nw)
	for i := range workers {
		w := newWorker(md, opts.Seed*0x2545f4914f6cdd1d+uint64(i)*0x9e3779b97f4a7c15+1)
		w.maxIter, w.limit, w.start = opts.MaxIterations, opts.TimeLimit, start
		w.stop = func() bool { return ctx.Err() != nil }
		w.onBest = func(w *worker) {
			if opts.Progress == nil {
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if haveBest && w.best.dist >= globalBest {
				return
			}
			haveBest, globalBest = true, w.best.dist
			opts.Progress(Progress{Iteration: w.iter, Elapsed: time.Since(start), BestCost: w.best.dist})
		}
		workers[i] = w
	}
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.run()
		}()
	}
	wg.Wait()
	var best *worker
	for _, w := range workers {
		if w.haveBest && (best == nil || w.best.dist < best.best.dist-1e-9) {
			best = w
		}
	}
	if best == nil {
		return nil, fmt.Errorf("%w within %d iterations", ErrInfeasible, workers[0].iter)
	}
	sol := best.best.solution()
	if err := Check(p, sol); err != nil {
		return nil, fmt.Errorf("pvrp: internal error: %w", err)
	}
	return sol, nil
}

// solution converts a complete state into the public Solution.
func (s *state) solution() *Solution {
	md := s.md
	sol := &Solution{Cost: s.dist, Pattern: make([]int, md.n), Routes: make([][][]int, md.days)}
	sol.Pattern[0] = -1
	for c := 1; c < md.n; c++ {
		sol.Pattern[c] = int(s.pattern[c])
	}
	for d, routes := range s.days {
		sol.Routes[d] = [][]int{}
		for _, r := range routes {
			if len(r.nodes) == 0 {
				continue
			}
			out := make([]int, len(r.nodes))
			for i, c := range r.nodes {
				out[i] = int(c)
			}
			sol.Routes[d] = append(sol.Routes[d], out)
		}
	}
	return sol
}
