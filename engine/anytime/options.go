package anytime

import (
	"errors"
	"time"
)

// Options budget and observe a search. At least one of TimeLimit and MaxIterations
// must be set.
type Options struct {
	// Seed makes the search reproducible: the same seed and MaxIterations (without a
	// binding TimeLimit) give the same result. Default 0 is a valid seed.
	Seed uint64
	// TimeLimit stops the search after this wall-clock time (0 = none).
	TimeLimit time.Duration
	// MaxIterations stops each worker after this many iterations (0 = none).
	MaxIterations int64
	// Workers is the number of independent searches run in parallel with seeds
	// derived from Seed; the best result wins, ties going to the lowest worker.
	// Default 1.
	Workers int
	// Progress, when set, is called (serially) each time a worker finds a result
	// better than every one reported before.
	Progress func(Progress)
}

// Progress reports the state of a running search.
type Progress struct {
	Iteration int64 // iterations done by the worker that improved
	Elapsed   time.Duration
	BestCost  float64
	// Feasible is false while the best result still breaks a hard constraint (a
	// mandatory job left out, for engine/vrp).
	Feasible bool
}

// ErrNoBudget is returned when neither a time limit nor an iteration limit is set;
// the engines wrap it with their name.
var ErrNoBudget = errors.New("set a time limit or an iteration limit")

// Validate reports ErrNoBudget when the options set no limit, so that a search
// always ends.
func (o Options) Validate() error {
	if o.TimeLimit <= 0 && o.MaxIterations <= 0 {
		return ErrNoBudget
	}
	return nil
}
