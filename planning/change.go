package planning

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"medibus"
	"medibus/calendar"
	"medibus/scheduler"
)

// ChangeRequest is a dated change to plan: buses off the road or professionals away on
// some dates, or a session added on one date. It is planned against the published
// calendar and stored as a draft change, which replaces only the bus-days it changes.
type ChangeRequest struct {
	// Absences are the buses (Unit) off the road and the professionals (Staff) away.
	Absences []medibus.Absence
	// Extra is a session to add, on its date, for its bus (kind extra).
	Extra *medibus.Session
	// Reason is what patients read of a cancelled session; empty: said from the kind
	// and the names (« panne du Médicobus Creuse »).
	Reason string
	// Only, when set, lists the buses the change may alter (a coordinator limited to
	// some buses): the others keep every session.
	Only []string
	// Fill lets the re-plan add sessions in the half-days it frees, on the buses
	// within reach, on the change's dates only.
	Fill      bool
	Seed      int64
	TimeLimit time.Duration
	Progress  func(scheduler.Progress)
	// Today: no change is made of a past date.
	Today medibus.Date
}

// ChangeResult is a change planned and stored as a draft.
type ChangeResult struct {
	Plan   *medibus.Plan
	Report scheduler.ReplanReport
	// Revision is the published revision the change was planned against.
	Revision int64
}

// dates returns the first and last date the request concerns.
func (req *ChangeRequest) dates() (medibus.DateRange, error) {
	var r medibus.DateRange
	for i, a := range req.Absences {
		if a.To < a.From {
			return r, fmt.Errorf("absence %d ends (%s) before it starts (%s)", i+1, a.To, a.From)
		}
		if i == 0 || a.From < r.From {
			r.From = a.From
		}
		r.To = max(r.To, a.To)
	}
	if e := req.Extra; e != nil {
		if len(req.Absences) == 0 || e.Date < r.From {
			r.From = e.Date
		}
		r.To = max(r.To, e.Date)
	}
	if r.From == 0 {
		return r, fmt.Errorf("nothing to change: declare a bus off the road, a professional away or a session to add")
	}
	return r, nil
}

// kind names the change: a breakdown when a bus is off the road, an absence when only
// people are away, an extra session otherwise.
func (req *ChangeRequest) kind() string {
	switch {
	case slices.ContainsFunc(req.Absences, func(a medibus.Absence) bool { return a.Unit != "" }):
		return medibus.ChangeBreakdown
	case len(req.Absences) > 0:
		return medibus.ChangeAbsence
	}
	return medibus.ChangeExtra
}

// Change plans a dated change against the published calendar and stores it as a
// draft: each session of the dates concerned is kept if it can be, re-staffed or moved
// to another bus within reach if not, cancelled only then; nothing on any other date
// changes, and no rotation is rewritten. The dates are planned one cycle-long window
// at a time.
func (s *Service) Change(ctx context.Context, db Records, req ChangeRequest) (ChangeResult, error) {
	cal, rev, err := LoadCalendar(ctx, db, req.Today)
	if err != nil {
		return ChangeResult{}, err
	}
	base, rg, err := Precheck(cal, req)
	if err != nil {
		return ChangeResult{}, err
	}
	closures, err := db.Closures(ctx)
	if err != nil {
		return ChangeResult{}, err
	}
	out := &medibus.Plan{Kind: medibus.KindChange, ScenarioID: base.Plan.ScenarioID, Scenario: base.Plan.Scenario, Start: rg.From,
		Seed: req.Seed, Engine: "replan", Travel: s.Travel.String(), Status: medibus.StatusDraft, ReferenceID: base.Plan.ID,
		Change: &medibus.Change{Kind: req.kind(), From: rg.From, To: rg.To, Absences: req.Absences, Reason: req.Reason}}
	if out.Change.Reason == "" {
		out.Change.Reason = defaultReason(base.Index, req)
	}
	var rep scheduler.ReplanReport
	days := base.CycleDays()
	for ws := mondayOf(rg.From); ws <= rg.To; ws = ws.AddDays(days) {
		w := window{start: ws, days: days, from: max(rg.From, ws), to: min(rg.To, ws.AddDays(days-1))}
		part, wrep, err := s.changeWindow(ctx, cal, base, closures, req, w)
		if err != nil {
			return ChangeResult{}, err
		}
		out.Sessions = append(out.Sessions, part.Sessions...)
		out.BusDays = append(out.BusDays, part.BusDays...)
		out.Change.Days = append(out.Change.Days, part.Change.Days...)
		out.KPIs = part.KPIs
		rep = mergeReports(rep, wrep)
	}
	if len(out.Change.Days) == 0 {
		r := refuse(RefuseNothingToChange, "nothing changes from %s to %s: the buses and people declared have no session on those dates", rg.From, rg.To)
		r.Date, r.Start = rg.From, rg.To
		return ChangeResult{}, r
	}
	if err := ctx.Err(); err != nil {
		return ChangeResult{}, err
	}
	if _, err := db.SaveReplan(ctx, out, base.Plan.ID); err != nil {
		return ChangeResult{}, err
	}
	return ChangeResult{Plan: out, Report: rep, Revision: rev}, nil
}

