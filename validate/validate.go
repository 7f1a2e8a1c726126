// Package validate is the independent checker of plans: it re-checks every hard
// constraint of docs/constraints.md from the plan and its scenario alone.
//
// It deliberately shares no code with the planner (package scheduler): a bug in a check
// that both used would let the planner's mistakes through unseen. It relies only on the
// domain types of the root package and on the travel model of the run (routing.Model),
// which is the definition of a drive in the contract: the same model the planner used.
package validate

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/routing"
)

// Violation is one broken hard constraint of a plan.
type Violation struct {
	// Rule is the number of the broken rule in docs/constraints.md.
	Rule int
	// Code is a short kebab-case name of what is wrong, e.g. "staff-double-booked";
	// one rule may have several codes.
	Code string
	// Unit, Date and Half locate the violation. Half is "AM", "PM", or empty for a
	// violation about a whole bus-day.
	Unit    string
	Date    medibus.Date
	Half    string
	Message string // what is wrong and where: unit, date, half, site, staff
}

// String formats the violation on one line for people: rule, code, then the message.
func (v Violation) String() string {
	return fmt.Sprintf("rule %d (%s): %s", v.Rule, v.Code, v.Message)
}

// Drive-minute rounding tolerance of the contract: 30.0000000001 minutes is 30, not 31.
const minuteTolerance = 1e-9

// Tolerance on reported kilometres, per leg (rule 17).
const kmTolerance = 0.1

// Plan checks every hard constraint of p against sc and returns the violations, sorted
// by unit, date, half, rule (then code and message, so the order is fully determined).
// The error is only for what prevents checking at all: a missing scenario, plan or
// travel model, a plan made with another travel model, or a travel service that fails.
func Plan(ctx context.Context, sc *medibus.Scenario, p *medibus.Plan, travel routing.Model) ([]Violation, error) {
	if sc == nil || p == nil || travel == nil {
		return nil, errors.New("validate: need a scenario, a plan and a travel model")
	}
	if p.Travel != "" && p.Travel != travel.String() {
		return nil, fmt.Errorf("validate: plan %d was made with the travel model %q, this run uses %q: configure the same model (travel: in medibus.yaml, or --osrm) to check its drives",
			p.ID, p.Travel, travel.String())
	}
	c := newChecker(ctx, sc, p, travel)
	for i := range p.Sessions {
		c.session(i)
	}
	c.doubleBookings()
	c.staffCaps()
	c.pins()
	c.rhythms()
	c.busDays()
	if c.err != nil {
		return nil, fmt.Errorf("validate: cannot check drives: %w", c.err)
	}
	slices.SortFunc(c.out, compareViolations)
	return c.out, nil
}

func compareViolations(a, b Violation) int {
	return cmp.Or(
		cmp.Compare(a.Unit, b.Unit),
		cmp.Compare(a.Date, b.Date),
		cmp.Compare(a.Half, b.Half), // "" (whole day) sorts before "AM" and "PM"
		cmp.Compare(a.Rule, b.Rule),
		cmp.Compare(a.Code, b.Code),
		cmp.Compare(a.Message, b.Message),
	)
}

// checker holds the scenario indexed by id and the facts gathered about each session.
// It builds its own indexes rather than medibus.NewIndex so that what it trusts is
// visible here; with duplicate ids the first entity wins (scenario readers reject them).
type checker struct {
	ctx    context.Context
	sc     *medibus.Scenario
	p      *medibus.Plan
	travel routing.Model
	err    error // the first failure of the travel model
	rules  *medibus.Rules

	depots   map[string]*medibus.Depot
	units    map[string]*medibus.Unit
	staff    map[string]*medibus.StaffMember
	services map[string]*medibus.Service
	sites    map[string]*medibus.Site

	cycleStart, cycleEnd medibus.Date // cycleEnd excluded
	info                 []sessionInfo
	out                  []Violation
}

// sessionInfo is what the per-session pass learnt and later passes reuse.
type sessionInfo struct {
	unit     *medibus.Unit
	site     *medibus.Site
	halfOK   bool
	inCycle  bool
	members  []*medibus.StaffMember // distinct known staff, in plan order
	staffIDs []string               // distinct staff ids, in plan order
}

