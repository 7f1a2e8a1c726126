package vrp

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

// stringLen is the length of the string an Or-opt move carries, and whether it is
// reversed.
func (kind intraKind) stringLen() (int, bool) {
	switch kind {
	case intraOrOpt2:
		return 2, false
	case intraOrOpt3:
		return 3, false
	case intraOrOpt2Rev:
		return 2, true
	case intraOrOpt3Rev:
		return 3, true
	}
	return 0, false
}

// buildIntra writes into ls.seq the route of u and v after the move, or returns
// false when the move is void.
func (ls *localSearch) buildIntra(s *state, u, v int, kind intraKind) bool {
	r := &s.routes[s.where[u]]
	i, j := s.pos[u], s.pos[v]
	seq := ls.seq[:0]
	switch kind {
	case intraRelocateAfter:
		if j == i-1 {
			return false
		}
		for _, x := range r.jobs {
			if x == u {
				continue
			}
			seq = append(seq, x)
			if x == v {
				seq = append(seq, u)
			}
		}
	case intraTwoOpt:
		if j <= i+1 {
			return false
		}
		seq = append(seq, r.jobs[:i+1]...)
		for k := j; k > i; k-- {
			seq = append(seq, r.jobs[k])
		}
		seq = append(seq, r.jobs[j+1:]...)
	default:
		l, rev := kind.stringLen()
		if i+l > len(r.jobs) || (j >= i && j < i+l) || (j == i-1 && !rev) {
			return false
		}
		str := r.jobs[i : i+l]
		for p, x := range r.jobs {
			if p >= i && p < i+l {
				continue
			}
			seq = append(seq, x)
			if x != v {
				continue
			}
			for q := range str {
				if rev {
					seq = append(seq, str[l-1-q])
				} else {
					seq = append(seq, str[q])
				}
			}
		}
	}
	ls.seq = seq
	return true
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
