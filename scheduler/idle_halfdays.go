package scheduler

import (
	"context"
	"fmt"

	"medibus"
	"medibus/routing"
)

// IdleReport says why a plan's buses leave half-days empty: for the fleet and for each
// bus, the empty half-days counted under their binding cause (idle_causes.go), and the
// ceiling the fixed weekly rhythm puts on the sessions the sites can take.
type IdleReport struct {
	CycleWeeks int `json:"cycle_weeks"`
	// Ceiling is the fleet's: every site and service within the reach of some bus.
	Ceiling IdleCeiling `json:"ceiling"`
	// HalfDays are the half-days of the rules' days over the cycle, for every bus;
	// Sessions those holding a session; Empty the others.
	HalfDays int `json:"half_days"`
	Sessions int `json:"sessions"`
	Empty    int `json:"empty"`
	// Causes count the empty half-days by binding cause, in the order of IdleCauses;
	// causes that bind none are left out.
	Causes []IdleCount `json:"causes"`
	Units  []IdleUnit  `json:"units"`
}

// IdleCeiling is the most sessions the sites within reach can take over the cycle: a
// service comes back to a site on regular weekdays and half-days, as many a week as
// the site hosts (Site.PerWeek, 1 by default), so each (site, service) pair holds at
// most that many sessions a week.
type IdleCeiling struct {
	// Sites within reach with need of a service the buses can offer there; Services
	// the services offered; Pairs the (site, service) pairs with need in the catchment.
	Sites    int `json:"sites"`
	Services int `json:"services"`
	Pairs    int `json:"pairs"`
	// PerWeek is the regular half-days a week the pairs may hold in all (Pairs when
	// every site hosts one); Sessions is PerWeek × the cycle's weeks.
	PerWeek  int `json:"per_week"`
	Sessions int `json:"sessions"`
	// Works is the half-days the buses work over the cycle (their days, less their
	// dated unavailability).
	Works int `json:"works"`
}

// IdleUnit is one bus's account.
type IdleUnit struct {
	Unit     string      `json:"unit"`
	Ceiling  IdleCeiling `json:"ceiling"`
	HalfDays int         `json:"half_days"`
	Sessions int         `json:"sessions"`
	Empty    int         `json:"empty"`
	Causes   []IdleCount `json:"causes"`
	// Slots are the empty half-days, in date order, each with its cause.
	Slots []IdleHalfDay `json:"slots"`
}

// IdleHalfDay is one empty half-day of a bus and why.
type IdleHalfDay struct {
	Date  medibus.Date `json:"date"`
	Half  medibus.Half `json:"half"`
	Cause string       `json:"cause"`
	// Options is how many (site, service) sessions the bus could ever hold; RuledOut
	// how many each cause ruled out, in order, the binding one last.
	Options  int         `json:"options"`
	RuledOut []IdleCount `json:"ruled_out,omitempty"`
}

// IdleCount is a number of half-days (or options) for a cause.
type IdleCount struct {
	Cause string `json:"cause"`
	Count int    `json:"count"`
}

// IdleHalfDays explains every empty half-day of every bus of sc in plan pl, a
// rotation of sc (give sc.Rotation() for a stored rotation), with the travel model the
// plan was made with and the default weights for what a session is worth.
func IdleHalfDays(ctx context.Context, sc *medibus.Scenario, pl *medibus.Plan, travel routing.Model) (*IdleReport, error) {
	p, err := compile(ctx, sc, Options{Start: pl.Start, Travel: travel})
	if err != nil {
		return nil, err
	}
	x := &idleScan{p: p, st: newState(p, DefaultWeights().withDefaults())}
	if err := x.load(pl); err != nil {
		return nil, err
	}
	x.compileOptions()
	r := &IdleReport{CycleWeeks: p.rules.CycleWeeks, Units: make([]IdleUnit, 0, len(sc.Units))}
	fleet := map[string]int{}
	for u := range sc.Units {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		iu := x.unit(u)
		r.Units = append(r.Units, iu)
		r.HalfDays += iu.HalfDays
		r.Sessions += iu.Sessions
		r.Empty += iu.Empty
		r.Ceiling.Works += iu.Ceiling.Works
		for _, c := range iu.Causes {
			fleet[c.Cause] += c.Count
		}
	}
	r.Causes = ordered(fleet)
	x.fleetCeiling(&r.Ceiling)
	return r, nil
}

// idleScan is the plan laid into the planner's state, as the planner would see it if
// asked to fill one more half-day.
type idleScan struct {
	p  *problem
	st *state
	// options lists, per bus, every (site, service) it could ever hold: the sites within
	// its reach and the services it can offer.
	options [][]idleOption
	// placed memoises, for the half-day being explained, how the planner would place
	// an option (optionOn), when it can.
	placed map[idleOption]option
}

// idleOption is a session a bus could hold: a site within its reach and a service.
type idleOption struct{ site, service int }

// load places the plan's sessions in the state with their teams and times, so that
// sites, patterns, staff and need are taken as in the plan.
func (x *idleScan) load(pl *medibus.Plan) error {
	p, st := x.p, x.st
	for i := range pl.Sessions {
		s := &pl.Sessions[i]
		u, ok1 := p.unitIdx[s.Unit]
		site, ok2 := p.siteIdx[s.Site]
		v, ok3 := p.serviceIdx[s.Service]
		day := int(s.Date - p.start)
		if !ok1 || !ok2 || !ok3 || day < 0 || day >= p.days || (s.Half != medibus.AM && s.Half != medibus.PM) {
			return fmt.Errorf("session of %s on %s %s: not of the scenario's buses, sites, services or cycle", s.Unit, s.Date, s.Half)
		}
		if st.slot[u][day][s.Half] != nil {
			return fmt.Errorf("two sessions of %s on %s %s", s.Unit, s.Date, s.Half)
		}
		t, err := st.pinnedTeam(s)
		if err != nil {
			return err
		}
		st.place(u, &placed{site: site, service: v, team: t, fixed: s, pinned: s.Pinned}, day, s.Half, p.capacity(v, s.Start, s.End, t.assisted))
	}
	return nil
}

