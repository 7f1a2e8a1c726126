package planning

import (
	"context"
	"slices"
	"sort"

	"medibus"
)

// Alternatives are moves that the desk checked and would accept instead of a refused
// one.
type Alternatives struct {
	Staff []StaffOption
	Slots []SlotOption
}

// StaffOption is the same session with another professional of the same role.
type StaffOption struct {
	// Staff is the session's team with Member in place of the one replaced.
	Staff  []string
	Member string
	// Free: Member is in no other session of the plan that half-day.
	Free bool
	// Current: Member is the professional the plan has for the session.
	Current bool
}

// SlotOption is the same session on another half-day of the same bus.
type SlotOption struct {
	Date medibus.Date
	Half medibus.Half
	// Free: the bus has no other session there in the plan.
	Free bool
}

// Limits on the alternatives offered: enough to choose from, few enough to read.
const (
	maxStaffOptions = 5
	maxSlotOptions  = 6
)

// alternatives finds the moves that would be accepted: the same session with another
// professional of the same role, or on another half-day of the same bus, nearest
// first, the free ones first.
func (d *Desk) alternatives(ctx context.Context, pin medibus.Session, origin medibus.SlotKey) (Alternatives, error) {
	alt := Alternatives{}
	for i, id := range pin.Staff {
		cur := d.ix.Staff[id]
		if cur == nil {
			continue
		}
		for _, m := range d.sc.Staff {
			if m.Role != cur.Role || slices.Contains(pin.Staff, m.ID) || !m.CanWorkOn(pin.Unit) || !m.AvailableOn(pin.Date, pin.Half) {
				continue
			}
			cand := pin
			cand.Staff = slices.Clone(pin.Staff)
			cand.Staff[i] = m.ID
			if ok, err := d.accepts(ctx, cand, origin); err != nil {
				return alt, err
			} else if ok {
				alt.Staff = append(alt.Staff, StaffOption{Staff: cand.Staff, Member: m.ID, Free: d.busyIn(m.ID, pin.Date, pin.Half, origin) == nil,
					Current: d.plannedStaff(origin, m.ID)})
			}
		}
	}
	sort.SliceStable(alt.Staff, func(i, j int) bool { return alt.Staff[i].Free && !alt.Staff[j].Free })
	alt.Staff = alt.Staff[:min(len(alt.Staff), maxStaffOptions)]
	slots, err := d.slotOptions(ctx, pin, origin)
	alt.Slots = slots
	return alt, err
}

// plannedStaff reports whether the plan's session at origin has member id.
func (d *Desk) plannedStaff(origin medibus.SlotKey, id string) bool {
	return slices.ContainsFunc(d.slots[origin], func(se *medibus.Session) bool { return slices.Contains(se.Staff, id) })
}

// slotOptions lists the half-days of the cycle where the bus could hold the session
// with its professionals, the free ones first, nearest to the one asked first.
func (d *Desk) slotOptions(ctx context.Context, pin medibus.Session, origin medibus.SlotKey) ([]SlotOption, error) {
	var out []SlotOption
	for day := 0; day < d.days; day++ {
		date := d.plan.Start.AddDays(day)
		for _, h := range []medibus.Half{medibus.AM, medibus.PM} {
			if (date == pin.Date && h == pin.Half) || !d.sc.Rules.Days.Has(date.Weekday(), h) {
				continue
			}
			ok, err := d.accepts(ctx, moveTo(pin, date, h, d.sc.Rules), origin)
			if err != nil {
				return nil, err
			}
			if ok {
				slot := medibus.SlotKey{Unit: pin.Unit, Date: date, Half: h}
				free := !slices.ContainsFunc(d.slots[slot], func(se *medibus.Session) bool { return se.Key() != origin })
				out = append(out, SlotOption{Date: date, Half: h, Free: free})
			}
		}
	}
	dist := func(o SlotOption) int { return abs(int(o.Date - pin.Date)) }
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Free != out[j].Free {
			return out[i].Free
		}
		return dist(out[i]) < dist(out[j])
	})
	return out[:min(len(out), maxSlotOptions)], nil
}

// accepts reports whether the desk would accept pin: no refusal.
func (d *Desk) accepts(ctx context.Context, pin medibus.Session, origin medibus.SlotKey) (bool, error) {
	if origin != pin.Key() && d.pinned(pin.Key()) {
		return false, nil
	}
	refusals, _, err := d.judge(ctx, pin, origin)
	return len(refusals) == 0, err
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// moveTo returns s moved to date and half h: a session keeps its length, placed at the
// start of the other half-day's window when it changes half.
func moveTo(s medibus.Session, date medibus.Date, h medibus.Half, rules medibus.Rules) medibus.Session {
	s.Date = date
	if h != s.Half {
		w := rules.Windows[h]
		length := s.End - s.Start
		s.Half, s.Start = h, w.Start
		s.End = min(w.End, w.Start+length)
	}
	return s
}
