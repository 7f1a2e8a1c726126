package vrp

import (
	"fmt"
	"math"
)

// Check verifies that s is a feasible solution of p: every job at most once and every
// mandatory job exactly once, skills, capacities, time windows, shifts, breaks, maximum
// duration and distance, and that the schedule stated in each route is consistent with
// the travel times. It recomputes everything from p and never trusts the solver's
// cached data, so that a solver bug cannot hide behind its own bookkeeping.
func Check(p *Problem, s *Solution) error {
	if err := p.Validate(); err != nil {
		return err
	}
	seen := make([]int, len(p.Jobs)) // 0 unseen, 1 routed, 2 unassigned
	usedVehicle := make([]bool, len(p.Vehicles))
	for ri := range s.Routes {
		r := &s.Routes[ri]
		if r.Vehicle < 0 || r.Vehicle >= len(p.Vehicles) {
			return fmt.Errorf("route %d: vehicle %d out of range", ri, r.Vehicle)
		}
		if usedVehicle[r.Vehicle] {
			return fmt.Errorf("route %d: vehicle %d used twice", ri, r.Vehicle)
		}
		usedVehicle[r.Vehicle] = true
		for _, j := range r.Jobs {
			if j < 0 || j >= len(p.Jobs) {
				return fmt.Errorf("route %d: job %d out of range", ri, j)
			}
			if seen[j] != 0 {
				return fmt.Errorf("route %d: job %d (%s) served twice", ri, j, p.Jobs[j].ID)
			}
			seen[j] = 1
		}
		if err := checkRoute(p, r); err != nil {
			return fmt.Errorf("route %d (vehicle %s): %w", ri, p.Vehicles[r.Vehicle].ID, err)
		}
	}
	for _, j := range s.Unassigned {
		if j < 0 || j >= len(p.Jobs) {
			return fmt.Errorf("unassigned job %d out of range", j)
		}
		if seen[j] != 0 {
			return fmt.Errorf("job %d (%s) both served and unassigned, or listed twice", j, p.Jobs[j].ID)
		}
		seen[j] = 2
	}
	for j, st := range seen {
		switch {
		case st == 0:
			return fmt.Errorf("job %d (%s) neither served nor unassigned", j, p.Jobs[j].ID)
		case st == 2 && !p.Jobs[j].Optional:
			return fmt.Errorf("mandatory job %d (%s) is not served", j, p.Jobs[j].ID)
		}
	}
	return nil
}

