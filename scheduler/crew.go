package scheduler

import "medibus"

// pickStaff chooses the crew of service v on unit u for the half-day, or nil,
// preferring the professionals the site had for this service.
func (st *state) pickStaff(u, v, site, day int, h medibus.Half) []int {
	return st.crew(u, v, day, h, st.lastStaff[[2]int{site, v}])
}

// crew chooses, for each role of service v on unit u, a member free on the half-day
// and under the weekly cap: one of prefer first (continuity), then the least flexible
// member — the one with the fewest half-days left to give, who may not be able to work
// later — then the least loaded. It returns nil when a role cannot be filled.
func (st *state) crew(u, v, day int, h medibus.Half, prefer []int) []int {
	p := st.p
	d := st.date(day)
	var crew []int
	for _, cands := range p.staffFor[v][u] {
		best := -1
		for _, m := range cands {
			mem := &p.sc.Staff[m]
			if st.busy[m][day][h] || !mem.AvailableOn(d, h) || contains(crew, m) {
				continue
			}
			if mem.MaxSessionsPerWeek > 0 && st.week[m][day/7] >= mem.MaxSessionsPerWeek {
				continue
			}
			switch {
			case best < 0:
				best = m
			case contains(prefer, m) != contains(prefer, best):
				if contains(prefer, m) {
					best = m
				}
			case st.left(m) != st.left(best):
				if st.left(m) < st.left(best) {
					best = m
				}
			case st.total[m] < st.total[best]:
				best = m
			}
		}
		if best < 0 {
			return nil
		}
		crew = append(crew, best)
	}
	return crew
}

// left is how many more sessions member m could take in the cycle: free half-days
// when available, bounded by the weekly cap.
func (st *state) left(m int) int {
	n := st.free[m]
	if c := st.p.sc.Staff[m].MaxSessionsPerWeek; c > 0 {
		n = min(n, c*st.p.rules.CycleWeeks-st.total[m])
	}
	return n
}

func contains(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// crewLike picks a crew for service v on unit u, keeping the members of want who are
// still free and allowed, and filling the other roles like pickStaff does.
func (st *state) crewLike(u, v, day int, h medibus.Half, want []string) []int {
	var prefer []int
	for _, id := range want {
		if m, ok := st.p.staffIdx[id]; ok {
			prefer = append(prefer, m)
		}
	}
	return st.crew(u, v, day, h, prefer)
}
