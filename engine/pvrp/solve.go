package pvrp

import (
	"context"
	"errors"
	"fmt"

	"medibus/engine/anytime"
)

// Options budget and observe a Solve call: seed, time and iteration limits, workers
// and progress, as for every engine of the wing.
type Options = anytime.Options

// Progress reports the state of a running search; only feasible plans are reported.
type Progress = anytime.Progress

// ErrInfeasible is returned when no plan serving every customer was found.
var ErrInfeasible = errors.New("pvrp: no feasible plan found")

// Solve searches for a low-distance feasible plan of p within the budget of opts.
// Cancelling ctx stops the search early and returns the best plan so far. Without a
// time or an iteration limit it returns an error wrapping anytime.ErrNoBudget.
func Solve(ctx context.Context, p *Problem, opts Options) (*Solution, error) {
	if err := opts.Validate(); err != nil {
		return nil, fmt.Errorf("pvrp: %w", err)
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	in := newInstance(p)
	workers, best := anytime.Run(ctx, opts, func(seed uint64) *worker { return newWorker(in, seed) })
	if best < 0 {
		return nil, fmt.Errorf("%w within %d iterations", ErrInfeasible, workers[0].iter)
	}
	sol := workers[best].best.solution()
	if err := Check(p, sol); err != nil {
		return nil, fmt.Errorf("pvrp: internal error: %w", err)
	}
	return sol, nil
}
