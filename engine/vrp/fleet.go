package vrp

import (
	"math"
)

// fleetShare is the part of the budget spent minimising the fleet when the objective
// ranks vehicles first.
const fleetShare = 0.4

// minimiseFleet is SISR's fleet minimisation (Christiaens & Vanden Berghe 2020,
// section 5): empty one route, forbid new routes, and ruin-and-recreate until every
// job is back. A candidate is accepted when it leaves fewer jobs out, or jobs that
// were left out less often (absence counters), which pushes the search to place the
// hard jobs first. Each success removes another route.
func (w *worker) minimiseFleet() {
	in := w.in
	if !in.feasible(w.best) {
		return
	}
	absence := make([]int, in.n)
	cur := w.cur
	cur.copyFrom(w.best)
	sumAbs := func(s *state) (int, int) {
		cnt, sum := 0, 0
		for j, k := range s.where {
			if k < 0 && !in.p.Jobs[j].Optional {
				cnt++
				sum += absence[j]
			}
		}
		return cnt, sum
	}
	dropRoute := func() bool {
		used := cur.usedRoutes()
		if used <= 1 {
			return false
		}
		// Drop the route with the fewest jobs, the easiest to redistribute.
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
	if !dropRoute() {
		return
	}
	curCnt, curSum := sumAbs(cur)
	for !w.done() && w.progress() < fleetShare {
		w.iter++
		w.cand.copyFrom(cur)
		for k := range w.dirty {
			w.dirty[k] = false
		}
		in.ruin(w.cand, w.rng, w.removed[:0], w.dirty)
		w.removed = w.removed[:0]
		for j, k := range w.cand.where {
			if k < 0 && !in.hopeless[j] {
				w.removed = append(w.removed, j)
			}
		}
		in.recreate(w.cand, w.rng, w.removed, &w.scratch, w.tried)
		cnt, sum := sumAbs(w.cand)
		for j, k := range w.cand.where {
			if k < 0 && !in.p.Jobs[j].Optional {
				absence[j]++
			}
		}
		if cnt < curCnt || sum < curSum {
			cur, w.cand = w.cand, cur
			curCnt, curSum = cnt, sum
			if cnt == 0 {
				w.ls.run(cur, w.rng)
				w.best.copyFrom(cur)
				w.best.routeCap = 0
				if w.onBest != nil {
					w.onBest(w)
				}
				if !dropRoute() {
					break
				}
				curCnt, curSum = sumAbs(cur)
			}
		}
	}
	w.cur = cur
	w.cur.copyFrom(w.best)
}
