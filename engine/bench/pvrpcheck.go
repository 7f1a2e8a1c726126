package bench

import (
	"fmt"
	"slices"
)

// DayRoute is one route of a periodic plan: its 1-based day and the visited nodes,
// depots omitted.
type DayRoute struct {
	Day   int
	Nodes []int
}

// CheckPeriodic verifies a periodic plan against the instance itself, independently
// of the solver: each customer is visited exactly on the days of one of its allowed
// combinations, at most once a day; each day has at most Vehicles routes; each route
// respects the day's capacity and duration limit (travel plus service). It returns
// the total distance.
func (in *Instance) CheckPeriodic(routes []DayRoute) (float64, error) {
	n := len(in.X)
	visits := make([][]int, n) // days on which each node is visited
	perDay := make([]int, in.Days+1)
	total := 0.0
	for ri, r := range routes {
		if r.Day < 1 || r.Day > in.Days {
			return 0, fmt.Errorf("%s: route %d on day %d outside 1..%d", in.Name, ri+1, r.Day, in.Days)
		}
		if len(r.Nodes) == 0 {
			return 0, fmt.Errorf("%s: route %d is empty", in.Name, ri+1)
		}
		perDay[r.Day]++
		if perDay[r.Day] > in.Vehicles {
			return 0, fmt.Errorf("%s: day %d has more than %d routes", in.Name, r.Day, in.Vehicles)
		}
		load, dist, svc, prev := 0.0, 0.0, 0.0, 0
		for _, c := range r.Nodes {
			if c <= 0 || c >= n {
				return 0, fmt.Errorf("%s: route %d visits node %d, not a customer", in.Name, ri+1, c)
			}
			if slices.Contains(visits[c], r.Day) {
				return 0, fmt.Errorf("%s: customer %d visited twice on day %d", in.Name, in.Labels[c], r.Day)
			}
			visits[c] = append(visits[c], r.Day)
			load += in.Demand[c]
			svc += in.Service[c]
			dist += in.Dist(prev, c)
			prev = c
		}
		dist += in.Dist(prev, 0)
		if q := in.DayCapacity[r.Day-1]; load > q+checkEps {
			return 0, fmt.Errorf("%s: route %d on day %d carries %g over capacity %g", in.Name, ri+1, r.Day, load, q)
		}
		if dl := in.DayDuration[r.Day-1]; dl > 0 && dist+svc > dl+checkEps {
			return 0, fmt.Errorf("%s: route %d on day %d lasts %.4f over %g", in.Name, ri+1, r.Day, dist+svc, dl)
		}
		total += dist
	}
	for c := 1; c < n; c++ {
		days := slices.Sorted(slices.Values(visits[c]))
		ok := false
		for _, code := range in.Combos[c] {
			ok = ok || slices.Equal(days, ComboDays(code, in.Days))
		}
		if !ok {
			return 0, fmt.Errorf("%s: customer %d visited on days %v, not an allowed combination %v", in.Name, in.Labels[c], days, in.Combos[c])
		}
	}
	return total, nil
}
