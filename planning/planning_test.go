package planning_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"medibus"
	"medibus/calendar"
	"medibus/planning"
	"medibus/routing"
	"medibus/scenario"
	"medibus/scheduler"
	"medibus/store"
	"medibus/territory"
)

// gcTravel is the default great-circle travel model, as the configuration builds it.
var gcTravel, _ = routing.NewGreatCircle(routing.DefaultTravel)

var (
	creuseOnce sync.Once
	creuse     *medibus.Scenario
	creuseErr  error
)

// creuseScenario builds the Creuse once; each test gets its own copy.
func creuseScenario(t *testing.T) *medibus.Scenario {
	t.Helper()
	creuseOnce.Do(func() {
		var fr *territory.France
		if fr, creuseErr = territory.Load(); creuseErr == nil {
			creuse, creuseErr = scenario.Build(context.Background(), "creuse", scenario.Defaults(), fr, gcTravel, scenario.Imports{})
		}
	})
	if creuseErr != nil {
		t.Fatal(creuseErr)
	}
	c := *creuse
	return &c
}

func date(t *testing.T, s string) medibus.Date {
	t.Helper()
	d, err := medibus.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// world is a database with a published Creuse rotation from start, on "today".
type world struct {
	db    *store.DB
	svc   *planning.Service
	today medibus.Date
	rot   *medibus.Plan
}

func newWorld(t *testing.T, sc *medibus.Scenario, start, today string) *world {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	w := &world{db: db, svc: &planning.Service{Store: db, Travel: gcTravel}, today: date(t, today)}
	ctx := context.Background()
	if w.rot, err = w.svc.Plan(ctx, sc, planning.Request{Engine: "greedy", Options: scheduler.Options{Start: date(t, start), Seed: 1}}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Publish(ctx, db, planning.PublishRequest{Plan: w.rot.ID, Today: w.today}); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *world) calendar(t *testing.T) *calendar.Calendar {
	t.Helper()
	cal, _, err := planning.LoadCalendar(context.Background(), w.db, w.today)
	if err != nil {
		t.Fatal(err)
	}
	return cal
}

// days lists, for each date of [from, to), the sessions of every bus as "unit half site
// service start-end".
func days(cal *calendar.Calendar, units []string, from, to medibus.Date) map[medibus.Date][]string {
	out := map[medibus.Date][]string{}
	for d := from; d < to; d++ {
		for _, u := range units {
			day := cal.Day(u, d)
			for _, s := range day.Sessions {
				out[d] = append(out[d], strings.Join([]string{u, s.Half.String(), s.Site, s.Service, s.Start.String(), s.End.String(), day.Closed}, " "))
			}
		}
	}
	return out
}

// TestChangeOnItsDatesOnly: every Creuse bus broken down on a Tuesday and a Wednesday
// two weeks ahead: published, the change replaces those days only; the calendar is the
// same on every other date of the next three months, and a later change of the same
// days is refused once published against an older state.
func TestChangeOnItsDatesOnly(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, creuseScenario(t), "2026-12-21", "2026-12-14")
	units := []string{"bus-23", "bus-23b"}
	from, to := date(t, "2027-01-05"), date(t, "2027-01-06")
	before := days(w.calendar(t), units, w.today, w.today.AddDays(91))
	req := planning.ChangeRequest{Absences: []medibus.Absence{{Unit: "bus-23", From: from, To: to}, {Unit: "bus-23b", From: from, To: to}},
		Seed: 1, Today: w.today}
	res, err := w.svc.Change(ctx, w.db, req)
	if err != nil {
		t.Fatal(err)
	}
	if res.Plan.Change.Reason != "panne du Médicobus Creuse, panne du Médicobus Creuse B" || len(res.Plan.Change.Days) == 0 {
		t.Errorf("change %+v", res.Plan.Change)
	}
	if vs, err := w.svc.CheckStored(ctx, w.db, res.Plan); err != nil || len(vs) > 0 {
		t.Fatalf("the change does not validate: %v %v", vs, err)
	}
	if _, err := w.svc.Publish(ctx, w.db, planning.PublishRequest{Plan: res.Plan.ID, Today: w.today}); err != nil {
		t.Fatal(err)
	}
	after := days(w.calendar(t), units, w.today, w.today.AddDays(91))
	for d := w.today; d < w.today.AddDays(91); d++ {
		changed := strings.Join(before[d], "|") != strings.Join(after[d], "|")
		if in := d >= from && d <= to; in != changed || in && len(after[d]) > 0 {
			t.Errorf("%s: changed %v (%d sessions before, %d after)", d, changed, len(before[d]), len(after[d]))
		}
	}
	// A change planned against the calendar before the first was published is stale.
	stale, err := w.svc.Change(ctx, w.db, planning.ChangeRequest{Absences: req.Absences[:1], Seed: 1, Today: w.today})
	if err == nil {
		_, err = w.svc.Publish(ctx, w.db, planning.PublishRequest{Plan: stale.Plan.ID, Today: w.today})
	}
	if r, ok := planning.IsRefusal(err); !ok || r.Code != planning.RefuseNothingToChange {
		t.Errorf("breaking a bus already off the road: %v, want nothing to change", err)
	}
}

// TestBreakdownOnPinnedDay: a bus whose rotation holds a pinned session (pins.csv)
// breaks down on that session's date in a later cycle: the change cancels it there.
// Before the fix, the rotation's own pins (dated in its first cycle) were kept as pins
// of the change's window and the re-plan failed.
func TestBreakdownOnPinnedDay(t *testing.T) {
	ctx := context.Background()
	sc := creuseScenario(t)
	ref, err := scheduler.Greedy{}.Plan(ctx, sc.Rotation(), scheduler.Options{Start: date(t, "2026-12-21"), Seed: 1, Travel: gcTravel})
	if err != nil {
		t.Fatal(err)
	}
	pin := ref.Sessions[0]
	pin.Pinned, pin.Booked, pin.ExpectedPatients = true, nil, 0
	sc.Pins = []medibus.Session{pin}
	w := newWorld(t, sc, "2026-12-21", "2026-12-14")
	day := pin.Date.AddDays(14)
	res, err := w.svc.Change(ctx, w.db, planning.ChangeRequest{Absences: []medibus.Absence{{Unit: pin.Unit, From: day, To: day}}, Seed: 1, Today: w.today})
	if err != nil {
		t.Fatalf("breakdown on a pinned day: %v", err)
	}
	if res.Report.Cancelled+res.Report.Moved == 0 {
		t.Errorf("the pinned session of %s was neither cancelled nor moved: %s", day, res.Report.Summary())
	}
}

// TestChangeRefusals: what a change cannot be is refused with a code before anything
// is planned or stored.
func TestChangeRefusals(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, creuseScenario(t), "2026-12-21", "2026-12-14")
	sat := date(t, "2027-01-09")
	tests := []struct {
		name string
		req  planning.ChangeRequest
		code string
	}{
		{"a past date", planning.ChangeRequest{Absences: []medibus.Absence{{Unit: "bus-23", From: date(t, "2026-12-10"), To: date(t, "2026-12-10")}}}, planning.RefuseChangePast},
		{"an unknown bus", planning.ChangeRequest{Absences: []medibus.Absence{{Unit: "bus-99", From: sat, To: sat}}}, planning.RefuseNotPublished},
		{"nobody's absence", planning.ChangeRequest{Absences: []medibus.Absence{{Staff: "nobody", From: sat, To: sat}}}, planning.RefuseNotPublished},
		{"a Saturday, no session", planning.ChangeRequest{Absences: []medibus.Absence{{Unit: "bus-23", From: sat, To: sat}}}, planning.RefuseNothingToChange},
		{"before the rotation starts", planning.ChangeRequest{Absences: []medibus.Absence{{Unit: "bus-23", From: date(t, "2026-12-15"), To: date(t, "2026-12-15")}}}, planning.RefuseNotPublished},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.req.Today, tc.req.Seed = w.today, 1
			_, err := w.svc.Change(ctx, w.db, tc.req)
			if r, ok := planning.IsRefusal(err); !ok || r.Code != tc.code {
				t.Errorf("error %v, want refusal %s", err, tc.code)
			}
		})
	}
	plans, err := w.db.ListPlans(ctx)
	if err != nil || len(plans) != 1 {
		t.Errorf("a refused change stored a plan: %d plans, %v", len(plans), err)
	}
}

