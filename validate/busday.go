package validate

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"

	"medibus"
)

// dayKey is one unit on one date.
type dayKey struct {
	unit string
	date medibus.Date
}

// timedDay is one bus-day timed once for rules 12 to 17: the route
// depot → s1 [→ s2] → depot with the leg that reaches each stop and the way back.
type timedDay struct {
	key   dayKey
	rec   *medibus.BusDay // nil when the record is missing: only what needs none is checked
	unit  *medibus.Unit
	depot *medibus.Depot
	stops []stop   // the morning's session, then the afternoon's
	back  timedLeg // from the last site to the depot

	totalMin int     // drive minutes of all legs, return included
	totalKm  float64 // their km
	legs     int     // legs driven (an afternoon at the morning's site drives none)
}

// stop is one session of a bus-day and the leg that reaches it.
type stop struct {
	s     *medibus.Session
	site  *medibus.Site
	moved bool     // reached from elsewhere: the first stop, or one at another site
	in    timedLeg // the leg that reaches it, zero when it did not move
	from  string   // where that leg starts, for messages
}

// timedLeg is a leg in the contract's units: whole minutes rounded up, and km.
type timedLeg struct {
	min int
	km  float64
}

// busDays checks the bus-day records against the sessions (rule 12), then times each
// bus-day once and checks rules 12 to 17 on it.
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
	c.rule12Records(days, records)
	for k, idx := range days {
		var rec *medibus.BusDay
		if recs := records[k]; len(recs) > 0 {
			rec = &c.p.BusDays[recs[0]] // with duplicates (rule 12) the first is checked
		}
		d := c.timeDay(k, idx, rec)
		if d == nil {
			continue
		}
		c.rule12LeaveAndArrive(d)
		c.rule13Setup(d)
		c.rule14Between(d)
		c.rule15BackHome(d)
		c.rule16DriveLimit(d)
		c.rule17ReportedLegs(d)
	}
}

// addDay records a violation about a whole bus-day; the message names unit and date.
func (c *checker) addDay(rule int, code string, k dayKey, format string, args ...any) {
	c.add(rule, code, k.unit, k.date, "", "unit %s on %s: %s", k.unit, k.date, fmt.Sprintf(format, args...))
}

// rule12Records checks the part of rule 12 about the records themselves: each day with
// sessions has exactly one BusDay record, and each record has sessions.
func (c *checker) rule12Records(days, records map[dayKey][]int) {
	for k, recs := range records {
		if _, ok := days[k]; !ok {
			c.addDay(12, CodeBusDayWithoutSessions, k, "bus-day record has no session")
		}
		if len(recs) > 1 {
			c.addDay(12, CodeDuplicateBusDay, k, "%d bus-day records for one day", len(recs))
		}
	}
	for k, idx := range days {
		if len(records[k]) == 0 {
			c.addDay(12, CodeMissingBusDay, k, "%d session(s) but no bus-day record", len(idx))
		}
	}
}

// rule1Depot checks rule 1 for the depot of a bus-day's unit, the one reference that
// only the bus-days use.
func (c *checker) rule1Depot(k dayKey, u *medibus.Unit) *medibus.Depot {
	depot := c.depots[u.Depot]
	if depot == nil {
		c.addDay(1, CodeUnknownDepot, k, "depot %q of the unit is not in the scenario", u.Depot)
	}
	return depot
}

