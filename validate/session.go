package validate

import (
	"fmt"
	"slices"
	"strings"

	"medibus"
)

// sessionInfo is what the per-session pass learnt and the later rules reuse: the
// session's entities looked up once, its staff without repeats, and whether its date
// and half-day are ones the other rules can reason about.
type sessionInfo struct {
	unit          *medibus.Unit
	site          *medibus.Site
	service       *medibus.Service
	halfOK        bool
	inCycle       bool
	allStaffKnown bool
	members       []*medibus.StaffMember // distinct known staff, in plan order
	staffIDs      []string               // distinct staff ids, in plan order
	repeated      []string               // each repetition of an id already listed
	slot          string                 // weekday and half for messages, e.g. "Tue-AM"
	assisted      bool                   // a medical assistant is on board
	remote        []*medibus.StaffMember // known remote specialists, in plan order
}

// session checks rules 1 to 8 and 20, which concern one session alone, and keeps its facts
// in c.info[i] for the rules across sessions and bus-days.
func (c *checker) session(i int) {
	s, in := &c.p.Sessions[i], &c.info[i]
	c.sessionFacts(s, in)
	c.rule1References(s, in)
	c.rule4StaffOnce(s, in)
	if !in.halfOK {
		// Every other rule of a session is about its half-day: nothing more to check.
		return
	}
	in.slot = fmt.Sprintf("%s-%s", s.Date.Weekday().String()[:3], s.Half)
	c.rule2BusAvailable(s, in)
	c.rule3SiteAllows(s, in)
	c.rule4Roles(s, in)
	c.rule5Equipment(s, in)
	c.rule6StaffAvailable(s, in)
	c.rule7Window(s)
	c.rule8Capacity(s, in)
	if in.inCycle {
		c.rule20Calendar(s, in)
	}
}

// sessionFacts looks up the session's references; an unknown one is left nil for rule 1
// to report, and the later rules skip what depends on it, so that one mistake is
// reported once, as what it is.
func (c *checker) sessionFacts(s *medibus.Session, in *sessionInfo) {
	in.unit = c.units[s.Unit]
	in.site = c.sites[s.Site]
	in.service = c.services[s.Service]
	in.allStaffKnown = true
	seen := make(map[string]bool, len(s.Staff))
	for _, id := range s.Staff {
		if seen[id] {
			in.repeated = append(in.repeated, id)
			continue
		}
		seen[id] = true
		in.staffIDs = append(in.staffIDs, id)
		if m := c.staff[id]; m != nil {
			in.members = append(in.members, m)
			in.assisted = in.assisted || m.Role == medibus.RoleAssistant
		} else {
			in.allStaffKnown = false
		}
	}
	for _, id := range s.Remote {
		if m := c.staff[id]; m != nil {
			in.remote = append(in.remote, m)
		} else {
			in.allStaffKnown = false
		}
	}
	in.inCycle = s.Date >= c.cycleStart && s.Date < c.cycleEnd
	in.halfOK = s.Half == medibus.AM || s.Half == medibus.PM
}

// rule1References checks rule 1: the unit, site, service and staff exist, the date lies
// in the cycle and the half-day is AM or PM. (The unit's depot is checked per bus-day,
// by rule1Depot.)
func (c *checker) rule1References(s *medibus.Session, in *sessionInfo) {
	if in.unit == nil {
		c.addAt(1, CodeUnknownUnit, s, "unit %q is not in the scenario", s.Unit)
	}
	if in.site == nil {
		c.addAt(1, CodeUnknownSite, s, "site %q is not in the scenario", s.Site)
	}
	if in.service == nil {
		c.addAt(1, CodeUnknownService, s, "service %q is not in the scenario", s.Service)
	}
	for _, id := range append(slices.Clone(in.staffIDs), s.Remote...) {
		if c.staff[id] == nil {
			c.addAt(1, CodeUnknownStaff, s, "staff %q is not in the scenario", id)
		}
	}
	if !in.inCycle {
		c.addAt(1, CodeDateOutsideCycle, s, "date %s is outside the cycle %s to %s",
			s.Date, c.cycleStart, c.cycleEnd.AddDays(-1))
	}
	if !in.halfOK {
		c.addAt(1, CodeInvalidHalf, s, "half-day %d is neither AM nor PM", int(s.Half))
	}
}

