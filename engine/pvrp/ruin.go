package pvrp

// SISR ruin parameters (Christiaens & Vanden Berghe 2020): average number of removed
// customers, maximum string length, split-string depth.
const (
	avgRemoved   = 10
	maxStringLen = 10.0
	splitDepth   = 0.01
)

// ruin removes strings of customers around a random seed on one of its days, SISR's
// adjacent string removal. With dayOnly the visits leave that day only and keep
// their pattern (an intra-day move); otherwise the customers leave all their days
// and choose their pattern again at reinsertion.
func (w *worker) ruin(s *state, dayOnly bool) {
	in := s.in
	n := in.n
	seed := int32(1 + w.rng.IntN(n-1))
	if s.pattern[seed] < 0 {
		return
	}
	pt := in.patterns[seed][s.pattern[seed]]
	d := w.pickDay(pt)
	routes := s.days[d]
	visits, used := 0, 0
	for k := range routes {
		if len(routes[k].nodes) > 0 {
			visits += len(routes[k].nodes)
			used++
		}
	}
	lsMax := min(maxStringLen, float64(visits)/float64(used))
	ksMax := 4*avgRemoved/(1+lsMax) - 1
	ks := int(w.rng.Float64()*ksMax) + 1
	ruined := w.ruined[:0] // day*m + route of each ruined route
	take := func(c int32, d int) {
		if dayOnly {
			s.removeVisit(c, d)
		} else {
			s.remove(c)
		}
	}
	for j := -1; j < len(in.neighbours[seed]) && len(ruined) < ks; j++ {
		c := seed
		if j >= 0 {
			c = in.neighbours[seed][j]
		}
		if s.pattern[c] < 0 {
			continue
		}
		// A neighbour absent on day d is ruined on one of its own days, so that
		// one-route days still exchange customers.
		dc := d
		if cp := in.patterns[c][s.pattern[c]] &^ s.missing[c]; !cp.Has(d) {
			if dayOnly || cp == 0 {
				continue
			}
			dc = w.pickDay(cp)
		}
		k := s.where[dc*n+int(c)]
		key := int32(dc*in.m) + k
		if k < 0 || contains(ruined, key) {
			continue
		}
		ruined = append(ruined, key)
		r := &s.days[dc][k]
		size := len(r.nodes)
		l := 1 + w.rng.IntN(max(1, min(size, int(lsMax))))
		pos := 0
		for r.nodes[pos] != c {
			pos++
		}
		tmp := w.tmp[:0]
		if l == size || w.rng.IntN(2) == 0 {
			start := window(w, pos, l, size)
			tmp = append(tmp, r.nodes[start:start+l]...)
		} else {
			keep := 1
			for l+keep < size && w.rng.Float64() > splitDepth {
				keep++
			}
			start := window(w, pos, l+keep, size)
			off := w.rng.IntN(l + 1)
			tmp = append(tmp, r.nodes[start:start+off]...)
			tmp = append(tmp, r.nodes[start+off+keep:start+l+keep]...)
		}
		for _, x := range tmp {
			take(x, dc)
		}
		w.tmp = tmp
	}
	w.ruined = ruined
}

// window picks uniformly the start of a length-l window of a size-long route that
// covers position pos.
func window(w *worker, pos, l, size int) int {
	lo, hi := max(0, pos-l+1), min(pos, size-l)
	return lo + w.rng.IntN(hi-lo+1)
}

// pickDay draws one day of pt uniformly.
func (w *worker) pickDay(pt Pattern) int {
	k := w.rng.IntN(pt.Len())
	for d := 0; ; d++ {
		if pt.Has(d) {
			if k == 0 {
				return d
			}
			k--
		}
	}
}

func contains(xs []int32, x int32) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
