package server

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"medibus"
	"medibus/holiday"
	"medibus/planning"
	"medibus/store"
)

// pinRequest is the body of POST /api/plans/{id}/pins and of its check: the session now
// in slot (unit, date, half) is pinned where it is, or moved to another date, half-day or
// site of the same bus, or given other professionals, and pinned there when a to_ field
// is given.
type pinRequest struct {
	Unit    string   `json:"unit" bound:"id"`
	Date    string   `json:"date"`
	Half    string   `json:"half"`
	ToDate  string   `json:"to_date,omitempty"`
	ToHalf  string   `json:"to_half,omitempty"`
	ToSite  string   `json:"to_site,omitempty" bound:"id"`
	ToStaff []string `json:"to_staff,omitempty" bound:"id"`
}

func (s *Server) apiPins(w http.ResponseWriter, r *http.Request, _ principal) {
	p, ok := s.planInfo(w, r)
	if !ok {
		return
	}
	ps, err := s.db.PinStateOf(r.Context(), p.ID)
	if err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	v, err := s.views.get(r.Context(), p.ID)
	if err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	// The sites of the pins by id, with their commune: a pin may move a session to a
	// site the plan does not use yet.
	sites := map[string]siteJSON{}
	for _, pin := range append(slices.Clone(ps.Pins), v.sc.Pins...) {
		if st := v.ix.Sites[pin.Site]; st != nil {
			sites[st.ID] = siteJSON{ID: st.ID, Name: st.Name, Commune: s.communeName(v.ix, st.INSEE), Department: holiday.Department(st.INSEE)}
		}
	}
	w.Header().Set("ETag", pinsTag(ps.Revision))
	writeJSON(w, http.StatusOK, map[string]any{"plan_id": p.ID, "revision": ps.Revision, "pins": nonNil(ps.Pins), "inherited": nonNil(v.sc.Pins), "sites": sites})
}

// pinsTag is the ETag of a plan's pins at revision rev: a desk write sends it back as
// If-Match, and is refused (409) if someone changed the pins since.
func pinsTag(rev int64) string { return fmt.Sprintf(`"p%d"`, rev) }

// ifMatchPins reads the pins revision a write was decided on from If-Match ("p12"),
// else the one the desk read just now.
func ifMatchPins(r *http.Request, read int64) int64 {
	h := strings.Trim(strings.TrimPrefix(strings.TrimSpace(r.Header.Get("If-Match")), "W/"), `"`)
	if rev, err := strconv.ParseInt(strings.TrimPrefix(h, "p"), 10, 64); err == nil && strings.HasPrefix(h, "p") && rev > 0 {
		return rev
	}
	return read
}

// apiSetPin checks the pin as the desk does and stores it only when accepted: 201 with
// the verdict (and what re-optimising will change), or 422 with the reasons and the
// moves that would work. A moved session's old pin, if it had one, goes.
func (s *Server) apiSetPin(w http.ResponseWriter, r *http.Request, who principal) {
	d, vd, origin, ok := s.pinVerdict(w, r, who)
	if !ok {
		return
	}
	pin := vd.Pin
	if !vd.OK {
		writeJSON(w, http.StatusUnprocessableEntity, vd)
		return
	}
	// The verdict holds for the pins the desk read: they are stored only if nobody
	// changed them since (one transaction), else 409 says who did what.
	what := "a épinglé : " + vd.Label
	if origin != pin.Key() {
		what = fmt.Sprintf("a déplacé la séance du %s, %s : %s", frDay(origin.Date), halfFr(origin.Half), vd.Label)
	}
	rev, err := s.db.MovePin(r.Context(), d.v.plan.ID, pin, origin, store.PinWrite{IfRevision: ifMatchPins(r, d.Revision()), By: who.label(), What: what})
	if err != nil {
		s.writePlanningError(w, r, err)
		return
	}
	w.Header().Set("ETag", pinsTag(rev))
	vd.Revision = rev
	writeJSON(w, http.StatusCreated, vd)
}

// buildPin reads req as a move of the session of its slot and returns the pin the
// planning desk makes of it (planning.NewPin), with the slot it comes from. Errors are
// in French: the desk shows them.
func buildPin(v *planView, req pinRequest) (medibus.Session, medibus.SlotKey, error) {
	date, err := medibus.ParseDate(req.Date)
	if err != nil {
		return medibus.Session{}, medibus.SlotKey{}, fmt.Errorf("date %q : écrivez-la AAAA-MM-JJ", req.Date)
	}
	half, err := medibus.ParseHalf(req.Half)
	if err != nil {
		return medibus.Session{}, medibus.SlotKey{}, fmt.Errorf("half %q : AM (matin) ou PM (après-midi)", req.Half)
	}
	mv := planning.Move{From: medibus.SlotKey{Unit: req.Unit, Date: date, Half: half}, Date: date, Half: half, Site: req.ToSite, Staff: req.ToStaff}
	if req.ToDate != "" {
		if mv.Date, err = medibus.ParseDate(req.ToDate); err != nil {
			return medibus.Session{}, medibus.SlotKey{}, fmt.Errorf("to_date %q : écrivez-la AAAA-MM-JJ", req.ToDate)
		}
	}
	if req.ToHalf != "" {
		if mv.Half, err = medibus.ParseHalf(req.ToHalf); err != nil {
			return medibus.Session{}, medibus.SlotKey{}, fmt.Errorf("to_half %q : AM (matin) ou PM (après-midi)", req.ToHalf)
		}
	}
	pin, err := planning.NewPin(v.plan, v.sc, mv)
	var me *planning.MoveError
	if errors.As(err, &me) {
		return medibus.Session{}, medibus.SlotKey{}, errors.New(frMoveError(me))
	}
	return pin, mv.From, err
}

func (s *Server) apiDeletePin(w http.ResponseWriter, r *http.Request, who principal) {
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
	if who.scoped() {
		v, err := s.views.get(r.Context(), p.ID)
		if err != nil {
			s.writeStoreError(w, r, err)
			return
		}
		if refuseOutside(w, who, v.ix, "retirer une épingle de ce bus", []string{r.PathValue("unit")}) {
			return
		}
	}
	slot := medibus.SlotKey{Unit: r.PathValue("unit"), Date: date, Half: half}
	rev, err := s.db.Unpin(r.Context(), p.ID, slot, store.PinWrite{IfRevision: ifMatchPins(r, 0), By: who.label(),
		What: fmt.Sprintf("a retiré l'épingle du bus %s le %s, %s", slot.Unit, frDay(date), halfFr(half))})
	if err != nil {
		s.writePlanningError(w, r, err)
		return
	}
	w.Header().Set("ETag", pinsTag(rev))
	w.WriteHeader(http.StatusNoContent)
}