// rule2BusAvailable checks rule 2: buses run that half-day, the unit works it, and the
// unit is not marked unavailable on the date.
func (c *checker) rule2BusAvailable(s *medibus.Session, in *sessionInfo) {
	if r := c.rules; !r.Days.Has(s.Date.Weekday(), s.Half) {
		c.addAt(2, CodeBusOffDay, s, "buses do not run on %s (scenario days: %s)", in.slot, r.Days)
	}
	u := in.unit
	if u == nil {
		return
	}
	if !u.Days.Has(s.Date.Weekday(), s.Half) {
		c.addAt(2, CodeBusOffDay, s, "unit %s does not work on %s (its days: %s)", u.ID, in.slot, u.Days)
	}
	if rg, ok := containing(u.Unavailable, s.Date); ok {
		c.addAt(2, CodeBusUnavailable, s, "unit %s is unavailable %s", u.ID, rg)
	}
}

// rule3SiteAllows checks rule 3: the site allows sessions on that weekday and half.
func (c *checker) rule3SiteAllows(s *medibus.Session, in *sessionInfo) {
	if st := in.site; st != nil && !st.Allowed.Has(s.Date.Weekday(), s.Half) {
		c.addAt(3, CodeSiteNotAllowed, s, "site %s does not allow %s (allowed: %s)", st.ID, in.slot, st.Allowed)
	}
}

// rule4StaffOnce checks the part of rule 4 that needs no half-day: nobody is listed twice.
func (c *checker) rule4StaffOnce(s *medibus.Session, in *sessionInfo) {
	for _, id := range in.repeated {
		c.addAt(4, CodeStaffListedTwice, s, "staff %s is listed twice", id)
	}
}

// rule4Roles checks rule 4: distinct members on board hold exactly the service's
// roles, besides at most one medical assistant and, for each intern, one senior of the
// intern's role; the remote specialists hold exactly its remote roles. Each member has
// one role, so this holds when the multisets of roles match. With an unknown member
// the roles cannot be matched; rule 1 says why.
func (c *checker) rule4Roles(s *medibus.Session, in *sessionInfo) {
	svc := in.service
	if svc == nil || !in.allStaffKnown {
		return
	}
	need := make(map[string]int, len(svc.Roles)+1)
	for _, role := range svc.Roles {
		need[role]++
	}
	need[medibus.RoleAssistant]++ // optional
	for _, m := range in.members {
		if m.Intern {
			need[m.Role]++ // a senior may come on board to supervise
		}
	}
	for _, m := range in.members {
		if need[m.Role] > 0 {
			need[m.Role]--
			continue
		}
		c.addAt(4, CodeExtraStaff, s, "staff %s (%s) is not needed by service %s (roles %s)",
			m.ID, m.Role, svc.ID, strings.Join(svc.Roles, ", "))
	}
	// Seniors for interns and the assistant are optional: only the service's roles
	// must be held, by members who are not extras.
	held := map[string]int{}
	for _, m := range in.members {
		held[m.Role]++
	}
	c.missingRoles(s, svc.Roles, held, CodeMissingRole, "on board", strings.Join(s.Staff, ", "))
	remote := map[string]int{}
	for _, m := range in.remote {
		remote[m.Role]++
	}
	for _, m := range in.remote {
		if !slices.Contains(svc.Remote, m.Role) || remote[m.Role] > countOf(svc.Remote, m.Role) {
			c.addAt(4, CodeExtraRemote, s, "remote specialist %s (%s) is not needed by service %s (remote roles %s)",
				m.ID, m.Role, svc.ID, strings.Join(svc.Remote, ", "))
			remote[m.Role]--
		}
	}
	c.missingRoles(s, svc.Remote, remote, CodeMissingRemoteRole, "remote", strings.Join(s.Remote, ", "))
}

// missingRoles reports each role of roles that held does not cover as often as listed.
func (c *checker) missingRoles(s *medibus.Session, roles []string, held map[string]int, code, where, who string) {
	done := map[string]bool{}
	for _, role := range roles { // in the service's order, for stable messages
		if n := countOf(roles, role) - held[role]; n > 0 && !done[role] {
			c.addAt(4, code, s, "service %s needs %d more %s %s (staff: %s)", s.Service, n, role, where, who)
		}
		done[role] = true
	}
}

