package scheduler

import (
	"fmt"
	"slices"

	"medibus"
)

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
		if p.closed[site*p.days+day] {
			return fmt.Errorf("pinned session %s %s %s: site %s is closed that day (a public holiday or a declared closure): move the pin", pin.Unit, pin.Date, pin.Half, pin.Site)
		}
		if st.slot[u][day][pin.Half] != nil {
			return fmt.Errorf("two pinned sessions for %s on %s %s", pin.Unit, pin.Date, pin.Half)
		}
		t, err := st.pinnedTeam(pin)
		if err != nil {
			return err
		}
		if !st.ruleAllows(site, v, day, pin.Half) {
			return fmt.Errorf("pinned session %s %s %s at %s breaks the frequency of %s there (its half-days or its minimum gap to another pin): move the pin or change the frequency",
				pin.Unit, pin.Date, pin.Half, pin.Site, pin.Service)
		}
		capacity := p.capacity(v, pin.Start, pin.End, t.assisted)
		st.place(u, &placed{site: site, service: v, team: t, fixed: pin, pinned: true}, day, pin.Half, capacity)
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

// pinnedTeam is the team a session names (a pin, or a session kept from a reference): its staff on board (an assistant among them makes
// it assisted), its remote specialists, and the supervisor an intern on board without a
// senior of their role relies on by phone.
func (st *state) pinnedTeam(pin *medibus.Session) (team, error) {
	p := st.p
	t := noTeam
	ids := func(list []string) ([]int, error) {
		var out []int
		for _, id := range list {
			m, ok := p.staffIdx[id]
			if !ok {
				return nil, fmt.Errorf("pinned session %s %s %s: unknown staff member %q", pin.Unit, pin.Date, pin.Half, id)
			}
			out = append(out, m)
		}
		return out, nil
	}
	var err error
	if t.staff, err = ids(pin.Staff); err != nil {
		return t, err
	}
	if t.remote, err = ids(pin.Remote); err != nil {
		return t, err
	}
	for _, m := range t.staff {
		mem := &p.sc.Staff[m]
		t.assisted = t.assisted || mem.Role == medibus.RoleAssistant
		if mem.Intern && !slices.ContainsFunc(t.staff, func(o int) bool { return p.sc.Staff[o].Role == mem.Role && !p.sc.Staff[o].Intern }) {
			t.supervisor = p.supervisorOf[m]
		}
	}
	return t, nil
}
