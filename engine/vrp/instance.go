package vrp

import (
	"math"
	"sort"
)

// instance is the solver's read-only, preprocessed view of a Problem, shared by all
// workers.
type instance struct {
	p        *Problem
	n, m     int
	dur      [][]float64
	dist     [][]float64
	loc      []int
	node     []seg       // single-window visit data (first window, or open)
	demand   [][]float64 // per job, padded to dims
	dims     int
	capacity [][]float64 // per vehicle, padded to dims
	compat   [][]bool    // [vehicle][job]: skills match
	// complexVeh marks vehicles whose routes cannot use the O(1) segment data:
	// those with a break, or any vehicle when some job has several windows.
	complexVeh []bool
	maxDur     []float64 // per vehicle, +Inf when unlimited
	maxDist    []float64 // per vehicle, +Inf when unlimited
	start, end []seg     // depot data per vehicle
	class      []int     // identical vehicles share a class: one empty route of each is tried
	nClasses   int
	penalty    []float64 // cost of leaving a job unassigned
	fixed      []float64 // cost of using a vehicle (fixed cost plus vehicle weight)
	distW      float64   // weight of one unit of distance in the cost
	adj        [][]int   // jobs sorted by distance from each job (itself first)
	scale      float64   // typical cost per job, for annealing temperatures
	// optional is set when some job may be left out (its penalty is then its prize).
	optional bool
	// hopeless marks jobs that no vehicle can serve even alone, or optional jobs whose
	// prize is zero under MaxPrize: the search never tries to insert them.
	hopeless []bool
	// polishSlack widens which candidates get local search: under MaxPrize every
	// candidate collecting as much prize as the best (whatever its length) is worth
	// shortening, since shorter routes leave room for more jobs.
	polishSlack float64
}

