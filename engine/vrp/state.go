package vrp

// route is one vehicle's tour inside the search, with cached load, distance and
// forward/backward segment data for O(1) move evaluation.
type route struct {
	v    int
	jobs []int
	load []float64
	dist float64
	// fwd[i] covers the start depot and jobs[:i]; bwd[i] covers jobs[i:] and the end
	// depot. Both have len(jobs)+1 entries.
	fwd, bwd []seg
	// cumDist[i] is the distance from the start depot to position i (the location of
	// jobs[i-1]); tail[i] the distance from position i to the end depot.
	cumDist, tail []float64
	// cumLoad[i*dims+d] is the load of jobs[:i] in dimension d.
	cumLoad []float64
	// stale marks cumDist, tail and cumLoad as out of date: the ruin-and-recreate
	// loop skips them (only local search needs them) to save time.
	stale bool
}

// state is a complete (possibly partial) solution inside the search.
type state struct {
	routes []route
	where  []int // route index of each job, -1 when unassigned
	pos    []int // position of each job in its route
	cost   float64
	// routeCap, when positive, forbids opening routes beyond this many (fleet
	// minimisation).
	routeCap int
}

// usedRoutes counts the non-empty routes.
func (s *state) usedRoutes() int {
	n := 0
	for k := range s.routes {
		if len(s.routes[k].jobs) > 0 {
			n++
		}
	}
	return n
}

func newState(in *instance) *state {
	s := &state{routes: make([]route, in.m), where: make([]int, in.n), pos: make([]int, in.n)}
	for k := range s.routes {
		s.routes[k] = route{v: k, load: make([]float64, in.dims)}
	}
	for j := range s.where {
		s.where[j] = -1
	}
	for k := range s.routes {
		in.refresh(s, k)
	}
	s.cost = in.totalCost(s)
	return s
}

// copyFrom makes s equal to o, reusing s's memory.
func (s *state) copyFrom(o *state) {
	for k := range o.routes {
		a, b := &s.routes[k], &o.routes[k]
		a.v = b.v
		a.jobs = append(a.jobs[:0], b.jobs...)
		a.load = append(a.load[:0], b.load...)
		a.dist = b.dist
		a.fwd = append(a.fwd[:0], b.fwd...)
		a.bwd = append(a.bwd[:0], b.bwd...)
		a.cumDist = append(a.cumDist[:0], b.cumDist...)
		a.tail = append(a.tail[:0], b.tail...)
		a.cumLoad = append(a.cumLoad[:0], b.cumLoad...)
		a.stale = b.stale
	}
	copy(s.where, o.where)
	copy(s.pos, o.pos)
	s.cost = o.cost
	s.routeCap = o.routeCap
}

// refresh recomputes route k's cached data after its job list changed: what the
// ruin-and-recreate loop needs (refreshSearch), then the prefix sums and tails local
// search reads.
func (in *instance) refresh(s *state, k int) {
	in.refreshSearch(s, k)
	r := &s.routes[k]
	v := &in.p.Vehicles[r.v]
	n := len(r.jobs)
	r.cumDist = growF(r.cumDist, n+1)
	r.tail = growF(r.tail, n+1)
	r.cumLoad = growF(r.cumLoad, (n+1)*in.dims)
	r.cumDist[0] = 0
	for d := 0; d < in.dims; d++ {
		r.cumLoad[d] = 0
	}
	prev := v.Start
	for i, j := range r.jobs {
		for d, q := range in.demand[j] {
			r.cumLoad[(i+1)*in.dims+d] = r.cumLoad[i*in.dims+d] + q
		}
		r.cumDist[i+1] = r.cumDist[i] + in.dist[prev][in.loc[j]]
		prev = in.loc[j]
	}
	for i := 0; i <= n; i++ {
		r.tail[i] = r.dist - r.cumDist[i]
	}
	if n > 0 {
		// tail[i] starts at position i's location, so drop the arc that leads to it.
		for i := 1; i <= n; i++ {
			r.tail[i] = r.dist - r.cumDist[i] - in.dist[in.locBefore(r, i)][in.locAt(r, i)]
		}
		r.tail[0] = r.dist - in.dist[v.Start][in.locAt(r, 0)]
	}
	r.stale = false
}

// refreshSearch recomputes route k's load, distance, positions and segment data,
// and marks the local-search data (cumDist, tail, cumLoad) stale.
func (in *instance) refreshSearch(s *state, k int) {
	r := &s.routes[k]
	for d := range r.load {
		r.load[d] = 0
	}
	v := &in.p.Vehicles[r.v]
	n := len(r.jobs)
	prev := v.Start
	r.dist = 0
	for i, j := range r.jobs {
		s.where[j] = k
		s.pos[j] = i
		for d, q := range in.demand[j] {
			r.load[d] += q
		}
		r.dist += in.dist[prev][in.loc[j]]
		prev = in.loc[j]
	}
	r.dist += in.dist[prev][v.End]
	if n == 0 {
		r.dist = 0 // an unused vehicle does not drive
	}
	in.refreshSegments(r)
	r.stale = true
}

