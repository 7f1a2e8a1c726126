package scheduler

import (
	"context"
	"math"
	"slices"
)

// regretWidth is how many (site, service) pairs, those of highest value bound, the
// regret repair weighs at each step: evaluating a pair on every freed bus costs a
// timing of each of its half-days, so weighing them all would cost the search most of
// its iterations.
const regretWidth = 12

// fillRegret is the regret-2 repair of the large-neighbourhood search: at each step it
// evaluates the most promising pairs (site, service) on every freed bus and places the
// pair whose best placement beats its second best (another bus, or nothing) by the most
// — the one that would lose most by waiting while the others take the half-days. It
// stops when none of them has a placement of positive value; the greedy then fills
// what is left.
func (st *state) fillRegret(ctx context.Context, units []int) {
	p := st.p
	var pairs [][2]int
	seen := map[[2]int]bool{}
	for _, u := range units {
		for _, us := range p.unitSites[u] {
			for _, v := range p.unitServices[u] {
				if k := [2]int{us.site, v}; !seen[k] {
					seen[k] = true
					pairs = append(pairs, k)
				}
			}
		}
	}
	type ranked struct {
		pair  [2]int
		bound float64
	}
	top := make([]ranked, 0, len(pairs))
	for ctx.Err() == nil {
		top = top[:0]
		for _, k := range pairs {
			if b := st.bound(k[0], k[1]); b > 0 {
				top = append(top, ranked{k, b})
			}
		}
		slices.SortStableFunc(top, func(a, b ranked) int {
			switch {
			case a.bound > b.bound:
				return -1
			case a.bound < b.bound:
				return 1
			}
			return 0
		})
		top = top[:min(len(top), regretWidth)]
		bestRegret, bestGain := math.Inf(-1), 0.0
		var pickU int
		var pickPair [2]int
		var pick option
		for _, c := range top {
			site, v := c.pair[0], c.pair[1]
			g1, g2 := 0.0, 0.0
			u1 := -1
			var o1 option
			for _, u := range units {
				if !slices.Contains(p.unitServices[u], v) || !st.reaches(u, site) {
					continue
				}
				o, ok := st.bestOption(u, site, v)
				if !ok {
					continue
				}
				cov, need := st.value(site, v, o.cap)
				gain := st.w.Coverage*cov + st.w.Need*need - st.w.DriveKm*o.addedKm
				switch {
				case gain > g1:
					g1, g2, u1, o1 = gain, g1, u, o
				case gain > g2:
					g2 = gain
				}
			}
			if u1 < 0 {
				continue
			}
			if r := g1 - g2; r > bestRegret || (r == bestRegret && g1 > bestGain) {
				bestRegret, bestGain = r, g1
				pickU, pickPair, pick = u1, c.pair, o1
			}
		}
		if math.IsInf(bestRegret, -1) {
			return
		}
		st.place(pickU, &placed{site: pickPair[0], service: pickPair[1], staff: pick.crew}, pick.day, pick.half, pick.cap)
	}
}
