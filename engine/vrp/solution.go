package vrp

import (
	"fmt"
	"sort"
)

// Route is one vehicle's tour with its schedule.
type Route struct {
	Vehicle   int
	Jobs      []int     // job indices in visiting order
	Departure float64   // time the vehicle leaves its start location
	Starts    []float64 // service start of each job
	Arrival   float64   // time the vehicle reaches its end location
	// BreakAfter is the number of jobs served before the break (0 = before the
	// first job), or -1 when the route has no break.
	BreakAfter int
	BreakStart float64
	Distance   float64
	Duration   float64
}

// Solution is a set of routes, at most one per vehicle, with skipped jobs.
type Solution struct {
	Routes     []Route // non-empty routes, ordered by vehicle index
	Unassigned []int   // jobs served by no route, ascending
	Cost       float64 // value of the objective (lower is better)
	Distance   float64
	Prize      float64 // prize of the served jobs
	Vehicles   int     // number of routes
}

// feasible reports whether every mandatory job is served.
func (in *instance) feasible(s *state) bool {
	for j, k := range s.where {
		if k < 0 && !in.p.Jobs[j].Optional {
			return false
		}
	}
	return true
}

// solution converts a search state into the public Solution with its timetable.
func (in *instance) solution(s *state) (*Solution, error) {
	sol := &Solution{Unassigned: []int{}}
	for k := range s.routes {
		r := &s.routes[k]
		if len(r.jobs) == 0 {
			continue
		}
		out := Route{Vehicle: r.v, Jobs: append([]int(nil), r.jobs...), BreakAfter: -1, Distance: r.dist}
		if !in.schedule(r.v, out.Jobs, &out) {
			return nil, fmt.Errorf("vrp: internal error: route of vehicle %d has no timetable", r.v)
		}
		sol.Routes = append(sol.Routes, out)
		sol.Distance += r.dist
		for _, j := range r.jobs {
			sol.Prize += in.p.Jobs[j].Prize
		}
	}
	sort.Slice(sol.Routes, func(a, b int) bool { return sol.Routes[a].Vehicle < sol.Routes[b].Vehicle })
	for j, k := range s.where {
		if k < 0 {
			sol.Unassigned = append(sol.Unassigned, j)
		}
	}
	sol.Vehicles = len(sol.Routes)
	sol.Cost = in.publicCost(sol)
	return sol, nil
}

// publicCost is the objective value reported to callers, in the problem's units:
// distance plus fixed costs plus skipped prizes; for MinVehiclesThenDistance the same
// (vehicles are reported separately); for MaxPrize the negated collected prize.
func (in *instance) publicCost(sol *Solution) float64 {
	if in.p.Objective == MaxPrize {
		return -sol.Prize
	}
	c := sol.Distance
	for _, r := range sol.Routes {
		c += in.p.Vehicles[r.Vehicle].FixedCost
	}
	for _, j := range sol.Unassigned {
		if in.p.Jobs[j].Optional {
			c += in.p.Jobs[j].Prize
		}
	}
	return c
}
