package vrp

// replaceDelta is the cost change of putting the unassigned job u in the place of the
// routed job v, which becomes unassigned; 1 when infeasible or not improving.
//
// This is the move team orienteering needs most once routes are full: a route at
// its length limit cannot take one more customer, and ruin-and-recreate finds "drop
// one, take a better one nearby" only by chance, as the drop alone is a loss the
// annealing must first accept.
func (in *instance) replaceDelta(s *state, u, v int) float64 {
	kv := s.where[v]
	r := &s.routes[kv]
	if !in.compat[r.v][u] {
		return 1
	}
	i := s.pos[v]
	lu, lv := in.loc[u], in.loc[v]
	a, b := in.locBefore(r, i), in.locAt(r, i+1)
	dd := in.dist[a][lu] + in.dist[lu][b] - in.dist[a][lv] - in.dist[lv][b]
	delta := in.penalty[v] - in.penalty[u] + in.distW*dd
	if delta >= 0 {
		return 1
	}
	if r.dist+dd > in.maxDist[r.v]+eps {
		return 1
	}
	if !in.fitsLoad(r, v, u) {
		return 1
	}
	seq := concat(concat(r.fwd[i], in.node[u], in.dur[a][lu]), r.bwd[i+1], in.dur[lu][b])
	if !in.timeOK(r.v, seq) {
		return 1
	}
	return delta
}

// applyReplace puts u where v was and leaves v unassigned.
func (in *instance) applyReplace(s *state, u, v int) {
	k, i := s.where[v], s.pos[v]
	s.routes[k].jobs[i] = u
	s.where[v] = -1
	in.refresh(s, k)
}

// replacePass tries, for every unassigned job that could be served, to take the
// place of one of its routed neighbours; it reports whether anything changed.
func (ls *localSearch) replacePass(s *state) bool {
	in := ls.in
	if !in.optional {
		return false
	}
	changed := false
	for _, u := range ls.order {
		if s.where[u] >= 0 || in.hopeless[u] {
			continue
		}
		for _, v := range in.granular(u) {
			kv := s.where[v]
			if kv < 0 || in.complexVeh[s.routes[kv].v] {
				continue
			}
			if d := in.replaceDelta(s, u, v); d < minGain {
				in.applyReplace(s, u, v)
				changed = true
				break
			}
		}
	}
	return changed
}

// fitsLoad reports whether route r stays within capacity when w leaves and u joins.
func (in *instance) fitsLoad(r *route, w, u int) bool {
	c := in.capacity[r.v]
	for q := 0; q < in.dims; q++ {
		if r.load[q]-in.demand[w][q]+in.demand[u][q] > c[q]+eps {
			return false
		}
	}
	return true
}
