package vrp

// swapDelta is the cost change of exchanging jobs u and v between their routes, or 1
// when infeasible or not improving.
func (in *instance) swapDelta(s *state, u, v int) float64 {
	ku, kv := s.where[u], s.where[v]
	ru, rv := &s.routes[ku], &s.routes[kv]
	if !in.compat[ru.v][v] || !in.compat[rv.v][u] {
		return 1
	}
	i, j := s.pos[u], s.pos[v]
	lu, lv := in.loc[u], in.loc[v]
	a, b := in.locBefore(ru, i), in.locAt(ru, i+1)
	c, d := in.locBefore(rv, j), in.locAt(rv, j+1)
	du := in.dist[a][lv] + in.dist[lv][b] - in.dist[a][lu] - in.dist[lu][b]
	dv := in.dist[c][lu] + in.dist[lu][d] - in.dist[c][lv] - in.dist[lv][d]
	delta := in.distW * (du + dv)
	if delta >= 0 {
		return 1
	}
	if ru.dist+du > in.maxDist[ru.v]+eps || rv.dist+dv > in.maxDist[rv.v]+eps {
		return 1
	}
	cu, cv := in.capacity[ru.v], in.capacity[rv.v]
	for q := 0; q < in.dims; q++ {
		x := in.demand[v][q] - in.demand[u][q]
		if ru.load[q]+x > cu[q]+eps || rv.load[q]-x > cv[q]+eps {
			return 1
		}
	}
	su := concat(concat(ru.fwd[i], in.node[v], in.dur[a][lv]), ru.bwd[i+1], in.dur[lv][b])
	if !in.timeOK(ru.v, su) {
		return 1
	}
	sv := concat(concat(rv.fwd[j], in.node[u], in.dur[c][lu]), rv.bwd[j+1], in.dur[lu][d])
	if !in.timeOK(rv.v, sv) {
		return 1
	}
	return delta
}

func (in *instance) applySwap(s *state, u, v int) {
	ku, kv := s.where[u], s.where[v]
	i, j := s.pos[u], s.pos[v]
	s.routes[ku].jobs[i] = v
	s.routes[kv].jobs[j] = u
	in.refresh(s, ku)
	in.refresh(s, kv)
}
