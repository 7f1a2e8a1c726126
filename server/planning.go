package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"medibus"
	"medibus/planning"
	"medibus/scheduler"
)

// optimise returns the work of a run: plan sc, recompute the figures, check every hard
// constraint independently, and store scenario and plan (close to req's reference and
// as its revision when it has one). A plan that breaks a constraint is never stored.
func (s *Server) optimise(sc *medibus.Scenario, req planning.Request) runFunc {
	return func(ctx context.Context, progress func(scheduler.Progress)) (int64, error) {
		req.Engine, req.Options.Progress = s.engine, progress
		pl, err := s.planning.Plan(ctx, sc, req)
		if err != nil {
			return 0, err
		}
		return pl.ID, nil
	}
}

// scopeRun limits a run of a coordinator limited to some buses: the plan covers their
// buses, and the other buses' sessions of ref (if any) are held exactly, for this run
// only.
func scopeRun(who principal, ix *medibus.Index, ref *medibus.Plan, pins []medibus.Session, req *planning.Request) {
	if !who.scoped() {
		return
	}
	for id, u := range ix.Units {
		if who.mayChange(u) {
			req.Units = append(req.Units, id)
		}
	}
	slices.Sort(req.Units)
	if ref != nil {
		req.Pins = append(req.Pins, frozenPins(who, ix, ref, pins)...)
	}
}

// runRequest is the body of POST /api/runs.
type runRequest struct {
	ScenarioID int64  `json:"scenario_id"`
	Start      string `json:"start,omitempty"`
	Seed       int64  `json:"seed,omitempty"`
	TimeLimitS int    `json:"time_limit_s,omitempty"`
}

func (s *Server) timeLimit(sec int) time.Duration {
	if sec <= 0 || time.Duration(sec)*time.Second > s.limit {
		return s.limit
	}
	return time.Duration(sec) * time.Second
}

func (s *Server) apiStartRun(w http.ResponseWriter, r *http.Request, who principal) {
	var req runRequest
	if err := decodeBody(w, r, &req); err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	start := medibus.NextMonday(s.today(), false)
	if req.Start != "" {
		d, err := medibus.ParseDate(req.Start)
		if err != nil {
			writeError(w, http.StatusBadRequest, fmt.Errorf("start: %w", err))
			return
		}
		if d.Weekday() != time.Monday {
			writeError(w, http.StatusBadRequest, fmt.Errorf("start %s is a %s: a cycle starts on a Monday", d, d.Weekday()))
			return
		}
		start = d
	}
	if req.Seed == 0 {
		req.Seed = 1
	}
	sc, err := s.db.Scenario(r.Context(), req.ScenarioID)
	if err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	ix := medibus.NewIndex(sc)
	if who.scoped() && !slices.ContainsFunc(sc.Units, func(u medibus.Unit) bool { return who.mayChange(&u) }) {
		refuseOutside(w, who, ix, "planifier le scénario "+sc.Name+", dont aucun bus n'est de votre ressort", unitIDs(sc))
		return
	}
	run := planning.Request{Options: scheduler.Options{Start: start, Seed: req.Seed, TimeLimit: s.timeLimit(req.TimeLimitS)}}
	scopeRun(who, ix, nil, nil, &run)
	s.launch(w, "plan", req.ScenarioID, 0, s.optimise(sc, run))
}

func (s *Server) launch(w http.ResponseWriter, kind string, scenarioID, parentID int64, fn runFunc) {
	rn, err := s.runs.start(kind, scenarioID, parentID, s.now(), fn, s.metrics)
	if errors.Is(err, errRunBusy) {
		w.Header().Set("Retry-After", "5")
		writeError(w, http.StatusTooManyRequests, err)
		return
	}
	if err != nil {
		writeError(w, http.StatusServiceUnavailable, err)
		return
	}
	st := rn.state()
	w.Header().Set("Location", fmt.Sprintf("/api/runs/%d", st.ID))
	writeJSON(w, http.StatusAccepted, st)
}

// reoptimiseRequest is the optional body of POST /api/plans/{id}/reoptimise.
type reoptimiseRequest struct {
	Seed       int64 `json:"seed,omitempty"`
	TimeLimitS int   `json:"time_limit_s,omitempty"`
}

