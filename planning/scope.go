package planning

import (
	"slices"

	"medibus"
)

// LimitTo limits the run to the buses units (a coordinator limited to some buses may
// change those only): the plan covers them, and the other buses' sessions of ref, if
// any, are held exactly as pins for this run only, except in the slots the run's pins
// already hold.
func (r *Request) LimitTo(units []string, ref *medibus.Plan) {
	r.Units = append(r.Units, units...)
	slices.Sort(r.Units)
	if ref != nil {
		r.Pins = append(r.Pins, frozenPins(ref, r.Units, r.Pins)...)
	}
}

// frozenPins are the sessions of pl on buses other than units, as pins, except in the
// slots pins hold.
func frozenPins(pl *medibus.Plan, units []string, pins []medibus.Session) []medibus.Session {
	var out []medibus.Session
	for _, se := range pl.Sessions {
		if slices.Contains(units, se.Unit) || slices.ContainsFunc(pins, func(q medibus.Session) bool { return q.Key() == se.Key() }) {
			continue
		}
		se.Pinned, se.Booked, se.ExpectedPatients = true, nil, 0
		out = append(out, se)
	}
	return out
}
