package planning

import (
	"context"
	"fmt"

	"medibus"
	"medibus/validate"
)

// CheckStored re-checks a stored plan from scratch with the validator. A rotation is
// checked against its scenario as a rotation (a repeating cycle: no holiday applies);
// a dated change in the calendar it changes: every bus of its rotation's scenario over
// each cycle-long window of its dates, as the published calendar shows them with the
// change laid over, against the scenario with the public holidays, the closures and
// the change's absences.
func (s *Service) CheckStored(ctx context.Context, db Records, pl *medibus.Plan) ([]validate.Violation, error) {
	if !pl.IsChange() {
		sc, err := db.Scenario(ctx, pl.ScenarioID)
		if err != nil {
			return nil, err
		}
		return validate.Check(ctx, sc.Rotation(), pl, s.Travel)
	}
	ch := pl.Change
	if len(ch.Days) == 0 {
		return nil, nil
	}
	cal, _, err := LoadCalendar(ctx, db, ch.From, pl.ID)
	if err != nil {
		return nil, err
	}
	d := ch.Days[0]
	base, _, ok := cal.Rotation(d.Unit, d.Date)
	if !ok {
		return nil, fmt.Errorf("change %d: no published rotation decides bus %s on %s any more", pl.ID, d.Unit, d.Date)
	}
	closures, err := db.Closures(ctx)
	if err != nil {
		return nil, err
	}
	var out []validate.Violation
	for ws := mondayOf(ch.From); ws <= ch.To; ws = ws.AddDays(base.CycleDays()) {
		w := window{start: ws, days: base.CycleDays(), from: max(ch.From, ws), to: min(ch.To, ws.AddDays(base.CycleDays()-1))}
		sc, win, _, err := datedWindow(cal, base, closures, ch.Absences, w)
		if err != nil {
			return nil, err
		}
		win.ID, win.Travel = pl.ID, pl.Travel
		vs, err := validate.Check(ctx, sc, win, s.Travel)
		if err != nil {
			return nil, err
		}
		out = append(out, vs...)
	}
	return out, nil
}