// apiReoptimise plans again the scenario of a plan, holding the plan's pins (those of
// its scenario, overridden slot by slot by the pins set on the plan) and avoiding the
// declared closures, and stores the result as a re-plan of it. The pins are checked
// first as the desk checks them: one that no longer holds (a closure declared since, a
// professional now absent) is refused at once, in French, rather than after the run.
func (s *Server) apiReoptimise(w http.ResponseWriter, r *http.Request, who principal) {
	p, ok := s.planInfo(w, r)
	if !ok {
		return
	}
	var req reoptimiseRequest
	if r.ContentLength != 0 {
		if err := decodeBody(w, r, &req); err != nil {
			writeError(w, http.StatusBadRequest, err)
			return
		}
	}
	if req.Seed == 0 {
		req.Seed = p.Seed
	}
	v, err := s.views.get(r.Context(), p.ID)
	if err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	d, err := s.newDesk(r.Context(), v, p.ID)
	if err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	if issues, err := d.pinsHold(r.Context()); err != nil {
		s.writeStoreError(w, r, err)
		return
	} else if len(issues) > 0 {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"status": http.StatusUnprocessableEntity,
			"error": "Ces épingles ne tiennent plus ; retirez-les ou déplacez-les avant de ré-optimiser : " + issues[0].Message, "refusals": issues})
		return
	}
	if who.scoped() && !slices.ContainsFunc(v.sc.Units, func(u medibus.Unit) bool { return who.mayChange(&u) }) {
		refuseOutside(w, who, v.ix, "ré-optimiser ce plan, dont aucun bus n'est de votre ressort", unitIDs(v.sc))
		return
	}
	// The desk's pins are held in this run only; a coordinator limited to some buses
	// re-optimises those, and the others keep every session as it is.
	// The pins, their origins and their revision were read in one snapshot: a pin set
	// after it is not in this run, and the result says so (parent_revision).
	run := planning.Request{Pins: d.pins, ReferenceRevision: d.rev,
		Options: scheduler.Options{Start: p.Start, Seed: req.Seed, TimeLimit: s.timeLimit(req.TimeLimitS), Reference: withoutMoved(v.plan, d.origins, d.pins)}}
	scopeRun(who, v.ix, v.plan, d.pins, &run)
	s.launch(w, "reoptimise", p.ScenarioID, p.ID, s.optimise(v.sc, run))
}

// pinsHold checks every pin as set, with the closures of today: the refusals, if any.
func (d *desk) pinsHold(ctx context.Context) ([]deskIssue, error) {
	if len(d.pins) == 0 {
		return nil, nil
	}
	refusals, _, err := d.judge(ctx, d.pins[0], d.pins[0].Key())
	return refusals, err
}

// withoutMoved returns the reference plan without the sessions that pins moved away
// from their slots, so that re-optimising moves them rather than copies them.
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

// mergePins overlays pins on base by slot; the result is ordered by unit, date, half.
func mergePins(base, over []medibus.Session) []medibus.Session {
	bySlot := map[medibus.SlotKey]medibus.Session{}
	var keys []medibus.SlotKey
	for _, list := range [][]medibus.Session{base, over} {
		for _, s := range list {
			if _, ok := bySlot[s.Key()]; !ok {
				keys = append(keys, s.Key())
			}
			s.Pinned = true
			bySlot[s.Key()] = s
		}
	}
	out := make([]medibus.Session, 0, len(keys))
	for _, k := range keys {
		out = append(out, bySlot[k])
	}
	return out
}

func (s *Server) apiRuns(w http.ResponseWriter, _ *http.Request, _ principal) {
	writeJSON(w, http.StatusOK, map[string]any{"runs": s.runs.list()})
}

func (s *Server) apiRun(w http.ResponseWriter, r *http.Request, _ principal) {
	id, err := pathID(r, "id")
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	rn := s.runs.get(id)
	if rn == nil {
		writeError(w, http.StatusNotFound, fmt.Errorf("run %d not found: GET /api/runs lists runs", id))
		return
	}
	writeJSON(w, http.StatusOK, rn.state())
}

// planningUI serves the coordinators' single-page planning tool.
func (s *Server) planningUI(w http.ResponseWriter, r *http.Request, who principal) {
	w.Header().Set("Cache-Control", "private, no-cache")
	s.writePage(w, r, http.StatusOK, "planning.html", struct{ Who principal }{who})
}
