package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"medibus"
	"medibus/planning"
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
	// Reason is what patients read of a cancelled session (default: « panne du … »).
	Reason string `json:"reason,omitempty"`
	// Extra is a one-off session to add on a date (a replacement for a day a holiday
	// cancels, say), held as given; the session it displaces, if any, is re-planned.
	Extra *extraRequest `json:"extra,omitempty"`
}

// extraRequest is a session to add: bus, date, half-day, site, service and who is on
// board; start and end (HH:MM) default to the half-day's window.
type extraRequest struct {
	Unit    string   `json:"unit" bound:"id"`
	Date    string   `json:"date"`
	Half    string   `json:"half"`
	Site    string   `json:"site" bound:"id"`
	Service string   `json:"service" bound:"id"`
	Staff   []string `json:"staff" bound:"id"`
	Start   string   `json:"start,omitempty"`
	End     string   `json:"end,omitempty"`
}

// session reads the request, in French when it is wrong.
func (x extraRequest) session() (*medibus.Session, error) {
	d, err := medibus.ParseDate(x.Date)
	if err != nil {
		return nil, fmt.Errorf("extra.date : écrivez AAAA-MM-JJ (%w)", err)
	}
	h, err := medibus.ParseHalf(x.Half)
	if err != nil {
		return nil, fmt.Errorf("extra.half : AM (matin) ou PM (après-midi)")
	}
	if x.Unit == "" || x.Site == "" || x.Service == "" || len(x.Staff) == 0 {
		return nil, fmt.Errorf("extra : donnez le bus (unit), le lieu (site), la consultation (service) et qui est à bord (staff)")
	}
	se := &medibus.Session{Unit: x.Unit, Date: d, Half: h, Site: x.Site, Service: x.Service, Staff: x.Staff}
	for _, c := range []struct {
		v   string
		dst *medibus.Clock
	}{{x.Start, &se.Start}, {x.End, &se.End}} {
		if c.v == "" {
			continue
		}
		if *c.dst, err = medibus.ParseClock(c.v); err != nil {
			return nil, fmt.Errorf("extra : heure %q, écrivez HH:MM", c.v)
		}
	}
	return se, nil
}

// absence is a bus or a professional (ID) unavailable From To (inclusive; To empty:
// one day).
type absence struct {
	ID   string `json:"id" bound:"id"`
	From string `json:"from"`
	To   string `json:"to,omitempty"`
}

// dates reads the absence's dates: in order, and ending within five years of today
// (medibus.DatesInReach; a start already past is the planner's to refuse).
func (a absence) dates(today medibus.Date) (medibus.DateRange, error) {
	spec := a.From
	if a.To != "" && a.To != a.From {
		spec += ".." + a.To
	}
	rg, err := medibus.ParseDateRange(spec)
	if err != nil {
		return rg, fmt.Errorf("dates de %s : écrivez AAAA-MM-JJ, la première avant la seconde (%w)", a.ID, err)
	}
	if reach := medibus.DatesInReach(today); rg.To > reach.To {
		return rg, fmt.Errorf("dates de %s : une absence se déclare jusqu'au %s au plus (cinq ans devant)", a.ID, frDay(reach.To))
	}
	return rg, nil
}

// apiReplan declares breakdowns and absences and plans them as a dated change of the
// published calendar, with the engine of `medibus replan`: on those dates every session
// that can stay is kept, the others are re-staffed, moved to another bus within reach,
// or cancelled; no other date changes and no rotation is rewritten. The plan of the
// URL says which calendar the desk shows; the change is made against what is
// published. The result is a draft change, made by a run (202, like a
// re-optimisation); GET /api/plans/{new}/changes says what it changes.
func (s *Server) apiReplan(w http.ResponseWriter, r *http.Request, who principal) {
	p, ok := s.planInfo(w, r)
	if !ok {
		return
	}
	var req replanRequest
	if !decodeBody(w, r, &req) {
		return
	}
	if len(req.Unavailable)+len(req.Absent) == 0 && req.Extra == nil {
		writeError(w, http.StatusUnprocessableEntity, fmt.Errorf("rien à replanifier : déclarez un bus en panne (unavailable), un professionnel absent (absent) ou une séance à ajouter (extra)"))
		return
	}
	cr := planning.ChangeRequest{Reason: strings.TrimSpace(req.Reason), Fill: req.Fill, Seed: req.Seed, TimeLimit: s.timeLimit(req.TimeLimitS), Today: s.today()}
	if cr.Seed == 0 {
		cr.Seed = p.Seed
	}
	for _, list := range []struct {
		abs  []absence
		unit bool
	}{{req.Unavailable, true}, {req.Absent, false}} {
		for _, a := range list.abs {
			rg, err := a.dates(cr.Today)
			if err != nil {
				writeError(w, http.StatusUnprocessableEntity, err)
				return
			}
			ab := medibus.Absence{From: rg.From, To: rg.To}
			if list.unit {
				ab.Unit = a.ID
			} else {
				ab.Staff = a.ID
			}
			cr.Absences = append(cr.Absences, ab)
		}
	}
	if req.Extra != nil {
		var err error
		if cr.Extra, err = req.Extra.session(); err != nil {
			writeError(w, http.StatusUnprocessableEntity, err)
			return
		}
	}
	pv, err := s.published.view(r.Context())
	if err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	ix, touched := s.changeScope(pv, cr)
	if refuseOutside(w, who, ix, "déclarer cette panne ou cette absence", touched) {
		return
	}
	if _, _, err := planning.Precheck(pv.cal, cr); err != nil {
		s.writePlanningError(w, r, err)
		return
	}
	if who.scoped() {
		for _, u := range pv.cal.Units() {
			if who.mayChange(pv.unit(u)) {
				cr.Only = append(cr.Only, u)
			}
		}
	}
	s.launch(w, "replan", p.ScenarioID, p.ID, func(ctx context.Context, progress func(scheduler.Progress)) (int64, error) {
		cr.Progress = progress
		res, err := s.planning.Change(ctx, s.db, cr)
		if err != nil {
			return 0, frPlanningError(err)
		}
		return res.Plan.ID, nil
	})
}

// changeScope returns the buses a change request concerns on the published calendar,
// and an index that names them.
func (s *Server) changeScope(v *publicView, cr planning.ChangeRequest) (*medibus.Index, []string) {
	touched := planning.Touched(v.cal, cr)
	sc := &medibus.Scenario{}
	for _, u := range touched {
		if unit := v.unit(u); unit != nil {
			sc.Units = append(sc.Units, *unit)
		}
	}
	return medibus.NewIndex(sc), touched
}

// frPlanningError gives a run's failure in French when it is a refusal.
func frPlanningError(err error) error {
	if ref, ok := planning.IsRefusal(err); ok {
		return errors.New(frRefusal(ref))
	}
	return err
}
