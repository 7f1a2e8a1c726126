package scheduler

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"medibus"
)

// Kinds of change between a reference plan and its re-plan, as patients and staff see
// them: a session is identified by its date, half-day, site and service.
const (
	ChangeKept      = "kept"      // same bus, staff and times
	ChangeRestaffed = "restaffed" // same bus and times, another professional
	ChangeMoved     = "moved"     // same place and times, another bus
	ChangeRetimed   = "retimed"   // same place, other hours
	ChangeCancelled = "cancelled" // no longer held
	ChangeAdded     = "added"     // new session
)

// Change is one session's fate in a re-plan. Before is nil for an added session, After
// for a cancelled one.
type Change struct {
	Kind   string           `json:"kind"`
	Before *medibus.Session `json:"before,omitempty"`
	After  *medibus.Session `json:"after,omitempty"`
}

// ReplanReport counts and lists the changes of a re-plan. Changes holds every change
// except kept sessions, in date order.
type ReplanReport struct {
	Reference int      `json:"reference_sessions"`
	Kept      int      `json:"kept"`
	Restaffed int      `json:"restaffed"`
	Moved     int      `json:"moved"`
	Retimed   int      `json:"retimed"`
	Cancelled int      `json:"cancelled"`
	Added     int      `json:"added"`
	Changes   []Change `json:"changes"`
}

// ReplanOptions tune a re-plan.
type ReplanOptions struct {
	Options
	// Fill lets the planner add sessions in the half-days left free once the reference
	// sessions are kept; without it the re-plan only keeps, re-staffs, moves or cancels.
	Fill bool
	// Only, when set, lists the buses the re-plan may change (a coordinator limited to
	// an organisation or region): the others keep their sessions exactly as they were
	// and take none of the ones that move.
	Only []string
	// Dates, when set, are the only dates the re-plan may place a session on (a dated
	// change): a session elsewhere in the cycle stays only if pinned.
	Dates *medibus.DateRange
}

// Replan makes a new plan of sc (in which new absences have been recorded) that keeps
// as much of ref as it can: each reference session is kept as it was if its bus and
// staff are still available; otherwise it keeps its place and hours with a substitute
// of the same role, or on another bus that can take it; only then is it cancelled.
// With opt.Fill, the free half-days of the buses within reach of what was cancelled
// (the buses that lost it, and those that can reach its sites) are then filled
// greedily: a re-plan never sends a bus of another area to replace a lost session, nor
// changes the half-days of buses that the absences do not concern. The cycle start is
// ref's.
func Replan(ctx context.Context, sc *medibus.Scenario, ref *medibus.Plan, opt ReplanOptions) (*medibus.Plan, ReplanReport, error) {
	began := time.Now()
	opt.Start = ref.Start
	p, err := compile(ctx, sc, opt.Options)
	if err != nil {
		return nil, ReplanReport{}, err
	}
	st := newState(p, opt.Weights.withDefaults())
	if err := st.placePins(); err != nil {
		return nil, ReplanReport{}, err
	}
	st.frozen = frozenUnits(p, opt.Only)
	if opt.Dates != nil {
		st.frozenDay = make([]bool, p.days)
		for day := range st.frozenDay {
			st.frozenDay[day] = !opt.Dates.Contains(st.date(day))
		}
	}
	// Kept in date order so that staff caps favour the earliest sessions, which patients
	// were told about first.
	refs := slices.Clone(ref.Sessions)
	slices.SortStableFunc(refs, func(a, b medibus.Session) int {
		return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(a.Half, b.Half), cmp.Compare(a.Unit, b.Unit))
	})
	// Three passes, so that a session saved by a substitute or another bus never takes
	// the place of one that could stay exactly as it was.
	done := make([]bool, len(refs))
	for pass := range 3 {
		for i := range refs {
			if !done[i] {
				done[i] = st.keep(&refs[i], pass)
			}
		}
	}
	// Cancellations may leave a site's service waiting longer than its rhythm allows:
	// fill the gap or cancel the rest of the series.
	if _, err := st.completeRhythms(); err != nil {
		return nil, ReplanReport{}, err
	}
	if units := st.within(refs, done); opt.Fill && len(units) > 0 {
		if err := st.fillAndComplete(ctx, units, deadlineOf(began, opt.TimeLimit), opt.Iterations, opt.Progress); err != nil {
			return nil, ReplanReport{}, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, ReplanReport{}, err
	}
	parts, _ := st.objective()
	pl, err := st.plan(opt.Options)
	if err != nil {
		return nil, ReplanReport{}, err
	}
	pl.Engine = "replan"
	pl.KPIs.Search = &medibus.Search{Engine: "replan", Objective: parts.Total(), Parts: parts, Seconds: time.Since(began).Seconds(),
		LimitSeconds: opt.TimeLimit.Seconds(), Stopped: "re-plan"}
	return pl, Diff(ref, pl), nil
}

