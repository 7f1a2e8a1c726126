package scheduler

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/paulmach/orb/geo"

	"medibus"
)

// LNS is the optimiser: it starts from the greedy plan and improves it by large
// neighbourhood search over the whole cycle. Each iteration removes a group of related
// sessions — those of a few neighbouring buses over some days, of one day in an area,
// of one staff member, or of one service in an area — and lets the greedy place
// sessions again in the freed half-days, forbidding it to rebuild exactly what was
// removed; rhythms are then completed; the result is accepted by simulated annealing
// on the plan's objective, booked exactly as the final plan is. Pinned sessions are
// never removed.
//
// With an iteration limit and a seed the result is reproducible; with only a time limit
// it depends on the machine's speed. Without either, it runs for defaultLNSTime. It uses
// its whole budget unless it has converged: once it has cooled (lnsCooled of the
// budget spent), lnsStall iterations in a row without a better plan end it. Stopping
// on a stall while still hot would make a longer limit worse: its temperature falls
// more slowly, so it stalled earlier and hotter.
type LNS struct{}

// defaultLNSTime bounds a run given neither a time nor an iteration limit.
const defaultLNSTime = 30 * time.Second

// lnsStall is the number of iterations without a new best plan, once the search has
// cooled, after which it stops: on a department it converges in seconds, and waiting
// longer wastes the user's time.
const lnsStall = 3000

// lnsCooled is the share of the budget after which the search counts as cooled: its
// temperature is then below 2 % of where it started.
const lnsCooled = 0.9

// Temperatures of the annealing, in objective units (one consultation booked to need
// is worth Weights.Need = 1 by default): from accepting a loss of a few consultations
// early to accepting almost none at the end.
const (
	lnsTempStart = 4.0
	lnsTempEnd   = 0.05
)

// Plan implements Planner.
func (LNS) Plan(ctx context.Context, sc *medibus.Scenario, opt Options) (*medibus.Plan, error) {
	began := time.Now()
	if opt.TimeLimit <= 0 && opt.Iterations <= 0 {
		opt.TimeLimit = defaultLNSTime
	}
	st, err := start(ctx, sc, opt)
	if err != nil {
		return nil, err
	}
	if err := st.fillAndComplete(ctx, nil, time.Time{}, 0, nil); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	search := newLNSSearch(st, opt, began)
	search.run(ctx)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	st.restore(search.best)
	pl, err := st.plan(opt)
	if err != nil {
		return nil, err
	}
	pl.Engine = "lns"
	pl.KPIs.Search = search.report(st)
	return pl, nil
}

// lnsSearch is the state of one large-neighbourhood search.
type lnsSearch struct {
	st    *state
	opt   Options
	began time.Time
	rng   *rand.Rand
	// near lists, for each unit, the units in order of depot distance (itself first).
	near         [][]int
	cur, bestVal float64
	best         []removal
	iter         int
	lastBest     int // iteration of the last new best
	// cooledAt is the iteration at which the search cooled (-1: not yet); stopped
	// says why it ended.
	cooledAt int
	stopped  string
}

func newLNSSearch(st *state, opt Options, began time.Time) *lnsSearch {
	p := st.p
	s := &lnsSearch{st: st, opt: opt, began: began, rng: rand.New(rand.NewPCG(uint64(opt.Seed), 0x6d656469627573)), cooledAt: -1}
	n := len(p.sc.Units)
	s.near = make([][]int, n)
	for u := range n {
		order := make([]int, n)
		for i := range order {
			order[i] = i
		}
		from := p.depotPoint(p.depotOf[u])
		dist := make([]float64, n)
		for i := range n {
			dist[i] = geo.Distance(from, p.depotPoint(p.depotOf[i]))
		}
		sort.SliceStable(order, func(a, b int) bool {
			if order[a] == u || order[b] == u {
				return order[a] == u
			}
			return dist[order[a]] < dist[order[b]]
		})
		s.near[u] = order
	}
	s.cur = st.score()
	s.bestVal = s.cur
	s.best = st.snapshot()
	return s
}