// timeDay builds the bus-day of sessions idx and times its legs in route order. The
// route is only defined with a known unit and depot and at most one session per
// half-day at known sites; otherwise rules 1 or 9 already reject the day and timeDay
// returns nil.
func (c *checker) timeDay(k dayKey, idx []int, rec *medibus.BusDay) *timedDay {
	u := c.units[k.unit]
	if u == nil {
		return nil // rule 1 reported the unknown unit on each session
	}
	depot := c.rule1Depot(k, u)
	if depot == nil {
		return nil
	}
	var byHalf [2]stop
	for _, i := range idx {
		s, in := &c.p.Sessions[i], &c.info[i]
		if !in.halfOK || in.site == nil || byHalf[s.Half].s != nil {
			return nil
		}
		byHalf[s.Half] = stop{s: s, site: in.site}
	}
	d := &timedDay{key: k, rec: rec, unit: u, depot: depot, stops: make([]stop, 0, 2)}
	for _, st := range byHalf {
		if st.s != nil {
			d.stops = append(d.stops, st)
		}
	}
	from, fromName, fromSite := depot.Point, "depot "+depot.ID, ""
	for n := range d.stops {
		st := &d.stops[n]
		if n > 0 && st.s.Site == fromSite {
			st.from = "the morning's site" // a full day at one site: no drive, no new set-up
			continue
		}
		st.moved, st.from = true, fromName
		st.in = c.timeLeg(d, from, st.site.Point)
		from, fromName, fromSite = st.site.Point, "site "+st.s.Site, st.s.Site
	}
	d.back = c.timeLeg(d, from, depot.Point)
	return d
}

// timeLeg times the leg from a to b and adds it to the day's totals.
func (c *checker) timeLeg(d *timedDay, a, b orb.Point) timedLeg {
	l := c.leg(a, b)
	dr := timedLeg{min: driveMin(l), km: l.Km}
	d.totalMin, d.totalKm, d.legs = d.totalMin+dr.min, d.totalKm+dr.km, d.legs+1
	return dr
}

// rule12LeaveAndArrive checks rule 12: the bus leaves within its shift and reaches the
// first site no earlier than the drive allows.
func (c *checker) rule12LeaveAndArrive(d *timedDay) {
	if d.rec == nil {
		return
	}
	leave, first := d.rec.Leave, &d.stops[0]
	if leave < d.unit.ShiftStart {
		c.addDay(12, CodeLeaveBeforeShift, d.key, "leaves depot %s at %s, before its shift starts at %s",
			d.depot.ID, leave, d.unit.ShiftStart)
	}
	if reach := leave + medibus.Clock(first.in.min); first.s.Arrive < reach {
		c.addAt(12, CodeArriveTooEarly, first.s, "arrives at %s, but leaving depot %s at %s and driving %d min reaches it at %s",
			first.s.Arrive, d.depot.ID, leave, first.in.min, reach)
	}
}

// rule13Setup checks rule 13: a session reached from elsewhere starts at least the
// set-up time after the bus arrives.
func (c *checker) rule13Setup(d *timedDay) {
	for _, st := range d.stops {
		setup := c.rules.Setup(c.assisted(st.s))
		if s := st.s; st.moved && s.Start < s.Arrive+medibus.Clock(setup) {
			c.addAt(13, CodeNoSetupTime, s, "starts at %s, less than the %d-min set-up after arriving at %s",
				s.Start, setup, s.Arrive)
		}
	}
}

// rule14Between checks rule 14: between two sessions there is a break and, when the
// sites differ, the drive and a new set-up besides.
func (c *checker) rule14Between(d *timedDay) {
	if len(d.stops) < 2 {
		return
	}
	s1, s2 := d.stops[0].s, d.stops[1]
	r := c.rules
	gap := int(s2.s.Start - s1.End)
	if !s2.moved {
		if gap < r.BreakMin {
			c.addAt(14, CodeNoBreak, s2.s, "starts %d min after the morning session ends, less than the %d-min break",
				gap, r.BreakMin)
		}
		return
	}
	dm := s2.in.min
	if reach := s1.Depart + medibus.Clock(dm); s2.s.Arrive < reach {
		c.addAt(14, CodeArriveTooEarly, s2.s, "arrives at %s, but departing site %s at %s and driving %d min reaches it at %s",
			s2.s.Arrive, s1.Site, s1.Depart, dm, reach)
	}
	setup := r.Setup(c.assisted(s2.s))
	if need := r.BreakMin + dm + setup; gap < need {
		c.addAt(14, CodeNoBreak, s2.s, "starts %d min after the session at site %s ends, less than break %d + drive %d + set-up %d = %d min",
			gap, s1.Site, r.BreakMin, dm, setup, need)
	}
}