func TestEffectiveDate(t *testing.T) {
	pl := &medibus.Plan{ID: 7, Start: date(t, "2026-11-23")}
	tests := []struct {
		asked, today, want string
		code               string
	}{
		{"", "2026-11-20", "2026-11-23", ""},
		{"", "2026-11-23", "2026-11-23", ""},
		{"", "2026-11-24", "2026-12-07", ""},
		{"", "2026-12-07", "2026-12-07", ""},
		{"2026-12-09", "2026-12-07", "2026-12-09", ""},
		{"2026-12-01", "2026-12-07", "", planning.RefuseEffectivePast},
		{"2026-11-20", "2026-11-19", "", planning.RefuseBeforeStart},
	}
	for _, tc := range tests {
		var asked medibus.Date
		if tc.asked != "" {
			asked = date(t, tc.asked)
		}
		got, err := planning.EffectiveDate(pl, 14, asked, date(t, tc.today))
		r, _ := planning.IsRefusal(err)
		switch {
		case tc.code != "" && (r == nil || r.Code != tc.code):
			t.Errorf("asked %q today %s: %v, want refusal %s", tc.asked, tc.today, err, tc.code)
		case tc.code == "" && (err != nil || got.String() != tc.want):
			t.Errorf("asked %q today %s: %s %v, want %s", tc.asked, tc.today, got, err, tc.want)
		}
	}
}

