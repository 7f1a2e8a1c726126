package scenario

import (
	"fmt"
	"slices"

	"medibus"
	"medibus/csvtable"
)

// pinCheck holds a pinned session to what the folder's other files say, each problem
// at the pin's line: a pin is kept exactly as written, so one that breaks a hard
// constraint makes every plan fail, and only here can the message name its line.
// What depends on the cycle's start (its dates) is checked when planning (PinsInCycle).
type pinCheck struct {
	fo    *folder
	sc    *medibus.Scenario
	ix    *medibus.Index
	slots map[string]int // unit or staff id, date, half → line of the pin that holds it
}

func newPinCheck(sc *medibus.Scenario, fo *folder) *pinCheck {
	return &pinCheck{fo: fo, sc: sc, ix: medibus.NewIndex(sc), slots: map[string]int{}}
}

// check reports the first problem of pin s read at t's current line.
func (pc *pinCheck) check(t *csvtable.Reader, s *medibus.Session) error {
	for _, c := range []func(*csvtable.Reader, *medibus.Session) error{pc.once, pc.window, pc.bus, pc.crew} {
		if err := c(t, s); err != nil {
			return err
		}
	}
	return nil
}

// once: a bus, and each person, holds one pin per half-day.
func (pc *pinCheck) once(t *csvtable.Reader, s *medibus.Session) error {
	when := fmt.Sprintf("%s %s", s.Date, s.Half)
	for i, who := range append([]string{s.Unit}, s.Staff...) {
		col := "unit"
		if i > 0 {
			col = "staff"
		}
		key := col + "|" + who + "|" + when
		if line, dup := pc.slots[key]; dup {
			return t.Fail(col, "%s is pinned twice on %s (first on line %d): keep one pin per bus and person and half-day", who, when, line)
		}
		pc.slots[key] = t.Line()
	}
	return nil
}

// window: the session lies in its half-day's window, on a working half-day of the
// rules, and is long enough.
func (pc *pinCheck) window(t *csvtable.Reader, s *medibus.Session) error {
	if pc.fo.broken["rules"] {
		return nil
	}
	r := &pc.sc.Rules
	w := r.Windows[s.Half]
	switch {
	case !r.Days.Has(s.Date.Weekday(), s.Half):
		return t.Fail("date", "%s %s is not a working half-day of rules.csv (days %s): move the pin", s.Date.Weekday(), s.Half, r.Days)
	case s.Start < w.Start || s.End > w.End:
		return t.Fail("start", "session %s–%s lies outside the %s window %s–%s of rules.csv: pin it within the window", s.Start, s.End, s.Half, w.Start, w.End)
	case int(s.End-s.Start) < r.MinSessionMin:
		return t.Fail("end", "session of %d minutes is shorter than min_session_min (%d): lengthen it", int(s.End-s.Start), r.MinSessionMin)
	}
	return nil
}

// bus: the bus works that half-day and carries the service's equipment, and the site
// allows it.
func (pc *pinCheck) bus(t *csvtable.Reader, s *medibus.Session) error {
	u, site, v := pc.ix.Units[s.Unit], pc.ix.Sites[s.Site], pc.ix.Services[s.Service]
	switch {
	case u != nil && !u.AvailableOn(s.Date, s.Half):
		return t.Fail("unit", "bus %s does not work on %s %s (its days are %s, or it is unavailable then in units.csv): move the pin", s.Unit, s.Date, s.Half, u.Days)
	case site != nil && !site.Allowed.Has(s.Date.Weekday(), s.Half):
		return t.Fail("site", "site %s does not allow %s %s (it allows %s in sites.csv): move the pin", s.Site, s.Date.Weekday(), s.Half, site.Allowed)
	case u != nil && v != nil && !u.HasEquipment(v.Equipment):
		return t.Fail("service", "bus %s lacks the equipment of service %s (%s): add it in units.csv or pin another bus", s.Unit, s.Service, join(v.Equipment))
	}
	return nil
}

// crew: every role of the service is held by a distinct person of the pin, each of
// whom may work on the bus and is available that half-day.
func (pc *pinCheck) crew(t *csvtable.Reader, s *medibus.Session) error {
	for _, id := range s.Staff {
		m := pc.ix.Staff[id]
		switch {
		case m == nil:
		case !m.CanWorkOn(s.Unit):
			return t.Fail("staff", "%s may not work on bus %s (staff.csv units %s): add the bus there or pin someone else", id, s.Unit, join(m.Units))
		case !m.AvailableOn(s.Date, s.Half):
			return t.Fail("staff", "%s is not available on %s %s (staff.csv availability %s, or away then): pin someone else", id, s.Date, s.Half, m.Availability)
		}
	}
	v := pc.ix.Services[s.Service]
	if v == nil || pc.fo.broken["staff member"] {
		return nil
	}
	free := append([]string(nil), s.Staff...)
	for _, role := range v.Roles {
		found := -1
		for i, id := range free {
			if m := pc.ix.Staff[id]; m != nil && m.Role == role {
				found = i
				break
			}
		}
		if found < 0 {
			return t.Fail("staff", "service %s needs a %s on board and nobody pinned holds that role: add one", s.Service, role)
		}
		free = append(free[:found], free[found+1:]...)
	}
	return pc.planPeople(t, s, v)
}

// planPeople: each remote role of a tele-consultation is held by a pinned remote
// specialist of that role, available that half-day; an intern on board has a senior of
// their role beside them or, when rules.csv allows it, a supervisor available by phone.
func (pc *pinCheck) planPeople(t *csvtable.Reader, s *medibus.Session, v *medibus.Service) error {
	for _, role := range v.Remote {
		i := slices.IndexFunc(s.Remote, func(id string) bool { m := pc.ix.Staff[id]; return m != nil && m.Role == role })
		if i < 0 {
			return t.Fail("remote", "service %s is a tele-consultation and needs a remote %s: name one in the remote column", s.Service, role)
		}
		switch m := pc.ix.Staff[s.Remote[i]]; {
		case !m.CanWorkOn(s.Unit):
			return t.Fail("remote", "%s may not serve bus %s (staff.csv units %s): add the bus there or pin someone else", m.ID, s.Unit, join(m.Units))
		case !m.AvailableOn(s.Date, s.Half):
			return t.Fail("remote", "%s is not available on %s %s (staff.csv availability %s, or away then): pin someone else", m.ID, s.Date, s.Half, m.Availability)
		}
	}
	for _, id := range s.Staff {
		m := pc.ix.Staff[id]
		if m == nil || !m.Intern {
			continue
		}
		senior := slices.ContainsFunc(s.Staff, func(o string) bool { x := pc.ix.Staff[o]; return x != nil && x.Role == m.Role && !x.Intern })
		sup := pc.ix.Staff[m.Supervisor]
		switch {
		case senior:
		case !pc.sc.Rules.InternRemote:
			return t.Fail("staff", "intern %s needs a senior %s on board (intern_remote is false in rules.csv): add one", id, m.Role)
		case sup == nil || !sup.AvailableOn(s.Date, s.Half):
			return t.Fail("staff", "intern %s needs a senior %s on board, or their supervisor available by phone on %s %s: add a senior", id, m.Role, s.Date, s.Half)
		}
	}
	return nil
}
