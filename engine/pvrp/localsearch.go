package pvrp

// Local search on one plan, day by day: 2-opt inside routes, relocation of single
// customers anywhere in their day, and swaps with nearby customers of other routes
// of the same day. Moves keep capacity and duration limits, so a feasible plan stays
// feasible; patterns never change here (ruin and recreate does that).

// lsEps is the least improvement a move must bring, against cycling on rounding.
const lsEps = 1e-9

// swapNeighbours bounds the swap partners of a customer to its nearest ones.
const swapNeighbours = 25

// polish improves every day of s until no move helps, then refreshes its totals.
func (w *worker) polish(s *state) {
	for d := range s.days {
		for improved := true; improved; {
			improved = false
			for k := range s.days[d] {
				if s.md.symmetric && w.twoOpt(s, d, k) {
					improved = true
				}
			}
			if w.relocateDay(s, d) {
				improved = true
			}
			if w.swapDay(s, d) {
				improved = true
			}
		}
	}
	s.recompute()
}

// refresh recomputes route k of day d from its nodes and records where they are.
func (s *state) refresh(d, k int) {
	md := s.md
	r := &s.days[d][k]
	r.load, r.service, r.dist = 0, 0, 0
	prev := int32(0)
	for _, c := range r.nodes {
		r.load += md.demand[c]
		r.service += md.service[c]
		r.dist += md.d(prev, c)
		s.where[d*md.n+int(c)] = int32(k)
		prev = c
	}
	if len(r.nodes) > 0 {
		r.dist += md.d(prev, 0)
	}
}

// twoOpt reverses the best improving segment of a route (symmetric distances).
func (w *worker) twoOpt(s *state, d, k int) bool {
	md := s.md
	r := &s.days[d][k]
	nodes := r.nodes
	L := len(nodes)
	any := false
	for improved := true; improved; {
		improved = false
		for i := 0; i < L-1; i++ {
			a := int32(0)
			if i > 0 {
				a = nodes[i-1]
			}
			for j := i + 1; j < L; j++ {
				b := int32(0)
				if j+1 < L {
					b = nodes[j+1]
				}
				delta := md.d(a, nodes[j]) + md.d(nodes[i], b) - md.d(a, nodes[i]) - md.d(nodes[j], b)
				if delta < -lsEps {
					for x, y := i, j; x < y; x, y = x+1, y-1 {
						nodes[x], nodes[y] = nodes[y], nodes[x]
					}
					improved, any = true, true
				}
			}
		}
	}
	if any {
		s.refresh(d, k)
	}
	return any
}

// relocateDay moves single customers to their cheapest feasible position of the day
// when that shortens the day.
func (w *worker) relocateDay(s *state, d int) bool {
	md := s.md
	any := false
	for k := range s.days[d] {
		for i := 0; i < len(s.days[d][k].nodes); i++ {
			r := &s.days[d][k]
			c := r.nodes[i]
			prev, next := int32(0), int32(0)
			if i > 0 {
				prev = r.nodes[i-1]
			}
			if i+1 < len(r.nodes) {
				next = r.nodes[i+1]
			}
			gain := md.d(prev, c) + md.d(c, next) - md.d(prev, next)
			r.nodes = append(r.nodes[:i], r.nodes[i+1:]...)
			r.load -= md.demand[c]
			r.service -= md.service[c]
			r.dist -= gain
			if len(r.nodes) == 0 {
				r.dist = 0
			}
			bk, bi, bcost := w.cheapestFeasible(s, c, d, k)
			if bk >= 0 && bcost < gain-lsEps {
				s.insertRaw(c, d, bk, bi)
				s.refresh(d, k)
				s.refresh(d, bk)
				any = true
				i--
				continue
			}
			r.nodes = append(r.nodes, 0)
			copy(r.nodes[i+1:], r.nodes[i:])
			r.nodes[i] = c
			s.refresh(d, k)
		}
	}
	return any
}

// cheapestFeasible is the cheapest insertion of c on day d within hard capacity and
// duration, using at most one empty route; route from is where c came from.
func (w *worker) cheapestFeasible(s *state, c int32, d, from int) (int, int, float64) {
	md := s.md
	bk, bi, best := -1, 0, 0.0
	q, svc := md.demand[c], md.service[c]
	capa, maxDur := md.capacity[d]+capEps, md.maxDur[d]+capEps
	emptySeen := false
	for k := range s.days[d] {
		r := &s.days[d][k]
		if len(r.nodes) == 0 {
			if emptySeen {
				continue
			}
			emptySeen = true
		}
		if r.load+q > capa {
			continue
		}
		slack := maxDur - r.dist - r.service - svc
		prev := int32(0)
		for i := 0; i <= len(r.nodes); i++ {
			next := int32(0)
			if i < len(r.nodes) {
				next = r.nodes[i]
			}
			delta := md.d(prev, c) + md.d(c, next) - md.d(prev, next)
			if (bk < 0 || delta < best) && delta <= slack {
				bk, bi, best = k, i, delta
			}
			prev = next
		}
	}
	return bk, bi, best
}

// insertRaw puts c at position i of route k on day d without updating totals.
func (s *state) insertRaw(c int32, d, k, i int) {
	r := &s.days[d][k]
	r.nodes = append(r.nodes, 0)
	copy(r.nodes[i+1:], r.nodes[i:])
	r.nodes[i] = c
}

// swapDay exchanges customers of two routes of day d when that shortens the day.
func (w *worker) swapDay(s *state, d int) bool {
	md := s.md
	n := md.n
	capa, maxDur := md.capacity[d]+capEps, md.maxDur[d]+capEps
	any := false
	for k1 := range s.days[d] {
		for i1 := 0; i1 < len(s.days[d][k1].nodes); i1++ {
			r1 := &s.days[d][k1]
			c1 := r1.nodes[i1]
			p1, n1 := neighboursAt(r1.nodes, i1)
			for _, c2 := range md.neighbours[c1][:min(swapNeighbours, len(md.neighbours[c1]))] {
				k2 := int(s.where[d*n+int(c2)])
				if k2 < 0 || k2 == k1 {
					continue
				}
				r2 := &s.days[d][k2]
				if r1.load-md.demand[c1]+md.demand[c2] > capa || r2.load-md.demand[c2]+md.demand[c1] > capa {
					continue
				}
				i2 := 0
				for r2.nodes[i2] != c2 {
					i2++
				}
				p2, n2 := neighboursAt(r2.nodes, i2)
				d1 := md.d(p1, c2) + md.d(c2, n1) - md.d(p1, c1) - md.d(c1, n1)
				d2 := md.d(p2, c1) + md.d(c1, n2) - md.d(p2, c2) - md.d(c2, n2)
				if d1+d2 >= -lsEps {
					continue
				}
				if r1.dist+d1+r1.service-md.service[c1]+md.service[c2] > maxDur || r2.dist+d2+r2.service-md.service[c2]+md.service[c1] > maxDur {
					continue
				}
				r1.nodes[i1], r2.nodes[i2] = c2, c1
				s.refresh(d, k1)
				s.refresh(d, k2)
				any = true
				break
			}
		}
	}
	return any
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