// keep tries to place reference session s: in pass 0 on its own bus with its own
// staff, in pass 1 on its own bus with substitutes, in pass 2 on another bus. It
// reports whether the session is placed (or can never be, so later passes skip it).
func (st *state) keep(s *medibus.Session, pass int) bool {
	p := st.p
	site, ok1 := p.siteIdx[s.Site]
	v, ok2 := p.serviceIdx[s.Service]
	day := int(s.Date - p.start)
	if !ok1 || !ok2 || day < 0 || day >= p.days || (s.Half != medibus.AM && s.Half != medibus.PM) {
		return true // cancelled: the scenario no longer has its site or service
	}
	own, hasOwn := p.unitIdx[s.Unit]
	switch pass {
	case 0:
		// A pinned session of the scenario is already there, exactly as it should be.
		if hasOwn {
			if pl := st.slot[own][day][s.Half]; pl != nil && pl.pinned && pl.site == site && pl.service == v {
				return true
			}
		}
		return hasOwn && st.tryKeep(own, site, v, day, s, true)
	case 1:
		return hasOwn && !st.frozen[own] && st.tryKeep(own, site, v, day, s, false)
	}
	for u := range p.sc.Units {
		if u != own && !st.frozen[u] && st.tryKeep(u, site, v, day, s, false) {
			return true
		}
	}
	return false
}

// tryKeep places s on unit u at the same site, service and hours if the unit may do it
// and a crew is available: s's own staff when exact, else preferring them.
func (st *state) tryKeep(u, site, v, day int, s *medibus.Session, exact bool) bool {
	p := st.p
	h := s.Half
	if st.slot[u][day][h] != nil || st.siteBusy[[3]int{site, day, int(h)}] || !st.unitWorks(u, day, h) ||
		!p.siteOpen(site, day, h) || !slices.Contains(p.unitServices[u], v) || !st.reaches(u, site) ||
		!st.ruleAllows(site, v, day, h) {
		return false
	}
	t, ok := st.crewLike(u, v, day, h, append(slices.Clone(s.Staff), s.Remote...))
	if exact {
		t, ok = st.exactTeam(day, h, s)
	}
	if !ok {
		return false
	}
	fixed := &medibus.Session{Start: s.Start, End: s.End}
	pl := &placed{site: site, service: v, team: t, fixed: fixed}
	a, b := amPM(st.slot[u][day][1-h], stopOf(pl), h)
	if _, ok := p.timeDay(u, a, b); !ok {
		return false
	}
	capacity := p.capacity(v, s.Start, s.End, t.assisted)
	st.place(u, pl, day, h, capacity)
	return true
}

// within returns the units within reach of the reference sessions that could not be
// kept (done false): the units that held them and those that reach their sites.
func (st *state) within(refs []medibus.Session, done []bool) []int {
	p := st.p
	near := map[int]bool{}
	for i := range refs {
		if done[i] {
			continue
		}
		if u, ok := p.unitIdx[refs[i].Unit]; ok {
			near[u] = true
		}
		site, ok := p.siteIdx[refs[i].Site]
		if !ok {
			continue
		}
		for u := range p.sc.Units {
			if !near[u] && st.reaches(u, site) {
				near[u] = true
			}
		}
	}
	units := make([]int, 0, len(near))
	for u := range near {
		if !st.frozen[u] {
			units = append(units, u)
		}
	}
	slices.Sort(units)
	return units
}