func newChecker(ctx context.Context, sc *medibus.Scenario, p *medibus.Plan, travel routing.Model) *checker {
	c := &checker{
		ctx: ctx, sc: sc, p: p, travel: travel, rules: &sc.Rules,
		depots:     make(map[string]*medibus.Depot, len(sc.Depots)),
		units:      make(map[string]*medibus.Unit, len(sc.Units)),
		staff:      make(map[string]*medibus.StaffMember, len(sc.Staff)),
		services:   make(map[string]*medibus.Service, len(sc.Services)),
		sites:      make(map[string]*medibus.Site, len(sc.Sites)),
		cycleStart: p.Start,
		cycleEnd:   p.Start.AddDays(sc.Rules.CycleDays()),
		info:       make([]sessionInfo, len(p.Sessions)),
	}
	for i := range sc.Depots {
		putFirst(c.depots, sc.Depots[i].ID, &sc.Depots[i])
	}
	for i := range sc.Units {
		putFirst(c.units, sc.Units[i].ID, &sc.Units[i])
	}
	for i := range sc.Staff {
		putFirst(c.staff, sc.Staff[i].ID, &sc.Staff[i])
	}
	for i := range sc.Services {
		putFirst(c.services, sc.Services[i].ID, &sc.Services[i])
	}
	for i := range sc.Sites {
		putFirst(c.sites, sc.Sites[i].ID, &sc.Sites[i])
	}
	return c
}

func putFirst[T any](m map[string]*T, id string, v *T) {
	if _, ok := m[id]; !ok {
		m[id] = v
	}
}

// add records a violation located at session s (or at a whole bus-day if half is "").
func (c *checker) add(rule int, code, unit string, date medibus.Date, half, format string, args ...any) {
	c.out = append(c.out, Violation{
		Rule: rule, Code: code, Unit: unit, Date: date, Half: half,
		Message: fmt.Sprintf(format, args...),
	})
}

// addAt records a violation of session s; the message is prefixed with where it is.
func (c *checker) addAt(rule int, code string, s *medibus.Session, format string, args ...any) {
	c.add(rule, code, s.Unit, s.Date, halfName(s.Half), "%s: %s", where(s), fmt.Sprintf(format, args...))
}

// where names a session for messages: unit, date, half and site.
func where(s *medibus.Session) string {
	return fmt.Sprintf("unit %s on %s %s at site %s", s.Unit, s.Date, halfName(s.Half), s.Site)
}

// halfName is Half.String, except that it does not disguise an invalid value as "AM".
func halfName(h medibus.Half) string {
	if h != medibus.AM && h != medibus.PM {
		return fmt.Sprintf("half(%d)", int(h))
	}
	return h.String()
}

// leg is the travel model's leg from a to b; a failure of the model is kept for Plan
// to return, and the leg is then zero.
func (c *checker) leg(a, b orb.Point) routing.Leg {
	l, err := routing.LegBetween(c.ctx, c.travel, a, b)
	if err != nil && c.err == nil {
		c.err = err
	}
	return l
}

// driveMin is the contract's drive minutes of a leg: ceil(leg.Min) with a 1e-9 tolerance.
func driveMin(l routing.Leg) int {
	return int(math.Ceil(l.Min - minuteTolerance))
}

