package planning

import (
	"context"
	"fmt"
	"slices"

	"medibus"
	"medibus/holiday"
	"medibus/routing"
	"medibus/scheduler"
	"medibus/validate"
)

// The coordinators' desk checks every manual move or pin as it is made, with the rules
// of validate, before anything is stored: the pins, with their times fixed, must make a
// plan that breaks no rule, or the planner could not hold them and re-optimising would
// fail. A refused move comes with the reasons and the moves that would work (another
// professional, another half-day); an accepted one with what re-optimising will change
// around it. The desk decides; the server words its issues in French.

// PinState is a plan's pins at one revision, read in one snapshot: the pins set on the
// plan and, for those that moved a session, the slot each came from (by the slot it
// went to).
type PinState struct {
	Revision int64
	Pins     []medibus.Session
	Origins  map[medibus.SlotKey]medibus.SlotKey
}

// DeskInput is what the desk judges moves against, read by the caller.
type DeskInput struct {
	// Plan is the stored rotation a coordinator changes; Scenario the scenario it was
	// made from, as stored (with its own pins); Index the index of Scenario (nil: the
	// desk builds it).
	Plan     *medibus.Plan
	Scenario *medibus.Scenario
	Index    *medibus.Index
	// Calendar tells the public holidays and the declared closures: they do not refuse
	// a move (the rotation repeats), but the desk says which occurrence they cancel.
	// Nil: no closure.
	Calendar *holiday.Calendar
	// Pins are the pins set on the plan, overlaying the scenario's slot by slot.
	Pins PinState
}

// Desk is the state one check needs: the plan, its rotation (the scenario without
// holidays, closures or dated absences, which cancel dates on the calendar, not slots
// of the cycle), and the pins already set on it (the scenario's, overlaid by the
// plan's). It is read-only once made, so one desk may judge many moves.
type Desk struct {
	travel routing.Model
	plan   *medibus.Plan
	sc     *medibus.Scenario // the rotation
	ix     *medibus.Index    // of the scenario as stored
	cal    *holiday.Calendar
	days   int // the cycle's length
	pins   []medibus.Session
	// inherited are the slots of the scenario's own pins, which the desk cannot move.
	inherited map[medibus.SlotKey]bool
	// rev is the revision of the plan's pins the desk read them at, and origins the
	// slots the pinned sessions were moved from: a write decided on these is stored
	// only if they have not changed since.
	rev     int64
	origins map[medibus.SlotKey]medibus.SlotKey
	// slots are the plan's sessions by slot.
	slots map[medibus.SlotKey][]*medibus.Session
}

// Desk returns the desk of in's plan, which judges with the service's travel model.
func (s *Service) Desk(in DeskInput) *Desk {
	ix, cal := in.Index, in.Calendar
	if ix == nil {
		ix = medibus.NewIndex(in.Scenario)
	}
	if cal == nil {
		cal = holiday.New(nil)
	}
	d := &Desk{travel: routing.ForPlan(s.Travel, in.Scenario, in.Plan.Start), plan: in.Plan, sc: in.Scenario.Rotation(), ix: ix, cal: cal, days: in.Scenario.Rules.CycleDays(),
		pins: mergePins(in.Scenario.Pins, in.Pins.Pins), inherited: map[medibus.SlotKey]bool{},
		rev: in.Pins.Revision, origins: in.Pins.Origins, slots: map[medibus.SlotKey][]*medibus.Session{}}
	for _, p := range in.Scenario.Pins {
		d.inherited[p.Key()] = true
	}
	for i := range in.Plan.Sessions {
		se := &in.Plan.Sessions[i]
		d.slots[se.Key()] = append(d.slots[se.Key()], se)
	}
	return d
}

// Pins are the pins the desk holds: the scenario's, overlaid slot by slot by the plan's.
func (d *Desk) Pins() []medibus.Session { return d.pins }

// Revision is the revision of the plan's pins the desk read.
func (d *Desk) Revision() int64 { return d.rev }

// Verdict is the desk's answer to a pin: the refusals (none: accepted), the warnings
// (what re-optimising will change around it) and, when refused, the moves that would
// be accepted instead.
type Verdict struct {
	Pin          medibus.Session
	Origin       medibus.SlotKey
	Refusals     []Issue
	Warnings     []Issue
	Alternatives Alternatives
}

// OK reports whether the desk accepts the pin.
func (v *Verdict) OK() bool { return len(v.Refusals) == 0 }