// frozenUnits marks the buses a re-plan limited to only may not change (none when only
// is empty).
func frozenUnits(p *problem, only []string) map[int]bool {
	if len(only) == 0 {
		return nil
	}
	out := map[int]bool{}
	for u := range p.sc.Units {
		if !slices.Contains(only, p.sc.Units[u].ID) {
			out[u] = true
		}
	}
	return out
}

// sessionID is what identifies a session for the people who rely on it.
type sessionID struct {
	date          medibus.Date
	half          medibus.Half
	site, service string
}

// Diff compares a plan with its reference, session by session. It needs nothing but the
// two plans, so it also reports on plans edited by hand.
func Diff(ref, pl *medibus.Plan) ReplanReport {
	r := ReplanReport{Reference: len(ref.Sessions), Changes: []Change{}}
	after := make(map[sessionID][]*medibus.Session, len(pl.Sessions))
	for i := range pl.Sessions {
		s := &pl.Sessions[i]
		k := sessionID{s.Date, s.Half, s.Site, s.Service}
		after[k] = append(after[k], s)
	}
	used := make(map[*medibus.Session]bool, len(pl.Sessions))
	for i := range ref.Sessions {
		b := &ref.Sessions[i]
		k := sessionID{b.Date, b.Half, b.Site, b.Service}
		var a *medibus.Session
		for _, c := range after[k] {
			if !used[c] && (a == nil || c.Unit == b.Unit) {
				a = c
			}
		}
		if a == nil {
			r.Cancelled++
			r.Changes = append(r.Changes, Change{Kind: ChangeCancelled, Before: b})
			continue
		}
		used[a] = true
		kind := ChangeKept
		switch {
		case a.Start != b.Start || a.End != b.End:
			kind = ChangeRetimed
			r.Retimed++
		case a.Unit != b.Unit:
			kind = ChangeMoved
			r.Moved++
		case !sameStaff(a.Staff, b.Staff) || !sameStaff(a.Remote, b.Remote):
			kind = ChangeRestaffed
			r.Restaffed++
		default:
			r.Kept++
			continue
		}
		r.Changes = append(r.Changes, Change{Kind: kind, Before: b, After: a})
	}
	for i := range pl.Sessions {
		if a := &pl.Sessions[i]; !used[a] {
			r.Added++
			r.Changes = append(r.Changes, Change{Kind: ChangeAdded, After: a})
		}
	}
	slices.SortStableFunc(r.Changes, func(x, y Change) int {
		a, b := x.After, y.After
		if x.Before != nil {
			a = x.Before
		}
		if y.Before != nil {
			b = y.Before
		}
		return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(a.Half, b.Half), cmp.Compare(a.Unit, b.Unit), cmp.Compare(a.Site, b.Site))
	})
	return r
}

func sameStaff(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

// Summary is the report in one line.
func (r ReplanReport) Summary() string {
	return fmt.Sprintf("%d of %d sessions kept as they were, %d re-staffed, %d moved to another bus, %d re-timed, %d cancelled, %d added",
		r.Kept, r.Reference, r.Restaffed, r.Moved, r.Retimed, r.Cancelled, r.Added)
}

// ids names members by id.
func (st *state) ids(ms []int) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = st.p.sc.Staff[m].ID
	}
	return out
}

// exactTeam is s's own team, when every member is still free for the half-day: on
// board, remote, and an intern's supervisor by phone when no senior is on board.
func (st *state) exactTeam(day int, h medibus.Half, s *medibus.Session) (team, bool) {
	t, err := st.pinnedTeam(s)
	if err != nil {
		return noTeam, false
	}
	for _, m := range t.staff {
		if !st.onBoardFree(m, day, h) {
			return noTeam, false
		}
	}
	for _, m := range t.remote {
		if !st.remoteFree(m, day, h) {
			return noTeam, false
		}
	}
	if s := t.supervisor; s >= 0 && (!st.p.rules.InternRemote || st.busy[s][day][h] || st.remoteLoad[s][day][h] > 0 ||
		!st.p.sc.Staff[s].AvailableOn(st.date(day), h)) {
		return noTeam, false
	}
	return t, true
}
