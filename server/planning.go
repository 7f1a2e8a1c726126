package server

import (
	"cmp"
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
func scopeRun(who principal, ix *medibus.Index, ref *medibus.Plan, req *planning.Request) {
	if !who.scoped() {
		return
	}
	var units []string
	for id, u := range ix.Units {
		if who.mayChange(u) {
			units = append(units, id)
		}
	}
	req.LimitTo(units, ref)
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
	if !decodeBody(w, r, &req) {
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
	scopeRun(who, ix, nil, &run)
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
		if !decodeBody(w, r, &req) {
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
	if issues, err := d.PinsHold(r.Context()); err != nil {
		s.writeStoreError(w, r, err)
		return
	} else if len(issues) > 0 {
		refusals, _ := frIssues(v, issues, nil)
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"status": http.StatusUnprocessableEntity,
			"error": "Ces épingles ne tiennent plus ; retirez-les ou déplacez-les avant de ré-optimiser : " + refusals[0].Message, "refusals": refusals})
		return
	}
	if who.scoped() && !slices.ContainsFunc(v.sc.Units, func(u medibus.Unit) bool { return who.mayChange(&u) }) {
		refuseOutside(w, who, v.ix, "ré-optimiser ce plan, dont aucun bus n'est de votre ressort", unitIDs(v.sc))
		return
	}
	// The desk's pins are held in this run only, the plan without the sessions they
	// moved as its reference; a coordinator limited to some buses re-optimises those,
	// and the others keep every session as it is.
	run := d.Reoptimise(scheduler.Options{Start: p.Start, Seed: req.Seed, TimeLimit: s.timeLimit(req.TimeLimitS)})
	scopeRun(who, v.ix, v.plan, &run)
	s.launch(w, "reoptimise", p.ScenarioID, p.ID, s.optimise(v.sc, run))
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

// planningUI serves the coordinators' planning desk, with the name of the scope of a
// coordinator limited to some buses.
func (s *Server) planningUI(w http.ResponseWriter, r *http.Request, who principal) {
	w.Header().Set("Cache-Control", "private, no-cache")
	scope := ""
	switch {
	case who.Organisation != "":
		scope = "l'organisation « " + s.organisationName(r.Context(), who.Organisation) + " »"
	case who.Region != "":
		scope = "la région " + cmp.Or(who.RegionName, who.Region)
	}
	s.writePage(w, r, http.StatusOK, "planning.html", struct {
		Who   principal
		Scope string
	}{who, scope})
}

// organisationName names organisation id as the scenario of the latest published plan
// (else of the latest plan) does, or keeps the id when none names it.
func (s *Server) organisationName(ctx context.Context, id string) string {
	planID, err := s.db.LatestPublishedID(ctx)
	if err != nil || planID == 0 {
		list, err := s.db.ListPlans(ctx)
		if err != nil || len(list) == 0 {
			return id
		}
		planID = list[len(list)-1].ID
	}
	v, err := s.views.get(ctx, planID)
	if err != nil {
		return id
	}
	if o := v.ix.Organisations[id]; o != nil && o.Name != "" {
		return o.Name
	}
	return id
}
