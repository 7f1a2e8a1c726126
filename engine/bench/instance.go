// Package bench reads public routing benchmarks (Solomon VRPTW, Chao team
// orienteering, CVRPLIB X, Cordeau periodic VRP), runs the routing engines on them,
// checks every solution independently of the engines, and compares the results with
// the best-known solutions shipped beside the instances.
package bench

import (
	"math"

	"medibus/engine/vrp"
)

// Family names accepted by Run.
const (
	Solomon = "solomon"
	TOP     = "top"
	CVRP    = "cvrp"
	PVRP    = "pvrp"
)

// Instance is a parsed benchmark instance. Node 0 is the depot (for TOP, the start);
// for TOP the last node is the end depot.
type Instance struct {
	Name     string
	Family   string
	X, Y     []float64
	Demand   []float64
	Ready    []float64 // Solomon only
	Due      []float64 // Solomon only
	Service  []float64 // Solomon and PVRP
	Score    []float64 // TOP only
	Vehicles int       // fleet size (TOP: number of paths; PVRP: vehicles per day)
	Capacity float64   // Solomon and CVRP
	TMax     float64   // TOP: time budget per path
	// Rounded distances to the nearest integer, as VRPLIB specifies for EUC_2D.
	Rounded bool
	// PVRP only: the horizon, each day's route duration limit (0 = none) and
	// capacity, and per node the visit frequency and allowed day combinations in
	// Cordeau's coding (t binary digits, leftmost = day 1).
	Days        int
	DayDuration []float64
	DayCapacity []float64
	Frequency   []int
	Combos      [][]int
	// Labels are the numbers used for nodes in solution files.
	Labels []int
}

// Dist is the distance between nodes i and j under the instance's convention.
func (in *Instance) Dist(i, j int) float64 {
	d := math.Hypot(in.X[i]-in.X[j], in.Y[i]-in.Y[j])
	if in.Rounded {
		return math.Floor(d + 0.5)
	}
	return d
}

// Customers returns the node indices that are visits (not depots).
func (in *Instance) Customers() []int {
	n := len(in.X)
	var out []int
	last := n
	if in.Family == TOP {
		last = n - 1
	}
	for i := 1; i < last; i++ {
		out = append(out, i)
	}
	return out
}

// Problem converts the instance to the engine's model. Job j serves node
// Customers()[j]. Travel time equals distance.
func (in *Instance) Problem(obj vrp.Objective) *vrp.Problem {
	n := len(in.X)
	m := make([][]float64, n)
	for i := range m {
		m[i] = make([]float64, n)
		for j := range m[i] {
			m[i][j] = in.Dist(i, j)
		}
	}
	p := &vrp.Problem{Duration: m, Distance: m, Objective: obj}
	switch in.Family {
	case TOP:
		p.Objective = vrp.MaxPrize
		for k := 0; k < in.Vehicles; k++ {
			p.Vehicles = append(p.Vehicles, vrp.Vehicle{ID: itoa(k + 1), Start: 0, End: n - 1, ShiftEnd: in.TMax, MaxDuration: in.TMax})
		}
		for _, c := range in.Customers() {
			p.Jobs = append(p.Jobs, vrp.Job{ID: itoa(in.Labels[c]), Location: c, Optional: true, Prize: in.Score[c]})
		}
	default:
		for k := 0; k < in.Vehicles; k++ {
			v := vrp.Vehicle{ID: itoa(k + 1), Capacity: []float64{in.Capacity}}
			if in.Family == Solomon {
				v.ShiftStart, v.ShiftEnd = in.Ready[0], in.Due[0]
			}
			p.Vehicles = append(p.Vehicles, v)
		}
		for _, c := range in.Customers() {
			job := vrp.Job{ID: itoa(in.Labels[c]), Location: c, Demand: []float64{in.Demand[c]}}
			if in.Family == Solomon {
				job.Service = in.Service[c]
				job.Windows = []vrp.TimeWindow{{Start: in.Ready[c], End: in.Due[c]}}
			}
			p.Jobs = append(p.Jobs, job)
		}
	}
	return p
}
