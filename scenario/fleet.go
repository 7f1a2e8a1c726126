package scenario

import (
	"cmp"
	"math"
	"slices"
)

// splitFleet divides n buses among departments in proportion to their people in need
// by the largest remainder method: each department gets the whole part of its quota
// n × need / total, and at least one bus when it has minInNeed people in need or more
// (a department of that size left to its neighbours' buses is left out in practice);
// the buses left go to the largest remainders, ties to the most people in need, then
// to the smallest code. A department with nobody in need gets no bus.
func splitFleet(inNeed map[string]int, n, minInNeed int) (buses map[string]int, quota map[string]float64) {
	total := 0
	codes := make([]string, 0, len(inNeed))
	for d, p := range inNeed {
		if p > 0 {
			total += p
			codes = append(codes, d)
		}
	}
	buses, quota = map[string]int{}, map[string]float64{}
	if total == 0 || n <= 0 {
		return buses, quota
	}
	// Most people in need first: the order of the minimums and of the ties.
	slices.SortFunc(codes, func(a, b string) int { return cmp.Or(cmp.Compare(inNeed[b], inNeed[a]), cmp.Compare(a, b)) })
	left := n
	for _, d := range codes {
		quota[d] = float64(n) * float64(inNeed[d]) / float64(total)
		b := int(math.Floor(quota[d]))
		if b == 0 && minInNeed > 0 && inNeed[d] >= minInNeed {
			b = 1
		}
		b = min(b, left)
		buses[d], left = b, left-b
	}
	rest := slices.Clone(codes)
	slices.SortStableFunc(rest, func(a, b string) int {
		return cmp.Compare(quota[b]-float64(buses[b]), quota[a]-float64(buses[a]))
	})
	for _, d := range rest {
		if left == 0 {
			break
		}
		if quota[d] > float64(buses[d]) {
			buses[d]++
			left--
		}
	}
	for d, b := range buses {
		if b == 0 {
			delete(buses, d)
		}
	}
	return buses, quota
}

// kMedian chooses k of the candidates (rows of cost) to minimise Σ_c w[c] · min over
// the chosen j of cost[j][c]: a greedy start (each step adds the candidate that lowers
// the cost most) improved by swapping a chosen candidate for another while a swap
// helps (Teitz and Bart's heuristic). It returns the chosen rows in increasing order,
// all of them when there are no more than k.
func kMedian(cost [][]float64, w []float64, k int) []int {
	m := len(cost)
	if k >= m {
		out := make([]int, m)
		for j := range out {
			out[j] = j
		}
		return out
	}
	total := func(chosen []int) float64 {
		s := 0.0
		for c := range w {
			best := math.Inf(1)
			for _, j := range chosen {
				best = math.Min(best, cost[j][c])
			}
			s += w[c] * best
		}
		return s
	}
	var chosen []int
	for len(chosen) < k {
		bestJ, bestCost := -1, math.Inf(1)
		for j := range m {
			if slices.Contains(chosen, j) {
				continue
			}
			if c := total(append(slices.Clone(chosen), j)); c < bestCost-1e-9 {
				bestJ, bestCost = j, c
			}
		}
		chosen = append(chosen, bestJ)
	}
	cur := total(chosen)
	for improved := true; improved; {
		improved = false
		for i := range chosen {
			for j := range m {
				if slices.Contains(chosen, j) {
					continue
				}
				old := chosen[i]
				chosen[i] = j
				if c := total(chosen); c < cur-1e-9 {
					cur, improved = c, true
				} else {
					chosen[i] = old
				}
			}
		}
	}
	slices.Sort(chosen)
	return chosen
}
