package pvrp

import "math/bits"

// route is one vehicle's tour on one day; the depot is implicit at both ends.
type route struct {
	nodes   []int32
	load    float64
	dist    float64
	service float64
}

// state is a (possibly partial) plan: every day has exactly m route slots, empty
// ones unused, so route indices stay stable while customers move.
type state struct {
	in      *instance
	days    [][]route
	where   []int32 // where[d*n+c] = route of c on day d, -1 when absent
	pattern []int32 // chosen pattern index per customer, -1 when unserved
	// missing[c] holds days of c's pattern not routed yet (during an iteration).
	missing  []Pattern
	unserved []int32 // customers without a pattern or with missing days
	dist     float64 // total distance
	pen      float64 // penalty of unserved customers
	over     float64 // total load above capacity, penalised during the search
}

func newState(in *instance) *state {
	s := &state{in: in, days: make([][]route, in.days), where: make([]int32, in.days*in.n), pattern: make([]int32, in.n), missing: make([]Pattern, in.n)}
	for d := range s.days {
		s.days[d] = make([]route, in.m)
	}
	for i := range s.where {
		s.where[i] = -1
	}
	for c := range s.pattern {
		s.pattern[c] = -1
	}
	for c := 1; c < in.n; c++ {
		s.unserved = append(s.unserved, int32(c))
		s.pen += in.penalty[c]
	}
	return s
}

// cost is the annealing objective under overload weight lambda.
func (s *state) cost(lambda float64) float64 { return s.dist + s.pen + lambda*s.over }

// feasible reports whether every customer is routed within capacity.
func (s *state) feasible() bool { return len(s.unserved) == 0 && s.over <= eps }

// excess is the load of r above capacity q.
func excess(load, q float64) float64 { return max(0, load-q) }

// copyFrom makes s equal to o, reusing s's buffers.
func (s *state) copyFrom(o *state) {
	for d := range o.days {
		for k := range o.days[d] {
			src, dst := &o.days[d][k], &s.days[d][k]
			dst.nodes = append(dst.nodes[:0], src.nodes...)
			dst.load, dst.dist, dst.service = src.load, src.dist, src.service
		}
	}
	copy(s.where, o.where)
	copy(s.pattern, o.pattern)
	copy(s.missing, o.missing)
	s.unserved = append(s.unserved[:0], o.unserved...)
	s.dist, s.pen, s.over = o.dist, o.pen, o.over
}

// removeVisit takes customer c off day d, keeping its pattern; the day becomes
// missing and c is listed as unserved.
func (s *state) removeVisit(c int32, d int) {
	in := s.in
	k := s.where[d*in.n+int(c)]
	r := &s.days[d][k]
	i := 0
	for r.nodes[i] != c {
		i++
	}
	prev, next := neighboursAt(r.nodes, i)
	delta := in.d(prev, next) - in.d(prev, c) - in.d(c, next)
	r.dist += delta
	s.dist += delta
	q := in.capacity[d]
	s.over -= excess(r.load, q) - excess(r.load-in.demand[c], q)
	r.load -= in.demand[c]
	r.service -= in.service[c]
	r.nodes = append(r.nodes[:i], r.nodes[i+1:]...)
	if len(r.nodes) == 0 {
		// Reset accumulated rounding so empty routes are exactly empty.
		s.dist -= r.dist
		r.dist, r.load, r.service = 0, 0, 0
	}
	s.where[d*in.n+int(c)] = -1
	if s.missing[c] == 0 {
		s.unserved = append(s.unserved, c)
	}
	s.missing[c] |= 1 << uint(d)
}

// remove takes customer c off all its days and drops its pattern.
func (s *state) remove(c int32) {
	in := s.in
	if s.pattern[c] < 0 {
		return
	}
	listed := s.missing[c] != 0
	present := in.patterns[c][s.pattern[c]] &^ s.missing[c]
	for u := present; u != 0; u &= u - 1 {
		s.removeVisit(c, bits.TrailingZeros64(uint64(u)))
	}
	if !listed && present == 0 {
		s.unserved = append(s.unserved, c)
	}
	s.missing[c] = 0
	s.pattern[c] = -1
	s.pen += in.penalty[c]
}

// insertAt puts c at position i of route k on day d.
func (s *state) insertAt(c int32, d, k, i int) {
	in := s.in
	r := &s.days[d][k]
	prev, next := int32(0), int32(0)
	if i > 0 {
		prev = r.nodes[i-1]
	}
	if i < len(r.nodes) {
		next = r.nodes[i]
	}
	delta := in.d(prev, c) + in.d(c, next) - in.d(prev, next)
	r.dist += delta
	s.dist += delta
	q := in.capacity[d]
	s.over += excess(r.load+in.demand[c], q) - excess(r.load, q)
	r.load += in.demand[c]
	r.service += in.service[c]
	s.insertRaw(c, d, k, i)
	s.where[d*in.n+int(c)] = int32(k)
}

// recompute sets the cached distances and overloads from the routes, removing drift.
func (s *state) recompute() {
	in := s.in
	s.dist, s.over = 0, 0
	for d := range s.days {
		for k := range s.days[d] {
			r := &s.days[d][k]
			r.dist = 0
			prev := int32(0)
			for _, c := range r.nodes {
				r.dist += in.d(prev, c)
				prev = c
			}
			if len(r.nodes) > 0 {
				r.dist += in.d(prev, 0)
			}
			s.dist += r.dist
			s.over += excess(r.load, in.capacity[d])
		}
	}
}

// insertRaw puts c at position i of route k on day d without updating totals.
func (s *state) insertRaw(c int32, d, k, i int) {
	r := &s.days[d][k]
	r.nodes = append(r.nodes, 0)
	copy(r.nodes[i+1:], r.nodes[i:])
	r.nodes[i] = c
}

// refresh recomputes route k of day d from its nodes and records where they are.
func (s *state) refresh(d, k int) {
	in := s.in
	r := &s.days[d][k]
	r.load, r.service, r.dist = 0, 0, 0
	prev := int32(0)
	for _, c := range r.nodes {
		r.load += in.demand[c]
		r.service += in.service[c]
		r.dist += in.d(prev, c)
		s.where[d*in.n+int(c)] = int32(k)
		prev = c
	}
	if len(r.nodes) > 0 {
		r.dist += in.d(prev, 0)
	}
}

// neighboursAt returns the nodes before and after position i (depot at the ends).
func neighboursAt(nodes []int32, i int) (int32, int32) {
	prev, next := int32(0), int32(0)
	if i > 0 {
		prev = nodes[i-1]
	}
	if i+1 < len(nodes) {
		next = nodes[i+1]
	}
	return prev, next
}