// floorDiv divides rounding toward minus infinity, so that a negative session length
// gives a negative capacity rather than zero.
func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// session checks rules 1 to 8, which concern one session alone.
func (c *checker) session(i int) {
	s := &c.p.Sessions[i]
	in := &c.info[i]
	r := c.rules

	// Rule 1: references. Later rules skip what depends on an unknown reference, so that
	// one mistake is reported once, as what it is.
	in.unit = c.units[s.Unit]
	if in.unit == nil {
		c.addAt(1, "unknown-unit", s, "unit %q is not in the scenario", s.Unit)
	}
	in.site = c.sites[s.Site]
	if in.site == nil {
		c.addAt(1, "unknown-site", s, "site %q is not in the scenario", s.Site)
	}
	svc := c.services[s.Service]
	if svc == nil {
		c.addAt(1, "unknown-service", s, "service %q is not in the scenario", s.Service)
	}
	allStaffKnown := true
	seen := make(map[string]bool, len(s.Staff))
	for _, id := range s.Staff {
		if seen[id] {
			// Rule 4: nobody is listed twice; checked here while deduplicating.
			c.addAt(4, "staff-listed-twice", s, "staff %s is listed twice", id)
			continue
		}
		seen[id] = true
		in.staffIDs = append(in.staffIDs, id)
		m := c.staff[id]
		if m == nil {
			allStaffKnown = false
			c.addAt(1, "unknown-staff", s, "staff %q is not in the scenario", id)
			continue
		}
		in.members = append(in.members, m)
	}
	in.inCycle = s.Date >= c.cycleStart && s.Date < c.cycleEnd
	if !in.inCycle {
		c.addAt(1, "date-outside-cycle", s, "date %s is outside the cycle %s to %s",
			s.Date, c.cycleStart, c.cycleEnd.AddDays(-1))
	}
	in.halfOK = s.Half == medibus.AM || s.Half == medibus.PM
	if !in.halfOK {
		c.addAt(1, "invalid-half", s, "half-day %d is neither AM nor PM", int(s.Half))
		// Every later rule of a session is about its half-day: nothing more to check.
		return
	}
	wd := s.Date.Weekday()
	slot := fmt.Sprintf("%s-%s", wd.String()[:3], s.Half)

	// Rule 2: the bus works that half-day.
	if !r.Days.Has(wd, s.Half) {
		c.addAt(2, "bus-off-day", s, "buses do not run on %s (scenario days: %s)", slot, r.Days)
	}
	if u := in.unit; u != nil {
		if !u.Days.Has(wd, s.Half) {
			c.addAt(2, "bus-off-day", s, "unit %s does not work on %s (its days: %s)", u.ID, slot, u.Days)
		}
		if rg, ok := containing(u.Unavailable, s.Date); ok {
			c.addAt(2, "bus-unavailable", s, "unit %s is unavailable %s", u.ID, rg)
		}
	}

	// Rule 3: the site allows it.
	if st := in.site; st != nil && !st.Allowed.Has(wd, s.Half) {
		c.addAt(3, "site-not-allowed", s, "site %s does not allow %s (allowed: %s)", st.ID, slot, st.Allowed)
	}

	// Rule 4: roles. Each member has one role, so distinct members hold the roles exactly
	// when the multiset of their roles equals service.Roles. With an unknown member the
	// roles cannot be matched; rule 1 already says why.
	if svc != nil && allStaffKnown {
		need := make(map[string]int, len(svc.Roles))
		for _, role := range svc.Roles {
			need[role]++
		}
		for _, m := range in.members {
			if need[m.Role] > 0 {
				need[m.Role]--
				continue
			}
			c.addAt(4, "extra-staff", s, "staff %s (%s) is not needed by service %s (roles %s)",
				m.ID, m.Role, svc.ID, strings.Join(svc.Roles, ", "))
		}
		for _, role := range svc.Roles { // in the service's order, for stable messages
			if need[role] > 0 {
				c.addAt(4, "missing-role", s, "service %s needs %d more %s on board (staff: %s)",
					svc.ID, need[role], role, strings.Join(s.Staff, ", "))
				need[role] = 0
			}
		}
	}

	// Rule 5: equipment.
	if svc != nil && in.unit != nil {
		var missing []string
		for _, e := range svc.Equipment {
			if !slices.Contains(in.unit.Equipment, e) {
				missing = append(missing, e)
			}
		}
		if len(missing) > 0 {
			c.addAt(5, "missing-equipment", s, "service %s needs %s, which unit %s does not carry",
				svc.ID, strings.Join(missing, ", "), in.unit.ID)
		}
	}

	// Rule 6: staff available and allowed on this bus.
	for _, m := range in.members {
		if !m.Availability.Has(wd, s.Half) {
			c.addAt(6, "staff-unavailable", s, "staff %s is not available on %s (availability: %s)", m.ID, slot, m.Availability)
		}
		if rg, ok := containing(m.Unavailable, s.Date); ok {
			c.addAt(6, "staff-unavailable", s, "staff %s is unavailable %s", m.ID, rg)
		}
		if in.unit != nil && !slices.Contains(m.Units, s.Unit) {
			c.addAt(6, "staff-not-on-unit", s, "staff %s may not work on unit %s (units: %s)", m.ID, s.Unit, strings.Join(m.Units, ", "))
		}
	}

	// Rule 7: session window, length, departure.
	w := r.Windows[s.Half]
	if s.Start < w.Start || s.End > w.End {
		c.addAt(7, "outside-window", s, "session %s–%s is outside the %s window %s–%s", s.Start, s.End, s.Half, w.Start, w.End)
	}
	if int(s.End-s.Start) < r.MinSessionMin {
		c.addAt(7, "session-too-short", s, "session %s–%s lasts %d min, less than the minimum %d", s.Start, s.End, int(s.End-s.Start), r.MinSessionMin)
	}
	if s.Depart < s.End {
		c.addAt(7, "depart-before-end", s, "bus departs at %s, before the session ends at %s", s.Depart, s.End)
	}

	// Rule 8: capacity.
	if s.ExpectedPatients < 0 {
		c.addAt(8, "negative-patients", s, "%d expected patients", s.ExpectedPatients)
	}
	if svc != nil {
		if svc.ConsultMin <= 0 {
			// Capacity is undefined; reporting it keeps the plan from passing unchecked.
			c.addAt(8, "no-consult-length", s, "service %s has consultation length %d min, so capacity cannot be checked", svc.ID, svc.ConsultMin)
		} else if capacity := floorDiv(int(s.End-s.Start), svc.ConsultMin); s.ExpectedPatients > capacity {
			c.addAt(8, "patients-over-capacity", s, "%d expected patients, more than %d min ÷ %d min = %d consultations",
				s.ExpectedPatients, int(s.End-s.Start), svc.ConsultMin, capacity)
		}
	}
}

