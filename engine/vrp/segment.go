package vrp

// seg is Vidal's time-window concatenation data for a sequence of visits
// (Vidal et al. 2013, "A hybrid genetic algorithm with adaptive diversity
// management"): with it, the feasibility and minimum duration of any route made of
// a prefix, a few moved visits and a suffix is known in O(1).
type seg struct {
	first, last int     // locations of the first and last visit
	dur         float64 // minimum duration: travel, service and unavoidable waiting
	tw          float64 // time warp: how much too late the sequence is (0 = feasible)
	e, l        float64 // earliest and latest start of the first visit without adding wait or warp
}

// nodeSeg is the data of one visit with a single window [e, l] and service svc.
func nodeSeg(loc int, svc, e, l float64) seg {
	return seg{first: loc, last: loc, dur: svc, e: e, l: l}
}

// concat returns a ⊕ b where travel is the time from a's last to b's first visit.
func concat(a, b seg, travel float64) seg {
	delta := a.dur - a.tw + travel
	wait := fmax(b.e-delta-a.l, 0)
	warp := fmax(a.e+delta-b.l, 0)
	return seg{
		first: a.first,
		last:  b.last,
		dur:   a.dur + b.dur + travel + wait,
		tw:    a.tw + b.tw + warp,
		e:     fmax(b.e-delta, a.e) - wait,
		l:     fmin(b.l-delta, a.l) + warp,
	}
}

// fmax and fmin skip math.Max's NaN and signed-zero handling, which the hot path
// does not need (no NaN ever enters the segment data).
func fmax(a, b float64) float64 {
	if a > b {
		return a
	}
	return b
}

func fmin(a, b float64) float64 {
	if a < b {
		return a
	}
	return b
}
