package validate

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"medibus"
)

// slotKey is a (date, half) of one bus or one person.
type slotKey struct {
	id   string
	date medibus.Date
	half medibus.Half
}

// rule9NobodyTwice checks rule 9: a unit or a staff member has at most one session per
// date and half. Each overbooked slot is reported once, at its first session in (unit,
// site) order, naming all of them, so the report does not depend on the order of
// sessions in the plan.
func (c *checker) rule9NobodyTwice() {
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
	// A remote specialist on board somewhere is in two places too.
	for k, idx := range c.remoteSlots() {
		if len(people[k]) > 0 {
			people[k] = append(people[k], idx...)
		}
	}
	c.overbooked(units, CodeBusDoubleBooked, "unit %s has %d sessions this half-day: %s")
	c.overbooked(people, CodeStaffDoubleBooked, "staff %s is in %d sessions this half-day: %s")
}

// remoteSlots lists, per remote specialist and half-day, the sessions they serve.
func (c *checker) remoteSlots() map[slotKey][]int {
	out := map[slotKey][]int{}
	for i := range c.p.Sessions {
		s := &c.p.Sessions[i]
		for _, m := range c.info[i].remote {
			k := slotKey{m.ID, s.Date, s.Half}
			out[k] = append(out[k], i)
		}
	}
	return out
}

// overbooked reports each slot of slots that holds more than one session; format takes
// the slot's id, the number of sessions and their list.
func (c *checker) overbooked(slots map[slotKey][]int, code, format string) {
	for k, idx := range slots {
		if len(idx) < 2 {
			continue
		}
		c.sortSessions(idx)
		c.addAt(9, code, &c.p.Sessions[idx[0]], format, k.id, len(idx), c.list(idx))
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

// rule10StaffCaps checks rule 10 over the calendar weeks of the cycle. A member over the cap
// is reported once per week, at the first session beyond the cap in time order.
func (c *checker) rule10StaffCaps() {
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
		for _, m := range append(slices.Clone(in.members), in.remote...) {
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
		c.addAt(10, CodeStaffWeeklyCap, s, "staff %s has %d sessions in the week of %s, more than the cap of %d",
			k.id, len(idx), k.monday, limit)
	}
}

// rule11Pins checks rule 11: each pinned session is in the plan exactly as pinned.
func (c *checker) rule11Pins() {
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
			c.addAt(11, CodePinMissing, pin, "pinned session (%s, staff %s, %s–%s) is not in the plan",
				pin.Service, strings.Join(pin.Staff, ", "), pin.Start, pin.End)
		default:
			c.addAt(11, CodePinMoved, pin, "pinned session differs from the plan: %s", strings.Join(diffs, "; "))
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