// containing returns the first range of rs that contains d.
func containing(rs []medibus.DateRange, d medibus.Date) (medibus.DateRange, bool) {
	for _, rg := range rs {
		if rg.Contains(d) {
			return rg, true
		}
	}
	return medibus.DateRange{}, false
}

// slotKey is a (date, half) of one bus or one person.
type slotKey struct {
	id   string
	date medibus.Date
	half medibus.Half
}

// doubleBookings checks rule 9. Each overbooked slot is reported once, at its first
// session in (unit, site) order, naming all of them, so the report does not depend on
// the order of sessions in the plan.
func (c *checker) doubleBookings() {
	units := make(map[slotKey][]int, len(c.p.Sessions))
	people := make(map[slotKey][]int, len(c.p.Sessions))
	for i := range c.p.Sessions {
		s := &c.p.Sessions[i]
		units[slotKey{s.Unit, s.Date, s.Half}] = append(units[slotKey{s.Unit, s.Date, s.Half}], i)
		for _, id := range c.info[i].staffIDs {
			k := slotKey{id, s.Date, s.Half}
			people[k] = append(people[k], i)
		}
	}
	for _, idx := range units {
		if len(idx) < 2 {
			continue
		}
		c.sortSessions(idx)
		s := &c.p.Sessions[idx[0]]
		c.addAt(9, "bus-double-booked", s, "unit %s has %d sessions this half-day: %s", s.Unit, len(idx), c.list(idx))
	}
	for k, idx := range people {
		if len(idx) < 2 {
			continue
		}
		c.sortSessions(idx)
		s := &c.p.Sessions[idx[0]]
		c.addAt(9, "staff-double-booked", s, "staff %s is in %d sessions this half-day: %s", k.id, len(idx), c.list(idx))
	}
}

// sortSessions orders session indexes by unit, date, half, site, service, start, then
// index, a total order independent of plan order except between identical sessions.
func (c *checker) sortSessions(idx []int) {
	slices.SortFunc(idx, func(i, j int) int {
		a, b := &c.p.Sessions[i], &c.p.Sessions[j]
		return cmp.Or(cmp.Compare(a.Unit, b.Unit), cmp.Compare(a.Date, b.Date), cmp.Compare(a.Half, b.Half),
			cmp.Compare(a.Site, b.Site), cmp.Compare(a.Service, b.Service), cmp.Compare(a.Start, b.Start), cmp.Compare(i, j))
	})
}

func (c *checker) list(idx []int) string {
	parts := make([]string, len(idx))
	for k, i := range idx {
		s := &c.p.Sessions[i]
		parts[k] = fmt.Sprintf("unit %s at site %s (%s)", s.Unit, s.Site, s.Service)
	}
	return strings.Join(parts, "; ")
}

// mondayOf returns the Monday of the calendar week of d. Date 0, 1970-01-01, was a
// Thursday, so Monday-based weeks start at days ≡ 4 (mod 7).
func mondayOf(d medibus.Date) medibus.Date {
	off := (int(d) - 4) % 7
	if off < 0 {
		off += 7
	}
	return d.AddDays(-off)
}