func newInstance(p *Problem) *instance {
	in := &instance{p: p, n: len(p.Jobs), m: len(p.Vehicles), dur: p.Duration, dist: p.Distance}
	for _, j := range p.Jobs {
		in.dims = max(in.dims, len(j.Demand))
	}
	for _, v := range p.Vehicles {
		in.dims = max(in.dims, len(v.Capacity))
	}
	multiTW := false
	in.loc = make([]int, in.n)
	in.node = make([]seg, in.n)
	in.demand = make([][]float64, in.n)
	for j, job := range p.Jobs {
		in.loc[j] = job.Location
		e, l := math.Inf(-1), math.Inf(1)
		if len(job.Windows) > 0 {
			e, l = job.Windows[0].Start, job.Windows[0].End
		}
		if len(job.Windows) > 1 {
			multiTW = true
		}
		in.node[j] = nodeSeg(job.Location, job.Service, e, l)
		d := make([]float64, in.dims)
		copy(d, job.Demand)
		in.demand[j] = d
	}
	maxEntry := 0.0
	for i := range p.Distance {
		for _, x := range p.Distance[i] {
			maxEntry = math.Max(maxEntry, x)
		}
	}
	in.capacity = make([][]float64, in.m)
	in.compat = make([][]bool, in.m)
	in.complexVeh = make([]bool, in.m)
	in.maxDur = make([]float64, in.m)
	in.maxDist = make([]float64, in.m)
	in.start = make([]seg, in.m)
	in.end = make([]seg, in.m)
	in.class = make([]int, in.m)
	in.fixed = make([]float64, in.m)
	for k, v := range p.Vehicles {
		c := make([]float64, in.dims)
		copy(c, v.Capacity)
		in.capacity[k] = c
		in.compat[k] = make([]bool, in.n)
		for j, job := range p.Jobs {
			in.compat[k][j] = hasSkills(v.Skills, job.Skills)
		}
		in.complexVeh[k] = multiTW || v.Break != nil
		in.maxDur[k] = horizon(v.MaxDuration)
		in.maxDist[k] = horizon(v.MaxDistance)
		se := horizon(v.ShiftEnd)
		in.start[k] = nodeSeg(v.Start, 0, v.ShiftStart, se)
		in.end[k] = nodeSeg(v.End, 0, v.ShiftStart, se)
		in.class[k] = -1
		for q := 0; q < k; q++ {
			if sameVehicle(&p.Vehicles[q], &v) {
				in.class[k] = in.class[q]
				break
			}
		}
		if in.class[k] < 0 {
			in.class[k] = in.nClasses
			in.nClasses++
		}
	}

	// Cost weights. Mandatory jobs must dominate any distance saving; vehicles must
	// dominate distance in the hierarchical objective; in the prize objective the whole
	// distance is worth less than the smallest prize.
	in.distW = 1
	bigM := 1000 * (2*maxEntry + 1)
	vehW := 0.0
	if p.Objective == MinVehiclesThenDistance {
		vehW = float64(in.n+1) * (2*maxEntry + 1)
		bigM = vehW * 10
	}
	if p.Objective == MaxPrize {
		minPrize := math.Inf(1)
		for _, j := range p.Jobs {
			if j.Prize > 0 {
				minPrize = math.Min(minPrize, j.Prize)
			}
		}
		if math.IsInf(minPrize, 1) {
			minPrize = 1
		}
		in.distW = 0.01 * minPrize / ((float64(in.n) + float64(in.m)) * (maxEntry + 1))
		bigM = 1000 * minPrize * float64(in.n+1)
		in.polishSlack = 0.01 * minPrize
	}
	in.penalty = make([]float64, in.n)
	for j, job := range p.Jobs {
		if job.Optional {
			in.penalty[j] = job.Prize
			in.optional = true
		} else {
			in.penalty[j] = bigM
		}
	}
	for k, v := range p.Vehicles {
		in.fixed[k] = vehW
		if p.Objective != MaxPrize {
			in.fixed[k] += v.FixedCost
		}
	}

	// Adjacency for string removals.
	in.adj = make([][]int, in.n)
	limit := min(in.n, 150)
	order := make([]int, in.n)
	for j := range p.Jobs {
		for i := range order {
			order[i] = i
		}
		lj := in.loc[j]
		sort.SliceStable(order, func(a, b int) bool {
			da := in.dist[lj][in.loc[order[a]]] + in.dist[in.loc[order[a]]][lj]
			db := in.dist[lj][in.loc[order[b]]] + in.dist[in.loc[order[b]]][lj]
			if order[a] == j {
				return order[b] != j
			}
			if order[b] == j {
				return false
			}
			return da < db
		})
		in.adj[j] = append([]int(nil), order[:limit]...)
	}

	in.hopeless = make([]bool, in.n)
	for j := range p.Jobs {
		ok := false
		for k := range p.Vehicles {
			if in.compat[k][j] && in.aloneFeasible(k, j) {
				ok = true
				break
			}
		}
		in.hopeless[j] = !ok || (p.Objective == MaxPrize && in.penalty[j] <= 0)
	}

	// Temperature scale: the typical cost attached to one job.
	if p.Objective == MaxPrize {
		sum := 0.0
		for _, j := range p.Jobs {
			sum += j.Prize
		}
		in.scale = sum / math.Max(1, float64(in.n))
	} else {
		// Average distance to the nearest neighbours approximates the per-job share of
		// a good solution's length.
		sum := 0.0
		for j := range p.Jobs {
			k := min(len(in.adj[j])-1, 5)
			acc := 0.0
			for _, o := range in.adj[j][1 : k+1] {
				acc += in.dist[in.loc[j]][in.loc[o]]
			}
			if k > 0 {
				sum += acc / float64(k)
			}
		}
		in.scale = sum / math.Max(1, float64(in.n))
	}
	if in.scale <= 0 {
		in.scale = 1
	}
	return in
}

func sameVehicle(a, b *Vehicle) bool {
	if a.Start != b.Start || a.End != b.End || a.ShiftStart != b.ShiftStart || a.ShiftEnd != b.ShiftEnd ||
		a.MaxDuration != b.MaxDuration || a.MaxDistance != b.MaxDistance || a.FixedCost != b.FixedCost ||
		len(a.Capacity) != len(b.Capacity) || len(a.Skills) != len(b.Skills) || (a.Break == nil) != (b.Break == nil) {
		return false
	}
	if a.Break != nil && *a.Break != *b.Break {
		return false
	}
	for i := range a.Capacity {
		if a.Capacity[i] != b.Capacity[i] {
			return false
		}
	}
	for i := range a.Skills {
		if a.Skills[i] != b.Skills[i] {
			return false
		}
	}
	return true
}

// aloneFeasible reports whether vehicle k can serve job j on a route of its own.
func (in *instance) aloneFeasible(k, j int) bool {
	for d, q := range in.demand[j] {
		if q > in.capacity[k][d]+eps {
			return false
		}
	}
	v := &in.p.Vehicles[k]
	l := in.loc[j]
	if in.dist[v.Start][l]+in.dist[l][v.End] > in.maxDist[k]+eps {
		return false
	}
	return in.schedule(k, []int{j}, nil)
}
