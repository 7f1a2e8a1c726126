package server

import (
	"context"
	"fmt"
	"net/http"
	"slices"

	"medibus"
	"medibus/scheduler"
)

// replanRequest is the body of POST /api/plans/{id}/replan: buses off the road and
// professionals away, each on a date or a range of dates.
type replanRequest struct {
	Unavailable []absence `json:"unavailable,omitempty"`
	Absent      []absence `json:"absent,omitempty"`
	// Fill lets the re-plan add sessions in the half-days left free, on the buses within
	// reach of what was cancelled.
	Fill       bool  `json:"fill,omitempty"`
	Seed       int64 `json:"seed,omitempty"`
	TimeLimitS int   `json:"time_limit_s,omitempty"`
}

// absence is a bus or a professional (ID) unavailable From To (inclusive; To empty:
// one day).
type absence struct {
	ID   string `json:"id"`
	From string `json:"from"`
	To   string `json:"to,omitempty"`
}

func (a absence) dates() (medibus.DateRange, error) {
	spec := a.From
	if a.To != "" && a.To != a.From {
		spec += ".." + a.To
	}
	rg, err := medibus.ParseDateRange(spec)
	if err != nil {
		return rg, fmt.Errorf("dates de %s : écrivez AAAA-MM-JJ, la première avant la seconde (%w)", a.ID, err)
	}
	return rg, nil
}

// apiReplan declares breakdowns and absences and re-plans the plan around them, with
// the engine of `medibus replan`: every session that can stay is kept, the others are
// re-staffed, moved to another bus within reach, or cancelled. The result is a draft
// revision of the plan, made by a run (202, like a re-optimisation); its changes are at
// GET /api/plans/{new}/changes?against={id}.
func (s *Server) apiReplan(w http.ResponseWriter, r *http.Request, who principal) {
	p, ok := s.planInfo(w, r)
	if !ok {
		return
	}
	var req replanRequest
	if err := decodeBody(w, r, &req); err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	if len(req.Unavailable)+len(req.Absent) == 0 {
		writeError(w, http.StatusUnprocessableEntity, fmt.Errorf("rien à replanifier : déclarez un bus en panne (unavailable) ou un professionnel absent (absent)"))
		return
	}
	v, err := s.views.get(r.Context(), p.ID)
	if err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	sc, err := s.withClosures(r.Context(), v.sc)
	if err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	if err := markAbsences(sc, req); err != nil {
		writeError(w, http.StatusUnprocessableEntity, err)
		return
	}
	if refuseOutside(w, who, v.ix, "déclarer cette panne ou cette absence", touched(v, req)) {
		return
	}
	if req.Seed == 0 {
		req.Seed = p.Seed
	}
	opt := scheduler.ReplanOptions{Options: scheduler.Options{Seed: req.Seed, TimeLimit: s.timeLimit(req.TimeLimitS)}, Fill: req.Fill}
	if who.scoped() {
		// The other buses keep their sessions and take none of those that move.
		for _, u := range v.sc.Units {
			if who.mayChange(&u) {
				opt.Only = append(opt.Only, u.ID)
			}
		}
	}
	ref := v.plan
	s.launch(w, "replan", p.ScenarioID, p.ID, func(ctx context.Context, progress func(scheduler.Progress)) (int64, error) {
		opt.Progress = progress
		pl, _, err := s.planning.Replan(ctx, sc, ref, opt)
		if err != nil {
			return 0, err
		}
		return pl.ID, nil
	})
}

// touched lists the buses a re-plan request concerns: those declared off the road, and
// those whose sessions in v have a professional declared away.
func touched(v *planView, req replanRequest) []string {
	var out []string
	for _, a := range req.Unavailable {
		out = append(out, a.ID)
	}
	for _, a := range req.Absent {
		for _, se := range v.plan.Sessions {
			if slices.Contains(se.Staff, a.ID) || slices.Contains(se.Remote, a.ID) {
				out = append(out, se.Unit)
			}
		}
	}
	return out
}

// markAbsences records the request's absences in sc, a copy whose units and staff it
// copies before changing them, so that the view's scenario stays as stored.
func markAbsences(sc *medibus.Scenario, req replanRequest) error {
	sc.Units, sc.Staff = slices.Clone(sc.Units), slices.Clone(sc.Staff)
	err := absentIn(sc.Units, req.Unavailable, func(u *medibus.Unit) *[]medibus.DateRange { return &u.Unavailable },
		func(u *medibus.Unit) string { return u.ID }, "le scénario "+sc.Name+" n'a pas de bus %q")
	if err != nil {
		return err
	}
	return absentIn(sc.Staff, req.Absent, func(m *medibus.StaffMember) *[]medibus.DateRange { return &m.Unavailable },
		func(m *medibus.StaffMember) string { return m.ID }, "le scénario "+sc.Name+" n'a pas de professionnel %q")
}

// absentIn adds each absence to the entry of list with its id; unknown says, with the
// id, that there is none.
func absentIn[T any](list []T, abs []absence, ranges func(*T) *[]medibus.DateRange, id func(*T) string, unknown string) error {
	for _, a := range abs {
		rg, err := a.dates()
		if err != nil {
			return err
		}
		i := slices.IndexFunc(list, func(x T) bool { return id(&x) == a.ID })
		if i < 0 {
			return fmt.Errorf(unknown, a.ID)
		}
		r := ranges(&list[i])
		*r = append(slices.Clone(*r), rg)
	}
	return nil
}
