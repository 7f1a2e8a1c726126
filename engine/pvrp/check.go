package pvrp

import (
	"fmt"
	"math"
)

// checkEps tolerates floating-point noise in capacity and duration comparisons.
const checkEps = 1e-6

// Check verifies that sol is feasible for p and that its Cost is the total distance.
func Check(p *Problem, sol *Solution) error {
	n := len(p.Dist)
	if len(sol.Routes) != p.Days || len(sol.Pattern) != n {
		return fmt.Errorf("pvrp: solution has %d days and %d patterns, want %d and %d", len(sol.Routes), len(sol.Pattern), p.Days, n)
	}
	seen := make([]Pattern, n)
	total := 0.0
	for d, routes := range sol.Routes {
		if len(routes) > p.VehiclesPerDay {
			return fmt.Errorf("pvrp: day %d has %d routes, limit %d", d, len(routes), p.VehiclesPerDay)
		}
		for ri, r := range routes {
			load, dur, prev := 0.0, 0.0, 0
			for _, c := range r {
				if c <= 0 || c >= n {
					return fmt.Errorf("pvrp: day %d route %d visits node %d", d, ri, c)
				}
				if seen[c].Has(d) {
					return fmt.Errorf("pvrp: customer %d visited twice on day %d", c, d)
				}
				seen[c] |= 1 << uint(d)
				load += p.Demand[c]
				dur += p.Dist[prev][c] + p.service(c)
				total += p.Dist[prev][c]
				prev = c
			}
			dur += p.Dist[prev][0]
			total += p.Dist[prev][0]
			if load > p.Capacity[d]+checkEps {
				return fmt.Errorf("pvrp: day %d route %d load %g over capacity %g", d, ri, load, p.Capacity[d])
			}
			if p.MaxDuration[d] > 0 && dur > p.MaxDuration[d]+checkEps {
				return fmt.Errorf("pvrp: day %d route %d lasts %g over %g", d, ri, dur, p.MaxDuration[d])
			}
		}
	}
	for c := 1; c < n; c++ {
		k := sol.Pattern[c]
		if k < 0 || k >= len(p.Patterns[c]) {
			return fmt.Errorf("pvrp: customer %d has pattern index %d", c, k)
		}
		if seen[c] != p.Patterns[c][k] {
			return fmt.Errorf("pvrp: customer %d visited on days %b, pattern is %b", c, seen[c], p.Patterns[c][k])
		}
	}
	if math.Abs(total-sol.Cost) > 1e-6*math.Max(1, total) {
		return fmt.Errorf("pvrp: cost %g, routes total %g", sol.Cost, total)
	}
	return nil
}
