package vrp

import (
	"math"
	"math/rand/v2"
	"sort"
)

// recreate inserts the given jobs one by one at their cheapest feasible position
// (SISR's greedy insertion with blinks: each position is skipped with a small
// probability, which diversifies the search at almost no cost). The order is random,
// by decreasing demand, or by distance from the depot, drawn with SISR's weights.
// Optional jobs are inserted only when that costs less than their prize.
func (in *instance) recreate(s *state, rng *rand.Rand, jobs []int, scratch *[]int, tried []bool) {
	if in.p.Objective == MaxPrize && rng.IntN(2) == 0 {
		in.sortByRatio(s, jobs, rng)
	} else {
		in.sortForInsertion(jobs, rng)
	}
	for _, j := range jobs {
		in.insertBest(s, rng, j, scratch, tried)
	}
	s.cost = in.totalCost(s)
}

// insertBest inserts j at its cheapest position, or leaves it unassigned.
func (in *instance) insertBest(s *state, rng *rand.Rand, j int, scratch *[]int, tried []bool) bool {
	best := math.Inf(1)
	bestK, bestI := -1, -1
	for c := range tried {
		tried[c] = false
	}
	if s.routeCap > 0 && s.usedRoutes() >= s.routeCap {
		// Fleet minimisation: no new route may be opened; mark every class tried.
		for c := range tried {
			tried[c] = true
		}
	}
	lj := in.loc[j]
	dj := in.dist[lj]
	// Blinks are drawn as geometric gaps between skipped positions: one random number
	// per hundred positions rather than one per position.
	skip := blinkGap(rng)
	for k := range s.routes {
		r := &s.routes[k]
		if !in.compat[r.v][j] || !in.fits(r, j) {
			continue
		}
		extra := 0.0
		n := len(r.jobs)
		if n == 0 {
			// Identical empty vehicles are interchangeable: try one per class.
			if tried[in.class[r.v]] {
				continue
			}
			tried[in.class[r.v]] = true
			extra = in.fixed[r.v]
		}
		v := &in.p.Vehicles[r.v]
		prev := v.Start
		for i := 0; i <= n; i++ {
			next := v.End
			if i < n {
				next = in.loc[r.jobs[i]]
			}
			a := prev
			prev = next
			if skip--; skip < 0 {
				skip = blinkGap(rng)
				continue
			}
			dd := in.dist[a][lj] + dj[next]
			if n > 0 {
				dd -= in.dist[a][next]
			}
			c := in.distW*dd + extra
			if c >= best {
				continue
			}
			if in.insertFeasible(r, j, i, a, next, dd, scratch) {
				best, bestK, bestI = c, k, i
			}
		}
	}
	if bestK < 0 || best >= in.penalty[j] {
		return false
	}
	in.insert(s, bestK, j, bestI)
	return true
}

// blinkGap draws how many positions to evaluate before the next blink.
func blinkGap(rng *rand.Rand) int {
	return int(math.Log(1-rng.Float64()) / math.Log(1-blinkRate))
}

// insertFeasible checks inserting j at position i of r, between locations a and b,
// adding dd to the route's distance.
func (in *instance) insertFeasible(r *route, j, i, a, b int, dd float64, scratch *[]int) bool {
	if r.dist+dd > in.maxDist[r.v]+eps {
		return false
	}
	if in.complexVeh[r.v] {
		seq := append((*scratch)[:0], r.jobs[:i]...)
		seq = append(seq, j)
		seq = append(seq, r.jobs[i:]...)
		*scratch = seq
		return in.seqFeasible(r.v, seq)
	}
	lj := in.loc[j]
	s := concat(r.fwd[i], in.node[j], in.dur[a][lj])
	if s.tw > eps {
		return false
	}
	s = concat(s, r.bwd[i], in.dur[lj][b])
	return s.tw <= eps && s.dur <= in.maxDur[r.v]+eps
}

func (in *instance) sortForInsertion(jobs []int, rng *rand.Rand) {
	// SISR's weights: random 4, demand 4, far 2, close 1.
	x := rng.IntN(11)
	switch {
	case x < 4:
		rng.Shuffle(len(jobs), func(a, b int) { jobs[a], jobs[b] = jobs[b], jobs[a] })
	case x < 8:
		rng.Shuffle(len(jobs), func(a, b int) { jobs[a], jobs[b] = jobs[b], jobs[a] })
		sort.SliceStable(jobs, func(a, b int) bool { return in.weight(jobs[a]) > in.weight(jobs[b]) })
	case x < 10:
		sort.SliceStable(jobs, func(a, b int) bool { return in.depotDist(jobs[a]) > in.depotDist(jobs[b]) })
	default:
		sort.SliceStable(jobs, func(a, b int) bool { return in.depotDist(jobs[a]) < in.depotDist(jobs[b]) })
	}
}

// weight ranks jobs for the "largest first" order: the prize when collecting prizes
// (the most valuable jobs claim route time first), the total demand otherwise.
func (in *instance) weight(j int) float64 {
	if in.p.Objective == MaxPrize {
		return in.p.Jobs[j].Prize
	}
	return in.demandSum(j)
}

func (in *instance) demandSum(j int) float64 {
	s := 0.0
	for _, q := range in.demand[j] {
		s += q
	}
	return s
}

// depotDist is the distance from the first vehicle's depot, the reference SISR uses.
func (in *instance) depotDist(j int) float64 {
	return in.dist[in.p.Vehicles[0].Start][in.loc[j]]
}

// sortByRatio orders jobs by decreasing prize per unit of the cheapest detour that
// would serve them (ignoring time feasibility), with a little noise. Under MaxPrize
// it lets valuable, cheap jobs claim the limited route time first.
func (in *instance) sortByRatio(s *state, jobs []int, rng *rand.Rand) {
	key := make([]float64, in.n)
	for _, j := range jobs {
		lj := in.loc[j]
		best := math.Inf(1)
		for k := range s.routes {
			r := &s.routes[k]
			v := &in.p.Vehicles[r.v]
			if len(r.jobs) == 0 {
				best = fmin(best, in.dist[v.Start][lj]+in.dist[lj][v.End])
				continue
			}
			prev := v.Start
			for i := 0; i <= len(r.jobs); i++ {
				next := v.End
				if i < len(r.jobs) {
					next = in.loc[r.jobs[i]]
				}
				best = fmin(best, in.dist[prev][lj]+in.dist[lj][next]-in.dist[prev][next])
				prev = next
			}
		}
		key[j] = in.p.Jobs[j].Prize / (best + 1e-6) * (0.8 + 0.4*rng.Float64())
	}
	sort.SliceStable(jobs, func(a, b int) bool { return key[jobs[a]] > key[jobs[b]] })
}
