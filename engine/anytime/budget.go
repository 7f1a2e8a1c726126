package anytime

import (
	"context"
	"sync"
	"time"
)

// checkEvery is how many iterations pass between two reads of the clock and of the
// context: often enough to stop within a few milliseconds, rarely enough to cost
// nothing next to an iteration.
const checkEvery = 64

// Budget is what a worker sees of its run: when to stop, how much of the budget is
// spent, and where to report a new best. One Budget serves all the workers of a run;
// its methods are safe for concurrent use.
type Budget struct {
	maxIterations int64
	timeLimit     time.Duration
	start         time.Time
	deadline      time.Time
	ctx           context.Context

	mu       sync.Mutex
	progress func(Progress)
	reported bool
	bestCost float64
}

// NewBudget starts the clock of a run with the limits and Progress of opts; ctx
// cancels it.
func NewBudget(ctx context.Context, opts Options) *Budget {
	start := time.Now()
	return &Budget{
		maxIterations: opts.MaxIterations,
		timeLimit:     opts.TimeLimit,
		start:         start,
		deadline:      start.Add(opts.TimeLimit),
		ctx:           ctx,
		progress:      opts.Progress,
	}
}

// Done reports whether a worker that has done iter iterations must stop: at the
// iteration limit, or, checked every checkEvery iterations, past the time limit or
// once ctx is cancelled.
func (b *Budget) Done(iter int64) bool {
	if b.maxIterations > 0 && iter >= b.maxIterations {
		return true
	}
	if iter%checkEvery != 0 {
		return false
	}
	if b.timeLimit > 0 && !time.Now().Before(b.deadline) {
		return true
	}
	return b.ctx.Err() != nil
}

// Fraction is the share of the budget a worker has used after iter iterations, in
// [0, 1]: iterations over the iteration limit when there is one, so that runs are
// reproducible, and elapsed time over the time limit otherwise.
func (b *Budget) Fraction(iter int64) float64 {
	f := 0.0
	switch {
	case b.maxIterations > 0:
		f = float64(iter) / float64(b.maxIterations)
	case b.timeLimit > 0:
		f = float64(time.Since(b.start)) / float64(b.timeLimit)
	}
	return min(f, 1)
}

// Improved reports a worker's new best after iter iterations. It calls the Progress
// option, one call at a time, when cost is lower than every cost reported before, so
// that the caller sees a strictly improving sequence whichever worker finds it.
func (b *Budget) Improved(iter int64, cost float64, feasible bool) {
	if b.progress == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.reported && cost >= b.bestCost {
		return
	}
	b.reported, b.bestCost = true, cost
	b.progress(Progress{Iteration: iter, Elapsed: time.Since(b.start), BestCost: cost, Feasible: feasible})
}