// TestPublishStaleChange: a change planned against a calendar that another publication
// has changed since is refused, and nothing is published.
func TestPublishStaleChange(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t, creuseScenario(t), "2026-12-21", "2026-12-14")
	tue := date(t, "2027-01-05")
	one, err := w.svc.Change(ctx, w.db, planning.ChangeRequest{Absences: []medibus.Absence{{Unit: "bus-23", From: tue, To: tue}}, Seed: 1, Today: w.today})
	if err != nil {
		t.Fatal(err)
	}
	two, err := w.svc.Change(ctx, w.db, planning.ChangeRequest{Absences: []medibus.Absence{{Staff: one.Report.Changes[0].Before.Staff[0], From: tue, To: tue}}, Seed: 2, Today: w.today})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Publish(ctx, w.db, planning.PublishRequest{Plan: one.Plan.ID, Today: w.today}); err != nil {
		t.Fatal(err)
	}
	_, err = w.svc.Publish(ctx, w.db, planning.PublishRequest{Plan: two.Plan.ID, Today: w.today})
	if r, ok := planning.IsRefusal(err); !ok || r.Code != planning.RefuseChangeStale {
		t.Fatalf("publishing a change made against an older calendar: %v", err)
	}
	if pl, _ := w.db.PlanByID(ctx, two.Plan.ID); pl.Status != medibus.StatusDraft {
		t.Errorf("the stale change is %s", pl.Status)
	}
}

// TestExtraSession: a one-off session added on a half-day of a bus (a replacement day,
// say) is held as given on that date only: the session it displaces there is moved or
// cancelled, and published, the calendar holds the extra session on that day and the
// rotation on the same half-day a cycle later.
func TestExtraSession(t *testing.T) {
	ctx := context.Background()
	sc := creuseScenario(t)
	w := newWorld(t, sc, "2026-12-21", "2026-12-14")
	cal := w.calendar(t)
	for d := date(t, "2027-01-04"); d < date(t, "2027-01-16"); d++ {
		for _, was := range cal.Day("bus-23", d).Sessions {
			for _, other := range cal.Day("bus-23", d+7).Sessions {
				if other.Service != "gp" || other.Site == was.Site || other.Half != was.Half {
					continue
				}
				// Last week's session of that half-day, brought to this one.
				x := &medibus.Session{Unit: "bus-23", Date: d, Half: was.Half, Site: other.Site, Service: "gp", Staff: other.Staff, Start: other.Start, End: other.End}
				res, err := w.svc.Change(ctx, w.db, planning.ChangeRequest{Extra: x, Seed: 1, Today: w.today})
				if err != nil {
					continue // that professional is not free that half-day
				}
				if res.Report.Added != 1 || res.Report.Cancelled+res.Report.Moved == 0 || res.Plan.Change.Kind != medibus.ChangeExtra ||
					res.Plan.Change.Reason != "séance ajoutée" || len(res.Plan.Change.Days) == 0 {
					t.Fatalf("extra session: %s, %+v", res.Report.Summary(), res.Plan.Change)
				}
				if _, err := w.svc.Publish(ctx, w.db, planning.PublishRequest{Plan: res.Plan.ID, Today: w.today}); err != nil {
					t.Fatal(err)
				}
				after := w.calendar(t)
				got := after.Day("bus-23", d)
				if got.Change == nil || !slices.ContainsFunc(got.Sessions, func(s *medibus.Session) bool { return s.Site == other.Site && s.Half == was.Half }) {
					t.Errorf("the calendar of %s does not hold the extra session", d)
				}
				if next := after.Day("bus-23", d+14); next.Change != nil || !slices.ContainsFunc(next.Sessions, func(s *medibus.Session) bool { return s.Site == was.Site && s.Half == was.Half }) {
					t.Errorf("a cycle later, %s does not hold the rotation's session", d+14)
				}
				return
			}
		}
	}
	t.Fatal("no half-day of bus-23 took another of its GP sessions as an extra one")
}
