package scheduler

import (
	"container/heap"
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"medibus"
)

// Greedy is the constructive planner: a lazy greedy that repeatedly places the session
// (bus, site, service, half-day, staff) with the largest marginal value: people in need
// newly within reach, consultations delivered to need, minus driving. A site's service
// always comes back on the same weekday and half-day, so every rhythm is fixed.
type Greedy struct{}

// placed is a session in the engine's state.
type placed struct {
	site, service int
	staff         []int
	// fixed, when set, holds the session's times, which the engine must keep: a pin of
	// the scenario (pinned true) or a session kept from a reference plan.
	fixed  *medibus.Session
	pinned bool
}

type pattern struct {
	weekday time.Weekday
	half    medibus.Half
}

// state is the greedy's working plan.
type state struct {
	p         *problem
	w         Weights
	slot      [][][2]*placed // unit → day → half
	siteBusy  map[[3]int]bool
	covered   [][]int32   // service → commune → sessions covering it
	remaining [][]float64 // service → commune → need not yet served
	busy      [][][2]bool // staff → day → half
	week      [][]int     // staff → week → sessions
	total     []int       // staff → sessions in the cycle
	free      []int       // staff → half-days of the cycle available and not yet busy
	pattern   map[[2]int]pattern
	uses      map[[2]int]int // (site, service) → sessions holding its pattern
	// tabu, when set, forbids (unit, site, day, half) placements during one repair of
	// the large-neighbourhood search, so that it does not rebuild what it just removed.
	tabu      map[[4]int]bool
	lastStaff map[[2]int][]int // (site, service) → staff of its last session
	visits    map[[2]int][]int // (site, service) → sorted days of its sessions
	// journal, when set, records every place and remove so that a rejected move of the
	// large-neighbourhood search can be undone exactly.
	journal *[]change
}

// change is one entry of the journal: a session placed (add) or removed.
type change struct {
	slotRef
	pl  *placed
	add bool
}

func newState(p *problem, w Weights) *state {
	st := &state{p: p, w: w, siteBusy: map[[3]int]bool{}, pattern: map[[2]int]pattern{}, uses: map[[2]int]int{}, lastStaff: map[[2]int][]int{}, visits: map[[2]int][]int{}}
	st.slot = make([][][2]*placed, len(p.sc.Units))
	for u := range st.slot {
		st.slot[u] = make([][2]*placed, p.days)
	}
	st.covered = make([][]int32, len(p.sc.Services))
	st.remaining = make([][]float64, len(p.sc.Services))
	for s := range st.covered {
		st.covered[s] = make([]int32, len(p.sc.Communes))
		st.remaining[s] = append([]float64(nil), p.need[s]...)
	}
	st.busy = make([][][2]bool, len(p.sc.Staff))
	st.week = make([][]int, len(p.sc.Staff))
	for m := range st.busy {
		st.busy[m] = make([][2]bool, p.days)
		st.week[m] = make([]int, p.rules.CycleWeeks)
	}
	st.total = make([]int, len(p.sc.Staff))
	st.free = make([]int, len(p.sc.Staff))
	for m := range p.sc.Staff {
		for day := 0; day < p.days; day++ {
			d := st.date(day)
			for h := medibus.AM; h <= medibus.PM; h++ {
				if p.rules.Days.Has(d.Weekday(), h) && p.sc.Staff[m].AvailableOn(d, h) {
					st.free[m]++
				}
			}
		}
	}
	return st
}

func (st *state) date(day int) medibus.Date { return st.p.start.AddDays(day) }

// unitWorks reports whether unit u may run on the half-day.
func (st *state) unitWorks(u, day int, h medibus.Half) bool {
	d := st.date(day)
	return st.p.rules.Days.Has(d.Weekday(), h) && st.p.sc.Units[u].AvailableOn(d, h)
}

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