// staffCaps checks rule 10 over the calendar weeks of the cycle. A member over the cap
// is reported once per week, at the first session beyond the cap in time order.
func (c *checker) staffCaps() {
	type weekKey struct {
		id     string
		monday medibus.Date
	}
	weeks := make(map[weekKey][]int)
	for i := range c.p.Sessions {
		in := &c.info[i]
		if !in.inCycle { // rule 1 already rejects it; the cap is about the cycle's weeks
			continue
		}
		for _, m := range in.members {
			if m.MaxSessionsPerWeek > 0 {
				k := weekKey{m.ID, mondayOf(c.p.Sessions[i].Date)}
				weeks[k] = append(weeks[k], i)
			}
		}
	}
	for k, idx := range weeks {
		limit := c.staff[k.id].MaxSessionsPerWeek
		if len(idx) <= limit {
			continue
		}
		slices.SortFunc(idx, func(i, j int) int {
			a, b := &c.p.Sessions[i], &c.p.Sessions[j]
			return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(a.Half, b.Half), cmp.Compare(a.Unit, b.Unit),
				cmp.Compare(a.Site, b.Site), cmp.Compare(i, j))
		})
		s := &c.p.Sessions[idx[limit]]
		c.addAt(10, "staff-weekly-cap", s, "staff %s has %d sessions in the week of %s, more than the cap of %d",
			k.id, len(idx), k.monday, limit)
	}
}

// pins checks rule 11: each pinned session is in the plan exactly as pinned.
func (c *checker) pins() {
	if len(c.sc.Pins) == 0 {
		return
	}
	bySlot := make(map[slotKey][]int, len(c.p.Sessions))
	for i := range c.p.Sessions {
		s := &c.p.Sessions[i]
		k := slotKey{s.Unit, s.Date, s.Half}
		bySlot[k] = append(bySlot[k], i)
	}
	for pi := range c.sc.Pins {
		pin := &c.sc.Pins[pi]
		idx := bySlot[slotKey{pin.Unit, pin.Date, pin.Half}]
		var diffs []string
		found := false
		for _, i := range idx {
			d := pinDiffs(pin, &c.p.Sessions[i])
			if len(d) == 0 {
				found = true
				break
			}
			if diffs == nil {
				diffs = d
			}
		}
		switch {
		case found:
		case len(idx) == 0:
			c.addAt(11, "pin-missing", pin, "pinned session (%s, staff %s, %s–%s) is not in the plan",
				pin.Service, strings.Join(pin.Staff, ", "), pin.Start, pin.End)
		default:
			c.addAt(11, "pin-moved", pin, "pinned session differs from the plan: %s", strings.Join(diffs, "; "))
		}
	}
}

// pinDiffs lists how session s differs from pin on the fields that rule 11 fixes.
func pinDiffs(pin, s *medibus.Session) []string {
	var d []string
	if s.Site != pin.Site {
		d = append(d, fmt.Sprintf("site %s instead of %s", s.Site, pin.Site))
	}
	if s.Service != pin.Service {
		d = append(d, fmt.Sprintf("service %s instead of %s", s.Service, pin.Service))
	}
	if !sameSet(s.Staff, pin.Staff) {
		d = append(d, fmt.Sprintf("staff %s instead of %s", strings.Join(s.Staff, ", "), strings.Join(pin.Staff, ", ")))
	}
	if s.Start != pin.Start || s.End != pin.End {
		d = append(d, fmt.Sprintf("%s–%s instead of %s–%s", s.Start, s.End, pin.Start, pin.End))
	}
	return d
}

// sameSet compares staff lists as sets, since the order of staff carries no meaning.
func sameSet(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(slices.Compact(x), slices.Compact(y))
}

// dayKey is one unit on one date.
type dayKey struct {
	unit string
	date medibus.Date
}

