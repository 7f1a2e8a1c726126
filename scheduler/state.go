package scheduler

import (
	"medibus"
	"slices"
	"time"
)

// placed is a session in the engine's state.
type placed struct {
	site, service int
	team
	// fixed, when set, holds the session's times, which the engine must keep: a pin of
	// the scenario (pinned true) or a session kept from a reference plan.
	fixed  *medibus.Session
	pinned bool
}

// pattern is a regular half-day of a site's service: its weekday and half, and the
// sessions that hold it.
type pattern struct {
	weekday time.Weekday
	half    medibus.Half
	uses    int
}

// state is the greedy's working plan.
type state struct {
	p        *problem
	w        Weights
	slot     [][][2]*placed // unit → day → half
	siteBusy map[[3]int]bool
	// frozen marks the buses a re-plan may not change (ReplanOptions.Only), frozenDay
	// the days of the cycle it may not place a session on (ReplanOptions.Dates).
	frozen    map[int]bool
	frozenDay []bool
	covered   [][]int32   // service → commune → sessions covering it
	remaining [][]float64 // service → commune → need not yet served
	busy      [][][2]bool // staff → day → half: on board
	// remoteLoad counts the sessions a remote specialist serves in the half-day;
	// reserved counts the interns' sessions a supervisor is kept free for by phone.
	remoteLoad [][][2]int
	reserved   [][][2]int
	week       [][]int // staff → week → sessions
	total      []int   // staff → sessions in the cycle
	free       []int   // staff → half-days of the cycle available and not yet busy
	// pattern holds the regular half-days of each (site, service): at most the
	// site's HalfDaysPerWeek, each with the sessions that hold it.
	pattern map[[2]int][]pattern
	// tabu, when set, forbids (unit, site, day, half) placements during one repair of
	// the large-neighbourhood search, so that it does not rebuild what it just removed.
	tabu      map[[4]int]bool
	lastStaff map[[2]int][]int // (site, service) → staff of its last session
	visits    map[[2]int][]int // (site, service) → sorted days of its sessions
	// journal, when set, records every place and remove so that a rejected move of the
	// large-neighbourhood search can be undone exactly.
	journal *[]change
	// levels is share's scratch space.
	levels []level
}

// change is one entry of the journal: a session placed (add) or removed.
type change struct {
	slotRef
	pl  *placed
	add bool
}

func newState(p *problem, w Weights) *state {
	st := &state{p: p, w: w, siteBusy: map[[3]int]bool{}, pattern: map[[2]int][]pattern{}, lastStaff: map[[2]int][]int{}, visits: map[[2]int][]int{}}
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
	st.remoteLoad = make([][][2]int, len(p.sc.Staff))
	st.reserved = make([][][2]int, len(p.sc.Staff))
	st.week = make([][]int, len(p.sc.Staff))
	for m := range st.busy {
		st.busy[m] = make([][2]bool, p.days)
		st.remoteLoad[m] = make([][2]int, p.days)
		st.reserved[m] = make([][2]int, p.days)
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
	return st.p.rules.Days.Has(d.Weekday(), h) && st.p.sc.Units[u].AvailableOn(d, h) && (st.frozenDay == nil || !st.frozenDay[day])
}

// place commits a session.
func (st *state) place(u int, pl *placed, day int, h medibus.Half, capacity int) {
	p := st.p
	st.slot[u][day][h] = pl
	st.siteBusy[[3]int{pl.site, day, int(h)}] = true
	st.hold(pl.team, day, h, 1)
	st.lastStaff[[2]int{pl.site, pl.service}] = pl.staff
	k := [2]int{pl.site, pl.service}
	wd := st.date(day).Weekday()
	if i := patternAt(st.pattern[k], wd, h); i >= 0 {
		st.pattern[k][i].uses++
	} else {
		st.pattern[k] = append(st.pattern[k], pattern{wd, h, 1})
	}
	vs := st.visits[k]
	i, _ := slices.BinarySearch(vs, day)
	st.visits[k] = slices.Insert(vs, i, day)
	if st.journal != nil {
		*st.journal = append(*st.journal, change{slotRef{u, day, h}, pl, true})
	}
	st.serve(pl.site, pl.service, capacity, nil)
	for _, c := range p.catchment[pl.site] {
		st.covered[pl.service][c.commune]++
	}
}

// hold takes (by +1) or gives back (by −1) the half-day of every member of team t: on
// board, remote, or kept free to supervise by phone.
func (st *state) hold(t team, day int, h medibus.Half, by int) {
	for _, m := range t.staff {
		st.busy[m][day][h] = by > 0
		st.week[m][day/7] += by
		st.total[m] += by
		st.free[m] -= by
	}
	for _, m := range t.remote {
		if st.remoteLoad[m][day][h] == 0 || st.remoteLoad[m][day][h] == 1 && by < 0 {
			st.free[m] -= by // the first session of the half-day takes it
		}
		st.remoteLoad[m][day][h] += by
		st.week[m][day/7] += by
		st.total[m] += by
	}
	if t.supervisor >= 0 {
		st.reserved[t.supervisor][day][h] += by
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
	st.hold(pl.team, day, h, -1)
	k := [2]int{pl.site, pl.service}
	pats := st.pattern[k]
	if i := patternAt(pats, st.date(day).Weekday(), h); i >= 0 {
		if pats[i].uses--; pats[i].uses <= 0 {
			pats = slices.Delete(pats, i, i+1)
		}
	}
	if len(pats) == 0 {
		delete(st.pattern, k)
	} else {
		st.pattern[k] = pats
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

// slotRef names one half-day of one unit.
type slotRef struct {
	unit, day int
	half      medibus.Half
}

// removal is a session taken out of the plan, to put back if the move is rejected.
type removal struct {
	slotRef
	pl *placed
}

// undo reverts the changes of a journal, last first.
func (st *state) undo(journal []change) {
	for i := len(journal) - 1; i >= 0; i-- {
		c := journal[i]
		if c.add {
			st.remove(c.unit, c.day, c.half)
		} else {
			st.place(c.unit, c.pl, c.day, c.half, 0)
		}
	}
}

// snapshot lists the unpinned sessions of the state.
func (st *state) snapshot() []removal {
	var out []removal
	for u := range st.slot {
		for day := range st.slot[u] {
			for h, pl := range st.slot[u][day] {
				if pl != nil && !pl.pinned {
					out = append(out, removal{slotRef{u, day, medibus.Half(h)}, pl})
				}
			}
		}
	}
	return out
}

// restore replaces the unpinned sessions of the state with those of a snapshot.
func (st *state) restore(snap []removal) {
	for u := range st.slot {
		for day := range st.slot[u] {
			for h, pl := range st.slot[u][day] {
				if pl != nil && !pl.pinned {
					st.remove(u, day, medibus.Half(h))
				}
			}
		}
	}
	for _, r := range snap {
		st.place(r.unit, r.pl, r.day, r.half, 0)
	}
}

// patternAt is the index of the pattern on weekday wd and half h in pats, or -1.
func patternAt(pats []pattern, wd time.Weekday, h medibus.Half) int {
	for i, p := range pats {
		if p.weekday == wd && p.half == h {
			return i
		}
	}
	return -1
}

// patternAllows reports whether a session of (site, service v) may fall on weekday wd
// and half h: on one of its regular half-days, or on a new one while the site has
// fewer than it may host.
func (st *state) patternAllows(site, v int, wd time.Weekday, h medibus.Half) bool {
	pats := st.pattern[[2]int{site, v}]
	return len(pats) < st.p.sc.Sites[site].HalfDaysPerWeek() || patternAt(pats, wd, h) >= 0
}
