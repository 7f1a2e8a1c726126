package vrp

import "math/rand/v2"

// granularity is the number of nearest neighbours each job considers in local
// search (Toth & Vigo's granular neighbourhoods): good moves almost always create an
// arc between close jobs, so the other pairs are not worth evaluating.
const granularity = 20

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
			for _, v := range in.adj[u][1:min(len(in.adj[u]), granularity+1)] {
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
	const minGain = -1e-9
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

// seqCost evaluates a complete job sequence for vehicle k by concatenation and
// returns its distance and whether it is feasible (time, capacity, distance).
func (in *instance) seqCost(k int, jobs []int) (float64, bool) {
	if len(jobs) == 0 {
		return 0, true
	}
	v := &in.p.Vehicles[k]
	s := in.start[k]
	dist := 0.0
	prev := v.Start
	var load [8]float64
	for _, j := range jobs {
		l := in.loc[j]
		s = concat(s, in.node[j], in.dur[prev][l])
		if s.tw > eps {
			return 0, false
		}
		dist += in.dist[prev][l]
		for d, q := range in.demand[j] {
			if d < len(load) {
				load[d] += q
			}
		}
		prev = l
	}
	s = concat(s, in.end[k], in.dur[prev][v.End])
	dist += in.dist[prev][v.End]
	for d := 0; d < min(in.dims, len(load)); d++ {
		if load[d] > in.capacity[k][d]+eps {
			return 0, false
		}
	}
	if in.dims > len(load) || in.complexVeh[k] {
		return dist, in.seqFeasibleFull(k, jobs, dist)
	}
	return dist, in.timeOK(k, s) && dist <= in.maxDist[k]+eps
}

// seqFeasibleFull checks a sequence without shortcuts (many dimensions, breaks,
// several windows).
func (in *instance) seqFeasibleFull(k int, jobs []int, dist float64) bool {
	load := make([]float64, in.dims)
	for _, j := range jobs {
		for d, q := range in.demand[j] {
			load[d] += q
		}
	}
	for d := range load {
		if load[d] > in.capacity[k][d]+eps {
			return false
		}
	}
	return dist <= in.maxDist[k]+eps && in.schedule(k, jobs, nil)
}