// rule15BackHome checks rule 15: the bus is back at its depot no earlier than the drive
// allows and within its shift.
func (c *checker) rule15BackHome(d *timedDay) {
	if d.rec == nil {
		return
	}
	ret, last := d.rec.Return, d.stops[len(d.stops)-1].s
	if reach := last.Depart + medibus.Clock(d.back.min); ret < reach {
		c.addDay(15, CodeReturnTooEarly, d.key, "back at depot %s at %s, but departing site %s at %s and driving %d min gets there at %s",
			d.depot.ID, ret, last.Site, last.Depart, d.back.min, reach)
	}
	if ret > d.unit.ShiftEnd {
		c.addDay(15, CodeReturnAfterShift, d.key, "back at depot %s at %s, after its shift ends at %s",
			d.depot.ID, ret, d.unit.ShiftEnd)
	}
}

// rule16DriveLimit checks rule 16: the day's drive minutes stay within the unit's limit.
func (c *checker) rule16DriveLimit(d *timedDay) {
	if d.totalMin > d.unit.MaxDriveMin {
		c.addDay(16, CodeDriveLimit, d.key, "drives %d min, more than its limit of %d", d.totalMin, d.unit.MaxDriveMin)
	}
	limit := c.rules.MaxLegMin
	if limit <= 0 {
		return
	}
	for _, st := range d.stops {
		if st.moved && st.in.min > limit {
			c.addAt(16, CodeLegTooLong, st.s, "the drive from %s takes %d min, more than the %d-min longest leg", st.from, st.in.min, limit)
		}
	}
	if d.back.min > limit {
		c.addDay(16, CodeLegTooLong, d.key, "the drive back to depot %s takes %d min, more than the %d-min longest leg", d.depot.ID, d.back.min, limit)
	}
}

// rule17ReportedLegs checks rule 17: each session's leg and the day's figures are the
// ones the travel model gives. ReturnMin, ReturnKm, DriveKm and Sessions are not named
// by the rule, but they are what drivers read, defined by their field comments, so they
// are held to the same standard as the legs.
func (c *checker) rule17ReportedLegs(d *timedDay) {
	for _, st := range d.stops {
		s := st.s
		if s.DriveMinFromPrevious != st.in.min || math.Abs(s.DriveKmFromPrevious-st.in.km) > kmTolerance {
			c.addAt(17, CodeWrongLeg, s, "leg from %s reported as %.2f km, %d min; it is %.2f km, %d min",
				st.from, s.DriveKmFromPrevious, s.DriveMinFromPrevious, st.in.km, st.in.min)
		}
	}
	b := d.rec
	if b == nil {
		return
	}
	if b.DriveMin != d.totalMin {
		c.addDay(17, CodeWrongDayDrive, d.key, "bus-day reports %d min of driving, the legs sum to %d", b.DriveMin, d.totalMin)
	}
	if math.Abs(b.DriveKm-d.totalKm) > kmTolerance*float64(d.legs) {
		c.addDay(17, CodeWrongDayDrive, d.key, "bus-day reports %.2f km of driving, the legs sum to %.2f", b.DriveKm, d.totalKm)
	}
	if b.ReturnMin != d.back.min || math.Abs(b.ReturnKm-d.back.km) > kmTolerance {
		c.addDay(17, CodeWrongReturnLeg, d.key, "return from site %s to depot %s reported as %.2f km, %d min; it is %.2f km, %d min",
			d.stops[len(d.stops)-1].s.Site, d.depot.ID, b.ReturnKm, b.ReturnMin, d.back.km, d.back.min)
	}
	if b.Sessions != len(d.stops) {
		c.addDay(17, CodeWrongSessionCount, d.key, "bus-day reports %d sessions, the plan has %d", b.Sessions, len(d.stops))
	}
}

// assisted reports whether a medical assistant is on board session s.
func (c *checker) assisted(s *medibus.Session) bool {
	for _, id := range s.Staff {
		if m := c.staff[id]; m != nil && m.Role == medibus.RoleAssistant {
			return true
		}
	}
	return false
}
