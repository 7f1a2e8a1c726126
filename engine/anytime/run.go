package anytime

import (
	"context"
	"sync"
)

// Worker is one independent search of a run.
type Worker interface {
	// Search improves the worker's result until b.Done, reporting each new best
	// through b.Improved.
	Search(b *Budget)
	// BestCost is the cost of the worker's best result, lower being better; ok is
	// false when it has none (no feasible result found).
	BestCost() (cost float64, ok bool)
}

// tieEps is how much lower a worker's cost must be to beat an earlier worker's:
// workers that reach the same solution may sum its cost in another order.
const tieEps = 1e-9

// Run makes max(1, opts.Workers) workers with newWorker, each with its own seed
// derived from opts.Seed (WorkerSeed), runs their searches in parallel under one
// Budget and returns them with the index of the best: the lowest BestCost, ties
// going to the lowest index; best is -1 when no worker has a result. The caller
// checks opts.Validate first.
func Run[W Worker](ctx context.Context, opts Options, newWorker func(seed uint64) W) (workers []W, best int) {
	b := NewBudget(ctx, opts)
	workers = make([]W, max(1, opts.Workers))
	for i := range workers {
		workers[i] = newWorker(WorkerSeed(opts.Seed, i))
	}
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Go(func() { w.Search(b) })
	}
	wg.Wait()
	best = -1
	bestCost := 0.0
	for i, w := range workers {
		c, ok := w.BestCost()
		if ok && (best < 0 || c < bestCost-tieEps) {
			best, bestCost = i, c
		}
	}
	return workers, best
}

// WorkerSeed derives the seed of worker i from the run's seed, distinct for every
// worker of a run.
func WorkerSeed(seed uint64, i int) uint64 {
	return seed*0x2545f4914f6cdd1d + uint64(i)*0x9e3779b97f4a7c15 + 1
}
