package scheduler

import (
	"medibus"
	"medibus/routing"
)

// stop is a session's place in a bus-day; a pinned stop keeps its start and end. An
// assisted stop (a medical assistant on board) sets up in the rules' shorter time.
type stop struct {
	site     int
	pinned   bool
	assisted bool
	start    medibus.Clock
	end      medibus.Clock
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
	var d dayPlan
	if am == nil && pm == nil {
		return d, false
	}
	first, firstHalf := am, medibus.AM
	if am == nil {
		first, firstHalf = pm, medibus.PM
	}
	t1, ok := p.timeFirst(u, first, firstHalf, &d)
	if !ok {
		return d, false
	}
	last, lastSite := t1, first.site
	if am != nil && pm != nil {
		t2, ok := p.timeAfternoon(am, pm, t1, &d)
		if !ok {
			return d, false
		}
		t1.depart = t1.end
		d.am, d.pm = t1, t2
		last, lastSite = t2, pm.site
	} else if am != nil {
		d.am = t1
	} else {
		d.pm = t1
	}
	if !p.timeReturn(u, last, lastSite, &d) {
		return d, false
	}
	return d, p.dayFits(u, am, pm, &d)
}

// timeFirst times the first stop of the day, reached from the depot in half h: leave
// as late as the shift and the window allow, set up, and hold the session to the end of
// the window (or at its pinned times).
func (p *problem) timeFirst(u int, first *stop, h medibus.Half, d *dayPlan) (*timedStop, bool) {
	unit := &p.sc.Units[u]
	setup := medibus.Clock(p.rules.Setup(first.assisted))
	out, err := p.leg(p.depotOf[u], len(p.sc.Depots)+first.site)
	if err != nil || p.tooLong(out) {
		return nil, false
	}
	outMin := medibus.Clock(driveMin(out))
	w := p.rules.Windows[h]
	t1 := &timedStop{leg: out, legMin: int(outMin)}
	d.leave = max(unit.ShiftStart, w.Start-setup-outMin)
	t1.arrive = d.leave + outMin
	t1.start = max(w.Start, t1.arrive+setup)
	t1.end = w.End
	if first.pinned {
		if first.start < t1.arrive+setup || first.start < w.Start {
			return nil, false
		}
		// Leave as late as the pinned start allows.
		d.leave = max(unit.ShiftStart, first.start-setup-outMin)
		t1.arrive = d.leave + outMin
		t1.start, t1.end = first.start, first.end
	}
	d.driveMin = int(outMin)
	return t1, true
}

// timeAfternoon times the afternoon stop after the morning t1: at the same site the bus
// stays; elsewhere the morning ends early enough for the break, the drive and the
// set-up, but not below the shortest session.
func (p *problem) timeAfternoon(am, pm *stop, t1 *timedStop, d *dayPlan) (*timedStop, bool) {
	r := p.rules
	nd := len(p.sc.Depots)
	t2 := &timedStop{}
	w2 := r.Windows[medibus.PM]
	brk := medibus.Clock(r.BreakMin)
	if pm.site == am.site {
		// The bus stays: it is ready for the afternoon when the morning ends.
		t2.arrive = t1.end
		t2.start = max(w2.Start, t1.end+brk)
	} else {
		mid, err := p.leg(nd+am.site, nd+pm.site)
		if err != nil || p.tooLong(mid) {
			return nil, false
		}
		midMin := medibus.Clock(driveMin(mid))
		t2.leg, t2.legMin = mid, int(midMin)
		gap := brk + midMin + medibus.Clock(r.Setup(pm.assisted))
		target := w2.Start
		if pm.pinned {
			target = pm.start
		}
		if !am.pinned && t1.end+gap > target {
			t1.end = max(t1.start+medibus.Clock(r.MinSessionMin), target-gap)
		}
		t2.start = max(w2.Start, t1.end+gap)
		t2.arrive = t1.end + midMin
		d.driveMin += int(midMin)
	}
	t2.end = w2.End
	if pm.pinned {
		if pm.start < t2.start {
			return nil, false
		}
		t2.start, t2.end = pm.start, pm.end
	}
	return t2, true
}

// timeReturn times the drive home from the last stop, ending its session early when
// the shift would end before the bus is back.
func (p *problem) timeReturn(u int, last *timedStop, lastSite int, d *dayPlan) bool {
	unit := &p.sc.Units[u]
	back, err := p.leg(len(p.sc.Depots)+lastSite, p.depotOf[u])
	if err != nil || p.tooLong(back) {
		return false
	}
	backMin := medibus.Clock(driveMin(back))
	if last.end+backMin > unit.ShiftEnd {
		last.end = unit.ShiftEnd - backMin
	}
	last.depart = last.end
	d.back, d.backMin = back, int(backMin)
	d.ret = last.depart + backMin
	d.driveMin += int(backMin)
	return true
}

// dayFits checks what the construction cannot guarantee: the driving limit, the shift,
// the windows and shortest session, and pinned times kept.
func (p *problem) dayFits(u int, am, pm *stop, d *dayPlan) bool {
	unit := &p.sc.Units[u]
	if d.driveMin > unit.MaxDriveMin || d.ret > unit.ShiftEnd || d.leave < unit.ShiftStart {
		return false
	}
	for i, ts := range []*timedStop{d.am, d.pm} {
		if ts == nil {
			continue
		}
		win := p.rules.Windows[i]
		if ts.start < win.Start || ts.end > win.End || ts.end-ts.start < medibus.Clock(p.rules.MinSessionMin) {
			return false
		}
	}
	for _, c := range []struct {
		s  *stop
		ts *timedStop
	}{{am, d.am}, {pm, d.pm}} {
		if c.s != nil && c.s.pinned && (c.ts.start != c.s.start || c.ts.end != c.s.end) {
			return false
		}
	}
	return true
}
