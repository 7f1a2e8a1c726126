package pvrp

import (
	"math"
	"math/rand/v2"

	"medibus/engine/anytime"
)

// Annealing temperatures, in units of the instance's typical edge (instance.scale).
const (
	tempStart = 3.0
	tempEnd   = 0.03
	// dayOnlyShare is the share of iterations whose ruin keeps patterns.
	dayOnlyShare = 0.5
	// lambdaPeriod iterations between overload weight updates; feasibleTarget is
	// the wanted share of feasible current plans.
	lambdaPeriod   = 100
	feasibleTarget = 0.5
	// constructLambda multiplies the overload weight for the first plan.
	constructLambda = 1000.0
)

// blinkThreshold skips an improving insertion position with probability 1 %.
const blinkThreshold = uint64(math.MaxUint64 / 100)

// worker runs one independent annealing search.
type worker struct {
	in        *instance
	rng       *rand.Rand
	cur, cand *state
	best      *state
	haveBest  bool
	iter      int64
	budget    *anytime.Budget
	// lambda weighs overload; it adapts so that about feasibleTarget of the
	// current plans respect capacities.
	lambda    float64
	feasibleN int
	ins       []insertion
	list, tmp []int32
	ruined    []int32
	key       []float64
}

func newWorker(in *instance, seed uint64) *worker {
	w := &worker{in: in, rng: rand.New(rand.NewPCG(seed, seed^0x5851f42d4c957f2d))}
	w.cur, w.cand, w.best = newState(in), newState(in), newState(in)
	w.ins = make([]insertion, in.days)
	w.key = make([]float64, in.n)
	// Overloading by a mean demand first costs about a round trip from the depot.
	w.lambda = 2 * in.meanDepotDist() / in.meanDemand()
	return w
}

func (w *worker) blink() bool { return w.rng.Uint64() < blinkThreshold }

// Search builds a first plan and anneals until the budget is spent.
func (w *worker) Search(b *anytime.Budget) {
	w.budget = b
	w.construct()
	w.anneal()
}

// BestCost is the distance of the best feasible plan; ok is false until one is
// found.
func (w *worker) BestCost() (float64, bool) { return w.best.dist, w.haveBest }

// construct builds the first plan with a prohibitive overload weight, so that it is
// feasible whenever greedy insertion allows.
func (w *worker) construct() {
	lambda := w.lambda
	w.lambda *= constructLambda
	w.recreate(w.cur)
	w.lambda = lambda
	w.cur.recompute()
	w.offer(w.cur)
}

// anneal runs ruin-and-recreate iterations until the budget is spent, accepting by
// simulated annealing.
func (w *worker) anneal() {
	temp := tempStart * w.in.scale
	for !w.budget.Done(w.iter) {
		if w.iter&63 == 0 {
			temp = w.in.scale * tempStart * math.Pow(tempEnd/tempStart, w.budget.Fraction(w.iter))
		}
		w.iter++
		w.cand.copyFrom(w.cur)
		w.ruin(w.cand, w.rng.Float64() < dayOnlyShare)
		w.recreate(w.cand)
		// Accept like SISR: below the current cost plus a random threshold.
		if w.cand.cost(w.lambda) < w.cur.cost(w.lambda)-temp*math.Log(w.rng.Float64()) {
			w.cur, w.cand = w.cand, w.cur
			w.offer(w.cur)
		}
		w.adaptLambda()
	}
}

// adaptLambda raises the overload weight when too few recent current plans were
// feasible and lowers it when too many were, every lambdaPeriod iterations.
func (w *worker) adaptLambda() {
	if w.cur.over <= eps {
		w.feasibleN++
	}
	if w.iter%lambdaPeriod != 0 {
		return
	}
	share := float64(w.feasibleN) / float64(lambdaPeriod)
	w.feasibleN = 0
	switch {
	case share < feasibleTarget-0.1:
		w.lambda *= 1.3
	case share > feasibleTarget+0.1:
		w.lambda = max(w.lambda/1.3, 1e-9)
	}
}

// offer keeps s as the best plan when it serves everyone more cheaply, after
// polishing it in place by local search.
func (w *worker) offer(s *state) {
	if !s.feasible() || (w.haveBest && s.dist >= w.best.dist-1e-9) {
		return
	}
	w.polish(s)
	w.best.copyFrom(s)
	w.best.recompute()
	w.haveBest = true
	w.budget.Improved(w.iter, w.best.dist, true)
}