// Precheck refuses what a change request cannot be on calendar cal before anything is
// planned: dates in the past, buses or people no published rotation has on those
// dates, buses of rotations of different scenarios. It returns the rotation the
// change is planned with and the dates it concerns.
func Precheck(cal *calendar.Calendar, req ChangeRequest) (*calendar.Source, medibus.DateRange, error) {
	rg, err := req.dates()
	if err != nil {
		return nil, rg, err
	}
	if rg.From < req.Today {
		r := refuse(RefuseChangePast, "a change starts on %s, already past: declare the days to come (from %s)", rg.From, req.Today)
		r.Date = rg.From
		return nil, rg, r
	}
	base, err := changeBase(cal, req, rg)
	return base, rg, err
}

// window is one cycle-long stretch of the calendar, from the Monday start, in which
// the dates from..to change.
type window struct {
	start    medibus.Date
	days     int
	from, to medibus.Date
}

func mondayOf(d medibus.Date) medibus.Date {
	return d - medibus.Date((int(d.Weekday())+6)%7)
}

// changeBase finds the rotation a change is planned with: the one in force on its
// first date for the buses it concerns, which must all run rotations of one scenario.
func changeBase(cal *calendar.Calendar, req ChangeRequest, rg medibus.DateRange) (*calendar.Source, error) {
	units := Touched(cal, req)
	if len(units) == 0 {
		r := refuse(RefuseNotPublished, "no published rotation has a session of %s from %s to %s", absentees(req), rg.From, rg.To)
		r.Date = rg.From
		return nil, r
	}
	var base *calendar.Source
	for _, u := range units {
		for d := rg.From; d <= rg.To; d++ {
			rot, _, ok := cal.Rotation(u, d)
			if !ok {
				continue
			}
			if base == nil {
				base = rot
			} else if rot.Plan.Scenario != base.Plan.Scenario {
				r := refuse(RefuseMixed, "buses %s run rotations of different scenarios (%s, %s) on those dates: declare the change for each apart", strings.Join(units, ", "), base.Plan.Scenario, rot.Plan.Scenario)
				r.Units = units
				return nil, r
			}
		}
	}
	if base == nil {
		r := refuse(RefuseNotPublished, "no rotation is published for %s from %s to %s: publish one first", strings.Join(units, ", "), rg.From, rg.To)
		r.Units, r.Date = units, rg.From
		return nil, r
	}
	return base, nil
}

// Touched lists the buses a change request concerns: those off the road, those whose
// sessions on the dates of an absence have the professional away, and the bus of an
// extra session.
func Touched(cal *calendar.Calendar, req ChangeRequest) []string {
	var out []string
	add := func(u string) {
		if !slices.Contains(out, u) {
			out = append(out, u)
		}
	}
	for _, a := range req.Absences {
		if a.Unit != "" {
			add(a.Unit)
			continue
		}
		for _, u := range cal.Units() {
			for d := a.From; d <= a.To; d++ {
				for _, se := range cal.Day(u, d).Sessions {
					if slices.Contains(se.Staff, a.Staff) || slices.Contains(se.Remote, a.Staff) {
						add(u)
					}
				}
			}
		}
	}
	if req.Extra != nil {
		add(req.Extra.Unit)
	}
	slices.Sort(out)
	return out
}

// absentees names who the request declares away.
func absentees(req ChangeRequest) string {
	var names []string
	for _, a := range req.Absences {
		names = append(names, cmp.Or(a.Unit, a.Staff))
	}
	if req.Extra != nil {
		names = append(names, req.Extra.Unit)
	}
	return strings.Join(names, ", ")
}

