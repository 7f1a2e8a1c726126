package pvrp

import (
	"math"
	"sort"
)

// eps tolerates rounding in load and duration sums.
const eps = 1e-9

// instance is the problem flattened for the search: a row-major distance matrix,
// per-customer pattern lists and the union of their days, and neighbour lists.
type instance struct {
	p        *Problem
	n        int // nodes, depot included
	days     int
	m        int
	dist     []float64
	demand   []float64
	service  []float64
	capacity []float64
	maxDur   []float64 // +Inf when unlimited
	patterns [][]Pattern
	union    []Pattern // days any allowed pattern may use
	freq     []int     // visits of the smallest allowed pattern, for ordering
	// neighbours[c] lists the other customers by increasing distance from c.
	neighbours [][]int32
	symmetric  bool // 2-opt needs d(i,j) = d(j,i)
	// penalty per unserved customer: above any insertion cost, so serving wins.
	penalty []float64
	scale   float64 // typical edge length, the unit of annealing temperatures
}

func newInstance(p *Problem) *instance {
	n := len(p.Dist)
	in := &instance{p: p, n: n, days: p.Days, m: p.VehiclesPerDay}
	in.dist = make([]float64, n*n)
	maxD := 0.0
	for i, row := range p.Dist {
		copy(in.dist[i*n:], row)
		for _, d := range row {
			maxD = math.Max(maxD, d)
		}
	}
	in.symmetric = true
	for i := 0; i < n && in.symmetric; i++ {
		for j := 0; j < i; j++ {
			if in.dist[i*n+j] != in.dist[j*n+i] {
				in.symmetric = false
				break
			}
		}
	}
	in.demand = append([]float64(nil), p.Demand...)
	in.service = make([]float64, n)
	for c := range in.service {
		in.service[c] = p.service(c)
	}
	in.capacity = append([]float64(nil), p.Capacity...)
	in.maxDur = make([]float64, p.Days)
	for d, v := range p.MaxDuration {
		in.maxDur[d] = v
		if v <= 0 {
			in.maxDur[d] = math.Inf(1)
		}
	}
	in.patterns = p.Patterns
	in.union = make([]Pattern, n)
	in.freq = make([]int, n)
	in.penalty = make([]float64, n)
	in.neighbours = make([][]int32, n)
	for c := 1; c < n; c++ {
		in.freq[c] = 64
		for _, pt := range p.Patterns[c] {
			in.union[c] |= pt
			in.freq[c] = min(in.freq[c], pt.Len())
		}
		in.penalty[c] = float64(in.freq[c]) * (4*maxD + 1)
		nb := make([]int32, 0, n-2)
		for o := 1; o < n; o++ {
			if o != c {
				nb = append(nb, int32(o))
			}
		}
		row := in.dist[c*n:]
		sort.SliceStable(nb, func(a, b int) bool { return row[nb[a]] < row[nb[b]] })
		in.neighbours[c] = nb
	}
	in.scale = in.temperatureScale()
	return in
}

// d is the distance from node i to node j.
func (in *instance) d(i, j int32) float64 { return in.dist[int(i)*in.n+int(j)] }

// temperatureScale is the typical edge: the mean distance from a customer to its 5
// nearest neighbours (or the depot), the unit of the annealing temperature.
func (in *instance) temperatureScale() float64 {
	sum, cnt := 0.0, 0
	for c := 1; c < in.n; c++ {
		k := min(5, len(in.neighbours[c]))
		for _, o := range in.neighbours[c][:k] {
			sum += in.d(int32(c), o)
			cnt++
		}
		if k == 0 {
			sum += in.d(int32(c), 0)
			cnt++
		}
	}
	if cnt == 0 || sum == 0 {
		return 1
	}
	return sum / float64(cnt)
}

// meanDemand is the mean positive customer demand (1 when there is none).
func (in *instance) meanDemand() float64 {
	sum, cnt := 0.0, 0
	for c := 1; c < in.n; c++ {
		if in.demand[c] > 0 {
			sum += in.demand[c]
			cnt++
		}
	}
	if cnt == 0 {
		return 1
	}
	return sum / float64(cnt)
}

// meanDepotDist is the mean distance from the depot to a customer (1 when zero).
func (in *instance) meanDepotDist() float64 {
	sum := 0.0
	for c := 1; c < in.n; c++ {
		sum += in.d(0, int32(c))
	}
	if sum == 0 {
		return 1
	}
	return sum / float64(in.n-1)
}
