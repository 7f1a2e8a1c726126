package vrp

import (
	"context"
	"fmt"

	"medibus/engine/anytime"
)

// Options budget and observe a Solve call: seed, time and iteration limits, workers
// and progress, as for every engine of the wing.
type Options = anytime.Options

// Progress reports the state of a running search; Feasible is false while some
// mandatory job is left out.
type Progress = anytime.Progress

// Solve searches for a low-cost feasible solution of p within the budget of opts.
// It returns the best solution found; if some mandatory job could not be served the
// solution lists it in Unassigned and Feasible reports false in progress calls.
// Cancelling ctx stops the search early and returns the best solution so far. Without
// a time or an iteration limit it returns an error wrapping anytime.ErrNoBudget.
func Solve(ctx context.Context, p *Problem, opts Options) (*Solution, error) {
	if err := opts.Validate(); err != nil {
		return nil, fmt.Errorf("vrp: %w", err)
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	in := newInstance(p)
	workers, best := anytime.Run(ctx, opts, func(seed uint64) *worker { return newWorker(in, seed) })
	return in.solution(workers[best].best)
}