func hasSkills(have, need []string) bool {
	for _, n := range need {
		ok := false
		for _, h := range have {
			if h == n {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

func inSomeWindow(ws []TimeWindow, t float64) bool {
	if len(ws) == 0 {
		return true
	}
	for _, w := range ws {
		if t >= w.Start-eps && t <= w.End+eps {
			return true
		}
	}
	return false
}

// checkRoute checks one route: what it carries and drives, then its timetable.
func checkRoute(p *Problem, r *Route) error {
	if len(r.Jobs) == 0 {
		return nil
	}
	if len(r.Starts) != len(r.Jobs) {
		return fmt.Errorf("%d service starts for %d jobs", len(r.Starts), len(r.Jobs))
	}
	if err := checkLoadAndDistance(p, r); err != nil {
		return err
	}
	return checkTimetable(p, r)
}

// checkLoadAndDistance checks skills, capacities and the maximum distance, and that
// the stated distance is the one driven.
func checkLoadAndDistance(p *Problem, r *Route) error {
	v := &p.Vehicles[r.Vehicle]
	load := make([]float64, len(v.Capacity))
	dist := 0.0
	prev := v.Start
	for _, j := range r.Jobs {
		job := &p.Jobs[j]
		if !hasSkills(v.Skills, job.Skills) {
			return fmt.Errorf("job %s needs skills %v", job.ID, job.Skills)
		}
		for d, q := range job.Demand {
			if q == 0 {
				continue
			}
			if d >= len(load) {
				return fmt.Errorf("job %s has demand in dimension %d, vehicle has no capacity there", job.ID, d)
			}
			load[d] += q
		}
		dist += p.Distance[prev][job.Location]
		prev = job.Location
	}
	dist += p.Distance[prev][v.End]
	for d := range load {
		if load[d] > v.Capacity[d]+eps {
			return fmt.Errorf("load %.6g exceeds capacity %.6g in dimension %d", load[d], v.Capacity[d], d)
		}
	}
	if v.MaxDistance > 0 && dist > v.MaxDistance+eps {
		return fmt.Errorf("distance %.6g exceeds %.6g", dist, v.MaxDistance)
	}
	if math.Abs(dist-r.Distance) > 1e-6*math.Max(1, dist) {
		return fmt.Errorf("stated distance %.6f, recomputed %.6f", r.Distance, dist)
	}
	return nil
}

// checkTimetable walks the gaps between stops (gap g precedes job g, gap len(Jobs)
// precedes the return) and checks travel times, windows, the break, the shift and
// the maximum duration.
func checkTimetable(p *Problem, r *Route) error {
	v := &p.Vehicles[r.Vehicle]
	if r.Departure < v.ShiftStart-eps {
		return fmt.Errorf("departs at %.6g before shift start %.6g", r.Departure, v.ShiftStart)
	}
	if v.Break != nil && (r.BreakAfter < 0 || r.BreakAfter > len(r.Jobs)) {
		return fmt.Errorf("break position %d invalid", r.BreakAfter)
	}
	if v.Break == nil && r.BreakAfter != -1 {
		return fmt.Errorf("break at %d but vehicle has none", r.BreakAfter)
	}
	t := r.Departure
	prev := v.Start
	for g := 0; g <= len(r.Jobs); g++ {
		var next int
		var at float64 // service start, or arrival at the end depot
		if g < len(r.Jobs) {
			next = p.Jobs[r.Jobs[g]].Location
			at = r.Starts[g]
		} else {
			next = v.End
			at = r.Arrival
		}
		travel := p.Duration[prev][next]
		if at < t+travel-eps {
			return fmt.Errorf("stop %d reached at %.6g, stated %.6g", g, t+travel, at)
		}
		if v.Break != nil && r.BreakAfter == g {
			if err := checkBreak(v.Break, r.BreakStart, g, t, travel, at); err != nil {
				return err
			}
		}
		if g < len(r.Jobs) {
			job := &p.Jobs[r.Jobs[g]]
			if !inSomeWindow(job.Windows, at) {
				return fmt.Errorf("job %s starts at %.6g outside its windows", job.ID, at)
			}
			t = at + job.Service
			prev = next
		}
	}
	if v.ShiftEnd != 0 && r.Arrival > v.ShiftEnd+eps {
		return fmt.Errorf("returns at %.6g after shift end %.6g", r.Arrival, v.ShiftEnd)
	}
	if v.MaxDuration > 0 && r.Arrival-r.Departure > v.MaxDuration+eps {
		return fmt.Errorf("duration %.6g exceeds %.6g", r.Arrival-r.Departure, v.MaxDuration)
	}
	return nil
}

// checkBreak checks a break starting at bs in gap g, which the vehicle may start at
// t (after the previous service) and must end by at (the next stop's start), with
// travel to drive before or after it.
func checkBreak(b *Break, bs float64, g int, t, travel, at float64) error {
	if bs < b.Window.Start-eps || bs > b.Window.End+eps {
		return fmt.Errorf("break starts at %.6g outside [%.6g, %.6g]", bs, b.Window.Start, b.Window.End)
	}
	before := bs >= t-eps && bs+b.Duration+travel <= at+eps
	after := bs >= t+travel-eps && bs+b.Duration <= at+eps
	if !before && !after {
		return fmt.Errorf("break at %.6g does not fit in gap %d", bs, g)
	}
	return nil
}