// progress returns how far the run is, in [0, 1].
func (s *lnsSearch) progress() float64 {
	if s.opt.Iterations > 0 {
		return float64(s.iter) / float64(s.opt.Iterations)
	}
	return math.Min(1, float64(time.Since(s.began))/float64(s.opt.TimeLimit))
}

func (s *lnsSearch) done(ctx context.Context) bool {
	switch {
	case ctx.Err() != nil:
		s.stopped = "interrupted"
	case s.opt.Iterations > 0 && s.iter >= s.opt.Iterations:
		s.stopped = "iteration limit"
	case s.cooledAt >= 0 && s.iter-max(s.lastBest, s.cooledAt) >= lnsStall:
		s.stopped = fmt.Sprintf("converged (no better plan in %d iterations once cooled, at %.0f %% of the budget)", lnsStall, 100*s.progress())
	// The clock is read every few iterations only; with an iteration limit the time
	// limit still applies, as a safety net.
	case s.opt.TimeLimit > 0 && s.iter%8 == 0 && time.Since(s.began) >= s.opt.TimeLimit:
		s.stopped = "time limit"
	default:
		if s.cooledAt < 0 && s.iter%8 == 0 && s.progress() >= lnsCooled {
			s.cooledAt = s.iter
		}
		return false
	}
	return true
}

// report says how the search went, with the objective of the state (restored to the
// best plan) in its parts.
func (s *lnsSearch) report(st *state) *medibus.Search {
	parts, _ := st.objective()
	out := &medibus.Search{Engine: "lns", Objective: parts.Total(), Parts: parts, Iterations: s.iter,
		Seconds: time.Since(s.began).Seconds(), LimitSeconds: s.opt.TimeLimit.Seconds(), IterationLimit: s.opt.Iterations, Stopped: s.stopped}
	return out
}

func (s *lnsSearch) run(ctx context.Context) {
	st := s.st
	lastReport := time.Now()
	var journal []change
	for ; !s.done(ctx); s.iter++ {
		journal = journal[:0]
		st.journal = &journal
		removed := s.ruin()
		if len(removed) == 0 {
			st.journal = nil
			continue
		}
		val := st.repair(ctx, removed)
		st.journal = nil
		s.accept(val, journal)
		if s.opt.Progress != nil && (time.Since(lastReport) > 200*time.Millisecond) {
			lastReport = time.Now()
			s.progressReport()
		}
	}
	if s.opt.Progress != nil {
		s.opt.Progress(Progress{Phase: "optimise", Done: 1, Total: 1, Objective: s.bestVal, Iterations: s.iter})
	}
}

// accept keeps a repaired plan of objective val by simulated annealing, or undoes the
// move from its journal.
func (s *lnsSearch) accept(val float64, journal []change) {
	t := lnsTempStart * math.Pow(lnsTempEnd/lnsTempStart, s.progress())
	if val >= s.cur || s.rng.Float64() < math.Exp((val-s.cur)/t) {
		s.cur = val
		if val > s.bestVal+1e-9 {
			s.bestVal = val
			s.best = s.st.snapshot()
			s.lastBest = s.iter
		}
		return
	}
	s.st.undo(journal)
}

// progressReport sends the run's progress: iterations of the limit, or milliseconds of
// the time limit.
func (s *lnsSearch) progressReport() {
	total := s.opt.Iterations
	if total == 0 {
		total = int(s.opt.TimeLimit / time.Millisecond)
		s.opt.Progress(Progress{Phase: "optimise", Done: int(time.Since(s.began) / time.Millisecond), Total: total, Objective: s.bestVal, Iterations: s.iter})
		return
	}
	s.opt.Progress(Progress{Phase: "optimise", Done: s.iter, Total: total, Objective: s.bestVal, Iterations: s.iter})
}
