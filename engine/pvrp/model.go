package pvrp

import (
	"math"
	"sort"
)

// model is the problem flattened for the search: a row-major distance matrix,
// per-customer pattern lists and the union of their days, and neighbour lists.
type model struct {
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
}

func newModel(p *Problem) *model {
	n := len(p.Dist)
	md := &model{p: p, n: n, days: p.Days, m: p.VehiclesPerDay}
	md.dist = make([]float64, n*n)
	maxD := 0.0
	for i, row := range p.Dist {
		copy(md.dist[i*n:], row)
		for _, d := range row {
			maxD = math.Max(maxD, d)
		}
	}
	md.symmetric = true
	for i := 0; i < n && md.symmetric; i++ {
		for j := 0; j < i; j++ {
			if md.dist[i*n+j] != md.dist[j*n+i] {
				md.symmetric = false
				break
			}
		}
	}
	md.demand = append([]float64(nil), p.Demand...)
	md.service = make([]float64, n)
	for c := range md.service {
		md.service[c] = p.service(c)
	}
	md.capacity = append([]float64(nil), p.Capacity...)
	md.maxDur = make([]float64, p.Days)
	for d, v := range p.MaxDuration {
		md.maxDur[d] = v
		if v <= 0 {
			md.maxDur[d] = math.Inf(1)
		}
	}
	md.patterns = p.Patterns
	md.union = make([]Pattern, n)
	md.freq = make([]int, n)
	md.penalty = make([]float64, n)
	md.neighbours = make([][]int32, n)
	for c := 1; c < n; c++ {
		md.freq[c] = 64
		for _, pt := range p.Patterns[c] {
			md.union[c] |= pt
			md.freq[c] = min(md.freq[c], pt.Len())
		}
		md.penalty[c] = float64(md.freq[c]) * (4*maxD + 1)
		nb := make([]int32, 0, n-2)
		for o := 1; o < n; o++ {
			if o != c {
				nb = append(nb, int32(o))
			}
		}
		row := md.dist[c*n:]
		sort.SliceStable(nb, func(a, b int) bool { return row[nb[a]] < row[nb[b]] })
		md.neighbours[c] = nb
	}
	return md
}

func (md *model) d(i, j int32) float64 { return md.dist[int(i)*md.n+int(j)] }

// typicalEdge is the mean distance from a customer to its 5 nearest neighbours (or
// the depot), the unit of the annealing temperature.
func (md *model) typicalEdge() float64 {
	sum, cnt := 0.0, 0
	for c := 1; c < md.n; c++ {
		k := min(5, len(md.neighbours[c]))
		for _, o := range md.neighbours[c][:k] {
			sum += md.d(int32(c), o)
			cnt++
		}
		if k == 0 {
			sum += md.d(int32(c), 0)
			cnt++
		}
	}
	if cnt == 0 || sum == 0 {
		return 1
	}
	return sum / float64(cnt)
}

// meanDemand is the mean positive customer demand (1 when there is none).
func (md *model) meanDemand() float64 {
	sum, cnt := 0.0, 0
	for c := 1; c < md.n; c++ {
		if md.demand[c] > 0 {
			sum += md.demand[c]
			cnt++
		}
	}
	if cnt == 0 {
		return 1
	}
	return sum / float64(cnt)
}

// meanDepotDist is the mean distance from the depot to a customer (1 when zero).
func (md *model) meanDepotDist() float64 {
	sum := 0.0
	for c := 1; c < md.n; c++ {
		sum += md.d(0, int32(c))
	}
	if sum == 0 {
		return 1
	}
	return sum / float64(md.n-1)
}
