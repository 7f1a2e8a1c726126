package pvrp

import (
	"math"
	"math/bits"
	"sort"
)

// insertion is a position in a day's routes; k < 0 means none is feasible.
type insertion struct {
	cost float64
	k, i int32
}

// bestOnDay returns the cheapest insertion of c on day d, counting extra overload at
// the worker's weight lambda; the duration limit is hard. Improving positions are
// skipped with the blink probability, SISR's source of diversity.
func (w *worker) bestOnDay(s *state, c int32, d int) insertion {
	in := s.in
	n := in.n
	best := insertion{cost: math.Inf(1), k: -1}
	q, svc := in.demand[c], in.service[c]
	capa, maxDur := in.capacity[d]+eps, in.maxDur[d]+eps
	row := in.dist[int(c)*n : int(c)*n+n]
	emptySeen := false
	for k := range s.days[d] {
		r := &s.days[d][k]
		if len(r.nodes) == 0 {
			if emptySeen {
				continue
			}
			emptySeen = true
			cost := in.dist[int(c)] + row[0]
			if q <= capa && cost+svc <= maxDur && cost < best.cost && !w.blink() {
				best = insertion{cost, int32(k), 0}
			}
			continue
		}
		extra := w.lambda * (excess(r.load+q, capa) - excess(r.load, capa))
		if extra >= best.cost {
			continue
		}
		slack := maxDur - r.dist - r.service - svc
		prev := int32(0)
		for i := 0; i <= len(r.nodes); i++ {
			next := int32(0)
			if i < len(r.nodes) {
				next = r.nodes[i]
			}
			po := int(prev) * n
			delta := in.dist[po+int(c)] + row[next] - in.dist[po+int(next)]
			if delta+extra < best.cost && delta <= slack && !w.blink() {
				best = insertion{delta + extra, int32(k), int32(i)}
			}
			prev = next
		}
	}
	return best
}

// insert routes c: on its missing days when it keeps its pattern, otherwise with the
// allowed pattern whose summed cheapest insertions are lowest. It reports success.
func (w *worker) insert(s *state, c int32) bool {
	in := s.in
	if s.pattern[c] >= 0 {
		need := s.missing[c]
		ok := true
		for u := need; u != 0 && ok; u &= u - 1 {
			d := bits.TrailingZeros64(uint64(u))
			w.ins[d] = w.bestOnDay(s, c, d)
			ok = w.ins[d].k >= 0
		}
		if ok {
			for u := need; u != 0; u &= u - 1 {
				d := bits.TrailingZeros64(uint64(u))
				s.insertAt(c, d, int(w.ins[d].k), int(w.ins[d].i))
			}
			s.missing[c] = 0
			return true
		}
		s.remove(c) // the kept pattern no longer fits: choose again
	}
	for u := in.union[c]; u != 0; u &= u - 1 {
		d := bits.TrailingZeros64(uint64(u))
		w.ins[d] = w.bestOnDay(s, c, d)
	}
	bestP, bestCost := -1, math.Inf(1)
	for pi, pt := range in.patterns[c] {
		sum := 0.0
		for u := pt; u != 0; u &= u - 1 {
			d := bits.TrailingZeros64(uint64(u))
			if w.ins[d].k < 0 {
				sum = math.Inf(1)
				break
			}
			sum += w.ins[d].cost
		}
		if sum < bestCost {
			bestP, bestCost = pi, sum
		}
	}
	if bestP < 0 {
		return false
	}
	for u := in.patterns[c][bestP]; u != 0; u &= u - 1 {
		d := bits.TrailingZeros64(uint64(u))
		s.insertAt(c, d, int(w.ins[d].k), int(w.ins[d].i))
	}
	s.pattern[c] = int32(bestP)
	s.missing[c] = 0
	s.pen -= in.penalty[c]
	return true
}

// recreate reinserts every unserved customer in one of SISR's orders (random,
// largest total demand, farthest, closest to the depot).
func (w *worker) recreate(s *state) {
	in := s.in
	list := append(w.list[:0], s.unserved...)
	s.unserved = s.unserved[:0]
	w.rng.Shuffle(len(list), func(a, b int) { list[a], list[b] = list[b], list[a] })
	key := w.key[:in.n]
	switch x := w.rng.IntN(11); {
	case x < 4:
	case x < 8:
		for _, c := range list {
			key[c] = -in.demand[c] * float64(in.freq[c])
		}
		sort.SliceStable(list, func(a, b int) bool { return key[list[a]] < key[list[b]] })
	case x < 10:
		for _, c := range list {
			key[c] = -in.d(0, c)
		}
		sort.SliceStable(list, func(a, b int) bool { return key[list[a]] < key[list[b]] })
	default:
		for _, c := range list {
			key[c] = in.d(0, c)
		}
		sort.SliceStable(list, func(a, b int) bool { return key[list[a]] < key[list[b]] })
	}
	for _, c := range list {
		if !w.insert(s, c) {
			s.unserved = append(s.unserved, c)
		}
	}
	w.list = list
	s.pen = 0
	for _, c := range s.unserved {
		s.pen += in.penalty[c]
	}
}
