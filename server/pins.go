package server

import (
	"fmt"
	"net/http"

	"medibus"
)

// pinRequest is the body of POST /api/plans/{id}/pins: the session now in slot (unit,
// date, half) is pinned where it is, or moved to another date, half-day or site of the
// same bus and pinned there when a to_ field is given.
type pinRequest struct {
	Unit   string `json:"unit"`
	Date   string `json:"date"`
	Half   string `json:"half"`
	ToDate string `json:"to_date,omitempty"`
	ToHalf string `json:"to_half,omitempty"`
	ToSite string `json:"to_site,omitempty"`
}

func (s *Server) apiPins(w http.ResponseWriter, r *http.Request, _ principal) {
	p, ok := s.planInfo(w, r)
	if !ok {
		return
	}
	pins, err := s.db.Pins(r.Context(), p.ID)
	if err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	v, err := s.views.get(r.Context(), p.ID)
	if err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"plan_id": p.ID, "pins": nonNil(pins), "inherited": nonNil(v.sc.Pins)})
}

func (s *Server) apiSetPin(w http.ResponseWriter, r *http.Request, _ principal) {
	p, ok := s.planInfo(w, r)
	if !ok {
		return
	}
	if p.Published() {
		writeError(w, http.StatusConflict, fmt.Errorf("plan %d is published and immutable: re-optimise it to get a draft, then pin on the draft", p.ID))
		return
	}
	var req pinRequest
	if err := decodeBody(w, r, &req); err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	v, err := s.views.get(r.Context(), p.ID)
	if err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	pin, err := buildPin(v, req)
	if err != nil {
		writeError(w, http.StatusUnprocessableEntity, err)
		return
	}
	if err := s.db.SetPin(r.Context(), p.ID, pin); err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, pin)
}

// buildPin finds the session of req's slot and returns it as a pin, moved if asked.
func buildPin(v *planView, req pinRequest) (medibus.Session, error) {
	date, err := medibus.ParseDate(req.Date)
	if err != nil {
		return medibus.Session{}, fmt.Errorf("date: %w", err)
	}
	half, err := medibus.ParseHalf(req.Half)
	if err != nil {
		return medibus.Session{}, fmt.Errorf("half: %w", err)
	}
	var pin *medibus.Session
	for _, se := range v.byUnitDate[unitDate{req.Unit, date}] {
		if se.Half == half {
			c := *se
			pin = &c
		}
	}
	if pin == nil {
		return medibus.Session{}, fmt.Errorf("plan %d has no session of bus %q on %s %s", v.plan.ID, req.Unit, req.Date, half)
	}
	if req.ToDate != "" {
		d, err := medibus.ParseDate(req.ToDate)
		if err != nil {
			return medibus.Session{}, fmt.Errorf("to_date: %w", err)
		}
		if d < v.plan.Start || d >= v.plan.Start.AddDays(v.days) {
			return medibus.Session{}, fmt.Errorf("to_date %s lies outside the cycle %s–%s", d, v.plan.Start, v.plan.Start.AddDays(v.days-1))
		}
		pin.Date = d
	}
	if req.ToHalf != "" {
		h, err := medibus.ParseHalf(req.ToHalf)
		if err != nil {
			return medibus.Session{}, fmt.Errorf("to_half: %w", err)
		}
		if h != pin.Half {
			// Keep the session's length, placed at the start of the other window.
			w := v.sc.Rules.Windows[h]
			length := pin.End - pin.Start
			pin.Half, pin.Start = h, w.Start
			pin.End = min(w.End, w.Start+length)
		}
	}
	if req.ToSite != "" {
		if v.ix.Sites[req.ToSite] == nil {
			return medibus.Session{}, fmt.Errorf("to_site %q is not a site of scenario %s", req.ToSite, v.sc.Name)
		}
		pin.Site = req.ToSite
	}
	pin.Pinned = true
	return *pin, nil
}

func (s *Server) apiDeletePin(w http.ResponseWriter, r *http.Request, _ principal) {
	p, ok := s.planInfo(w, r)
	if !ok {
		return
	}
	date, err := medibus.ParseDate(r.PathValue("date"))
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	half, err := medibus.ParseHalf(r.PathValue("half"))
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	if p.Published() {
		writeError(w, http.StatusConflict, fmt.Errorf("plan %d is published and immutable", p.ID))
		return
	}
	if err := s.db.DeletePin(r.Context(), p.ID, r.PathValue("unit"), date, half); err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
