package vrp

// relocateDelta is the cost change of moving job u next to job v in v's (other)
// route: right after v when after is true, right before it otherwise. It returns
// +Inf-like 1 when infeasible (any non-negative value means "no gain").
func (in *instance) relocateDelta(s *state, u, v int, after bool) float64 {
	ku, kv := s.where[u], s.where[v]
	ru, rv := &s.routes[ku], &s.routes[kv]
	if !in.compat[rv.v][u] || !in.fits(rv, u) {
		return 1
	}
	i := s.pos[u]
	p := s.pos[v]
	if after {
		p++
	}
	// Removal from u's route.
	a, b := in.locBefore(ru, i), in.locAt(ru, i+1)
	lu := in.loc[u]
	var gain float64
	if len(ru.jobs) == 1 {
		gain = in.distW*ru.dist + in.fixed[ru.v]
	} else {
		gain = in.distW * (in.dist[a][lu] + in.dist[lu][b] - in.dist[a][b])
	}
	addDist := in.insertDist(rv, u, p)
	delta := in.distW*addDist - gain
	if delta >= 0 {
		return 1
	}
	if rv.dist+addDist > in.maxDist[rv.v]+eps {
		return 1
	}
	// Time feasibility of both routes.
	if len(ru.jobs) > 1 {
		rest := concat(ru.fwd[i], ru.bwd[i+1], in.dur[a][b])
		if !in.timeOK(ru.v, rest) {
			return 1
		}
	}
	x, y := in.locBefore(rv, p), in.locAt(rv, p)
	ins := concat(concat(rv.fwd[p], in.node[u], in.dur[x][lu]), rv.bwd[p], in.dur[lu][y])
	if !in.timeOK(rv.v, ins) {
		return 1
	}
	return delta
}

func (in *instance) applyRelocate(s *state, u, v int, after bool) {
	ku, kv := s.where[u], s.where[v]
	ru := &s.routes[ku]
	i := s.pos[u]
	ru.jobs = append(ru.jobs[:i], ru.jobs[i+1:]...)
	in.refresh(s, ku)
	p := s.pos[v]
	if after {
		p++
	}
	rv := &s.routes[kv]
	rv.jobs = append(rv.jobs, 0)
	copy(rv.jobs[p+1:], rv.jobs[p:])
	rv.jobs[p] = u
	in.refresh(s, kv)
}

// relocateSeq appends to seq the route jobs with job u (at position i) moved right
// after job v (at position j), relocate within a route; it reports false when u
// already follows v.
func relocateSeq(seq, jobs []int, u, v, i, j int) ([]int, bool) {
	if j == i-1 {
		return seq, false
	}
	for _, x := range jobs {
		if x == u {
			continue
		}
		seq = append(seq, x)
		if x == v {
			seq = append(seq, u)
		}
	}
	return seq, true
}
