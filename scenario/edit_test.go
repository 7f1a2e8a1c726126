package scenario_test

import (
	"context"
	"strings"
	"testing"

	"medibus"
	"medibus/scenario"
)

// TestEmptyDepartment: the Creuse's communes and GP need, nothing else; the readers
// find it only incomplete (no depot, bus, professional, site).
func TestEmptyDepartment(t *testing.T) {
	f := mustFrance(t)
	ctx := context.Background()
	sc, err := scenario.EmptyDepartment(ctx, "Creuse sud", "23", scenario.Defaults(), f, gcTravel)
	if err != nil {
		t.Fatal(err)
	}
	if len(sc.Communes) != 255 || len(sc.Units)+len(sc.Staff)+len(sc.Sites)+len(sc.Depots)+len(sc.Organisations) != 0 ||
		len(sc.Services) != 1 || sc.Services[0].ID != "gp" || !scenario.HasNeed(sc, "gp") || sc.Name != "Creuse sud" {
		t.Fatalf("empty Creuse: %d communes, %d units, %d services, %d demand rows", len(sc.Communes), len(sc.Units), len(sc.Services), len(sc.Demand))
	}
	probs, err := scenario.Check(ctx, sc, scenario.Defaults(), f, gcTravel)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range probs {
		if !p.Incomplete {
			t.Errorf("problem of the empty department: %+v", p)
		}
	}
	if len(probs) == 0 {
		t.Error("the empty department has nothing to plan with, and the readers should say so")
	}
	if _, err := scenario.EmptyDepartment(ctx, "x", "975", scenario.Defaults(), f, gcTravel); err == nil {
		t.Error("department 975 accepted")
	}
}

// TestCheckTracesRows: a problem the readers find is traced back to its row's kind,
// id and column, whatever its place in the file.
func TestCheckTracesRows(t *testing.T) {
	f := mustFrance(t)
	ctx := context.Background()
	sc, err := scenario.Build(ctx, "creuse", scenario.Defaults(), f, gcTravel, scenario.Imports{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name              string
		edit              func(sc *medibus.Scenario)
		kind, id, field   string
		incomplete        bool
		messageMentioning string
	}{
		{"unknown bus of a professional", func(sc *medibus.Scenario) { sc.Staff[3].Units = []string{"bus-99"} }, "staff", "", "units", false, "bus-99"},
		{"intern supervised by nobody", func(sc *medibus.Scenario) {
			sc.Staff[2].Intern, sc.Staff[2].Supervisor = true, "nobody"
		}, "staff", "", "supervisor", false, "nobody"},
		{"shift ends before it starts", func(sc *medibus.Scenario) { sc.Units[1].ShiftEnd = sc.Units[1].ShiftStart - 60 }, "unit", "", "shift_end", false, "shift"},
		{"booking link", func(sc *medibus.Scenario) { sc.Organisations[0].Booking = "ftp://x" }, "organisation", "", "booking", false, "ftp"},
		{"no bus carries the gynaecology chair", func(sc *medibus.Scenario) {
			for i := range sc.Units {
				sc.Units[i].Equipment = nil
			}
		}, "demand", "", "service", true, "gyn_chair"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := *sc
			c.Staff = append([]medibus.StaffMember(nil), sc.Staff...)
			c.Units = append([]medibus.Unit(nil), sc.Units...)
			c.Organisations = append([]medibus.Organisation(nil), sc.Organisations...)
			tc.edit(&c)
			probs, err := scenario.Check(ctx, &c, scenario.Defaults(), f, gcTravel)
			if err != nil {
				t.Fatal(err)
			}
			if len(probs) == 0 {
				t.Fatal("no problem found")
			}
			p := probs[0]
			want := map[string]string{"staff": "", "unit": c.Units[1].ID, "organisation": c.Organisations[0].ID}[tc.kind]
			if tc.kind == "staff" {
				want = map[string]string{"units": c.Staff[3].ID, "supervisor": c.Staff[2].ID}[tc.field]
			}
			if p.Kind != tc.kind || (want != "" && p.ID != want) || p.Field != tc.field || p.Incomplete != tc.incomplete ||
				!strings.Contains(p.Err.Error(), tc.messageMentioning) || strings.Contains(p.Err.Error(), "medibus-check-") {
				t.Errorf("problem %+v (%v), want %s %s %s incomplete=%v", p, p.Err, tc.kind, want, tc.field, tc.incomplete)
			}
		})
	}
}

// TestSetService: a service added to a scenario brings the derived need of its
// communes; changed, its need is derived anew; removed, its need goes with it.
func TestSetService(t *testing.T) {
	f := mustFrance(t)
	p := scenario.Defaults()
	sc, err := scenario.EmptyDepartment(context.Background(), "c", "23", p, f, gcTravel)
	if err != nil {
		t.Fatal(err)
	}
	tpl := scenario.ServiceTemplates(&p)
	gyn := tpl[1]
	gyn.Roles = []string{"gynaecologist"}
	scenario.SetService(sc, gyn, &p)
	need := func() (n float64) {
		for _, d := range sc.Demand {
			if d.Service == "gyn" {
				n += d.Need
			}
		}
		return n
	}
	before := need()
	if len(sc.Services) != 2 || before <= 0 {
		t.Fatalf("after adding gyn: %d services, need %v", len(sc.Services), before)
	}
	if eq, missing := scenario.ServiceGaps(sc, &sc.Services[1]); eq || len(missing) != 1 || missing[0] != "gynaecologist" {
		t.Errorf("gaps of gyn in an empty scenario: %v %v", eq, missing)
	}
	gyn.RatePerYear *= 2
	scenario.SetService(sc, gyn, &p)
	if after := need(); len(sc.Services) != 2 || after < 1.9*before || after > 2.1*before {
		t.Errorf("rate doubled: need %v → %v", before, after)
	}
	scenario.RemoveService(sc, "gyn")
	if len(sc.Services) != 1 || need() != 0 || scenario.HasNeed(sc, "gyn") {
		t.Errorf("after removing gyn: %d services, need %v", len(sc.Services), need())
	}
}
