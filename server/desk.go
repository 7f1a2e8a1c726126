package server

import (
	"context"
	"fmt"
	"net/http"

	"medibus"
	"medibus/planning"
)

// The coordinator's desk checks every manual move or pin as it is made, before anything
// is stored: planning.Desk decides (what the planner could not hold is refused, with the
// moves that would work; an accepted move comes with what re-optimising will change
// around it). Here is the HTTP of it: the request read and checked against the
// coordinator's scope, the verdict as JSON, in French.

// deskVerdict is the answer to a move or a pin.
type deskVerdict struct {
	OK           bool            `json:"ok"`
	Error        string          `json:"error,omitempty"`
	Pin          medibus.Session `json:"pin"`
	Label        string          `json:"label"`
	Refusals     []deskIssue     `json:"refusals"`
	Warnings     []deskIssue     `json:"warnings"`
	Alternatives alternatives    `json:"alternatives"`
	// Revision is the plan's pins revision once the pin is stored (201).
	Revision int64 `json:"revision,omitempty"`
}

// alternatives are moves that the desk checked and would accept.
type alternatives struct {
	Staff []staffOption `json:"staff"`
	Slots []slotOption  `json:"slots"`
}

// staffOption is the same session with another professional.
type staffOption struct {
	Staff   []string `json:"staff"`
	Label   string   `json:"label"`
	Free    bool     `json:"free"`    // not in another session of the plan that half-day
	Current bool     `json:"current"` // the professional the plan has for the session
}

// slotOption is the same session on another half-day of the same bus.
type slotOption struct {
	Date  medibus.Date `json:"date"`
	Half  string       `json:"half"`
	Label string       `json:"label"`
	Free  bool         `json:"free"` // the bus has no other session there in the plan
}

// desk is the planning desk of one plan (planning.Desk, which decides) with the plan's
// view, which names in French what its issues concern.
type desk struct {
	*planning.Desk
	v *planView
}

// newDesk reads what the desk of plan planID judges against: the pins set on it, their
// origins and their revision in one snapshot, and the declared closures.
func (s *Server) newDesk(ctx context.Context, v *planView, planID int64) (*desk, error) {
	ps, err := s.db.PinStateOf(ctx, planID)
	if err != nil {
		return nil, err
	}
	cal, _, err := s.closures.get(ctx)
	if err != nil {
		return nil, err
	}
	pd := s.planning.Desk(planning.DeskInput{Plan: v.plan, Scenario: v.sc, Index: v.ix, Calendar: cal,
		Pins: planning.PinState{Revision: ps.Revision, Pins: ps.Pins, Origins: ps.Origins}})
	return &desk{Desk: pd, v: v}, nil
}

// verdict gives the desk's verdict on pinning pin, moved from origin (its own slot when
// pinned where it is), in French.
func (d *desk) verdict(ctx context.Context, pin medibus.Session, origin medibus.SlotKey) (deskVerdict, error) {
	vd, err := d.Check(ctx, pin, origin)
	if err != nil {
		return deskVerdict{}, err
	}
	out := deskVerdict{OK: vd.OK(), Pin: vd.Pin, Label: d.label(vd.Pin), Alternatives: d.alternatives(vd.Alternatives)}
	out.Refusals, out.Warnings = frIssues(d.v, vd.Refusals, vd.Warnings)
	if !out.OK {
		out.Error = "Déplacement refusé : " + out.Refusals[0].Message
	}
	return out, nil
}

// alternatives are the desk's alternatives as the page shows them, labelled.
func (d *desk) alternatives(a planning.Alternatives) alternatives {
	out := alternatives{Staff: []staffOption{}, Slots: []slotOption{}}
	for _, o := range a.Staff {
		label := o.Member
		if m := d.v.ix.Staff[o.Member]; m != nil {
			label = m.Name
		}
		out.Staff = append(out.Staff, staffOption{Staff: o.Staff, Label: label, Free: o.Free, Current: o.Current})
	}
	for _, o := range a.Slots {
		out.Slots = append(out.Slots, slotOption{Date: o.Date, Half: o.Half.String(), Label: frDay(o.Date) + ", " + halfFr(o.Half), Free: o.Free})
	}
	return out
}

// pinInput reads and checks a pin request against the plan: the pin and where its
// session comes from. A published plan is refused (409); a request that names nothing
// of the plan is 422.
func (s *Server) pinInput(w http.ResponseWriter, r *http.Request, who principal) (*desk, medibus.Session, medibus.SlotKey, bool) {
	p, ok := s.planInfo(w, r)
	if !ok {
		return nil, medibus.Session{}, medibus.SlotKey{}, false
	}
	if p.Published() {
		writeError(w, http.StatusConflict, fmt.Errorf("le plan %d est publié, donc figé : ré-optimisez-le pour obtenir un brouillon, puis épinglez sur le brouillon", p.ID))
		return nil, medibus.Session{}, medibus.SlotKey{}, false
	}
	var req pinRequest
	if !decodeBody(w, r, &req) {
		return nil, medibus.Session{}, medibus.SlotKey{}, false
	}
	v, err := s.views.get(r.Context(), p.ID)
	if err != nil {
		s.writeStoreError(w, r, err)
		return nil, medibus.Session{}, medibus.SlotKey{}, false
	}
	if refuseOutside(w, who, v.ix, "épingler ou déplacer une séance de ce bus", []string{req.Unit}) {
		return nil, medibus.Session{}, medibus.SlotKey{}, false
	}
	pin, origin, err := buildPin(v, req)
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, err)
		return nil, medibus.Session{}, medibus.SlotKey{}, false
	}
	d, err := s.newDesk(r.Context(), v, p.ID)
	if err != nil {
		s.writeStoreError(w, r, err)
		return nil, medibus.Session{}, medibus.SlotKey{}, false
	}
	return d, pin, origin, true
}

// pinVerdict reads a pin request and gives the desk's verdict on it, with the desk and
// the slot the session comes from; on false the answer is written.
func (s *Server) pinVerdict(w http.ResponseWriter, r *http.Request, who principal) (*desk, deskVerdict, medibus.SlotKey, bool) {
	d, pin, origin, ok := s.pinInput(w, r, who)
	if !ok {
		return nil, deskVerdict{}, origin, false
	}
	vd, err := d.verdict(r.Context(), pin, origin)
	if err != nil {
		s.writeStoreError(w, r, err)
		return nil, vd, origin, false
	}
	return d, vd, origin, true
}

// apiCheckPin answers whether a pin or move would be accepted, and why, without
// storing anything.
func (s *Server) apiCheckPin(w http.ResponseWriter, r *http.Request, who principal) {
	if _, vd, _, ok := s.pinVerdict(w, r, who); ok {
		writeJSON(w, http.StatusOK, vd)
	}
}