// busDays checks the bus-day records' integrity and rules 12 to 17.
func (c *checker) busDays() {
	days := make(map[dayKey][]int, len(c.p.BusDays))
	for i := range c.p.Sessions {
		s := &c.p.Sessions[i]
		days[dayKey{s.Unit, s.Date}] = append(days[dayKey{s.Unit, s.Date}], i)
	}
	records := make(map[dayKey][]int, len(c.p.BusDays))
	for i := range c.p.BusDays {
		b := &c.p.BusDays[i]
		k := dayKey{b.Unit, b.Date}
		records[k] = append(records[k], i)
	}
	for k, recs := range records {
		if _, ok := days[k]; !ok {
			c.add(12, "bus-day-without-sessions", k.unit, k.date, "",
				"unit %s on %s: bus-day record has no session", k.unit, k.date)
		}
		if len(recs) > 1 {
			c.add(12, "duplicate-bus-day", k.unit, k.date, "",
				"unit %s on %s: %d bus-day records for one day", k.unit, k.date, len(recs))
		}
	}
	for k, idx := range days {
		var bd *medibus.BusDay
		if recs := records[k]; len(recs) > 0 {
			// With duplicates (reported above) the first record is checked.
			bd = &c.p.BusDays[recs[0]]
		} else {
			c.add(12, "missing-bus-day", k.unit, k.date, "",
				"unit %s on %s: %d session(s) but no bus-day record", k.unit, k.date, len(idx))
		}
		c.day(k, idx, bd)
	}
}

