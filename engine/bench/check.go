package bench

import (
	"fmt"
	"math"
)

// checkEps tolerates floating-point noise in time comparisons.
const checkEps = 1e-6

// CheckRoutes verifies routes (lists of node indices, depots omitted) against the
// instance itself, independently of the engine, and returns the solution's value:
// total distance (Solomon, CVRP) or collected score (TOP). For Solomon it simulates
// the timetable with services starting as early as possible; for TOP it checks each
// path's length against tmax.
func (in *Instance) CheckRoutes(routes [][]int) (float64, error) {
	n := len(in.X)
	if len(routes) > in.Vehicles {
		return 0, fmt.Errorf("%s: %d routes for a fleet of %d", in.Name, len(routes), in.Vehicles)
	}
	seen := make([]bool, n)
	end := 0
	if in.Family == TOP {
		end = n - 1
	}
	total, score := 0.0, 0.0
	for ri, r := range routes {
		if len(r) == 0 {
			return 0, fmt.Errorf("%s: route %d is empty", in.Name, ri+1)
		}
		load, dist, t := 0.0, 0.0, 0.0
		if in.Family == Solomon {
			t = in.Ready[0]
		}
		prev := 0
		for _, c := range r {
			if c <= 0 || c >= n || c == end {
				return 0, fmt.Errorf("%s: route %d visits node %d, not a customer", in.Name, ri+1, c)
			}
			if seen[c] {
				return 0, fmt.Errorf("%s: customer %d visited twice", in.Name, in.Labels[c])
			}
			seen[c] = true
			d := in.Dist(prev, c)
			dist += d
			if in.Family == Solomon {
				t = math.Max(t+d, in.Ready[c])
				if t > in.Due[c]+checkEps {
					return 0, fmt.Errorf("%s: route %d reaches customer %d at %.4f after its due time %.4f", in.Name, ri+1, in.Labels[c], t, in.Due[c])
				}
				t += in.Service[c]
			}
			if in.Family == TOP {
				score += in.Score[c]
			} else {
				load += in.Demand[c]
			}
			prev = c
		}
		d := in.Dist(prev, end)
		dist += d
		if in.Family == Solomon && t+d > in.Due[0]+checkEps {
			return 0, fmt.Errorf("%s: route %d returns at %.4f after the depot closes at %.4f", in.Name, ri+1, t+d, in.Due[0])
		}
		if in.Family != TOP && load > in.Capacity+checkEps {
			return 0, fmt.Errorf("%s: route %d carries %.0f over capacity %.0f", in.Name, ri+1, load, in.Capacity)
		}
		if in.Family == TOP && dist > in.TMax+checkEps {
			return 0, fmt.Errorf("%s: route %d lasts %.4f over tmax %.4f", in.Name, ri+1, dist, in.TMax)
		}
		total += dist
	}
	if in.Family == TOP {
		return score, nil
	}
	for _, c := range in.Customers() {
		if !seen[c] {
			return 0, fmt.Errorf("%s: customer %d not visited", in.Name, in.Labels[c])
		}
	}
	return total, nil
}
