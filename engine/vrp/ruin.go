package vrp

import "math/rand/v2"

// Parameters of the string removal, as tuned by Christiaens & Vanden Berghe (2020).
const (
	avgRemoved = 10   // c̄: average number of removed customers
	maxString  = 10   // Lmax: maximum string length
	splitRate  = 0.5  // probability of a split string rather than a plain string
	splitDepth = 0.01 // β: chance to stop growing the preserved part of a split string
	blinkRate  = 0.01 // probability of skipping a position during insertion
)

// ruin removes strings of consecutive jobs from routes that are close to a random
// seed job (SISR's adjacent string removal) and appends the removed jobs to removed.
// Removing strings from neighbouring routes creates slack where the routes meet,
// which the greedy insertion then exploits.
func (in *instance) ruin(s *state, rng *rand.Rand, removed []int, dirty []bool) []int {
	assigned, used := 0, 0
	for k := range s.routes {
		if l := len(s.routes[k].jobs); l > 0 {
			assigned += l
			used++
		}
	}
	if assigned == 0 {
		return removed
	}
	lsMax := min(float64(maxString), float64(assigned)/float64(used))
	ksMax := 4*float64(avgRemoved)/(1+lsMax) - 1
	ks := int(1 + rng.Float64()*ksMax) // floor(U(1, ksMax+1))
	// Seed among assigned jobs.
	var seed int
	for {
		seed = rng.IntN(in.n)
		if s.where[seed] >= 0 {
			break
		}
	}
	ruined := 0
	for _, c := range in.neighbours[seed] {
		if ruined >= ks {
			break
		}
		k := s.where[c]
		if k < 0 || dirty[k] {
			continue
		}
		r := &s.routes[k]
		lMax := min(float64(len(r.jobs)), lsMax)
		l := int(1 + rng.Float64()*lMax)
		before := len(removed)
		if l < len(r.jobs) && rng.Float64() < splitRate {
			removed = in.removeSplitString(s, k, s.pos[c], l, rng, removed)
		} else {
			removed = in.removeString(s, k, s.pos[c], l, rng, removed)
		}
		for _, j := range removed[before:] {
			s.where[j] = -1
		}
		dirty[k] = true
		ruined++
	}
	for k := range s.routes {
		if dirty[k] {
			in.refreshSearch(s, k)
		}
	}
	return removed
}

// removeString removes l consecutive jobs of route k that include position p.
func (in *instance) removeString(s *state, k, p, l int, rng *rand.Rand, removed []int) []int {
	r := &s.routes[k]
	lo := max(0, p-l+1)
	hi := min(p, len(r.jobs)-l)
	start := lo + rng.IntN(hi-lo+1)
	removed = append(removed, r.jobs[start:start+l]...)
	r.jobs = append(r.jobs[:start], r.jobs[start+l:]...)
	return removed
}

// removeSplitString takes a string of l+m jobs including position p and removes all
// of it except a random substring of m preserved jobs.
func (in *instance) removeSplitString(s *state, k, p, l int, rng *rand.Rand, removed []int) []int {
	r := &s.routes[k]
	m := 1
	for m < len(r.jobs)-l && rng.Float64() >= splitDepth {
		m++
	}
	total := l + m
	lo := max(0, p-total+1)
	hi := min(p, len(r.jobs)-total)
	start := lo + rng.IntN(hi-lo+1)
	keepAt := start + rng.IntN(l+1) // first preserved position within the string
	// Compact in place: the write index never passes the read index.
	w := start
	for i := start; i < start+total; i++ {
		if i >= keepAt && i < keepAt+m {
			r.jobs[w] = r.jobs[i]
			w++
		} else {
			removed = append(removed, r.jobs[i])
		}
	}
	w += copy(r.jobs[w:], r.jobs[start+total:])
	r.jobs = r.jobs[:w]
	return removed
}
