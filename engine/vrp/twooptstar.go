package vrp

// twoOptStarDelta is the cost change of exchanging route tails so that v follows u:
// u's route becomes its jobs up to u then v's route from v on, and v's route becomes
// its jobs before v then u's former tail. Both vehicles must end at the same place
// under the same shift, since tails keep their end-depot data. Returns 1 when
// infeasible or not improving.
func (in *instance) twoOptStarDelta(s *state, u, v int) float64 {
	ku, kv := s.where[u], s.where[v]
	ru, rv := &s.routes[ku], &s.routes[kv]
	if in.end[ru.v] != in.end[rv.v] {
		return 1
	}
	a := s.pos[u] + 1 // u's route keeps jobs[:a]
	b := s.pos[v]     // v's route keeps jobs[:b]
	for i := a; i < len(ru.jobs); i++ {
		if !in.compat[rv.v][ru.jobs[i]] {
			return 1
		}
	}
	for i := b; i < len(rv.jobs); i++ {
		if !in.compat[ru.v][rv.jobs[i]] {
			return 1
		}
	}
	// New routes: U = ru[:a] + rv[b:], V = rv[:b] + ru[a:].
	lu := in.locBefore(ru, a)
	lv := in.locBefore(rv, b)
	distU := ru.cumDist[a] + in.dist[lu][in.locAt(rv, b)] + rv.tail[b]
	distV := rv.cumDist[b] + in.dist[lv][in.locAt(ru, a)] + ru.tail[a]
	emptyV := b == 0 && a == len(ru.jobs)
	if emptyV {
		distV = 0
	}
	delta := in.distW * (distU + distV - ru.dist - rv.dist)
	if emptyV {
		delta -= in.fixed[rv.v]
	}
	if delta >= 0 {
		return 1
	}
	if distU > in.maxDist[ru.v]+eps || distV > in.maxDist[rv.v]+eps {
		return 1
	}
	D := in.dims
	for q := 0; q < D; q++ {
		loadU := ru.cumLoad[a*D+q] + rv.load[q] - rv.cumLoad[b*D+q]
		loadV := rv.cumLoad[b*D+q] + ru.load[q] - ru.cumLoad[a*D+q]
		if loadU > in.capacity[ru.v][q]+eps || loadV > in.capacity[rv.v][q]+eps {
			return 1
		}
	}
	su := concat(ru.fwd[a], rv.bwd[b], in.dur[lu][in.locAt(rv, b)])
	if !in.timeOK(ru.v, su) {
		return 1
	}
	if !emptyV {
		sv := concat(rv.fwd[b], ru.bwd[a], in.dur[lv][in.locAt(ru, a)])
		if !in.timeOK(rv.v, sv) {
			return 1
		}
	}
	return delta
}

func (in *instance) applyTwoOptStar(s *state, u, v int) {
	ku, kv := s.where[u], s.where[v]
	ru, rv := &s.routes[ku], &s.routes[kv]
	a, b := s.pos[u]+1, s.pos[v]
	tailU := append([]int(nil), ru.jobs[a:]...)
	ru.jobs = append(ru.jobs[:a], rv.jobs[b:]...)
	rv.jobs = append(rv.jobs[:b], tailU...)
	in.refresh(s, ku)
	in.refresh(s, kv)
}
