package scheduler

import (
	"math"
	"medibus"
	"slices"
)

// care is the value of b consultations of service v booked against a commune's need
// n: the Care weight times the service's scale (the need it meets, in the first
// service's terms: needScale) times n·s·ln(1 + b/(s·n)), which is b for the first
// consultations and grows ever more slowly as the commune's share of need served,
// b/n, passes s (Fairness): the next consultation is worth more where little has been
// given.
func (st *state) care(v int, n, b float64) float64 {
	if n <= 0 || b <= 0 {
		return 0
	}
	s := st.w.Fairness
	return st.w.Care * st.p.scale[v] * n * s * math.Log1p(b/(s*n))
}

// take is what a session of capacity slots books from avail consultations of need
// left in its catchment: whole patients, at most the capacity.
func take(capacity int, avail float64) float64 {
	return math.Min(float64(capacity), math.Floor(avail+1e-6))
}

// value is the marginal value of a session of v at site with capacity slots: the people
// in need it brings newly within reach, and the care value of the consultations it
// would book (see share) with what they add below the departments' floors.
func (st *state) value(site, v, capacity int) (reach, care float64) {
	p := st.p
	for _, c := range p.catchment[site] {
		if st.covered[v][c.commune] == 0 && p.need[v][c.commune] > 0 {
			reach += float64(p.inNeed[c.commune])
		}
	}
	st.share(site, v, capacity, func(c int, n, b, d float64) {
		care += st.care(v, n, b+d) - st.care(v, n, b)
		st.addFloor(v, c, d)
	})
	return reach, care + st.floorGain()
}

// level is a commune of a catchment, with its share of need served so far.
type level struct {
	c       int
	n, b, x float64 // need, booked, b/n
}

// byLevel orders levels by share served, then commune: x is never NaN, so plain
// comparisons order as cmp.Compare would, at a fraction of its cost here.
func byLevel(a, b level) int {
	switch {
	case a.x < b.x:
		return -1
	case a.x > b.x:
		return 1
	}
	return a.c - b.c
}

// share divides what a session of capacity slots books among the communes of its
// catchment (whole patients, at most the need left): those served least first, each
// raised to the same share of its need served (water-filling), which is where each
// consultation is worth most. It calls each with every commune's need, booked so far
// and new bookings, and returns the patients booked. It does not change the state.
func (st *state) share(site, v, capacity int, each func(c int, n, b, d float64)) float64 {
	p := st.p
	lv := st.levels[:0]
	avail := 0.0
	for _, c := range p.catchment[site] {
		n, rem := p.need[v][c.commune], st.remaining[v][c.commune]
		if n <= 0 || rem <= 1e-12 {
			continue
		}
		avail += rem
		lv = append(lv, level{c: c.commune, n: n, b: n - rem, x: (n - rem) / n})
	}
	st.levels = lv
	t := take(capacity, avail)
	if t <= 0 {
		return 0
	}
	// Most catchments are already in order (nothing booked yet, or booked alike).
	if !slices.IsSortedFunc(lv, byLevel) {
		slices.SortFunc(lv, byLevel)
	}
	// Raise the lowest communes together: with k of them at level L, going to the next
	// commune's share (or to 1, all served) costs their summed need × the rise.
	left, sumN, L := t, 0.0, 0.0
	k := 0
	for k < len(lv) {
		L = lv[k].x
		for k < len(lv) && lv[k].x <= L {
			sumN += lv[k].n
			k++
		}
		next := 1.0
		if k < len(lv) {
			next = lv[k].x
		}
		if rise := sumN * (next - L); rise < left {
			// Raised to the next level; when that is 1 (all served) the loop ends here,
			// and the leftover of rounding must not leave them at their old level.
			left -= rise
			L = next
			continue
		}
		L += left / sumN
		left = 0
		break
	}
	if left > 0 {
		L += left / sumN
	}
	for _, l := range lv[:k] {
		if d := l.n * (math.Min(L, 1) - l.x); d > 0 {
			each(l.c, l.n, l.b, d)
		}
	}
	return t
}

