package planning_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"medibus"
	"medibus/holiday"
	"medibus/planning"
	"medibus/scheduler"
	"medibus/store"
	"medibus/validate"
)

// deskWorld is a draft Creuse rotation from Monday 23 November 2026, planned and stored
// in a real database, whose pins the tests set through the store as the server does.
type deskWorld struct {
	db   *store.DB
	svc  *planning.Service
	sc   *medibus.Scenario
	plan *medibus.Plan
}

func newDeskWorld(t *testing.T) *deskWorld {
	t.Helper()
	db, err := store.Open(t.TempDir() + "/desk.db")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	w := &deskWorld{db: db, svc: &planning.Service{Store: db, Travel: gcTravel}, sc: creuseScenario(t)}
	w.plan, err = w.svc.Plan(context.Background(), w.sc, planning.Request{Engine: "greedy", Options: scheduler.Options{Start: date(t, "2026-11-23"), Seed: 1}})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// desk reads the plan's pins from the store, as the server does, and returns its desk
// over sc (the plan's scenario, or a variant of it) with calendar cal.
func (w *deskWorld) desk(t *testing.T, sc *medibus.Scenario, cal *holiday.Calendar) *planning.Desk {
	t.Helper()
	ps, err := w.db.PinStateOf(context.Background(), w.plan.ID)
	if err != nil {
		t.Fatal(err)
	}
	return w.svc.Desk(planning.DeskInput{Plan: w.plan, Scenario: sc, Calendar: cal,
		Pins: planning.PinState{Revision: ps.Revision, Pins: ps.Pins, Origins: ps.Origins}})
}

// find returns the first session of the plan on unit with service.
func (w *deskWorld) find(t *testing.T, unit, service string) medibus.Session {
	t.Helper()
	for _, s := range w.plan.Sessions {
		if s.Unit == unit && s.Service == service {
			return s
		}
	}
	t.Fatalf("the plan has no %s session on %s", service, unit)
	return medibus.Session{}
}

// pin makes the pin of mv as the server does.
func (w *deskWorld) pin(t *testing.T, mv planning.Move) medibus.Session {
	t.Helper()
	p, err := planning.NewPin(w.plan, w.sc, mv)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// stay is the move that pins s where it is.
func stay(s medibus.Session) planning.Move {
	return planning.Move{From: s.Key(), Date: s.Date, Half: s.Half}
}

// codes lists the codes of issues, with the professional concerned if any.
func codes(is []planning.Issue) []string {
	out := []string{}
	for _, i := range is {
		out = append(out, strings.TrimSpace(i.Code+" "+i.Member))
	}
	return out
}

// TestDeskAcceptsEveryPlannedSession: each session of a valid plan, pinned where it
// is, is accepted with nothing to say: the pins are timed as the planner times them
// (legs, set-up with or without an assistant, leaving and coming back), or validate
// would refuse some.
func TestDeskAcceptsEveryPlannedSession(t *testing.T) {
	ctx := context.Background()
	w := newDeskWorld(t)
	d := w.desk(t, w.sc, nil)
	for _, s := range w.plan.Sessions {
		vd, err := d.Check(ctx, w.pin(t, stay(s)), s.Key())
		if err != nil {
			t.Fatal(err)
		}
		if !vd.OK() || len(vd.Warnings) > 0 {
			t.Errorf("%s %s %s pinned in place: refusals %v, warnings %v", s.Unit, s.Date, s.Half, codes(vd.Refusals), codes(vd.Warnings))
		}
	}
}

// TestDeskCheck: what the desk refuses, with the rule and the data a sentence needs,
// what it foresees of an accepted move, and that every alternative it offers for a
// refused move is accepted.
func TestDeskCheck(t *testing.T) {
	ctx := context.Background()
	w := newDeskWorld(t)
	eye, derm, dermB := w.find(t, "bus-23", "eye"), w.find(t, "bus-23", "derm"), w.find(t, "bus-23b", "derm")
	gp := w.find(t, "bus-23", "gp")
	sat := eye.Date.AddDays(5 - int(eye.Date.Weekday()) + 1)
	unavailable := slices.IndexFunc(w.sc.Staff, func(m medibus.StaffMember) bool {
		return m.Role == "gp" && m.CanWorkOn(gp.Unit) && !m.Availability.Has(gp.Date.Weekday(), gp.Half)
	})
	weekly := *w.sc
	weekly.Frequencies = []medibus.Frequency{{INSEE: siteINSEE(t, w.sc, gp.Site), Service: gp.Service, Every: 1}}
	amOnly := weekly
	amOnly.Frequencies = []medibus.Frequency{{INSEE: siteINSEE(t, w.sc, gp.Site), Service: gp.Service, Every: 2, Days: medibus.WeekdaysAll &^ medibus.HalfDays(0).With(gp.Date.Weekday(), gp.Half)}}
	inherited := *w.sc
	inherited.Pins = []medibus.Session{w.pin(t, stay(gp))}
	snow := holiday.New([]medibus.Closure{{From: eye.Date, To: eye.Date, Department: "23", Reason: "neige"}})
	tests := []struct {
		name     string
		sc       *medibus.Scenario
		cal      *holiday.Calendar
		mv       planning.Move
		refusal  string // the first refusal's code; "": accepted
		rule     int
		warnings []string // among the warnings, in this order
	}{
		{"in place", w.sc, nil, stay(eye), "", 0, []string{}},
		{"a Saturday", w.sc, nil, planning.Move{From: eye.Key(), Date: sat, Half: medibus.AM}, validate.CodeBusOffDay, 2, nil},
		{"an unavailable professional", w.sc, nil, planning.Move{From: gp.Key(), Date: gp.Date, Half: gp.Half, Staff: []string{w.sc.Staff[unavailable].ID}},
			validate.CodeStaffUnavailable, 6, nil},
		{"onto another bus's professional, over their cap", w.sc, nil, planning.Move{From: derm.Key(), Date: dermB.Date, Half: dermB.Half}, "", 0,
			[]string{planning.IssueDisplaced, planning.IssueStaffElsewhere + " " + derm.Staff[0], planning.IssueStaffCap + " " + derm.Staff[0]}},
		{"a closed date", w.sc, snow, stay(eye), "", 0, []string{planning.IssueClosedDate}},
		{"a weekly rhythm the planner completes", &weekly, nil, stay(gp), "", 0, []string{validate.CodeFrequencyGapLong}},
		{"a half-day the rhythm forbids", &amOnly, nil, stay(gp), validate.CodeFrequencyDay, 18, nil},
		{"a session the scenario pins", &inherited, nil, planning.Move{From: gp.Key(), Date: gp.Date.AddDays(7), Half: gp.Half}, planning.IssueInheritedPin, 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := w.desk(t, tc.sc, tc.cal)
			vd, err := d.Check(ctx, w.pin(t, tc.mv), tc.mv.From)
			if err != nil {
				t.Fatal(err)
			}
			for _, is := range append(slices.Clone(vd.Refusals), vd.Warnings...) {
				if !complete(is, vd.Pin) {
					t.Errorf("%s lacks what its sentence needs: %+v", is.Code, is)
				}
			}
			if tc.refusal == "" {
				if !vd.OK() {
					t.Fatalf("refused: %v", codes(vd.Refusals))
				}
				if got := codes(vd.Warnings); !subsequence(tc.warnings, got) || len(tc.warnings) == 0 && len(got) > 0 {
					t.Errorf("warnings %v, want %v", got, tc.warnings)
				}
				return
			}
			if vd.OK() || vd.Refusals[0].Code != tc.refusal || vd.Refusals[0].Rule != tc.rule {
				t.Fatalf("refusals %v (rule %d), want %s (rule %d)", codes(vd.Refusals), ruleOf(vd.Refusals), tc.refusal, tc.rule)
			}
			if is := vd.Refusals[0]; is.Violation != nil && (is.Timed == nil || is.Violation.Unit != tc.mv.From.Unit) {
				t.Errorf("the violation %+v is not located in the pins as timed", is.Violation)
			}
			if tc.refusal != planning.IssueInheritedPin {
				// The alternatives are judged on the rules, not on the desk's own
				// refusals: those of an inherited pin are refused in turn.
				w.checkAlternatives(t, d, vd)
			}
		})
	}
}

// complete reports whether issue is carries the data a sentence about it needs.
func complete(is planning.Issue, pin medibus.Session) bool {
	switch is.Code {
	case planning.IssueAlreadyMoved, planning.IssueInheritedPin, validate.CodeBusDoubleBooked:
		return is.Slot != (medibus.SlotKey{})
	case planning.IssueClosedDate:
		return is.Session != nil && is.Reason != ""
	case planning.IssueDisplaced:
		return is.Session != nil && is.Session.Key() == pin.Key()
	case planning.IssueStaffElsewhere:
		return is.Session != nil && is.Session.Unit != pin.Unit && slices.Contains(is.Session.Staff, is.Member)
	case planning.IssueStaffCap:
		return slices.Contains(pin.Staff, is.Member) && is.Cap > 0
	}
	return is.Violation != nil && is.Timed != nil && is.Violation.Code == is.Code && is.Violation.Rule == is.Rule
}

// subsequence reports whether want appears in got in order.
func subsequence(want, got []string) bool {
	i := 0
	for _, g := range got {
		if i < len(want) && g == want[i] {
			i++
		}
	}
	return i == len(want)
}

func ruleOf(is []planning.Issue) int {
	if len(is) == 0 {
		return 0
	}
	return is[0].Rule
}

// checkAlternatives: a refused move comes with alternatives, each accepted when asked
// as the server asks it (the same move to the half-day offered, or with the team
// offered).
func (w *deskWorld) checkAlternatives(t *testing.T, d *planning.Desk, vd planning.Verdict) {
	t.Helper()
	if len(vd.Alternatives.Staff)+len(vd.Alternatives.Slots) == 0 {
		t.Errorf("nothing offered instead of %v", codes(vd.Refusals))
	}
	var alts []planning.Move
	for _, o := range vd.Alternatives.Slots {
		alts = append(alts, planning.Move{From: vd.Origin, Date: o.Date, Half: o.Half, Site: vd.Pin.Site, Staff: vd.Pin.Staff})
	}
	for _, o := range vd.Alternatives.Staff {
		if !slices.Contains(o.Staff, o.Member) {
			t.Errorf("team %v offered without %s", o.Staff, o.Member)
		}
		alts = append(alts, planning.Move{From: vd.Origin, Date: vd.Pin.Date, Half: vd.Pin.Half, Site: vd.Pin.Site, Staff: o.Staff})
	}
	for _, mv := range alts {
		if got, err := d.Check(context.Background(), w.pin(t, mv), mv.From); err != nil || !got.OK() {
			t.Errorf("alternative %s %s %v refused: %v %v", mv.Date, mv.Half, mv.Staff, codes(got.Refusals), err)
		}
	}
}

func siteINSEE(t *testing.T, sc *medibus.Scenario, id string) string {
	t.Helper()
	for _, s := range sc.Sites {
		if s.ID == id {
			return s.INSEE
		}
	}
	t.Fatalf("no site %s", id)
	return ""
}
