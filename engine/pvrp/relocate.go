package pvrp

// relocatePass moves single customers of day d to their cheapest feasible position
// of the day when that shortens the day. It reports whether the day changed.
func (w *worker) relocatePass(s *state, d int) bool {
	in := s.in
	any := false
	for k := range s.days[d] {
		for i := 0; i < len(s.days[d][k].nodes); i++ {
			r := &s.days[d][k]
			c := r.nodes[i]
			prev, next := neighboursAt(r.nodes, i)
			gain := in.d(prev, c) + in.d(c, next) - in.d(prev, next)
			r.nodes = append(r.nodes[:i], r.nodes[i+1:]...)
			r.load -= in.demand[c]
			r.service -= in.service[c]
			r.dist -= gain
			if len(r.nodes) == 0 {
				r.dist = 0
			}
			bk, bi, bcost := w.cheapestFeasible(s, c, d)
			if bk >= 0 && bcost < gain-lsEps {
				s.insertRaw(c, d, bk, bi)
				s.refresh(d, k)
				s.refresh(d, bk)
				any = true
				i--
				continue
			}
			s.insertRaw(c, d, k, i) // back where it was
			s.refresh(d, k)
		}
	}
	return any
}

// cheapestFeasible is the cheapest insertion of c on day d within hard capacity and
// duration, using at most one empty route: its route, position and added distance,
// or route -1 when none fits.
func (w *worker) cheapestFeasible(s *state, c int32, d int) (int, int, float64) {
	in := s.in
	bk, bi, best := -1, 0, 0.0
	q, svc := in.demand[c], in.service[c]
	capa, maxDur := in.capacity[d]+eps, in.maxDur[d]+eps
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
			delta := in.d(prev, c) + in.d(c, next) - in.d(prev, next)
			if (bk < 0 || delta < best) && delta <= slack {
				bk, bi, best = k, i, delta
			}
			prev = next
		}
	}
	return bk, bi, best
}
