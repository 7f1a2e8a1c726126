package scheduler

import (
	"medibus"
	"medibus/routing"
)

// stop is a session's place in a bus-day; a pinned stop keeps its start and end.
type stop struct {
	site   int
	pinned bool
	start  medibus.Clock
	end    medibus.Clock
}

// timedStop is a stop with its times and the leg that reaches it.
type timedStop struct {
	arrive, start, end, depart medibus.Clock
	leg                        routing.Leg
	legMin                     int
}

// dayPlan is a timed bus-day.
type dayPlan struct {
	leave, ret medibus.Clock
	am, pm     *timedStop // nil when the half-day is free
	back       routing.Leg
	backMin    int
	driveMin   int
}

// timeDay times the day depot → am → pm → depot of unit u, where either stop may be
// nil, and reports whether it fits every rule of docs/constraints.md (shift, windows,
// set-up, break, driving limit, shortest session, pinned times). Sessions are as long
// as the windows allow.
func (p *problem) timeDay(u int, am, pm *stop) (dayPlan, bool) {
	unit := &p.sc.Units[u]
	r := p.rules
	depot := p.depotOf[u]
	nd := len(p.sc.Depots)
	setup := medibus.Clock(r.SetupMin)
	minLen := medibus.Clock(r.MinSessionMin)
	var d dayPlan
	if am == nil && pm == nil {
		return d, false
	}
	first, firstHalf := am, medibus.AM
	if am == nil {
		first, firstHalf = pm, medibus.PM
	}
	out, err := p.leg(depot, nd+first.site)
	if err != nil {
		return d, false
	}
	outMin := medibus.Clock(driveMin(out))
	w := r.Windows[firstHalf]
	t1 := &timedStop{leg: out, legMin: int(outMin)}
	d.leave = max(unit.ShiftStart, w.Start-setup-outMin)
	t1.arrive = d.leave + outMin
	t1.start = max(w.Start, t1.arrive+setup)
	t1.end = w.End
	if first.pinned {
		if first.start < t1.arrive+setup || first.start < w.Start {
			return d, false
		}
		// Leave as late as the pinned start allows.
		d.leave = max(unit.ShiftStart, first.start-setup-outMin)
		t1.arrive = d.leave + outMin
		t1.start, t1.end = first.start, first.end
	}
	last, lastSite := t1, first.site
	d.driveMin = int(outMin)
	if am != nil && pm != nil {
		t2 := &timedStop{}
		w2 := r.Windows[medibus.PM]
		brk := medibus.Clock(r.BreakMin)
		if pm.site == am.site {
			t2.arrive = t1.arrive
			t2.start = max(w2.Start, t1.end+brk)
		} else {
			mid, err := p.leg(nd+am.site, nd+pm.site)
			if err != nil {
				return d, false
			}
			midMin := medibus.Clock(driveMin(mid))
			t2.leg, t2.legMin = mid, int(midMin)
			gap := brk + midMin + setup
			target := w2.Start
			if pm.pinned {
				target = pm.start
			}
			if !am.pinned && t1.end+gap > target {
				// End the morning early enough to start the afternoon on time, but
				// not below the shortest session.
				t1.end = max(t1.start+minLen, target-gap)
			}
			t2.start = max(w2.Start, t1.end+gap)
			t2.arrive = t1.end + midMin
			d.driveMin += int(midMin)
		}
		t2.end = w2.End
		if pm.pinned {
			if pm.start < t2.start {
				return d, false
			}
			t2.start, t2.end = pm.start, pm.end
		}
		t1.depart = t1.end
		d.am, d.pm = t1, t2
		last, lastSite = t2, pm.site
	} else if am != nil {
		d.am = t1
	} else {
		d.pm = t1
	}
	back, err := p.leg(nd+lastSite, depot)
	if err != nil {
		return d, false
	}
	backMin := medibus.Clock(driveMin(back))
	if last.end+backMin > unit.ShiftEnd {
		last.end = unit.ShiftEnd - backMin
	}
	last.depart = last.end
	d.back, d.backMin = back, int(backMin)
	d.ret = last.depart + backMin
	d.driveMin += int(backMin)

	// Check what the construction cannot guarantee.
	if d.driveMin > unit.MaxDriveMin || d.ret > unit.ShiftEnd || d.leave < unit.ShiftStart {
		return d, false
	}
	for i, ts := range []*timedStop{d.am, d.pm} {
		if ts == nil {
			continue
		}
		win := r.Windows[i]
		if ts.start < win.Start || ts.end > win.End || ts.end-ts.start < minLen {
			return d, false
		}
	}
	for _, c := range []struct {
		s  *stop
		ts *timedStop
	}{{am, d.am}, {pm, d.pm}} {
		if c.s != nil && c.s.pinned && (c.ts.start != c.s.start || c.ts.end != c.s.end) {
			return d, false
		}
	}
	return d, true
}
