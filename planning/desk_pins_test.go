package planning_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"medibus"
	"medibus/planning"
	"medibus/scheduler"
	"medibus/store"
	"medibus/validate"
)

// TestNewPin: the session of a slot becomes a pin, moved, re-sited or re-staffed as
// asked; a move that names nothing the plan can pin says why.
func TestNewPin(t *testing.T) {
	w := newDeskWorld(t)
	eye := w.find(t, "bus-23", "eye") // a morning session
	end := w.plan.Start.AddDays(w.sc.Rules.CycleDays())
	otherSite := w.find(t, "bus-23", "gp").Site
	tests := []struct {
		name string
		mv   planning.Move
		err  string // the MoveError's code; "": a pin
		want func(p medibus.Session) bool
	}{
		{"in place", stay(eye), "", func(p medibus.Session) bool {
			return p.Key() == eye.Key() && p.Start == eye.Start && p.End == eye.End && p.Pinned
		}},
		{"to the afternoon, same length", planning.Move{From: eye.Key(), Date: eye.Date.AddDays(1), Half: medibus.PM}, "", func(p medibus.Session) bool {
			w := w.sc.Rules.Windows[medibus.PM]
			return p.Date == eye.Date.AddDays(1) && p.Half == medibus.PM && p.Start == w.Start && p.End == min(w.End, w.Start+eye.End-eye.Start)
		}},
		{"to another site with another team", planning.Move{From: eye.Key(), Date: eye.Date, Half: eye.Half, Site: otherSite, Staff: []string{"gp-bus-23-3"}}, "", func(p medibus.Session) bool {
			return p.Site == otherSite && slices.Equal(p.Staff, []string{"gp-bus-23-3"}) && p.Service == eye.Service
		}},
		{"a slot without a session", planning.Move{From: medibus.SlotKey{Unit: "bus-23", Date: eye.Date.AddDays(5), Half: medibus.AM}, Date: eye.Date}, planning.MoveNoSession, nil},
		{"a bus without sessions", planning.Move{From: medibus.SlotKey{Unit: "bus-99", Date: eye.Date, Half: eye.Half}, Date: eye.Date}, planning.MoveNoSession, nil},
		{"after the cycle", planning.Move{From: eye.Key(), Date: end, Half: eye.Half}, planning.MoveOutsideCycle, nil},
		{"before the cycle", planning.Move{From: eye.Key(), Date: w.plan.Start - 1, Half: eye.Half}, planning.MoveOutsideCycle, nil},
		{"an unknown site", planning.Move{From: eye.Key(), Date: eye.Date, Half: eye.Half, Site: "s-00000"}, planning.MoveUnknownSite, nil},
		{"an unknown professional", planning.Move{From: eye.Key(), Date: eye.Date, Half: eye.Half, Staff: []string{"gp-bus-23-1", "nobody"}}, planning.MoveUnknownStaff, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := planning.NewPin(w.plan, w.sc, tc.mv)
			var me *planning.MoveError
			switch {
			case tc.err == "" && err != nil:
				t.Fatal(err)
			case tc.err == "" && !tc.want(p):
				t.Errorf("pin %+v", p)
			case tc.err != "" && (!errors.As(err, &me) || me.Code != tc.err || me.Plan != w.plan.ID):
				t.Errorf("error %v, want %s", err, tc.err)
			}
		})
	}
}

// TestDeskPinState: the pins set on the plan, read from the store in one snapshot,
// refuse what would hold a session twice or two sessions in one slot, are re-checked
// before a re-optimisation, and are held by it: the session moves, it is not copied.
func TestDeskPinState(t *testing.T) {
	ctx := context.Background()
	w := newDeskWorld(t)
	gp := w.find(t, "bus-23", "gp")
	eye := w.find(t, "bus-23", "eye")
	if hold, err := w.desk(t, w.sc, nil).PinsHold(ctx); err != nil || len(hold) > 0 {
		t.Fatalf("no pins: %v %v", codes(hold), err)
	}
	d := w.desk(t, w.sc, nil)
	// The first half-day the desk accepts on another weekday or half: the site's
	// service keeps one regular half-day a week, so the old slot cannot hold it again
	// beside the pin, and a session there at the same site would be a copy, not the
	// planner's choice of a weekly rhythm.
	var moved medibus.Session
	for day := 1; day < 14 && moved.Unit == ""; day++ {
		for _, h := range []medibus.Half{medibus.AM, medibus.PM} {
			to := planning.Move{From: gp.Key(), Date: gp.Date.AddDays(day), Half: h}
			if day%7 == 0 && h == gp.Half {
				continue
			}
			if vd, err := d.Check(ctx, w.pin(t, to), gp.Key()); err == nil && vd.OK() {
				moved = w.pin(t, to)
				break
			}
		}
	}
	if moved.Unit == "" {
		t.Fatalf("no half-day accepts %s", gp.Key())
	}
	rev, err := w.db.MovePin(ctx, w.plan.ID, moved, gp.Key(), store.PinWrite{IfRevision: d.Revision(), By: "test", What: "a déplacé"})
	if err != nil {
		t.Fatal(err)
	}
	d = w.desk(t, w.sc, nil)
	if d.Revision() != rev || len(d.Pins()) != 1 {
		t.Fatalf("desk at revision %d with %d pins, want %d and 1", d.Revision(), len(d.Pins()), rev)
	}
	tests := []struct {
		name    string
		mv      planning.Move
		refusal string
		slot    medibus.SlotKey
	}{
		{"the moved session again from its old slot", planning.Move{From: gp.Key(), Date: gp.Date, Half: gp.Half, Staff: gp.Staff}, planning.IssueAlreadyMoved, moved.Key()},
		{"another session into the pinned slot", planning.Move{From: eye.Key(), Date: moved.Date, Half: moved.Half}, validate.CodeBusDoubleBooked, moved.Key()},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			vd, err := d.Check(ctx, w.pin(t, tc.mv), tc.mv.From)
			if err != nil {
				t.Fatal(err)
			}
			if i := slices.IndexFunc(vd.Refusals, func(is planning.Issue) bool { return is.Code == tc.refusal }); i < 0 || vd.Refusals[i].Slot != tc.slot {
				t.Errorf("refusals %v, want %s naming %v", codes(vd.Refusals), tc.refusal, tc.slot)
			}
		})
	}
	if hold, err := d.PinsHold(ctx); err != nil || len(hold) > 0 {
		t.Errorf("the pin set holds no more: %v %v", codes(hold), err)
	}
	w.reoptimise(t, d, gp, moved, rev)
}

