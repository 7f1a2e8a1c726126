package scheduler

import "math"

// value is the marginal value of a session of v at site with capacity slots.
func (st *state) value(site, v, capacity int) (covGain float64, needGain float64) {
	avail := 0.0
	for _, c := range st.p.catchment[site] {
		if st.covered[v][c.commune] == 0 && st.p.need[v][c.commune] > 0 {
			covGain += float64(st.p.inNeed[c.commune])
		}
		avail += st.remaining[v][c.commune]
	}
	return covGain, math.Min(float64(capacity), math.Floor(avail))
}

func (st *state) maxCap(v int) int {
	r := st.p.rules
	l := max(r.Windows[0].Len(), r.Windows[1].Len())
	return l / st.p.sc.Services[v].ConsultMin
}

func (st *state) bound(site, v int) float64 {
	cov, need := st.value(site, v, st.maxCap(v))
	return st.w.Coverage*cov + st.w.Need*need
}

// bookedStop is a session of a timed bus-day with the patients it books.
type bookedStop struct {
	pl       *placed
	ts       *timedStop
	capacity int
	patients int
}

// book times every bus-day and books expected patients afresh from the need of each
// session's catchment, in date order, then unit, morning first, calling fn for each
// day. It returns the first day that no longer fits, or nil.
func (st *state) book(fn func(u, day int, d dayPlan, stops [2]bookedStop)) *slotRef {
	p := st.p
	for s := range st.remaining {
		copy(st.remaining[s], p.need[s])
	}
	for day := 0; day < p.days; day++ {
		for u := range p.sc.Units {
			am, pm := st.slot[u][day][0], st.slot[u][day][1]
			if am == nil && pm == nil {
				continue
			}
			d, ok := p.timeDay(u, stopOf(am), stopOf(pm))
			if !ok {
				return &slotRef{unit: u, day: day}
			}
			stops := [2]bookedStop{{pl: am, ts: d.am}, {pl: pm, ts: d.pm}}
			for h := range stops {
				c := &stops[h]
				if c.pl == nil {
					continue
				}
				c.capacity = int(c.ts.end-c.ts.start) / p.sc.Services[c.pl.service].ConsultMin
				got := int(math.Floor(st.serve(c.pl.site, c.pl.service, float64(c.capacity)) + 1e-6))
				c.patients = min(got, c.capacity)
			}
			fn(u, day, d, stops)
		}
	}
	return nil
}

// score books need afresh, in the order the final plan does, and returns the objective
// of the state: people in need within the catchment of a session of each service they
// need, consultations booked to need, and km driven, weighted.
func (st *state) score() float64 {
	p := st.p
	booked, km := 0, 0.0
	if bad := st.book(func(_, _ int, d dayPlan, stops [2]bookedStop) {
		km += dayKm(d)
		for _, c := range stops {
			booked += c.patients
		}
	}); bad != nil {
		return math.Inf(-1)
	}
	cov := 0.0
	for v := range st.covered {
		for c, n := range st.covered[v] {
			if n > 0 && p.need[v][c] > 0 {
				cov += float64(p.inNeed[c])
			}
		}
	}
	return st.w.Coverage*cov + st.w.Need*float64(booked) - st.w.DriveKm*km
}