// Check gives the verdict on pinning pin, moved from origin (its own slot when pinned
// where it is).
func (d *Desk) Check(ctx context.Context, pin medibus.Session, origin medibus.SlotKey) (Verdict, error) {
	vd := Verdict{Pin: pin, Origin: origin}
	for to, from := range d.origins {
		if from == origin && to != origin && to != pin.Key() {
			// Moving it again from its old slot would hold it twice.
			vd.Refusals = append(vd.Refusals, Issue{Code: IssueAlreadyMoved, Slot: to})
		}
	}
	if origin != pin.Key() {
		if d.inherited[origin] {
			vd.Refusals = append(vd.Refusals, Issue{Code: IssueInheritedPin, Slot: origin})
		}
		if d.pinned(pin.Key()) {
			vd.Refusals = append(vd.Refusals, Issue{Rule: 9, Code: validate.CodeBusDoubleBooked, Slot: pin.Key()})
		}
	}
	refusals, warnings, err := d.judge(ctx, pin, origin)
	if err != nil {
		return vd, err
	}
	vd.Refusals = append(vd.Refusals, refusals...)
	vd.Warnings = append(warnings, d.planWarnings(pin, origin)...)
	if !vd.OK() {
		if vd.Alternatives, err = d.alternatives(ctx, pin, origin); err != nil {
			return vd, err
		}
	}
	return vd, nil
}

// pinned reports whether a pin holds slot k.
func (d *Desk) pinned(k medibus.SlotKey) bool {
	return slices.ContainsFunc(d.pins, func(p medibus.Session) bool { return p.Key() == k })
}

// judge checks the pins with pin set in its slot (and none left in origin, when the
// pin moves a session): refusals are what the planner could not hold, warnings what it
// completes around them (a rhythm's gap to fill). Each issue carries the validator's
// violation and the pins as timed, where it is located.
func (d *Desk) judge(ctx context.Context, pin medibus.Session, origin medibus.SlotKey) (refusals, warnings []Issue, err error) {
	pins := slices.DeleteFunc(slices.Clone(d.pins), func(p medibus.Session) bool {
		return p.Key() == origin && origin != pin.Key()
	})
	pins = mergePins(pins, []medibus.Session{pin})
	sc := *d.sc
	sc.Pins = pins
	pl, err := d.timePins(ctx, pins)
	if err != nil {
		return nil, nil, err
	}
	vs, err := validate.Check(ctx, &sc, pl, d.travel)
	if err != nil {
		return nil, nil, fmt.Errorf("check the pins of plan %d: %w", d.plan.ID, err)
	}
	for i := range vs {
		is := Issue{Rule: vs[i].Rule, Code: vs[i].Code, Violation: &vs[i], Timed: pl}
		// The planner completes a rhythm around pins (a gap too long), but cannot undo
		// pins too close together or on a half-day the rhythm forbids.
		if vs[i].Code == validate.CodeFrequencyGapLong {
			warnings = append(warnings, is)
		} else {
			refusals = append(refusals, is)
		}
	}
	return refusals, warnings, nil
}

// PinsHold checks every pin as set, with the calendar of today: the refusals, if any.
// A re-optimisation asks first, so that a pin that no longer holds (a professional now
// absent) is refused at once rather than after the run.
func (d *Desk) PinsHold(ctx context.Context) ([]Issue, error) {
	if len(d.pins) == 0 {
		return nil, nil
	}
	refusals, _, err := d.judge(ctx, d.pins[0], d.pins[0].Key())
	return refusals, err
}

// Reoptimise is the request that plans the desk's plan again holding its pins, for
// this run only, with opt: the pins, their origins and their revision were read in one
// snapshot, so a pin set after it is not in the run, and the result says so
// (ReferenceRevision). The reference is the plan without the sessions the pins moved
// away, so that re-optimising moves them rather than copies them.
func (d *Desk) Reoptimise(opt scheduler.Options) Request {
	opt.Reference = withoutMoved(d.plan, d.origins, d.pins)
	return Request{Pins: slices.Clip(d.pins), ReferenceRevision: d.rev, Options: opt}
}

// withoutMoved returns the reference plan without the sessions that pins moved away
// from their slots (origins, by the slot each went to; only those still pinned count).
func withoutMoved(ref *medibus.Plan, origins map[medibus.SlotKey]medibus.SlotKey, pins []medibus.Session) *medibus.Plan {
	if len(origins) == 0 {
		return ref
	}
	gone := map[medibus.SlotKey]bool{}
	for to, from := range origins {
		if slices.ContainsFunc(pins, func(p medibus.Session) bool { return p.Key() == to }) {
			gone[from] = true
		}
	}
	c := *ref
	c.Sessions = slices.DeleteFunc(slices.Clone(ref.Sessions), func(s medibus.Session) bool { return gone[s.Key()] })
	return &c
}
