package vrp

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"
)

// Options tune a Solve call. At least one of TimeLimit and MaxIterations must be set.
type Options struct {
	// Seed makes the search reproducible: the same seed and MaxIterations (without a
	// binding TimeLimit) give the same solution. Default 0 is a valid seed.
	Seed uint64
	// TimeLimit stops the search after this wall-clock time (0 = none).
	TimeLimit time.Duration
	// MaxIterations stops each worker after this many ruin-and-recreate iterations
	// (0 = none).
	MaxIterations int64
	// Workers is the number of independent searches run in parallel with seeds derived
	// from Seed; the best result wins, ties going to the lowest worker. Default 1.
	Workers int
	// Progress, when set, is called (serially) each time a worker finds a solution
	// better than every previous one.
	Progress func(Progress)
}

// Progress reports the state of a running search.
type Progress struct {
	Iteration int64 // iterations done by the worker that improved
	Elapsed   time.Duration
	BestCost  float64
	Feasible  bool // all mandatory jobs are served
}

// ErrNoBudget is returned when neither a time limit nor an iteration limit is set.
var ErrNoBudget = errors.New("vrp: set a time limit or an iteration limit")

// Solve searches for a low-cost feasible solution of p within the budget of opts.
// It returns the best solution found; if some mandatory job could not be served the
// solution lists it in Unassigned and Feasible reports false in progress calls.
// Cancelling ctx stops the search early and returns the best solution so far.
func Solve(ctx context.Context, p *Problem, opts Options) (*Solution, error) {
	if opts.TimeLimit <= 0 && opts.MaxIterations <= 0 {
		return nil, ErrNoBudget
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	in := newInstance(p)
	nw := max(1, opts.Workers)
	start := time.Now()
	workers := make([]*worker, nw)
	var mu sync.Mutex
	globalBest := 0.0
	haveBest := false
	for i := range workers {
		w := newWorker(in, opts.Seed*0x2545f4914f6cdd1d+uint64(i)*0x9e3779b97f4a7c15+1)
		w.maxIter = opts.MaxIterations
		w.limit = opts.TimeLimit
		w.start = start
		w.deadline = start.Add(opts.TimeLimit)
		w.stop = func() bool { return ctx.Err() != nil }
		w.onBest = func(w *worker) {
			if opts.Progress == nil {
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if haveBest && w.best.cost >= globalBest {
				return
			}
			haveBest, globalBest = true, w.best.cost
			opts.Progress(Progress{Iteration: w.iter, Elapsed: time.Since(start), BestCost: w.best.cost, Feasible: in.feasible(w.best)})
		}
		workers[i] = w
	}
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.construct()
			w.onBest(w)
			if p.Objective == MinVehiclesThenDistance {
				w.minimiseFleet()
			}
			w.run()
		}()
	}
	wg.Wait()
	best := workers[0].best
	for _, w := range workers[1:] {
		if w.best.cost < best.cost-1e-9 {
			best = w.best
		}
	}
	sol, err := in.solution(best)
	if err != nil {
		return nil, err
	}
	return sol, nil
}

// feasible reports whether every mandatory job is served.
func (in *instance) feasible(s *state) bool {
	for j, k := range s.where {
		if k < 0 && !in.p.Jobs[j].Optional {
			return false
		}
	}
	return true
}

// solution converts a search state into the public Solution with its timetable.
func (in *instance) solution(s *state) (*Solution, error) {
	sol := &Solution{Unassigned: []int{}}
	for k := range s.routes {
		r := &s.routes[k]
		if len(r.jobs) == 0 {
			continue
		}
		out := Route{Vehicle: r.v, Jobs: append([]int(nil), r.jobs...), BreakAfter: -1, Distance: r.dist}
		if !in.schedule(r.v, out.Jobs, &out) {
			return nil, fmt.Errorf("vrp: internal error: route of vehicle %d has no timetable", r.v)
		}
		sol.Routes = append(sol.Routes, out)
		sol.Distance += r.dist
		for _, j := range r.jobs {
			sol.Prize += in.p.Jobs[j].Prize
		}
	}
	sort.Slice(sol.Routes, func(a, b int) bool { return sol.Routes[a].Vehicle < sol.Routes[b].Vehicle })
	for j, k := range s.where {
		if k < 0 {
			sol.Unassigned = append(sol.Unassigned, j)
		}
	}
	sol.Vehicles = len(sol.Routes)
	sol.Cost = in.publicCost(sol)
	return sol, nil
}

// publicCost is the objective value reported to callers, in the problem's units:
// distance plus fixed costs plus skipped prizes; for MinVehiclesThenDistance the same
// (vehicles are reported separately); for MaxPrize the negated collected prize.
func (in *instance) publicCost(sol *Solution) float64 {
	if in.p.Objective == MaxPrize {
		return -sol.Prize
	}
	c := sol.Distance
	for _, r := range sol.Routes {
		c += in.p.Vehicles[r.Vehicle].FixedCost
	}
	for _, j := range sol.Unassigned {
		if in.p.Jobs[j].Optional {
			c += in.p.Jobs[j].Prize
		}
	}
	return c
}
