package scheduler

import (
	"math"
	"medibus"
)

// stopOf turns a placed session into a stop for timing.
func stopOf(pl *placed) *stop {
	if pl == nil {
		return nil
	}
	s := &stop{site: pl.site, assisted: pl.assisted}
	if pl.fixed != nil {
		s.pinned, s.start, s.end = true, pl.fixed.Start, pl.fixed.End
	}
	return s
}

// dayKm is the distance of unit u's day, 0 if it has no session.
func dayKm(d dayPlan) float64 {
	km := d.back.Km
	for _, ts := range []*timedStop{d.am, d.pm} {
		if ts != nil {
			km += ts.leg.Km
		}
	}
	return km
}

// option is a feasible way to place a candidate.
type option struct {
	day     int
	half    medibus.Half
	team    team
	cap     int
	addedKm float64
	// addedLong is the minutes of the day's driving beyond Weights.LongDayMin that the
	// session adds.
	addedLong float64
	kept      bool // the reference plan has this session
}

// cost is what an option costs: its added driving, less the stability bonus when the
// reference plan has the same session.
func (st *state) cost(o option) float64 {
	c := st.w.DriveKm*o.addedKm + st.w.LongDay*o.addedLong
	if o.kept {
		c -= st.w.Stability
	}
	return c
}

// bestOption finds the cheapest feasible half-day for (u, site, v).
func (st *state) bestOption(u, site, v int) (option, bool) {
	var best option
	found := false
	for day := 0; day < st.p.days; day++ {
		for h := medibus.AM; h <= medibus.PM; h++ {
			if o, ok := st.optionOn(u, site, v, day, h, best, found); ok {
				best, found = o, true
			}
		}
	}
	return best, found
}

// optionOn returns the way to place (u, site, v) on the half-day, if it is feasible
// and, when found is set, better than best: cheaper (less driving, or the reference's
// session), or as cheap with more capacity.
func (st *state) optionOn(u, site, v, day int, h medibus.Half, best option, found bool) (option, bool) {
	p := st.p
	wd := st.date(day).Weekday()
	if st.slot[u][day][h] != nil || st.siteBusy[[3]int{site, day, int(h)}] {
		return option{}, false
	}
	if !st.patternAllows(site, v, wd, h) {
		return option{}, false
	}
	if st.tabu != nil && st.tabu[[4]int{u, site, day, int(h)}] {
		return option{}, false
	}
	if !p.siteOpen(site, day, h) || !st.unitWorks(u, day, h) || !st.ruleAllows(site, v, day, h) {
		return option{}, false
	}
	other := st.slot[u][day][1-h]
	var before dayPlan
	if other != nil {
		a, b := amPM(other, nil, h)
		before, _ = p.timeDay(u, a, b)
	}
	// An assistant on board shortens the set-up: whether one is free decides the times.
	assisted := st.assistant(u, day, h, nil) >= 0
	a, b := amPM(other, &stop{site: site, assisted: assisted}, h)
	after, ok := p.timeDay(u, a, b)
	if !ok {
		return option{}, false
	}
	ts := after.am
	if h == medibus.PM {
		ts = after.pm
	}
	capacity := p.capacity(v, ts.start, ts.end, assisted)
	added, long := dayKm(after), st.longMin(after)
	if other != nil {
		added -= dayKm(before)
		long -= st.longMin(before)
	}
	o := option{day: day, half: h, cap: capacity, addedKm: added, addedLong: long, kept: p.refSlots[refSlot{u, site, v, day, int(h)}]}
	if found {
		c, bc := st.cost(o), st.cost(best)
		if c >= bc-1e-9 && !(math.Abs(c-bc) < 1e-9 && capacity > best.cap) {
			return option{}, false
		}
	}
	if o.team, ok = st.pickTeam(u, v, site, day, h); !ok || o.team.assisted != assisted {
		return option{}, false
	}
	return o, true
}

// longMin is the day's driving beyond Weights.LongDayMin, in minutes.
func (st *state) longMin(d dayPlan) float64 {
	return math.Max(0, float64(d.driveMin)-st.w.LongDayMin)
}

// amPM orders a day's two stops: other sits in the half opposite to h.
func amPM(other *placed, s *stop, h medibus.Half) (*stop, *stop) {
	o := stopOf(other)
	if h == medibus.AM {
		return s, o
	}
	return o, s
}
