package scheduler

import "fmt"

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
