package vrp

import (
	"math"
	"math/rand/v2"

	"medibus/engine/anytime"
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
	in      *instance
	rng     *rand.Rand
	cur     *state
	cand    *state
	best    *state
	removed []int
	scratch []int
	tried   []bool
	dirty   []bool
	ls      *localSearch
	iter    int64
	budget  *anytime.Budget
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

// Search builds a first solution, minimises the fleet when vehicles come first, and
// anneals until the budget is spent.
func (w *worker) Search(b *anytime.Budget) {
	w.budget = b
	w.construct()
	w.improved()
	if w.in.p.Objective == MinVehiclesThenDistance {
		w.minimiseFleet()
	}
	w.anneal()
}

// BestCost is the cost of the best solution, which always exists (jobs left out are
// priced in).
func (w *worker) BestCost() (float64, bool) { return w.best.cost, true }

// improved reports a new best solution to the budget.
func (w *worker) improved() {
	w.budget.Improved(w.iter, w.best.cost, w.in.feasible(w.best))
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

// temperatures returns the annealing's first and last temperature.
func (w *worker) temperatures() (t0, tf float64) {
	in := w.in
	if in.p.Objective == MaxPrize {
		// Prizes are coarse: giving up one customer to make room for better ones is a
		// step the search must be hot enough to take (see tempStartPrize).
		return tempStartPrize * in.scale, tempEndPrize * in.scale
	}
	return tempStart * in.scale, tempEnd * in.scale
}

// anneal performs SISR iterations until the budget is spent: ruin, recreate, and
// accept by simulated annealing; new best solutions are polished by local search.
func (w *worker) anneal() {
	in := w.in
	t0, tf := w.temperatures()
	var stall, lastBest int64 // restart from the best after stall idle iterations
	if in.p.Objective == MaxPrize {
		stall = stallPrize
	}
	temp := t0
	for !w.budget.Done(w.iter) {
		if stall > 0 && w.iter-lastBest > stall {
			w.cur.copyFrom(w.best)
			lastBest = w.iter
		}
		if w.iter&255 == 0 {
			temp = t0 * math.Pow(tf/t0, w.budget.Fraction(w.iter))
		}
		w.iter++
		w.cand.copyFrom(w.cur)
		w.ruinAndRecreate(w.cand)
		if w.cand.cost < w.best.cost-1e-9+in.polishSlack {
			w.polish(w.cand)
		}
		if w.cand.cost < w.cur.cost-temp*math.Log(w.rng.Float64()) {
			w.cur, w.cand = w.cand, w.cur
			if w.cur.cost < w.best.cost-1e-9 {
				w.best.copyFrom(w.cur)
				lastBest = w.iter
				w.improved()
			}
		}
	}
}

// ruinAndRecreate is one SISR step on s: remove strings of jobs, then insert again
// those and every job left out before, so that skipped optional jobs get another
// chance at every iteration.
func (w *worker) ruinAndRecreate(s *state) {
	in := w.in
	for k := range w.dirty {
		w.dirty[k] = false
	}
	in.ruin(s, w.rng, w.removed[:0], w.dirty)
	w.collectUnassigned(s)
	in.recreate(s, w.rng, w.removed, &w.scratch, w.tried)
	if in.p.Objective == MaxPrize && w.ls.replacePass(s) {
		// Full routes take better customers in place of worse ones at every
		// iteration, not only when polished; the customers let go may fit elsewhere.
		w.collectUnassigned(s)
		in.recreate(s, w.rng, w.removed, &w.scratch, w.tried)
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