// stopOf turns a placed session into a stop for timing.
func stopOf(pl *placed) *stop {
	if pl == nil {
		return nil
	}
	s := &stop{site: pl.site}
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
	crew    []int
	cap     int
	addedKm float64
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
// and, when found is set, better than best: less driving, or as much with more
// capacity.
func (st *state) optionOn(u, site, v, day int, h medibus.Half, best option, found bool) (option, bool) {
	p := st.p
	wd := st.date(day).Weekday()
	if st.slot[u][day][h] != nil || st.siteBusy[[3]int{site, day, int(h)}] {
		return option{}, false
	}
	if pat, ok := st.pattern[[2]int{site, v}]; ok && (pat.weekday != wd || pat.half != h) {
		return option{}, false
	}
	if st.tabu != nil && st.tabu[[4]int{u, site, day, int(h)}] {
		return option{}, false
	}
	if !p.sc.Sites[site].Allowed.Has(wd, h) || !st.unitWorks(u, day, h) || !st.ruleAllows(site, v, day, h) {
		return option{}, false
	}
	other := st.slot[u][day][1-h]
	var before dayPlan
	if other != nil {
		a, b := amPM(other, nil, h)
		before, _ = p.timeDay(u, a, b)
	}
	a, b := amPM(other, &stop{site: site}, h)
	after, ok := p.timeDay(u, a, b)
	if !ok {
		return option{}, false
	}
	ts := after.am
	if h == medibus.PM {
		ts = after.pm
	}
	capacity := int(ts.end-ts.start) / p.sc.Services[v].ConsultMin
	added := dayKm(after)
	if other != nil {
		added -= dayKm(before)
	}
	if found && added >= best.addedKm-1e-9 && !(math.Abs(added-best.addedKm) < 1e-9 && capacity > best.cap) {
		return option{}, false
	}
	crew := st.pickStaff(u, v, site, day, h)
	if crew == nil {
		return option{}, false
	}
	return option{day: day, half: h, crew: crew, cap: capacity, addedKm: added}, true
}

// amPM orders a day's two stops: other sits in the half opposite to h.
func amPM(other *placed, s *stop, h medibus.Half) (*stop, *stop) {
	o := stopOf(other)
	if h == medibus.AM {
		return s, o
	}
	return o, s
}

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

// place commits a session.
func (st *state) place(u int, pl *placed, day int, h medibus.Half, capacity int) {
	p := st.p
	st.slot[u][day][h] = pl
	st.siteBusy[[3]int{pl.site, day, int(h)}] = true
	for _, m := range pl.staff {
		st.busy[m][day][h] = true
		st.week[m][day/7]++
		st.total[m]++
		st.free[m]--
	}
	st.lastStaff[[2]int{pl.site, pl.service}] = pl.staff
	k := [2]int{pl.site, pl.service}
	if _, ok := st.pattern[k]; !ok {
		st.pattern[k] = pattern{st.date(day).Weekday(), h}
	}
	vs := st.visits[k]
	i, _ := slices.BinarySearch(vs, day)
	st.visits[k] = slices.Insert(vs, i, day)
	if st.journal != nil {
		*st.journal = append(*st.journal, change{slotRef{u, day, h}, pl, true})
	}
	st.uses[k]++
	st.serve(pl.site, pl.service, float64(capacity))
	for _, c := range p.catchment[pl.site] {
		st.covered[pl.service][c.commune]++
	}
}

// remove undoes place for the session of unit u on the half-day, except for the need
// it served: callers re-book need with score. The rhythm of its site and service is
// forgotten with its last session.
func (st *state) remove(u, day int, h medibus.Half) *placed {
	pl := st.slot[u][day][h]
	if pl == nil {
		return nil
	}
	st.slot[u][day][h] = nil
	delete(st.siteBusy, [3]int{pl.site, day, int(h)})
	for _, m := range pl.staff {
		st.busy[m][day][h] = false
		st.week[m][day/7]--
		st.total[m]--
		st.free[m]++
	}
	k := [2]int{pl.site, pl.service}
	if st.uses[k]--; st.uses[k] <= 0 {
		delete(st.uses, k)
		delete(st.pattern, k)
	}
	if vs := st.visits[k]; len(vs) <= 1 {
		delete(st.visits, k)
	} else if i, ok := slices.BinarySearch(vs, day); ok {
		st.visits[k] = slices.Delete(vs, i, i+1)
	}
	if st.journal != nil {
		*st.journal = append(*st.journal, change{slotRef{u, day, h}, pl, false})
	}
	for _, c := range st.p.catchment[pl.site] {
		st.covered[pl.service][c.commune]--
	}
	return pl
}

// serve takes up to amount of need from the communes of the site's catchment, in
// proportion to what each still needs, and returns what it took.
func (st *state) serve(site, v int, amount float64) float64 {
	total := 0.0
	for _, c := range st.p.catchment[site] {
		total += st.remaining[v][c.commune]
	}
	if total <= 0 || amount <= 0 {
		return 0
	}
	take := math.Min(amount, total)
	for _, c := range st.p.catchment[site] {
		st.remaining[v][c.commune] -= st.remaining[v][c.commune] * take / total
	}
	return take
}

// candidate is a (unit, site, service) the greedy may place, keyed by an upper bound
// of its value.
type candidate struct {
	unit, site, service int
	bound               float64
}

type candHeap []candidate

func (h candHeap) Len() int { return len(h) }
func (h candHeap) Less(i, j int) bool {
	if h[i].bound != h[j].bound {
		return h[i].bound > h[j].bound
	}
	if h[i].unit != h[j].unit {
		return h[i].unit < h[j].unit
	}
	if h[i].site != h[j].site {
		return h[i].site < h[j].site
	}
	return h[i].service < h[j].service
}
func (h candHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *candHeap) Push(x any)   { *h = append(*h, x.(candidate)) }
func (h *candHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
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

// Plan implements Planner.
func (Greedy) Plan(ctx context.Context, sc *medibus.Scenario, opt Options) (*medibus.Plan, error) {
	began := time.Now()
	p, err := compile(ctx, sc, opt)
	if err != nil {
		return nil, err
	}
	st := newState(p, opt.Weights.withDefaults())
	if err := st.placePins(); err != nil {
		return nil, err
	}
	if err := st.fill(ctx, began, opt); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return st.plan(opt)
}

// fill places sessions greedily in the free half-days until nothing of positive value
// fits or the budget is spent, keeping every rhythm rule.
func (st *state) fill(ctx context.Context, began time.Time, opt Options) error {
	var deadline time.Time
	if opt.TimeLimit > 0 {
		deadline = began.Add(opt.TimeLimit)
	}
	return st.fillAndComplete(ctx, nil, deadline, opt.Iterations, opt.Progress)
}

// slotRef names one half-day of one unit.
type slotRef struct {
	unit, day int
	half      medibus.Half
}

// fillUnits is fill restricted to the given units (nil: all), with a deadline (zero:
// none) and a cap on the sessions placed (0: none).
func (st *state) fillUnits(ctx context.Context, units []int, deadline time.Time, maxPlaced int, progress func(Progress)) []slotRef {
	p, sc := st.p, st.p.sc
	if units == nil {
		units = make([]int, len(sc.Units))
		for u := range units {
			units[u] = u
		}
	}
	h := &candHeap{}
	for _, u := range units {
		for _, us := range p.unitSites[u] {
			for _, v := range p.unitServices[u] {
				if b := st.bound(us.site, v); b > 0 {
					*h = append(*h, candidate{unit: u, site: us.site, service: v, bound: b})
				}
			}
		}
	}
	heap.Init(h)
	total := 0
	for _, u := range units {
		for day := 0; day < p.days; day++ {
			for hh := medibus.AM; hh <= medibus.PM; hh++ {
				if st.unitWorks(u, day, hh) {
					total++
				}
			}
		}
	}
	placedN, objective := 0, 0.0
	var added []slotRef
	for h.Len() > 0 {
		if ctx.Err() != nil {
			return added
		}
		if !deadline.IsZero() && placedN%64 == 0 && time.Now().After(deadline) {
			break
		}
		if maxPlaced > 0 && placedN >= maxPlaced {
			break
		}
		c := heap.Pop(h).(candidate)
		b := st.bound(c.site, c.service)
		if b <= 0 {
			continue
		}
		if h.Len() > 0 && b < (*h)[0].bound {
			c.bound = b
			heap.Push(h, c)
			continue
		}
		o, ok := st.bestOption(c.unit, c.site, c.service)
		if !ok {
			continue // slots only fill up: it will never fit again
		}
		cov, need := st.value(c.site, c.service, o.cap)
		gain := st.w.Coverage*cov + st.w.Need*need - st.w.DriveKm*o.addedKm
		if gain <= 0 {
			continue
		}
		if h.Len() > 0 && gain < (*h)[0].bound {
			c.bound = gain
			heap.Push(h, c)
			continue
		}
		st.place(c.unit, &placed{site: c.site, service: c.service, staff: o.crew}, o.day, o.half, o.cap)
		added = append(added, slotRef{c.unit, o.day, o.half})
		placedN++
		objective += gain
		c.bound = st.bound(c.site, c.service)
		heap.Push(h, c)
		if progress != nil && placedN%50 == 0 {
			progress(Progress{Phase: "greedy", Done: placedN, Total: total, Objective: objective})
		}
	}
	if progress != nil {
		progress(Progress{Phase: "greedy", Done: total, Total: total, Objective: objective})
	}
	return added
}

// placePins puts the scenario's pinned sessions in first, exactly as pinned.
func (st *state) placePins() error {
	p := st.p
	for i := range p.sc.Pins {
		pin := &p.sc.Pins[i]
		u, ok1 := p.unitIdx[pin.Unit]
		site, ok2 := p.siteIdx[pin.Site]
		v, ok3 := p.serviceIdx[pin.Service]
		if !ok1 || !ok2 || !ok3 {
			return fmt.Errorf("pinned session %s %s %s: unknown unit, site or service", pin.Unit, pin.Date, pin.Half)
		}
		day := int(pin.Date - p.start)
		if day < 0 || day >= p.days {
			return fmt.Errorf("pinned session %s %s %s lies outside the cycle %s–%s", pin.Unit, pin.Date, pin.Half, p.start, p.start.AddDays(p.days-1))
		}
		if st.slot[u][day][pin.Half] != nil {
			return fmt.Errorf("two pinned sessions for %s on %s %s", pin.Unit, pin.Date, pin.Half)
		}
		var crew []int
		for _, id := range pin.Staff {
			m, ok := p.staffIdx[id]
			if !ok {
				return fmt.Errorf("pinned session %s %s %s: unknown staff member %q", pin.Unit, pin.Date, pin.Half, id)
			}
			crew = append(crew, m)
		}
		if !st.ruleAllows(site, v, day, pin.Half) {
			return fmt.Errorf("pinned session %s %s %s at %s breaks the frequency of %s there (its half-days or its minimum gap to another pin): move the pin or change the frequency",
				pin.Unit, pin.Date, pin.Half, pin.Site, pin.Service)
		}
		capacity := int(pin.End-pin.Start) / p.sc.Services[v].ConsultMin
		st.place(u, &placed{site: site, service: v, staff: crew, fixed: pin, pinned: true}, day, pin.Half, capacity)
	}
	for u := range st.slot {
		for day, halves := range st.slot[u] {
			if halves[0] == nil && halves[1] == nil {
				continue
			}
			if _, ok := p.timeDay(u, stopOf(halves[0]), stopOf(halves[1])); !ok {
				return fmt.Errorf("pinned sessions of %s on %s cannot be kept: the day does not fit the shift, the windows or the driving limit",
					p.sc.Units[u].ID, st.date(day))
			}
		}
	}
	// Pinned series are completed to their rhythm first, while the buses are free.
	_, err := st.completeRhythms()
	return err
}

// plan times every bus-day, books the expected patients and assembles the plan.
func (st *state) plan(opt Options) (*medibus.Plan, error) {
	p := st.p
	pl := &medibus.Plan{Scenario: p.sc.Name, Start: p.start, Seed: opt.Seed, Engine: "greedy", Status: medibus.StatusDraft, Travel: p.travel.String()}
	bad := st.book(func(u, day int, d dayPlan, stops [2]bookedStop) {
		unit := &p.sc.Units[u]
		bd := medibus.BusDay{Unit: unit.ID, Date: st.date(day), Leave: d.leave, Return: d.ret,
			ReturnKm: round2(d.back.Km), ReturnMin: d.backMin, DriveMin: d.driveMin}
		bd.DriveKm = round2(d.back.Km)
		for h, c := range stops {
			if c.pl == nil {
				continue
			}
			s := medibus.Session{
				Unit: unit.ID, Date: st.date(day), Half: medibus.Half(h),
				Site: p.sc.Sites[c.pl.site].ID, Service: p.sc.Services[c.pl.service].ID,
				Arrive: c.ts.arrive, Start: c.ts.start, End: c.ts.end, Depart: c.ts.depart,
				ExpectedPatients:     c.patients,
				DriveKmFromPrevious:  round2(c.ts.leg.Km),
				DriveMinFromPrevious: c.ts.legMin,
				Pinned:               c.pl.pinned,
			}
			for _, m := range c.pl.staff {
				s.Staff = append(s.Staff, p.sc.Staff[m].ID)
			}
			bd.DriveKm += round2(c.ts.leg.Km)
			bd.Sessions++
			pl.Sessions = append(pl.Sessions, s)
		}
		bd.DriveKm = round2(bd.DriveKm)
		pl.BusDays = append(pl.BusDays, bd)
	})
	if bad != nil {
		return nil, fmt.Errorf("internal: day of %s on %s no longer fits", p.sc.Units[bad.unit].ID, st.date(bad.day))
	}
	sortPlan(pl)
	return pl, nil
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

func round2(x float64) float64 { return math.Round(x*100) / 100 }
