package pvrp

import (
	"errors"
	"fmt"
	"math/bits"
)

// Pattern is a set of days: bit d is set when the customer is visited on day d
// (0-based).
type Pattern uint64

// Has reports whether day d is in the pattern.
func (p Pattern) Has(d int) bool { return p>>uint(d)&1 == 1 }

// Len is the number of days in the pattern.
func (p Pattern) Len() int { return bits.OnesCount64(uint64(p)) }

// Problem is a periodic VRP. Node 0 is the depot; nodes 1..len(Dist)-1 are customers.
type Problem struct {
	Days           int
	VehiclesPerDay int
	// Capacity and MaxDuration are per day; MaxDuration 0 means no limit. Route
	// duration is travel (Dist) plus service times.
	Capacity    []float64
	MaxDuration []float64
	// Dist is the square travel matrix over all nodes.
	Dist    [][]float64
	Demand  []float64 // per node; the depot's is ignored
	Service []float64 // per node; nil means no service times
	// Patterns lists, per node, the allowed visit patterns (the depot's is ignored).
	Patterns [][]Pattern
}

// Validate reports structural errors: sizes, patterns outside the horizon, negative
// data.
func (p *Problem) Validate() error {
	n := len(p.Dist)
	switch {
	case p.Days < 1 || p.Days > 64:
		return fmt.Errorf("pvrp: %d days (want 1 to 64)", p.Days)
	case p.VehiclesPerDay < 1:
		return fmt.Errorf("pvrp: %d vehicles per day", p.VehiclesPerDay)
	case len(p.Capacity) != p.Days || len(p.MaxDuration) != p.Days:
		return fmt.Errorf("pvrp: %d capacities and %d durations for %d days", len(p.Capacity), len(p.MaxDuration), p.Days)
	case n < 1:
		return errors.New("pvrp: empty distance matrix")
	case len(p.Demand) != n || len(p.Patterns) != n || (p.Service != nil && len(p.Service) != n):
		return fmt.Errorf("pvrp: %d nodes but %d demands, %d services, %d pattern lists", n, len(p.Demand), len(p.Service), len(p.Patterns))
	}
	for i, row := range p.Dist {
		if len(row) != n {
			return fmt.Errorf("pvrp: distance row %d has %d entries, want %d", i, len(row), n)
		}
	}
	horizon := Pattern(1)<<uint(p.Days) - 1
	if p.Days == 64 {
		horizon = ^Pattern(0)
	}
	for c := 1; c < n; c++ {
		if len(p.Patterns[c]) == 0 {
			return fmt.Errorf("pvrp: customer %d has no allowed pattern", c)
		}
		for _, pt := range p.Patterns[c] {
			if pt == 0 || pt&^horizon != 0 {
				return fmt.Errorf("pvrp: customer %d: pattern %b outside the %d-day horizon", c, pt, p.Days)
			}
		}
		if p.Demand[c] < 0 || (p.Service != nil && p.Service[c] < 0) {
			return fmt.Errorf("pvrp: customer %d has a negative demand or service time", c)
		}
	}
	return nil
}

func (p *Problem) service(c int) float64 {
	if p.Service == nil {
		return 0
	}
	return p.Service[c]
}
