package scheduler

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
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
// it depends on the machine's speed. Without either, it runs for DefaultLNSTime. It
// stops early once LNSStall iterations in a row have found nothing better.
type LNS struct{}

// DefaultLNSTime bounds a run given neither a time nor an iteration limit.
const DefaultLNSTime = 30 * time.Second

// LNSStall is the number of iterations without a new best plan after which the search
// stops: on a department it converges in seconds, and waiting longer wastes the user's
// time.
const LNSStall = 3000

// Temperatures of the annealing, in objective units (one consultation booked to need
// is worth Weights.Need = 1 by default): from accepting a loss of a few consultations
// early to accepting almost none at the end.
const (
	lnsTempStart = 4.0
	lnsTempEnd   = 0.05
)

// removal is a session taken out of the plan, to put back if the move is rejected.
type removal struct {
	slotRef
	pl *placed
}

// Plan implements Planner.
func (LNS) Plan(ctx context.Context, sc *medibus.Scenario, opt Options) (*medibus.Plan, error) {
	began := time.Now()
	if opt.TimeLimit <= 0 && opt.Iterations <= 0 {
		opt.TimeLimit = DefaultLNSTime
	}
	p, err := compile(ctx, sc, opt)
	if err != nil {
		return nil, err
	}
	st := newState(p, opt.Weights.withDefaults())
	if err := st.placePins(); err != nil {
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
}

func newLNSSearch(st *state, opt Options, began time.Time) *lnsSearch {
	p := st.p
	s := &lnsSearch{st: st, opt: opt, began: began, rng: rand.New(rand.NewPCG(uint64(opt.Seed), 0x6d656469627573))}
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
	if ctx.Err() != nil {
		return true
	}
	if s.opt.Iterations > 0 && s.iter >= s.opt.Iterations {
		return true
	}
	if s.iter-s.lastBest >= LNSStall {
		return true
	}
	// The clock is read every few iterations only; with an iteration limit the time
	// limit still applies, as a safety net.
	return s.opt.TimeLimit > 0 && s.iter%8 == 0 && time.Since(s.began) >= s.opt.TimeLimit
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
		st.tabu = make(map[[4]int]bool, len(removed))
		var units []int
		for _, r := range removed {
			st.tabu[[4]int{r.unit, r.pl.site, r.day, int(r.half)}] = true
			if !slices.Contains(units, r.unit) {
				units = append(units, r.unit)
			}
		}
		st.score() // books need afresh, so that the repair sees what is left
		st.fillUnits(ctx, units, time.Time{}, 0, nil)
		st.tabu = nil
		val := math.Inf(-1)
		if _, err := st.completeRhythms(); err == nil {
			val = st.score()
		}
		st.journal = nil
		t := lnsTempStart * math.Pow(lnsTempEnd/lnsTempStart, s.progress())
		if val >= s.cur || s.rng.Float64() < math.Exp((val-s.cur)/t) {
			s.cur = val
			if val > s.bestVal+1e-9 {
				s.bestVal = val
				s.best = st.snapshot()
				s.lastBest = s.iter
			}
		} else {
			st.undo(journal)
		}
		if s.opt.Progress != nil && (time.Since(lastReport) > 200*time.Millisecond) {
			lastReport = time.Now()
			total := s.opt.Iterations
			if total == 0 {
				total = int(s.opt.TimeLimit / time.Millisecond)
				s.opt.Progress(Progress{Phase: "optimise", Done: int(time.Since(s.began) / time.Millisecond), Total: total, Objective: s.bestVal, Iterations: s.iter})
			} else {
				s.opt.Progress(Progress{Phase: "optimise", Done: s.iter, Total: total, Objective: s.bestVal, Iterations: s.iter})
			}
		}
	}
	if s.opt.Progress != nil {
		s.opt.Progress(Progress{Phase: "optimise", Done: 1, Total: 1, Objective: s.bestVal, Iterations: s.iter})
	}
}