func countOf(xs []string, x string) int {
	n := 0
	for _, y := range xs {
		if y == x {
			n++
		}
	}
	return n
}

// rule5Equipment checks rule 5: the unit carries the service's equipment.
func (c *checker) rule5Equipment(s *medibus.Session, in *sessionInfo) {
	svc, u := in.service, in.unit
	if svc == nil || u == nil {
		return
	}
	var missing []string
	for _, e := range svc.Equipment {
		if !slices.Contains(u.Equipment, e) {
			missing = append(missing, e)
		}
	}
	if len(missing) > 0 {
		c.addAt(5, CodeMissingEquipment, s, "service %s needs %s, which unit %s does not carry",
			svc.ID, strings.Join(missing, ", "), u.ID)
	}
}

// rule6StaffAvailable checks rule 6: every member is available that half-day, not
// absent on the date, and allowed on the session's unit.
func (c *checker) rule6StaffAvailable(s *medibus.Session, in *sessionInfo) {
	for _, m := range append(slices.Clone(in.members), in.remote...) {
		if m.Placement != nil && !m.Placement.Contains(s.Date) {
			c.addAt(6, CodeOutsidePlacement, s, "intern %s's placement runs %s", m.ID, *m.Placement)
		}
		if !m.Availability.Has(s.Date.Weekday(), s.Half) {
			c.addAt(6, CodeStaffUnavailable, s, "staff %s is not available on %s (availability: %s)", m.ID, in.slot, m.Availability)
		}
		if rg, ok := containing(m.Unavailable, s.Date); ok {
			c.addAt(6, CodeStaffUnavailable, s, "staff %s is unavailable %s", m.ID, rg)
		}
		if in.unit != nil && !slices.Contains(m.Units, s.Unit) {
			c.addAt(6, CodeStaffNotOnUnit, s, "staff %s may not work on unit %s (units: %s)", m.ID, s.Unit, strings.Join(m.Units, ", "))
		}
	}
}

// rule7Window checks rule 7: the session lies in its half-day's window, lasts at least
// the minimum, and the bus does not leave before it ends.
func (c *checker) rule7Window(s *medibus.Session) {
	r := c.rules
	w := r.Windows[s.Half]
	if s.Start < w.Start || s.End > w.End {
		c.addAt(7, CodeOutsideWindow, s, "session %s–%s is outside the %s window %s–%s", s.Start, s.End, s.Half, w.Start, w.End)
	}
	if int(s.End-s.Start) < r.MinSessionMin {
		c.addAt(7, CodeSessionTooShort, s, "session %s–%s lasts %d min, less than the minimum %d", s.Start, s.End, int(s.End-s.Start), r.MinSessionMin)
	}
	if s.Depart < s.End {
		c.addAt(7, CodeDepartBeforeEnd, s, "bus departs at %s, before the session ends at %s", s.Depart, s.End)
	}
}

// rule8Capacity checks rule 8: 0 ≤ expected patients ≤ the consultations that fit.
func (c *checker) rule8Capacity(s *medibus.Session, in *sessionInfo) {
	if s.ExpectedPatients < 0 {
		c.addAt(8, CodeNegativePatients, s, "%d expected patients", s.ExpectedPatients)
	}
	svc := in.service
	if svc == nil {
		return
	}
	if svc.ConsultMin <= 0 {
		// Capacity is undefined; reporting it keeps the plan from passing unchecked.
		c.addAt(8, CodeNoConsultLength, s, "service %s has consultation length %d min, so capacity cannot be checked", svc.ID, svc.ConsultMin)
		return
	}
	capacity, extra := floorDiv(int(s.End-s.Start), svc.ConsultMin), ""
	if in.assisted && svc.AssistantExtra > 0 {
		capacity += svc.AssistantExtra
		extra = fmt.Sprintf(" + %d with the assistant", svc.AssistantExtra)
	}
	if s.ExpectedPatients > capacity {
		c.addAt(8, CodePatientsOverCapacity, s, "%d expected patients, more than %d min ÷ %d min%s = %d consultations",
			s.ExpectedPatients, int(s.End-s.Start), svc.ConsultMin, extra, capacity)
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
