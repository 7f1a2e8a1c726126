package planning

import (
	"slices"

	"medibus"
	"medibus/validate"
)

// Issue is one reason the desk refuses a pin, or one thing re-optimising will change
// around it. Code says which: a validate.Code… constant for what the validator finds,
// or an Issue… constant for what the desk itself says; the other fields carry what a
// sentence about it needs.
type Issue struct {
	// Rule is the number of the rule of docs/constraints.md the pin breaks, if any.
	Rule int
	Code string
	// Violation is the validator's finding, for the issues it found; Timed is the plan
	// of the pins timed as the planner must hold them, in which it is located.
	Violation *validate.Violation
	Timed     *medibus.Plan
	// Slot is the slot concerned: where the session was already moved to
	// (IssueAlreadyMoved), the scenario's pin (IssueInheritedPin), the slot a pin
	// already holds (validate.CodeBusDoubleBooked).
	Slot medibus.SlotKey
	// Session is the session concerned: the pin at a closed site (IssueClosedDate),
	// the session it displaces (IssueDisplaced), a professional's other session
	// (IssueStaffElsewhere).
	Session *medibus.Session
	// Member is the professional concerned (IssueStaffElsewhere, IssueStaffCap), and
	// Cap their most sessions a week (IssueStaffCap).
	Member string
	Cap    int
	// Reason is the public holiday or the declared closure (IssueClosedDate).
	Reason string
}

// The desk's own issue codes, besides the validator's.
const (
	// IssueAlreadyMoved refuses moving a session again from the slot a pin already
	// moved it from: it would be held twice.
	IssueAlreadyMoved = "already-moved"
	// IssueInheritedPin refuses moving a session the scenario pins (its pins.csv).
	IssueInheritedPin = "inherited-pin"
	// IssueClosedDate warns that the pin's site is closed on its date (a public
	// holiday or a declared closure): that occurrence is cancelled, not later cycles.
	IssueClosedDate = "closed-date"
	// IssueDisplaced warns that the session the plan has in the pin's slot will be
	// planned again.
	IssueDisplaced = "displaced"
	// IssueStaffElsewhere warns that a professional of the pin has another session
	// that half-day, on another bus, which will be planned again.
	IssueStaffElsewhere = "staff-elsewhere"
	// IssueStaffCap warns that a professional of the pin would have more sessions
	// that week than their cap: re-optimising will drop another.
	IssueStaffCap = "staff-cap"
)

// planWarnings says what re-optimising will change in the plan around an accepted pin:
// the occurrence a closure cancels, the session it displaces, the sessions its
// professionals leave elsewhere, a weekly cap it fills.
func (d *Desk) planWarnings(pin medibus.Session, origin medibus.SlotKey) []Issue {
	var out []Issue
	if site := d.ix.Sites[pin.Site]; site != nil {
		if reason, closed := d.cal.Closed(pin.Date, site.ID, site.INSEE); closed {
			out = append(out, Issue{Code: IssueClosedDate, Session: &pin, Reason: reason})
		}
	}
	for _, se := range d.slots[pin.Key()] {
		if se.Key() != origin {
			out = append(out, Issue{Code: IssueDisplaced, Session: se})
		}
	}
	for _, id := range pin.Staff {
		m := d.ix.Staff[id]
		if m == nil {
			continue
		}
		if se := d.busyIn(id, pin.Date, pin.Half, origin); se != nil && se.Unit != pin.Unit {
			out = append(out, Issue{Code: IssueStaffElsewhere, Member: id, Session: se})
		}
		if m.MaxSessionsPerWeek > 0 && d.weekLoad(id, pin.Date, origin)+1 > m.MaxSessionsPerWeek {
			out = append(out, Issue{Code: IssueStaffCap, Member: id, Cap: m.MaxSessionsPerWeek})
		}
	}
	return out
}

// busyIn returns the plan's session of member id on the half-day, other than origin's.
func (d *Desk) busyIn(id string, date medibus.Date, h medibus.Half, origin medibus.SlotKey) *medibus.Session {
	for i := range d.plan.Sessions {
		se := &d.plan.Sessions[i]
		if se.Date == date && se.Half == h && se.Key() != origin && slices.Contains(se.Staff, id) {
			return se
		}
	}
	return nil
}

// weekLoad counts the plan's sessions of member id in the Monday-to-Sunday week of
// date, leaving out the session at origin.
func (d *Desk) weekLoad(id string, date medibus.Date, origin medibus.SlotKey) int {
	monday := date - medibus.Date((int(date.Weekday())+6)%7)
	n := 0
	for i := range d.plan.Sessions {
		se := &d.plan.Sessions[i]
		if se.Date >= monday && se.Date < monday+7 && se.Key() != origin && slices.Contains(se.Staff, id) {
			n++
		}
	}
	return n
}