// ruin removes a group of related, unpinned sessions and returns them.
func (s *lnsSearch) ruin() []removal {
	st, p := s.st, s.st.p
	nu := len(p.sc.Units)
	u0 := s.rng.IntN(nu)
	take := func(keep func(u, day int, h medibus.Half, pl *placed) bool, units []int) []removal {
		var out []removal
		for _, u := range units {
			for day := 0; day < p.days; day++ {
				for h := medibus.AM; h <= medibus.PM; h++ {
					pl := st.slot[u][day][h]
					if pl != nil && !pl.pinned && keep(u, day, h, pl) {
						out = append(out, removal{slotRef{u, day, h}, st.remove(u, day, h)})
					}
				}
			}
		}
		return out
	}
	area := func(k int) []int { return s.near[u0][:min(k, nu)] }
	switch op := s.rng.IntN(4); op {
	case 0: // neighbouring buses over a block of days
		first := s.rng.IntN(p.days)
		span := 2 + s.rng.IntN(6)
		return take(func(_, day int, _ medibus.Half, _ *placed) bool {
			return (day-first+p.days)%p.days < span
		}, area(1+s.rng.IntN(3)))
	case 1: // one day across an area
		day0 := s.rng.IntN(p.days)
		return take(func(_, day int, _ medibus.Half, _ *placed) bool { return day == day0 }, area(3+s.rng.IntN(6)))
	case 2: // every session of one staff member on the buses around
		units := area(6)
		var crew []int
		for _, u := range units[:1] {
			for day := 0; day < p.days; day++ {
				for _, pl := range st.slot[u][day] {
					if pl != nil {
						crew = append(crew, pl.staff...)
					}
				}
			}
		}
		if len(crew) == 0 {
			return nil
		}
		m := crew[s.rng.IntN(len(crew))]
		return take(func(_, _ int, _ medibus.Half, pl *placed) bool { return slices.Contains(pl.staff, m) }, units)
	default: // one service across an area
		v := s.rng.IntN(len(p.sc.Services))
		return take(func(_, _ int, _ medibus.Half, pl *placed) bool { return pl.service == v }, area(2+s.rng.IntN(5)))
	}
}

// undo reverts the changes of a journal, last first.
func (st *state) undo(journal []change) {
	for i := len(journal) - 1; i >= 0; i-- {
		c := journal[i]
		if c.add {
			st.remove(c.unit, c.day, c.half)
		} else {
			st.place(c.unit, c.pl, c.day, c.half, 0)
		}
	}
}

// snapshot lists the unpinned sessions of the state.
func (st *state) snapshot() []removal {
	var out []removal
	for u := range st.slot {
		for day := range st.slot[u] {
			for h, pl := range st.slot[u][day] {
				if pl != nil && !pl.pinned {
					out = append(out, removal{slotRef{u, day, medibus.Half(h)}, pl})
				}
			}
		}
	}
	return out
}

// restore replaces the unpinned sessions of the state with those of a snapshot.
func (st *state) restore(snap []removal) {
	for u := range st.slot {
		for day := range st.slot[u] {
			for h, pl := range st.slot[u][day] {
				if pl != nil && !pl.pinned {
					st.remove(u, day, medibus.Half(h))
				}
			}
		}
	}
	for _, r := range snap {
		st.place(r.unit, r.pl, r.day, r.half, 0)
	}
}

// score books need afresh, in the order the final plan does, and returns the objective
// of the state: people in need within the catchment of a session of each service they
// need, consultations booked to need, and km driven, weighted.
func (st *state) score() float64 {
	p := st.p
	booked, km := 0, 0.0
	if bad := st.book(func(_, _ int, d dayPlan, stops [2]bookedStop) {
		km += dayKm(d)
		for _, c := range stops {
			booked += c.patients
		}
	}); bad != nil {
		return math.Inf(-1)
	}
	cov := 0.0
	for v := range st.covered {
		for c, n := range st.covered[v] {
			if n > 0 && p.need[v][c] > 0 {
				cov += float64(p.inNeed[c])
			}
		}
	}
	return st.w.Coverage*cov + st.w.Need*float64(booked) - st.w.DriveKm*km
}