// maxCap is the most a session of v can hold: the longer window, with an assistant.
func (st *state) maxCap(v int) int {
	r := st.p.rules
	l := max(r.Windows[0].Len(), r.Windows[1].Len())
	return st.p.sc.Services[v].Capacity(0, medibus.Clock(l), true)
}

// bound is an upper bound of the gain of a session of v at site on unit u: its value
// at the largest capacity, plus the stability bonus if u held one there in the
// reference.
func (st *state) bound(u, site, v int) float64 {
	reach, care := st.value(site, v, st.maxCap(v))
	b := st.w.Reach*reach + care
	if st.p.refSites[[3]int{u, site, v}] {
		b += st.w.Stability
	}
	return b
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
// day (and split, when not nil, for each commune's share of each session). It returns
// the first day that no longer fits, or nil.
func (st *state) book(fn func(u, day int, d dayPlan, stops [2]bookedStop), split func(u, day int, h int, c int, booked float64)) *slotRef {
	p := st.p
	for s := range st.remaining {
		copy(st.remaining[s], p.need[s])
	}
	clear(st.deptBooked)
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
				c.capacity = p.capacity(c.pl.service, c.ts.start, c.ts.end, c.pl.assisted)
				var each func(int, float64)
				if split != nil {
					each = func(ci int, b float64) { split(u, day, h, ci, b) }
				}
				c.patients = int(st.serve(c.pl.site, c.pl.service, c.capacity, each))
			}
			fn(u, day, d, stops)
		}
	}
	return nil
}

// serve books a session of capacity slots at site as share divides it, taking the
// bookings from the need left (each, when not nil, is told each commune's share). It
// returns the patients booked.
func (st *state) serve(site, v, capacity int, each func(c int, booked float64)) float64 {
	return st.share(site, v, capacity, func(c int, _, _, d float64) {
		st.remaining[v][c] -= d
		if k := st.p.deptOf[c]; v == 0 && k >= 0 {
			st.deptBooked[k] += d
		}
		if each != nil {
			each(c, d)
		}
	})
}

// score books need afresh, in the order the final plan does, and returns the objective
// of the state: the care value of the consultations booked to each commune's need,
// people in need within reach of a session of each service they need, and the
// reference's sessions held again, less the km driven and the long days' extra minutes,
// weighted.
func (st *state) score() float64 {
	parts, ok := st.objective()
	if !ok {
		return math.Inf(-1)
	}
	return parts.Total()
}

// objective is score in its weighted parts; ok is false when a bus-day no longer fits.
func (st *state) objective() (medibus.ObjectiveParts, bool) {
	p := st.p
	km, long, kept := 0.0, 0.0, 0
	if bad := st.book(func(u, day int, d dayPlan, stops [2]bookedStop) {
		km += dayKm(d)
		long += st.longMin(d)
		for h, c := range stops {
			if c.pl != nil && len(p.refSlots) > 0 && p.refSlots[refSlot{u, c.pl.site, c.pl.service, day, h}] {
				kept++
			}
		}
	}, nil); bad != nil {
		return medibus.ObjectiveParts{}, false
	}
	care := 0.0
	for _, vc := range p.needy {
		n := p.need[vc.v][vc.c]
		care += st.care(vc.v, n, n-st.remaining[vc.v][vc.c])
	}
	reach := 0.0
	for _, vc := range p.needy {
		if st.covered[vc.v][vc.c] > 0 {
			reach += float64(p.inNeed[vc.c])
		}
	}
	return medibus.ObjectiveParts{Care: care, Departments: st.floorValue(), Reach: st.w.Reach * reach, Driving: -st.w.DriveKm * km,
		LongDays: -st.w.LongDay * long, Stability: st.w.Stability * float64(kept)}, true
}
