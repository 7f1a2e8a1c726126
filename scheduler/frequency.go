package scheduler

import (
	"context"
	"fmt"
	"slices"
	"time"

	"medibus"
)

// freqRule bounds the days between consecutive sessions of one service at one site,
// counted round the repeating cycle, and the half-days they may use (0: any).
type freqRule struct {
	lo, hi int
	days   medibus.HalfDays
}

// compileFrequencies indexes the scenario's frequencies by (site, service).
func (p *problem) compileFrequencies() error {
	p.freq = map[[2]int]freqRule{}
	for i := range p.sc.Frequencies {
		f := &p.sc.Frequencies[i]
		v, ok := p.serviceIdx[f.Service]
		if !ok {
			return fmt.Errorf("frequency of %s in %s: unknown service", f.Service, f.INSEE)
		}
		if err := medibus.CheckFrequency(f, p.rules.CycleWeeks); err != nil {
			return fmt.Errorf("frequency of %s in %s: %w", f.Service, f.INSEE, err)
		}
		lo, hi := f.Gaps()
		for si := range p.sc.Sites {
			if p.sc.Sites[si].INSEE == f.INSEE {
				p.freq[[2]int{si, v}] = freqRule{lo: lo, hi: hi, days: f.Days}
			}
		}
	}
	return nil
}

// rule returns the rhythm rule of (site, v), if any.
func (p *problem) rule(site, v int) (freqRule, bool) {
	r, ok := p.freq[[2]int{site, v}]
	return r, ok
}

// gapsAround returns the cyclic gaps, in days, between day and the nearest visits
// before and after it among visits (sorted, not containing day); with no visit both
// are the cycle length.
func gapsAround(visits []int, day, cycle int) (before, after int) {
	if len(visits) == 0 {
		return cycle, cycle
	}
	i, _ := slices.BinarySearch(visits, day)
	prev := visits[(i-1+len(visits))%len(visits)]
	next := visits[i%len(visits)]
	return (day - prev + cycle) % cycle, (next - day + cycle) % cycle
}

// largestGap returns the largest cyclic gap between consecutive visit days (sorted,
// not empty; a day listed twice, a morning and an afternoon, is one visit) and the day
// that opens it.
func largestGap(visits []int, cycle int) (gap, from int) {
	n := len(visits)
	for i, d := range visits {
		if i+1 < n && visits[i+1] == d {
			continue
		}
		next := visits[(i+1)%n]
		g := (next - d + cycle) % cycle
		if g == 0 {
			g = cycle // a single visit day
		}
		if g > gap {
			gap, from = g, d
		}
	}
	return gap, from
}

// ruleAllows reports whether a session of (site, v) on day and half keeps the rule's
// half-days and minimum gap with the sessions already there.
func (st *state) ruleAllows(site, v, day int, h medibus.Half) bool {
	if len(st.p.freq) == 0 {
		return true // the usual case, on the greedy's hot path
	}
	r, ok := st.p.rule(site, v)
	if !ok {
		return true
	}
	if r.days != 0 && !r.days.Has(st.date(day).Weekday(), h) {
		return false
	}
	visits := st.visits[[2]int{site, v}]
	if len(visits) == 0 || slices.Contains(visits, day) {
		return true // the first visit, or the other half of a visit day
	}
	b, a := gapsAround(visits, day, st.p.days)
	return b >= r.lo && a >= r.lo
}

// completeRhythms makes every (site, service) keep its maximum gap: where consecutive
// sessions are too far apart, it adds a session in the gap on any bus that can hold
// it, and when none can, it removes the service's unpinned sessions at that site. It
// returns the units that lost sessions, and an error only when pinned sessions alone
// break a rule.
func (st *state) completeRhythms() ([]int, error) {
	if len(st.p.freq) == 0 {
		return nil, nil
	}
	var lost []int
	keys := make([][2]int, 0, len(st.visits))
	for k := range st.visits {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]int) int {
		if a[0] != b[0] {
			return a[0] - b[0]
		}
		return a[1] - b[1]
	})
	for _, k := range keys {
		r, ok := st.p.rule(k[0], k[1])
		if !ok {
			continue
		}
		dropped := false
		for {
			visits := st.visits[k]
			if len(visits) == 0 {
				break
			}
			gap, from := largestGap(visits, st.p.days)
			if gap <= r.hi {
				break
			}
			if st.fillGap(k[0], k[1], from, gap, r) {
				continue
			}
			// Dropping once is enough: what is left is pinned, and filling around the
			// pins failed; another drop would undo the same fill again and again.
			var units []int
			if !dropped {
				units, dropped = st.dropUnpinned(k[0], k[1]), true
			}
			if len(units) == 0 {
				return nil, fmt.Errorf("pinned sessions of %s at site %s are %d days apart, more than the %d days its frequency allows: pin the missing sessions or loosen the frequency",
					st.p.sc.Services[k[1]].ID, st.p.sc.Sites[k[0]].ID, gap, r.hi)
			}
			for _, u := range units {
				if !slices.Contains(lost, u) {
					lost = append(lost, u)
				}
			}
		}
	}
	return lost, nil
}

// fillAndComplete fills the free half-days of units (nil: all), then makes every
// rhythm hold, then fills once more the buses that lost sessions to it and makes the
// rhythms hold again, so that the plan ends within every rule.
func (st *state) fillAndComplete(ctx context.Context, units []int, deadline time.Time, maxPlaced int, progress func(Progress)) error {
	st.fillUnits(ctx, units, deadline, maxPlaced, progress)
	lost, err := st.completeRhythms()
	if err != nil || len(lost) == 0 {
		return err
	}
	slices.Sort(lost)
	st.fillUnits(ctx, lost, deadline, 0, nil)
	_, err = st.completeRhythms()
	return err
}

// fillGap tries to place a session of (site, v) inside the gap of gap days that
// follows the visit on day from, nearest the middle first, keeping the minimum gap on
// both sides.
func (st *state) fillGap(site, v, from, gap int, r freqRule) bool {
	p := st.p
	offsets := make([]int, 0, gap)
	for o := max(1, r.lo); o <= gap-max(1, r.lo); o++ {
		offsets = append(offsets, o)
	}
	mid := gap / 2
	slices.SortStableFunc(offsets, func(a, b int) int { return abs(a-mid) - abs(b-mid) })
	for _, o := range offsets {
		day := (from + o) % p.days
		for u := range p.sc.Units {
			if !slices.Contains(p.unitServices[u], v) || !st.reaches(u, site) {
				continue
			}
			for h := medibus.AM; h <= medibus.PM; h++ {
				if opt, ok := st.optionOn(u, site, v, day, h, option{}, false); ok {
					st.place(u, &placed{site: site, service: v, team: opt.team}, opt.day, opt.half, opt.cap)
					return true
				}
			}
		}
	}
	return false
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// reaches reports whether unit u can hold a session at site.
func (st *state) reaches(u, site int) bool {
	us := st.p.unitSites[u]
	i, ok := slices.BinarySearchFunc(us, site, func(a unitSite, s int) int { return a.site - s })
	return ok && i >= 0
}

// dropUnpinned removes every unpinned session of (site, v) and returns the units
// that held them.
func (st *state) dropUnpinned(site, v int) []int {
	var units []int
	for u := range st.slot {
		for day := range st.slot[u] {
			for h, pl := range st.slot[u][day] {
				if pl != nil && !pl.pinned && pl.site == site && pl.service == v {
					st.remove(u, day, medibus.Half(h))
					units = append(units, u)
				}
			}
		}
	}
	return units
}