// compileOptions lists each bus's options.
func (x *idleScan) compileOptions() {
	p := x.p
	x.options = make([][]idleOption, len(p.sc.Units))
	for u := range p.sc.Units {
		for _, us := range p.unitSites[u] {
			for _, v := range p.unitServices[u] {
				x.options[u] = append(x.options[u], idleOption{us.site, v})
			}
		}
	}
}

// unit explains every empty half-day of bus u.
func (x *idleScan) unit(u int) IdleUnit {
	p, st := x.p, x.st
	iu := IdleUnit{Unit: p.sc.Units[u].ID, Slots: []IdleHalfDay{}}
	counts := map[string]int{}
	for day := range p.days {
		for h := medibus.AM; h <= medibus.PM; h++ {
			if !p.rules.Days.Has(st.date(day).Weekday(), h) {
				continue
			}
			iu.HalfDays++
			if st.unitWorks(u, day, h) {
				iu.Ceiling.Works++
			}
			if st.slot[u][day][h] != nil {
				iu.Sessions++
				continue
			}
			hd := x.halfDay(u, day, h)
			iu.Slots = append(iu.Slots, hd)
			counts[hd.Cause]++
		}
	}
	iu.Empty = len(iu.Slots)
	iu.Causes = ordered(counts)
	x.ceiling(&iu.Ceiling, []int{u})
	return iu
}

// halfDay finds the binding cause of empty half-day (u, day, h): the causes rule out
// the bus's options in turn, and the one that rules out the last is binding.
func (x *idleScan) halfDay(u, day int, h medibus.Half) IdleHalfDay {
	hd := IdleHalfDay{Date: x.st.date(day), Half: h, Options: len(x.options[u])}
	x.placed = map[idleOption]option{}
	left := x.options[u]
	for _, c := range idleCauses {
		if c.halfDay != nil {
			if c.halfDay(x, u, day, h) {
				hd.Cause = c.code
				return hd
			}
			continue
		}
		kept := left[:0:0]
		for _, o := range left {
			if !c.blocks(x, u, day, h, o) {
				kept = append(kept, o)
			}
		}
		if n := len(left) - len(kept); n > 0 {
			hd.RuledOut = append(hd.RuledOut, IdleCount{Cause: c.code, Count: n})
		}
		if left = kept; len(left) == 0 {
			hd.Cause = c.code
			return hd
		}
	}
	return hd // not reached: IdleOpen rules out everything left
}

// option is how the planner would place o on the half-day; the driving cause has
// already ruled out those it cannot place.
func (x *idleScan) option(u, day int, h medibus.Half, o idleOption) option {
	if op, ok := x.placed[o]; ok {
		return op
	}
	op, _ := x.st.optionOn(u, o.site, o.service, day, h, option{}, false)
	x.placed[o] = op
	return op
}

// gain is what a session of o would bring on the half-day: the people in need newly
// within reach and the care of the consultations it would book from the need left.
func (x *idleScan) gain(u, day int, h medibus.Half, o idleOption) float64 {
	reach, care := x.st.value(o.site, o.service, x.option(u, day, h, o).cap)
	return x.st.w.Reach*reach + care
}

// cost is what the session would cost: its added driving.
func (x *idleScan) cost(u, day int, h medibus.Half, o idleOption) float64 {
	return x.st.cost(x.option(u, day, h, o))
}

// ceiling sets c's sites, services and pairs for the buses units: the (site, service)
// pairs within their reach with need in the site's catchment.
func (x *idleScan) ceiling(c *IdleCeiling, units []int) {
	p := x.p
	pairs, sites, services := map[idleOption]bool{}, map[int]bool{}, map[int]bool{}
	for _, u := range units {
		for _, o := range x.options[u] {
			if pairs[o] || !x.hasNeed(o) {
				continue
			}
			pairs[o], sites[o.site], services[o.service] = true, true, true
		}
	}
	c.Sites, c.Services, c.Pairs, c.PerWeek = len(sites), len(services), len(pairs), 0
	for o := range pairs {
		c.PerWeek += p.sc.Sites[o.site].HalfDaysPerWeek()
	}
	c.Sessions = c.PerWeek * p.rules.CycleWeeks
}

// fleetCeiling is ceiling for every bus.
func (x *idleScan) fleetCeiling(c *IdleCeiling) {
	all := make([]int, len(x.p.sc.Units))
	for u := range all {
		all[u] = u
	}
	x.ceiling(c, all)
}

// hasNeed reports whether some commune in the catchment of o's site needs its service.
func (x *idleScan) hasNeed(o idleOption) bool {
	for _, c := range x.p.catchment[o.site] {
		if x.p.need[o.service][c.commune] > 0 {
			return true
		}
	}
	return false
}

// ordered lists counts in the order of the causes, leaving out zeros.
func ordered(counts map[string]int) []IdleCount {
	out := []IdleCount{}
	for _, c := range idleCauses {
		if n := counts[c.code]; n > 0 {
			out = append(out, IdleCount{Cause: c.code, Count: n})
		}
	}
	return out
}
