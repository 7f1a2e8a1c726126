package vrp

import "math"

// fleetShare is the part of the budget spent minimising the fleet when the objective
// ranks vehicles first.
const fleetShare = 0.4

// minimiseFleet is SISR's fleet minimisation (Christiaens & Vanden Berghe 2020,
// section 5): empty one route, forbid new routes, and ruin-and-recreate until every
// job is back. A candidate is accepted when it leaves fewer jobs out, or jobs that
// were left out less often (absence counters), which pushes the search to place the
// hard jobs first. Each success removes another route.
func (w *worker) minimiseFleet() {
	if !w.in.feasible(w.best) {
		return
	}
	f := &fleetSearch{w: w, cur: w.cur, absence: make([]int, w.in.n)}
	f.cur.copyFrom(w.best)
	if f.dropRoute() {
		f.left, f.absent = f.unserved(f.cur)
		for !w.budget.Done(w.iter) && w.budget.Fraction(w.iter) < fleetShare {
			if !f.step() {
				break
			}
		}
	}
	w.cur = f.cur
	w.cur.copyFrom(w.best)
}

// fleetSearch is the state of a fleet minimisation: the current solution, which may
// leave mandatory jobs out, and how often each job was left out by a candidate.
type fleetSearch struct {
	w       *worker
	cur     *state
	absence []int
	// left is the number of mandatory jobs cur leaves out; absent the sum of their
	// absence counters.
	left, absent int
}

// step runs one iteration with the route count capped; it reports false once no
// route can be dropped any more.
func (f *fleetSearch) step() bool {
	w := f.w
	w.iter++
	w.cand.copyFrom(f.cur)
	w.ruinAndRecreate(w.cand)
	left, absent := f.unserved(w.cand)
	for j, k := range w.cand.where {
		if k < 0 && !w.in.p.Jobs[j].Optional {
			f.absence[j]++
		}
	}
	if left >= f.left && absent >= f.absent {
		return true
	}
	f.cur, w.cand = w.cand, f.cur
	f.left, f.absent = left, absent
	if left > 0 {
		return true
	}
	// Every job is back with one route fewer: a new best, and the next route to drop.
	w.ls.run(f.cur, w.rng)
	w.best.copyFrom(f.cur)
	w.best.routeCap = 0
	w.improved()
	if !f.dropRoute() {
		return false
	}
	f.left, f.absent = f.unserved(f.cur)
	return true
}

// unserved counts the mandatory jobs s leaves out and sums their absence counters.
func (f *fleetSearch) unserved(s *state) (left, absent int) {
	for j, k := range s.where {
		if k < 0 && !f.w.in.p.Jobs[j].Optional {
			left++
			absent += f.absence[j]
		}
	}
	return left, absent
}

// dropRoute empties the route of cur with the fewest jobs, the easiest to
// redistribute, and caps the number of routes below the count before; it reports
// false when cur has a single route.
func (f *fleetSearch) dropRoute() bool {
	in, cur := f.w.in, f.cur
	used := cur.usedRoutes()
	if used <= 1 {
		return false
	}
	bestK, bestLen := -1, math.MaxInt
	for k := range cur.routes {
		if l := len(cur.routes[k].jobs); l > 0 && l < bestLen {
			bestK, bestLen = k, l
		}
	}
	for _, j := range cur.routes[bestK].jobs {
		cur.where[j] = -1
	}
	cur.routes[bestK].jobs = cur.routes[bestK].jobs[:0]
	in.refreshSearch(cur, bestK)
	cur.routeCap = used - 1
	cur.cost = in.totalCost(cur)
	return true
}
