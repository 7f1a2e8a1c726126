package vrp

import (
	"math"
	"math/rand/v2"
	"time"
)

// Annealing temperatures, as multiples of the instance's typical cost per job.
// SISR's published T0 = 100, Tf = 1 on CVRP X instances correspond to roughly these
// ratios; scaling keeps them meaningful across units. Prize collecting wants a much
// hotter search: with a cool one, losing a customer to make room is almost never
// accepted and team orienteering runs stall (measured on Chao set 4 at 3 s: average
// gap 2.5 % with 0.1 → 0.001, 0.6 % with 10 → 0.2). Once full routes trade customers
// in place at every iteration (replacePass), the search can end cooler: with 10 → x,
// x = 0.2, 0.05, 0.02, 0.005 gave 0.32 %, 0.32 %, 0.31 %, 0.30 % and 29, 31, 33, 32
// of 60 best-known scores matched (one run each; runs differ by about ±3).
const (
	tempStart      = 3
	tempEnd        = 0.03
	tempStartPrize = 10
	tempEndPrize   = 0.02
)

// stallPrize is the number of iterations without a new best after which a
// prize-collecting search starts again from its best solution. The hot annealing
// prize collecting needs lets the current solution drift far from the best. Chao
// set 4 at 3 s, mean of seeds 1 and 2 (average gap, best-known scores matched):
// no restart 0.39 %, 31.5; Or-opt alone 0.36 %, 31.5; restarts after 3,000
// iterations without Or-opt 0.24 %, 35.5; with Or-opt after 1,000 / 10,000
// iterations 0.25 % / 0.29 %, 35 / 31. Distance objectives were tuned without
// restarts and are left so.
const stallPrize = 3000

// worker runs one independent SISR search.
type worker struct {
	in       *instance
	rng      *rand.Rand
	cur      *state
	cand     *state
	best     *state
	removed  []int
	scratch  []int
	tried    []bool
	dirty    []bool
	ls       *localSearch
	iter     int64
	maxIter  int64
	deadline time.Time
	start    time.Time
	limit    time.Duration
	onBest   func(w *worker)
	stop     func() bool
}

func newWorker(in *instance, seed uint64) *worker {
	w := &worker{
		in:    in,
		rng:   rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		cur:   newState(in),
		cand:  newState(in),
		best:  newState(in),
		tried: make([]bool, in.nClasses),
		dirty: make([]bool, in.m),
	}
	w.ls = newLocalSearch(in)
	return w
}

// construct builds the first solution by inserting every job greedily.
func (w *worker) construct() {
	all := make([]int, 0, w.in.n)
	for j := 0; j < w.in.n; j++ {
		if !w.in.hopeless[j] {
			all = append(all, j)
		}
	}
	w.in.recreate(w.cur, w.rng, all, &w.scratch, w.tried)
	w.polish(w.cur)
	w.best.copyFrom(w.cur)
}

// progress is the share of the budget used, in [0, 1]. With an iteration limit it
// depends on iterations only, so that runs are reproducible.
func (w *worker) progress() float64 {
	if w.maxIter > 0 {
		return float64(w.iter) / float64(w.maxIter)
	}
	if w.limit > 0 {
		return float64(time.Since(w.start)) / float64(w.limit)
	}
	return 0
}

func (w *worker) done() bool {
	if w.maxIter > 0 && w.iter >= w.maxIter {
		return true
	}
	if w.limit > 0 && w.iter&63 == 0 && !time.Now().Before(w.deadline) {
		return true
	}
	return w.stop != nil && w.iter&63 == 0 && w.stop()
}

// run performs SISR iterations until the budget is spent: ruin, recreate, and
// accept by simulated annealing; new best solutions are polished by local search.
func (w *worker) run() {
	in := w.in
	t0 := tempStart * in.scale
	tf := tempEnd * in.scale
	var stall, lastBest int64 // restart from the best after stall idle iterations
	if in.p.Objective == MaxPrize {
		// Prizes are coarse: giving up one customer to make room for better ones is a
		// step the search must be hot enough to take (see tempStartPrize).
		t0, tf = tempStartPrize*in.scale, tempEndPrize*in.scale
		stall = stallPrize
	}
	temp := t0
	for !w.done() {
		if stall > 0 && w.iter-lastBest > stall {
			w.cur.copyFrom(w.best)
			lastBest = w.iter
		}
		if w.iter&255 == 0 {
			temp = t0 * math.Pow(tf/t0, math.Min(1, w.progress()))
		}
		w.iter++
		w.cand.copyFrom(w.cur)
		for k := range w.dirty {
			w.dirty[k] = false
		}
		in.ruin(w.cand, w.rng, w.removed[:0], w.dirty)
		// Removed jobs and those left out before both get inserted again, so that
		// skipped optional jobs get another chance at every iteration.
		w.collectUnassigned(w.cand)
		in.recreate(w.cand, w.rng, w.removed, &w.scratch, w.tried)
		if in.p.Objective == MaxPrize && w.ls.replacePass(w.cand) {
			// Full routes take better customers in place of worse ones at every
			// iteration, not only when polished; the customers let go may fit elsewhere.
			w.collectUnassigned(w.cand)
			in.recreate(w.cand, w.rng, w.removed, &w.scratch, w.tried)
		}
		if w.cand.cost < w.best.cost-1e-9+in.polishSlack {
			w.polish(w.cand)
		}
		if w.cand.cost < w.cur.cost-temp*math.Log(w.rng.Float64()) {
			w.cur, w.cand = w.cand, w.cur
			if w.cur.cost < w.best.cost-1e-9 {
				w.best.copyFrom(w.cur)
				lastBest = w.iter
				if w.onBest != nil {
					w.onBest(w)
				}
			}
		}
	}
}

// collectUnassigned sets w.removed to the jobs s leaves out that some vehicle could
// serve.
func (w *worker) collectUnassigned(s *state) {
	w.removed = w.removed[:0]
	for j, k := range s.where {
		if k < 0 && !w.in.hopeless[j] {
			w.removed = append(w.removed, j)
		}
	}
}

// polish runs local search on s and then, when jobs are left out, tries to insert
// them into the slack the local search freed, repeating while that helps.
func (w *worker) polish(s *state) {
	in := w.in
	for round := 0; round < 3; round++ {
		w.ls.run(s, w.rng)
		w.collectUnassigned(s)
		if len(w.removed) == 0 {
			return
		}
		before := s.cost
		in.recreate(s, w.rng, w.removed, &w.scratch, w.tried)
		if s.cost >= before-1e-9 {
			return
		}
	}
	w.ls.run(s, w.rng)
}
