package planning

import (
	"fmt"
	"slices"

	"medibus"
)

// Move is what a coordinator asks of the session of a plan in slot From: pinned where
// it is, or moved to another date or half-day of the same bus, to another site, or
// given other professionals, and pinned there.
type Move struct {
	From medibus.SlotKey
	// Date and Half are where the session goes: From's own to keep it there.
	Date medibus.Date
	Half medibus.Half
	// Site, when not empty, is the site it moves to.
	Site string
	// Staff, when not empty, are the professionals it is given.
	Staff []string
}

// MoveError says why a move names nothing the plan can pin; Code says which
// (a Move… constant), the other fields what it concerns.
type MoveError struct {
	Code string
	Plan int64
	// Slot is the slot asked (MoveNoSession).
	Slot medibus.SlotKey
	// Date is the date asked, and First and Last the plan's cycle (MoveOutsideCycle).
	Date, First, Last medibus.Date
	// ID is the site or professional the scenario does not know, Scenario its name
	// (MoveUnknownSite, MoveUnknownStaff).
	ID, Scenario string
}

// Move error codes.
const (
	MoveNoSession    = "no-session"    // the plan has no session in the slot asked
	MoveOutsideCycle = "outside-cycle" // the date asked is outside the plan's cycle
	MoveUnknownSite  = "unknown-site"  // the site asked is not in the scenario
	MoveUnknownStaff = "unknown-staff" // a professional asked is not in the scenario
)

func (e *MoveError) Error() string {
	switch e.Code {
	case MoveNoSession:
		return fmt.Sprintf("plan %d has no session of bus %q on %s %s", e.Plan, e.Slot.Unit, e.Slot.Date, e.Slot.Half)
	case MoveOutsideCycle:
		return fmt.Sprintf("%s is outside the cycle of plan %d (%s to %s)", e.Date, e.Plan, e.First, e.Last)
	case MoveUnknownSite:
		return fmt.Sprintf("site %q is not in scenario %s", e.ID, e.Scenario)
	}
	return fmt.Sprintf("staff %q is not in scenario %s", e.ID, e.Scenario)
}

// NewPin finds the session of pl in mv's slot and returns it as a pin, moved,
// re-sited or re-staffed as mv asks; sc is the scenario of pl. A move naming a slot without a session, a date outside the cycle or a site or
// professional sc does not know is a *MoveError.
func NewPin(pl *medibus.Plan, sc *medibus.Scenario, mv Move) (medibus.Session, error) {
	var pin *medibus.Session
	for i := range pl.Sessions {
		if pl.Sessions[i].Key() == mv.From {
			c := pl.Sessions[i]
			pin = &c
		}
	}
	if pin == nil {
		return medibus.Session{}, &MoveError{Code: MoveNoSession, Plan: pl.ID, Slot: mv.From}
	}
	days := sc.Rules.CycleDays()
	if mv.Date < pl.Start || mv.Date >= pl.Start.AddDays(days) {
		return medibus.Session{}, &MoveError{Code: MoveOutsideCycle, Plan: pl.ID, Date: mv.Date, First: pl.Start, Last: pl.Start.AddDays(days - 1)}
	}
	moved := moveTo(*pin, mv.Date, mv.Half, sc.Rules)
	if mv.Site != "" {
		if !slices.ContainsFunc(sc.Sites, func(st medibus.Site) bool { return st.ID == mv.Site }) {
			return medibus.Session{}, &MoveError{Code: MoveUnknownSite, Plan: pl.ID, ID: mv.Site, Scenario: sc.Name}
		}
		moved.Site = mv.Site
	}
	for _, id := range mv.Staff {
		if !slices.ContainsFunc(sc.Staff, func(m medibus.StaffMember) bool { return m.ID == id }) {
			return medibus.Session{}, &MoveError{Code: MoveUnknownStaff, Plan: pl.ID, ID: id, Scenario: sc.Name}
		}
	}
	if len(mv.Staff) > 0 {
		moved.Staff = slices.Clone(mv.Staff)
	}
	moved.Pinned = true
	return moved, nil
}
