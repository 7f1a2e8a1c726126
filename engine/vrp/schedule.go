package vrp

import "math"

// schedule computes a feasible timetable for vehicle k serving jobs in order, or
// reports that none exists. It handles what the O(1) segment data cannot: several
// windows per job and lunch breaks. Starting every service as early as possible is
// optimal for feasibility; the departure is then delayed as much as possible without
// delaying the return, which minimises the route duration. With a break, every gap
// and both placements (before or after driving) are tried, keeping the earliest
// return: O(n²), fine for the short routes that have breaks.
//
// When out is non-nil it receives the timetable (Departure, Starts, Arrival, break).
func (in *instance) schedule(k int, jobs []int, out *Route) bool {
	v := &in.p.Vehicles[k]
	if len(jobs) == 0 {
		if out != nil {
			out.Departure, out.Arrival, out.Starts, out.BreakAfter = v.ShiftStart, v.ShiftStart, out.Starts[:0], -1
		}
		return true
	}
	if v.Break == nil {
		return in.scheduleFrom(k, jobs, -1, false, out)
	}
	bestEnd, bestGap, bestAfter := math.Inf(1), -1, false
	for g := 0; g <= len(jobs); g++ {
		for _, after := range []bool{false, true} {
			end, ok := in.forward(k, jobs, v.ShiftStart, g, after, nil, nil)
			if ok && end < bestEnd-eps {
				bestEnd, bestGap, bestAfter = end, g, after
			}
		}
	}
	if bestGap < 0 {
		return false
	}
	return in.scheduleFrom(k, jobs, bestGap, bestAfter, out)
}

// seqFeasible checks a complete job sequence for vehicle k by simulation, for
// vehicles that the segment data cannot handle.
func (in *instance) seqFeasible(k int, jobs []int) bool {
	return in.schedule(k, jobs, nil)
}

// scheduleFrom fixes the break placement (gap < 0: none), computes the earliest
// timetable, delays the departure and checks the duration limit.
func (in *instance) scheduleFrom(k int, jobs []int, gap int, after bool, out *Route) bool {
	v := &in.p.Vehicles[k]
	var starts []float64
	if out != nil {
		starts = out.Starts[:0]
	}
	var bs float64
	end, ok := in.forward(k, jobs, v.ShiftStart, gap, after, &starts, &bs)
	if !ok {
		return false
	}
	dep := v.ShiftStart
	if gap < 0 {
		dep = in.latestDeparture(k, jobs, end)
	} else if gap > 0 {
		// Leave just in time for the first service as scheduled.
		dep = starts[0] - in.dur[v.Start][in.loc[jobs[0]]]
	} else if after {
		dep = bs - in.dur[v.Start][in.loc[jobs[0]]]
	} else {
		dep = bs
	}
	dep = math.Max(dep, v.ShiftStart)
	if dep > v.ShiftStart {
		end2, ok2 := in.forward(k, jobs, dep, gap, after, &starts, &bs)
		if !ok2 || end2 > end+eps {
			// Numerical corner: keep the earliest departure.
			dep = v.ShiftStart
			end, _ = in.forward(k, jobs, dep, gap, after, &starts, &bs)
		} else {
			end = end2
		}
	}
	if end-dep > in.maxDur[k]+eps {
		return false
	}
	if out != nil {
		out.Vehicle = k
		out.Departure, out.Arrival, out.Starts = dep, end, starts
		out.BreakAfter, out.BreakStart = gap, bs
		if gap < 0 {
			out.BreakStart = 0
		}
		out.Duration = end - dep
	}
	return true
}

// forward runs the earliest timetable leaving at dep with the break in the given gap.
// It returns the arrival time at the end depot.
func (in *instance) forward(k int, jobs []int, dep float64, gap int, after bool, starts *[]float64, bs *float64) (float64, bool) {
	v := &in.p.Vehicles[k]
	t := dep
	prev := v.Start
	if starts != nil {
		*starts = (*starts)[:0]
	}
	for g := 0; g <= len(jobs); g++ {
		next := v.End
		if g < len(jobs) {
			next = in.loc[jobs[g]]
		}
		travel := in.dur[prev][next]
		var ready float64
		if g == gap {
			b := v.Break
			var s float64
			if after {
				s = math.Max(t+travel, b.Window.Start)
				ready = s + b.Duration
			} else {
				s = math.Max(t, b.Window.Start)
				ready = s + b.Duration + travel
			}
			if s > b.Window.End+eps {
				return 0, false
			}
			if bs != nil {
				*bs = s
			}
		} else {
			ready = t + travel
		}
		if g == len(jobs) {
			if ready > horizon(v.ShiftEnd)+eps {
				return 0, false
			}
			return ready, true
		}
		job := &in.p.Jobs[jobs[g]]
		st, ok := earliestStart(job.Windows, ready)
		if !ok {
			return 0, false
		}
		if starts != nil {
			*starts = append(*starts, st)
		}
		t = st + job.Service
		prev = next
	}
	panic("unreachable")
}

// latestDeparture returns the latest departure from which the route still returns
// by end, walking backwards through latest feasible service starts (no break).
func (in *instance) latestDeparture(k int, jobs []int, end float64) float64 {
	v := &in.p.Vehicles[k]
	lat := end
	next := v.End
	for g := len(jobs) - 1; g >= 0; g-- {
		job := &in.p.Jobs[jobs[g]]
		bound := lat - in.dur[job.Location][next] - job.Service
		st, ok := latestStart(job.Windows, bound)
		if !ok {
			return v.ShiftStart
		}
		lat = st
		next = job.Location
	}
	return lat - in.dur[v.Start][next]
}

func earliestStart(ws []TimeWindow, t float64) (float64, bool) {
	if len(ws) == 0 {
		return t, true
	}
	for _, w := range ws {
		if t <= w.End+eps {
			return math.Max(t, w.Start), true
		}
	}
	return 0, false
}

func latestStart(ws []TimeWindow, t float64) (float64, bool) {
	if len(ws) == 0 {
		return t, true
	}
	for i := len(ws) - 1; i >= 0; i-- {
		if t >= ws[i].Start-eps {
			return math.Min(t, ws[i].End), true
		}
	}
	return 0, false
}