// reoptimise runs the desk's re-optimisation and checks it holds the moved pin, without
// a copy of the session in its old slot, and says which revision of the pins it read.
func (w *deskWorld) reoptimise(t *testing.T, d *planning.Desk, from, moved medibus.Session, rev int64) {
	t.Helper()
	req := d.Reoptimise(scheduler.Options{Start: w.plan.Start, Seed: 1})
	req.Engine = "greedy"
	if req.ReferenceRevision != rev || req.Options.Reference == nil || len(req.Options.Reference.Sessions) != len(w.plan.Sessions)-1 ||
		slices.ContainsFunc(req.Options.Reference.Sessions, func(s medibus.Session) bool { return s.Key() == from.Key() }) {
		t.Fatalf("request: revision %d, reference without the moved session? %+v", req.ReferenceRevision, req.Options.Reference != nil)
	}
	pl, err := w.svc.Plan(context.Background(), w.sc, req)
	if err != nil {
		t.Fatal(err)
	}
	if pl.ReferenceRevision != rev {
		t.Errorf("re-plan read revision %d, want %d", pl.ReferenceRevision, rev)
	}
	for _, s := range pl.Sessions {
		if s.Key() == moved.Key() && (!s.Pinned || s.Site != moved.Site || s.Service != moved.Service) {
			t.Errorf("the pin is not held: %+v", s)
		}
		if s.Key() == from.Key() && s.Site == from.Site && s.Service == from.Service && slices.Equal(s.Staff, from.Staff) {
			t.Errorf("the moved session is still in %v: copied, not moved", from.Key())
		}
	}
}

// TestPinsHoldRefuses: a pin set where the planner could not hold it (the store takes
// any pin) is refused before a re-optimisation, with the rule it breaks.
func TestPinsHoldRefuses(t *testing.T) {
	ctx := context.Background()
	w := newDeskWorld(t)
	bad := w.find(t, "bus-23", "gp")
	bad.Date += medibus.Date(6 - int(bad.Date.Weekday())) // the Saturday of its week
	if err := w.db.SetPin(ctx, w.plan.ID, bad); err != nil {
		t.Fatal(err)
	}
	hold, err := w.desk(t, w.sc, nil).PinsHold(ctx)
	if err != nil || len(hold) == 0 || hold[0].Code != validate.CodeBusOffDay || hold[0].Violation.Date != bad.Date {
		t.Errorf("a pin on a Saturday: %v %v", codes(hold), err)
	}
}

// TestLimitTo: a run limited to some buses covers those, and holds every session of
// the reference on the others as a pin, except in the slots already pinned.
func TestLimitTo(t *testing.T) {
	w := newDeskWorld(t)
	pinned := w.find(t, "bus-23b", "gp")
	pinned.Staff = []string{"gp-bus-23b-3"}
	count := func(unit string) int {
		n := 0
		for _, s := range w.plan.Sessions {
			if s.Unit == unit {
				n++
			}
		}
		return n
	}
	tests := []struct {
		name   string
		units  []string
		ref    *medibus.Plan
		frozen int // pins added
	}{
		{"a new plan", []string{"bus-23b", "bus-23"}, nil, 0},
		{"one bus", []string{"bus-23"}, w.plan, count("bus-23b") - 1},
		{"the other bus", []string{"bus-23b"}, w.plan, count("bus-23")},
		{"no bus", nil, w.plan, len(w.plan.Sessions) - 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req := planning.Request{Pins: []medibus.Session{pinned}}
			req.LimitTo(tc.units, tc.ref)
			if !slices.IsSorted(req.Units) || len(req.Units) != len(tc.units) {
				t.Errorf("units %v", req.Units)
			}
			if len(req.Pins) != 1+tc.frozen || !slices.Equal(req.Pins[0].Staff, pinned.Staff) {
				t.Fatalf("%d pins, want 1 + %d", len(req.Pins), tc.frozen)
			}
			for _, p := range req.Pins[1:] {
				if slices.Contains(tc.units, p.Unit) || !p.Pinned || p.Booked != nil || p.ExpectedPatients != 0 || p.Key() == pinned.Key() {
					t.Errorf("frozen %+v", p)
				}
			}
		})
	}
}