// defaultReason says the change as patients read it.
func defaultReason(ix *medibus.Index, req ChangeRequest) string {
	var parts []string
	for _, a := range req.Absences {
		switch {
		case a.Unit != "":
			name := a.Unit
			if u := ix.Units[a.Unit]; u != nil && u.Name != "" {
				name = u.Name
			}
			parts = append(parts, "panne du "+name)
		default:
			name := "d'un professionnel"
			if m := ix.Staff[a.Staff]; m != nil && m.Name != "" {
				name = "de " + m.Name
			}
			parts = append(parts, "absence "+name)
		}
	}
	if len(parts) == 0 {
		return "séance ajoutée"
	}
	slices.Sort(parts)
	return strings.Join(slices.Compact(parts), ", ")
}

// mergeReports adds the counts and changes of b to a.
func mergeReports(a, b scheduler.ReplanReport) scheduler.ReplanReport {
	a.Reference += b.Reference
	a.Kept += b.Kept
	a.Restaffed += b.Restaffed
	a.Moved += b.Moved
	a.Retimed += b.Retimed
	a.Cancelled += b.Cancelled
	a.Added += b.Added
	a.Changes = append(a.Changes, b.Changes...)
	return a
}

// changeWindow plans the dates w.from..w.to of a change inside the cycle-long window
// from w.start: the calendar of every bus of the base rotation's scenario over the
// window is the reference, its sessions on other dates (and on buses the request may
// not change) are pinned, and the absences are recorded in a dated copy of the
// scenario, which knows the public holidays and closures but no rhythm (a rhythm is
// the rotation's; a breakdown cancels one visit of it). It returns the changed
// bus-days as a change.
func (s *Service) changeWindow(ctx context.Context, cal *calendar.Calendar, base *calendar.Source, closures []medibus.Closure,
	req ChangeRequest, w window) (*medibus.Plan, scheduler.ReplanReport, error) {
	sc, ref, from, err := datedWindow(cal, base, closures, req.Absences, w)
	if err != nil {
		return nil, scheduler.ReplanReport{}, err
	}
	mayChange := func(u string) bool { return len(req.Only) == 0 || slices.Contains(req.Only, u) }
	dates := medibus.DateRange{From: w.from, To: w.to}
	for _, se := range ref.Sessions {
		if !dates.Contains(se.Date) || !mayChange(se.Unit) {
			sc.Pins = append(sc.Pins, se)
		}
	}
	if e := req.Extra; e != nil && dates.Contains(e.Date) {
		x := *e
		x.Pinned, x.Booked, x.ExpectedPatients = true, nil, 0
		if x.Start == 0 && x.End == 0 && (x.Half == medibus.AM || x.Half == medibus.PM) {
			x.Start, x.End = sc.Rules.Windows[x.Half].Start, sc.Rules.Windows[x.Half].End
		}
		sc.Pins = append(sc.Pins, x)
	}
	sc.Pins = mergePins(nil, sc.Pins)
	opt := scheduler.ReplanOptions{Options: scheduler.Options{Seed: req.Seed, TimeLimit: req.TimeLimit, Travel: s.Travel, Progress: req.Progress},
		Fill: req.Fill, Only: req.Only, Dates: &dates}
	pl, _, err := scheduler.Replan(ctx, sc, ref, opt)
	if err != nil {
		return nil, scheduler.ReplanReport{}, fmt.Errorf("re-plan %s to %s: %w", w.from, w.to, err)
	}
	if err := s.Check(ctx, sc, pl, "the change is a plan"); err != nil {
		return nil, scheduler.ReplanReport{}, err
	}
	part := &medibus.Plan{KPIs: pl.KPIs, Change: &medibus.Change{}}
	before, after := byDay(ref.Sessions), byDay(pl.Sessions)
	tours := map[medibus.SlotKey]medibus.BusDay{}
	for _, b := range pl.BusDays {
		tours[medibus.SlotKey{Unit: b.Unit, Date: b.Date}] = b
	}
	// The report counts the sessions of the change's dates on the buses it may change.
	var was, now medibus.Plan
	for i := range sc.Units {
		u := sc.Units[i].ID
		if !mayChange(u) {
			continue
		}
		for d := w.from; d <= w.to; d++ {
			k := medibus.SlotKey{Unit: u, Date: d}
			was.Sessions, now.Sessions = append(was.Sessions, before[k]...), append(now.Sessions, after[k]...)
			if sameDay(before[k], after[k]) {
				continue
			}
			part.Change.Days = append(part.Change.Days, medibus.ChangedDay{Unit: u, Date: d, Was: from[k]})
			part.Sessions = append(part.Sessions, after[k]...)
			if b, ok := tours[k]; ok && len(after[k]) > 0 {
				part.BusDays = append(part.BusDays, b)
			}
		}
	}
	return part, scheduler.Diff(&was, &now), nil
}

