package validate

import (
	"slices"

	"medibus"
)

// rule21Interns checks rule 21: an intern on board is supervised, by a senior of their
// role on the same session, or, when the rules allow it, by their named supervisor by
// phone: available that half-day and on no session (on board or remote) then.
func (c *checker) rule21Interns() {
	busy := map[slotKey]bool{}
	for i := range c.p.Sessions {
		s := &c.p.Sessions[i]
		for _, id := range append(slices.Clone(c.info[i].staffIDs), s.Remote...) {
			busy[slotKey{id, s.Date, s.Half}] = true
		}
	}
	for i := range c.p.Sessions {
		s, in := &c.p.Sessions[i], &c.info[i]
		if !in.halfOK {
			continue
		}
		for _, m := range in.members {
			if !m.Intern || slices.ContainsFunc(in.members, func(o *medibus.StaffMember) bool { return o.Role == m.Role && !o.Intern }) {
				continue
			}
			sup := c.staff[m.Supervisor]
			switch {
			case !c.rules.InternRemote:
				c.addAt(21, CodeInternUnsupervised, s, "intern %s has no senior %s on board (supervision by phone is not allowed)", m.ID, m.Role)
			case sup == nil:
				c.addAt(21, CodeInternUnsupervised, s, "intern %s has no senior %s on board and no known supervisor (%q)", m.ID, m.Role, m.Supervisor)
			case !sup.AvailableOn(s.Date, s.Half):
				c.addAt(21, CodeSupervisorUnavailable, s, "intern %s's supervisor %s is not available then", m.ID, sup.ID)
			case busy[slotKey{sup.ID, s.Date, s.Half}]:
				c.addAt(21, CodeSupervisorBusy, s, "intern %s's supervisor %s is on a session then, not free to answer by phone", m.ID, sup.ID)
			}
		}
	}
}

// rule22Remote checks rule 22: a remote specialist serves no more sessions in a
// half-day than their parallel limit. Each overloaded half-day is reported once, at
// its first session in (unit, site) order.
func (c *checker) rule22Remote() {
	for k, idx := range c.remoteSlots() {
		m := c.staff[k.id]
		if m == nil || len(idx) <= m.Parallel() {
			continue
		}
		c.sortSessions(idx)
		c.addAt(22, CodeRemoteOverParallel, &c.p.Sessions[idx[0]], "remote specialist %s serves %d sessions this half-day, more than their %d at once: %s",
			k.id, len(idx), m.Parallel(), c.list(idx))
	}
}
