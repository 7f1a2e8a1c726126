package vrp

import (
	"math"
	"sort"
)

// eps absorbs floating-point noise in time and capacity comparisons.
const eps = 1e-7

// horizon reads a zero limit as none.
func horizon(v float64) float64 {
	if v == 0 {
		return math.Inf(1)
	}
	return v
}

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
	neighbours [][]int   // closest jobs to each job (itself first), at most maxNeighbours
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

// newInstance compiles p for the search. Each step reads what the previous ones
// filled in: job data, then vehicles (whose segment data depends on the jobs'
// windows), cost weights, neighbours, hopeless jobs and the temperature scale.
func newInstance(p *Problem) *instance {
	in := &instance{p: p, n: len(p.Jobs), m: len(p.Vehicles), dur: p.Duration, dist: p.Distance}
	for _, j := range p.Jobs {
		in.dims = max(in.dims, len(j.Demand))
	}
	for _, v := range p.Vehicles {
		in.dims = max(in.dims, len(v.Capacity))
	}
	multiTW := in.compileJobs()
	in.compileVehicles(multiTW)
	in.weighCosts(largestEntry(p.Distance))
	in.sortNeighbours()
	in.markHopeless()
	in.scale = in.temperatureScale()
	return in
}

// compileJobs fills the per-job data and reports whether some job has several time
// windows, which the O(1) segment data cannot represent.
func (in *instance) compileJobs() (multiTW bool) {
	in.loc = make([]int, in.n)
	in.node = make([]seg, in.n)
	in.demand = make([][]float64, in.n)
	for j, job := range in.p.Jobs {
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
	return multiTW
}

// compileVehicles fills the per-vehicle data: capacities, skills, limits, depot
// segments and classes of identical vehicles.
func (in *instance) compileVehicles(multiTW bool) {
	in.capacity = make([][]float64, in.m)
	in.compat = make([][]bool, in.m)
	in.complexVeh = make([]bool, in.m)
	in.maxDur = make([]float64, in.m)
	in.maxDist = make([]float64, in.m)
	in.start = make([]seg, in.m)
	in.end = make([]seg, in.m)
	in.class = make([]int, in.m)
	for k, v := range in.p.Vehicles {
		c := make([]float64, in.dims)
		copy(c, v.Capacity)
		in.capacity[k] = c
		in.compat[k] = make([]bool, in.n)
		for j, job := range in.p.Jobs {
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
			if sameVehicle(&in.p.Vehicles[q], &v) {
				in.class[k] = in.class[q]
				break
			}
		}
		if in.class[k] < 0 {
			in.class[k] = in.nClasses
			in.nClasses++
		}
	}
}

// largestEntry is the largest value of a matrix (0 for an empty one).
func largestEntry(m [][]float64) float64 {
	x := 0.0
	for i := range m {
		for _, v := range m[i] {
			x = math.Max(x, v)
		}
	}
	return x
}

// weighCosts sets the cost weights from the largest distance maxEntry. Mandatory
// jobs must dominate any distance saving; vehicles must dominate distance in the
// hierarchical objective; in the prize objective the whole distance is worth less
// than the smallest prize.
func (in *instance) weighCosts(maxEntry float64) {
	p := in.p
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
	in.fixed = make([]float64, in.m)
	for k, v := range p.Vehicles {
		in.fixed[k] = vehW
		if p.Objective != MaxPrize {
			in.fixed[k] += v.FixedCost
		}
	}
}

// maxNeighbours bounds each job's neighbour list: string removals and the granular
// local search never look further.
const maxNeighbours = 150

// sortNeighbours lists, for each job, the closest jobs by round-trip distance,
// itself first.
func (in *instance) sortNeighbours() {
	in.neighbours = make([][]int, in.n)
	limit := min(in.n, maxNeighbours)
	order := make([]int, in.n)
	for j := range in.p.Jobs {
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
		in.neighbours[j] = append([]int(nil), order[:limit]...)
	}
}

// markHopeless flags the jobs no vehicle can serve even alone, and under MaxPrize
// those worth nothing.
func (in *instance) markHopeless() {
	in.hopeless = make([]bool, in.n)
	for j := range in.p.Jobs {
		ok := false
		for k := range in.p.Vehicles {
			if in.compat[k][j] && in.aloneFeasible(k, j) {
				ok = true
				break
			}
		}
		in.hopeless[j] = !ok || (in.p.Objective == MaxPrize && in.penalty[j] <= 0)
	}
}

// temperatureScale is the typical cost attached to one job: the mean prize when
// collecting prizes, otherwise the mean distance to the nearest neighbours, which
// approximates the per-job share of a good solution's length.
func (in *instance) temperatureScale() float64 {
	scale := 0.0
	if in.p.Objective == MaxPrize {
		sum := 0.0
		for _, j := range in.p.Jobs {
			sum += j.Prize
		}
		scale = sum / math.Max(1, float64(in.n))
	} else {
		sum := 0.0
		for j := range in.p.Jobs {
			k := min(len(in.neighbours[j])-1, 5)
			acc := 0.0
			for _, o := range in.neighbours[j][1 : k+1] {
				acc += in.dist[in.loc[j]][in.loc[o]]
			}
			if k > 0 {
				sum += acc / float64(k)
			}
		}
		scale = sum / math.Max(1, float64(in.n))
	}
	if scale <= 0 {
		scale = 1
	}
	return scale
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