// datedWindow returns the calendar of the buses of base's scenario over window w as
// a plan from w.start (each day as the calendar shows it; a bus that another scenario's
// rotation decides, or none, or whose day a holiday or a closure cancels, is kept off
// that day), the dated copy of the scenario to plan and check it with (the public
// holidays, the closures, the absences abs; no rhythm, which belongs to the
// rotation), and the plan each bus-day came from.
func datedWindow(cal *calendar.Calendar, base *calendar.Source, closures []medibus.Closure, abs []medibus.Absence,
	w window) (*medibus.Scenario, *medibus.Plan, map[medibus.SlotKey]int64, error) {
	sc := base.Scenario.Rotation()
	// The rotation's own pins are dated in its first cycle and already in its
	// sessions: the window's pins are the calendar's sessions kept as they are.
	sc.Cyclic, sc.Frequencies, sc.Closures, sc.Pins = false, nil, closures, nil
	ref := &medibus.Plan{Scenario: sc.Name, Start: w.start, Travel: base.Plan.Travel}
	from := map[medibus.SlotKey]int64{} // by unit and date (Half unused)
	for i := range sc.Units {
		u := &sc.Units[i]
		for day := range w.days {
			d := w.start.AddDays(day)
			cd := cal.Day(u.ID, d)
			from[medibus.SlotKey{Unit: u.ID, Date: d}] = sourceID(cd)
			if cd.Source == nil || cd.Source.Plan.Scenario != base.Plan.Scenario || cd.Closed != "" {
				u.Unavailable = append(u.Unavailable, medibus.DateRange{From: d, To: d})
				continue
			}
			for _, se := range cd.Sessions {
				c := *se
				c.Date, c.Pinned = d, false
				ref.Sessions = append(ref.Sessions, c)
			}
			if cd.BusDay != nil {
				b := *cd.BusDay
				b.Date = d
				ref.BusDays = append(ref.BusDays, b)
			}
		}
	}
	if err := recordAbsences(sc, abs); err != nil {
		return nil, nil, nil, err
	}
	return sc, ref, from, nil
}

// recordAbsences marks the buses and professionals of abs unavailable on their dates
// in sc, whose units and staff are its own copies.
func recordAbsences(sc *medibus.Scenario, abs []medibus.Absence) error {
	for _, a := range abs {
		rg := medibus.DateRange{From: a.From, To: a.To}
		var err error
		if a.Unit != "" {
			err = markAway(sc.Units, a.Unit, rg, func(u *medibus.Unit) (string, *[]medibus.DateRange) { return u.ID, &u.Unavailable },
				"the rotation's scenario "+sc.Name+" has no bus %q")
		} else {
			err = markAway(sc.Staff, a.Staff, rg, func(m *medibus.StaffMember) (string, *[]medibus.DateRange) { return m.ID, &m.Unavailable },
				"the rotation's scenario "+sc.Name+" has no professional %q")
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// markAway adds rg to the unavailable dates of the entry of list with id, or refuses
// with unknown (a format taking the id) when there is none.
func markAway[T any](list []T, id string, rg medibus.DateRange, of func(*T) (string, *[]medibus.DateRange), unknown string) error {
	for i := range list {
		if got, ranges := of(&list[i]); got == id {
			*ranges = append(*ranges, rg)
			return nil
		}
	}
	r := refuse(RefuseUnknown, unknown, id)
	r.Units = []string{id}
	return r
}

// byDay groups sessions by bus and date (SlotKey with Half unused), in half-day order.
func byDay(ss []medibus.Session) map[medibus.SlotKey][]medibus.Session {
	out := map[medibus.SlotKey][]medibus.Session{}
	for _, s := range ss {
		k := medibus.SlotKey{Unit: s.Unit, Date: s.Date}
		out[k] = append(out[k], s)
	}
	for _, list := range out {
		slices.SortFunc(list, func(a, b medibus.Session) int { return cmp.Compare(a.Half, b.Half) })
	}
	return out
}

// sameDay reports whether two bus-days hold the same sessions for the people who rely
// on them: half-day, place, service, people and hours.
func sameDay(a, b []medibus.Session) bool {
	return slices.EqualFunc(a, b, func(x, y medibus.Session) bool {
		return x.Half == y.Half && x.Site == y.Site && x.Service == y.Service && x.Start == y.Start && x.End == y.End &&
			sameSet(x.Staff, y.Staff) && sameSet(x.Remote, y.Remote)
	})
}

func sameSet(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}
