package vrp

// Moves within one route are evaluated by writing the route after the move and
// costing it in O(route length): relocate (relocate.go), 2-opt (twoopt.go) and
// Or-opt (oropt.go) each write their sequence; this file evaluates and applies them.

// intraKind selects a move within one route.
type intraKind int

const (
	// intraRelocateAfter moves u right after v.
	intraRelocateAfter intraKind = iota
	// intraTwoOpt reverses the path between u's successor and v so that v follows u.
	intraTwoOpt
	// intraOrOpt2 and intraOrOpt3 move the string of 2 or 3 jobs starting at u right
	// after v, keeping its direction (Or 1976); the Rev variants reverse the string.
	// Long team-orienteering routes need them: a route shortened by a string move has
	// room for one more customer, and single relocations cannot find such moves.
	intraOrOpt2
	intraOrOpt3
	intraOrOpt2Rev
	intraOrOpt3Rev
)

// intraKinds lists the moves local search tries within a route, in order.
var intraKinds = [...]intraKind{intraRelocateAfter, intraTwoOpt, intraOrOpt2, intraOrOpt3, intraOrOpt2Rev, intraOrOpt3Rev}

// buildIntra writes into ls.seq the route of u and v after the move, or returns
// false when the move is void.
func (ls *localSearch) buildIntra(s *state, u, v int, kind intraKind) bool {
	r := &s.routes[s.where[u]]
	i, j := s.pos[u], s.pos[v]
	var ok bool
	switch kind {
	case intraRelocateAfter:
		ls.seq, ok = relocateSeq(ls.seq[:0], r.jobs, u, v, i, j)
	case intraTwoOpt:
		ls.seq, ok = twoOptSeq(ls.seq[:0], r.jobs, i, j)
	default:
		l, rev := kind.stringLen()
		ls.seq, ok = orOptSeq(ls.seq[:0], r.jobs, v, i, j, l, rev)
	}
	return ok
}

// intraDelta evaluates a move inside one route in O(route length), or returns 1.
func (ls *localSearch) intraDelta(s *state, u, v int, kind intraKind) float64 {
	if !ls.buildIntra(s, u, v, kind) {
		return 1
	}
	r := &s.routes[s.where[u]]
	d, ok := ls.in.seqCost(r.v, ls.seq)
	if !ok {
		return 1
	}
	return ls.in.distW * (d - r.dist)
}

func (ls *localSearch) applyIntra(s *state, u, v int, kind intraKind) {
	ls.buildIntra(s, u, v, kind)
	k := s.where[u]
	r := &s.routes[k]
	r.jobs = append(r.jobs[:0], ls.seq...)
	ls.in.refresh(s, k)
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
