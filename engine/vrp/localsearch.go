package vrp

import "math/rand/v2"

// granularity is the number of nearest neighbours each job considers in local
// search (Toth & Vigo's granular neighbourhoods): good moves almost always create an
// arc between close jobs, so the other pairs are not worth evaluating.
const granularity = 20

// minGain is the least cost decrease that makes a move worth applying, against
// cycling on rounding noise.
const minGain = -1e-9

// localSearch improves a state with first-improvement moves over a granular
// neighbourhood: relocate, swap and 2-opt* between routes; relocate (single jobs and
// strings of two or three, Or-opt) and 2-opt within a route; and replacing a routed
// job by an unassigned optional one. Inter-route moves cost O(1) each through the
// segment data. Routes of vehicles with breaks (or problems with several windows per
// job) are left to the ruin-and-recreate search, which handles them by simulation.
type localSearch struct {
	in    *instance
	order []int
	seq   []int
}

// granular returns the granularity nearest neighbours of job u (u itself excluded).
func (in *instance) granular(u int) []int {
	return in.neighbours[u][1:min(len(in.neighbours[u]), granularity+1)]
}

func newLocalSearch(in *instance) *localSearch {
	ls := &localSearch{in: in, order: make([]int, in.n)}
	for j := range ls.order {
		ls.order[j] = j
	}
	return ls
}

// run applies improving moves until none is left, and updates s.cost.
func (ls *localSearch) run(s *state, rng *rand.Rand) {
	in := ls.in
	for k := range s.routes {
		if s.routes[k].stale {
			in.refresh(s, k)
		}
	}
	rng.Shuffle(len(ls.order), func(a, b int) { ls.order[a], ls.order[b] = ls.order[b], ls.order[a] })
	for improved := true; improved; {
		improved = false
		for _, u := range ls.order {
			ku := s.where[u]
			if ku < 0 || in.complexVeh[s.routes[ku].v] {
				continue
			}
			for _, v := range in.granular(u) {
				kv := s.where[v]
				if kv < 0 || in.complexVeh[s.routes[kv].v] {
					continue
				}
				if ls.try(s, u, v) {
					improved = true
					ku = s.where[u]
					if ku < 0 {
						break
					}
				}
			}
		}
		if !improved {
			improved = ls.replacePass(s)
		}
	}
	s.cost = in.totalCost(s)
}

// try evaluates every operator on the pair (u, v) and applies the first improving one.
func (ls *localSearch) try(s *state, u, v int) bool {
	in := ls.in
	if s.where[u] != s.where[v] {
		if d := in.relocateDelta(s, u, v, true); d < minGain {
			in.applyRelocate(s, u, v, true)
			return true
		}
		if d := in.relocateDelta(s, u, v, false); d < minGain {
			in.applyRelocate(s, u, v, false)
			return true
		}
		if d := in.swapDelta(s, u, v); d < minGain {
			in.applySwap(s, u, v)
			return true
		}
		if d := in.twoOptStarDelta(s, u, v); d < minGain {
			in.applyTwoOptStar(s, u, v)
			return true
		}
		return false
	}
	for _, kind := range intraKinds {
		if d := ls.intraDelta(s, u, v, kind); d < minGain {
			ls.applyIntra(s, u, v, kind)
			return true
		}
	}
	return false
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