// refreshSegments recomputes the forward and backward segment data of r.
func (in *instance) refreshSegments(r *route) {
	n := len(r.jobs)
	r.fwd = grow(r.fwd, n+1)
	r.bwd = grow(r.bwd, n+1)
	r.fwd[0] = in.start[r.v]
	for i, j := range r.jobs {
		r.fwd[i+1] = concat(r.fwd[i], in.node[j], in.dur[r.fwd[i].last][in.loc[j]])
	}
	r.bwd[n] = in.end[r.v]
	for i := n - 1; i >= 0; i-- {
		j := r.jobs[i]
		r.bwd[i] = concat(in.node[j], r.bwd[i+1], in.dur[in.loc[j]][r.bwd[i+1].first])
	}
}

func growF(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n, 2*n)
	}
	return s[:n]
}

func grow(s []seg, n int) []seg {
	if cap(s) < n {
		return make([]seg, n, 2*n)
	}
	return s[:n]
}

// routeCost is the cost contribution of route k.
func (in *instance) routeCost(r *route) float64 {
	if len(r.jobs) == 0 {
		return 0
	}
	return in.distW*r.dist + in.fixed[r.v]
}

// totalCost recomputes a state's cost from its routes and unassigned jobs.
func (in *instance) totalCost(s *state) float64 {
	c := 0.0
	for k := range s.routes {
		c += in.routeCost(&s.routes[k])
	}
	for j, w := range s.where {
		if w < 0 {
			c += in.penalty[j]
		}
	}
	return c
}

// fits reports whether route r's load plus job j's demand respects capacity.
func (in *instance) fits(r *route, j int) bool {
	c := in.capacity[r.v]
	for d, q := range in.demand[j] {
		if q != 0 && r.load[d]+q > c[d]+eps {
			return false
		}
	}
	return true
}

// timeOK reports whether the visit sequence a ⊕ b (segment data) is feasible for
// vehicle k in time: no time warp and within the maximum duration.
func (in *instance) timeOK(k int, s seg) bool {
	return s.tw <= eps && s.dur <= in.maxDur[k]+eps
}

// locBefore returns the location preceding position i in r (the start depot for 0).
func (in *instance) locBefore(r *route, i int) int {
	if i == 0 {
		return in.p.Vehicles[r.v].Start
	}
	return in.loc[r.jobs[i-1]]
}

// locAt returns the location at position i in r (the end depot for len(jobs)).
func (in *instance) locAt(r *route, i int) int {
	if i == len(r.jobs) {
		return in.p.Vehicles[r.v].End
	}
	return in.loc[r.jobs[i]]
}

// insertDist is the distance increase of inserting job j at position i of r.
func (in *instance) insertDist(r *route, j, i int) float64 {
	lj := in.loc[j]
	if len(r.jobs) == 0 {
		v := &in.p.Vehicles[r.v]
		return in.dist[v.Start][lj] + in.dist[lj][v.End]
	}
	a, b := in.locBefore(r, i), in.locAt(r, i)
	return in.dist[a][lj] + in.dist[lj][b] - in.dist[a][b]
}

// insert puts job j at position i of route k and updates the search data
// incrementally: positions before i keep their forward data and positions after it
// their backward data. The local-search data becomes stale.
func (in *instance) insert(s *state, k, j, i int) {
	r := &s.routes[k]
	r.dist += in.insertDist(r, j, i)
	r.jobs = append(r.jobs, 0)
	copy(r.jobs[i+1:], r.jobs[i:])
	r.jobs[i] = j
	n := len(r.jobs)
	for p := i; p < n; p++ {
		s.where[r.jobs[p]] = k
		s.pos[r.jobs[p]] = p
	}
	for d, q := range in.demand[j] {
		r.load[d] += q
	}
	r.fwd = append(r.fwd, seg{})
	for p := i; p < n; p++ {
		x := r.jobs[p]
		r.fwd[p+1] = concat(r.fwd[p], in.node[x], in.dur[r.fwd[p].last][in.loc[x]])
	}
	r.bwd = append(r.bwd, seg{})
	copy(r.bwd[i+1:], r.bwd[i:n])
	for p := i; p >= 0; p-- {
		x := r.jobs[p]
		r.bwd[p] = concat(in.node[x], r.bwd[p+1], in.dur[in.loc[x]][r.bwd[p+1].first])
	}
	r.stale = true
}