// day checks rules 12 to 17 on one bus-day; bd is nil if the record is missing, and then
// only what does not need it is checked.
func (c *checker) day(k dayKey, idx []int, bd *medibus.BusDay) {
	u := c.units[k.unit]
	if u == nil {
		return // rule 1 reported the unknown unit on each session
	}
	depot := c.depots[u.Depot]
	if depot == nil {
		c.add(1, "unknown-depot", k.unit, k.date, "", "unit %s on %s: depot %q of the unit is not in the scenario",
			k.unit, k.date, u.Depot)
		return
	}
	// The route depot → s1 [→ s2] → depot is only defined with at most one session per
	// half-day at known sites; otherwise rules 1 or 9 already reject the day.
	var am, pm *medibus.Session
	var amSite, pmSite *medibus.Site
	for _, i := range idx {
		s, in := &c.p.Sessions[i], &c.info[i]
		if !in.halfOK || in.site == nil {
			return
		}
		if s.Half == medibus.AM {
			if am != nil {
				return
			}
			am, amSite = s, in.site
		} else {
			if pm != nil {
				return
			}
			pm, pmSite = s, in.site
		}
	}
	type stop struct {
		s    *medibus.Session
		site *medibus.Site
	}
	var stops []stop
	if am != nil {
		stops = append(stops, stop{am, amSite})
	}
	if pm != nil {
		stops = append(stops, stop{pm, pmSite})
	}
	r := c.rules
	dayHalf := "" // violations about the whole day

	totalMin, totalKm := 0, 0.0
	legs := 0
	first := stops[0]
	// Rule 12: leave within the shift and drive to the first site.
	lg := c.leg(depot.Point, first.site.Point)
	dm := driveMin(lg)
	totalMin, totalKm, legs = totalMin+dm, totalKm+lg.Km, legs+1
	c.checkLeg(first.s, dm, lg.Km, "depot "+depot.ID)
	if bd != nil {
		if bd.Leave < u.ShiftStart {
			c.add(12, "leave-before-shift", k.unit, k.date, dayHalf, "unit %s on %s: leaves depot %s at %s, before its shift starts at %s",
				k.unit, k.date, depot.ID, bd.Leave, u.ShiftStart)
		}
		if first.s.Arrive < bd.Leave+medibus.Clock(dm) {
			c.addAt(12, "arrive-too-early", first.s, "arrives at %s, but leaving depot %s at %s and driving %d min reaches it at %s",
				first.s.Arrive, depot.ID, bd.Leave, dm, bd.Leave+medibus.Clock(dm))
		}
	}
	// Rule 13: set-up on arrival at the first site.
	c.checkSetup(first.s)

	if len(stops) == 2 {
		s1, s2 := stops[0], stops[1]
		gap := int(s2.s.Start - s1.s.End)
		if s1.s.Site == s2.s.Site {
			// A full day at one site: no drive, no new set-up, just the break (rule 14).
			c.checkLeg(s2.s, 0, 0, "the morning's site")
			if gap < r.BreakMin {
				c.addAt(14, "no-break", s2.s, "starts %d min after the morning session ends, less than the %d-min break",
					gap, r.BreakMin)
			}
		} else {
			lg := c.leg(s1.site.Point, s2.site.Point)
			dm := driveMin(lg)
			totalMin, totalKm, legs = totalMin+dm, totalKm+lg.Km, legs+1
			c.checkLeg(s2.s, dm, lg.Km, "site "+s1.s.Site)
			c.checkSetup(s2.s) // rule 13
			if s2.s.Arrive < s1.s.Depart+medibus.Clock(dm) {
				c.addAt(14, "arrive-too-early", s2.s, "arrives at %s, but departing site %s at %s and driving %d min reaches it at %s",
					s2.s.Arrive, s1.s.Site, s1.s.Depart, dm, s1.s.Depart+medibus.Clock(dm))
			}
			if need := r.BreakMin + dm + r.SetupMin; gap < need {
				c.addAt(14, "no-break", s2.s, "starts %d min after the session at site %s ends, less than break %d + drive %d + set-up %d = %d min",
					gap, s1.s.Site, r.BreakMin, dm, r.SetupMin, need)
			}
		}
	}

	// Rule 15: back at the depot within the shift.
	last := stops[len(stops)-1]
	rl := c.leg(last.site.Point, depot.Point)
	rm := driveMin(rl)
	totalMin, totalKm, legs = totalMin+rm, totalKm+rl.Km, legs+1
	if bd != nil {
		if bd.Return < last.s.Depart+medibus.Clock(rm) {
			c.add(15, "return-too-early", k.unit, k.date, dayHalf, "unit %s on %s: back at depot %s at %s, but departing site %s at %s and driving %d min gets there at %s",
				k.unit, k.date, depot.ID, bd.Return, last.s.Site, last.s.Depart, rm, last.s.Depart+medibus.Clock(rm))
		}
		if bd.Return > u.ShiftEnd {
			c.add(15, "return-after-shift", k.unit, k.date, dayHalf, "unit %s on %s: back at depot %s at %s, after its shift ends at %s",
				k.unit, k.date, depot.ID, bd.Return, u.ShiftEnd)
		}
	}

	// Rule 16: daily driving limit.
	if totalMin > u.MaxDriveMin {
		c.add(16, "drive-limit", k.unit, k.date, dayHalf, "unit %s on %s: drives %d min, more than its limit of %d",
			k.unit, k.date, totalMin, u.MaxDriveMin)
	}

	// Rule 17: the day's reported figures. ReturnMin, ReturnKm, DriveKm and Sessions are
	// not named by the rule, but they are what drivers read, defined by their field
	// comments, so they are held to the same standard as the legs.
	if bd == nil {
		return
	}
	if bd.DriveMin != totalMin {
		c.add(17, "wrong-day-drive", k.unit, k.date, dayHalf, "unit %s on %s: bus-day reports %d min of driving, the legs sum to %d",
			k.unit, k.date, bd.DriveMin, totalMin)
	}
	if math.Abs(bd.DriveKm-totalKm) > kmTolerance*float64(legs) {
		c.add(17, "wrong-day-drive", k.unit, k.date, dayHalf, "unit %s on %s: bus-day reports %.2f km of driving, the legs sum to %.2f",
			k.unit, k.date, bd.DriveKm, totalKm)
	}
	if bd.ReturnMin != rm || math.Abs(bd.ReturnKm-rl.Km) > kmTolerance {
		c.add(17, "wrong-return-leg", k.unit, k.date, dayHalf, "unit %s on %s: return from site %s to depot %s reported as %.2f km, %d min; it is %.2f km, %d min",
			k.unit, k.date, last.s.Site, depot.ID, bd.ReturnKm, bd.ReturnMin, rl.Km, rm)
	}
	if bd.Sessions != len(stops) {
		c.add(17, "wrong-session-count", k.unit, k.date, dayHalf, "unit %s on %s: bus-day reports %d sessions, the plan has %d",
			k.unit, k.date, bd.Sessions, len(stops))
	}
}

// checkSetup checks rule 13 for a session reached from elsewhere.
func (c *checker) checkSetup(s *medibus.Session) {
	if s.Start < s.Arrive+medibus.Clock(c.rules.SetupMin) {
		c.addAt(13, "no-setup-time", s, "starts at %s, less than the %d-min set-up after arriving at %s",
			s.Start, c.rules.SetupMin, s.Arrive)
	}
}

// checkLeg checks rule 17 for the leg that reaches session s from "from".
func (c *checker) checkLeg(s *medibus.Session, minutes int, km float64, from string) {
	if s.DriveMinFromPrevious != minutes || math.Abs(s.DriveKmFromPrevious-km) > kmTolerance {
		c.addAt(17, "wrong-leg", s, "leg from %s reported as %.2f km, %d min; it is %.2f km, %d min",
			from, s.DriveKmFromPrevious, s.DriveMinFromPrevious, km, minutes)
	}
}
