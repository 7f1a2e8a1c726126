package scheduler_test

import (
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"medibus"
	"medibus/scenario"
	"medibus/scheduler"
	"medibus/territory"
	"medibus/validate"
)

// monday is a fixed cycle start, so tests do not depend on today's date.
var monday, _ = medibus.ParseDate("2026-11-23")

func build(t testing.TB, name string) *medibus.Scenario {
	t.Helper()
	f, err := territory.Load()
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Build(context.Background(), name, scenario.Defaults(), f, gcTravel, scenario.Imports{})
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func plan(t testing.TB, sc *medibus.Scenario) *medibus.Plan {
	t.Helper()
	pl, err := scheduler.Greedy{}.Plan(context.Background(), sc, scheduler.Options{Travel: gcTravel, Start: monday, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	mustBeValid(t, sc, pl)
	k, err := scheduler.KPIs(context.Background(), sc, pl, gcTravel)
	if err != nil {
		t.Fatal(err)
	}
	pl.KPIs = k
	return pl
}

func TestGreedyCreuse(t *testing.T) {
	sc := build(t, "creuse")
	pl := plan(t, sc)
	b, _ := json.MarshalIndent(pl.KPIs, "", "  ")
	t.Logf("%s", b)
	if len(pl.Sessions) == 0 {
		t.Fatal("no sessions")
	}
}

func TestDeterministic(t *testing.T) {
	a := plan(t, build(t, "creuse"))
	b := plan(t, build(t, "creuse"))
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two runs with the same seed gave different plans")
	}
}

func TestPinsAndAbsences(t *testing.T) {
	sc := build(t, "creuse")
	tue := monday.AddDays(1)
	// A GP of bus-23 free on Tuesday afternoons, and a site that allows them.
	var gp string
	for _, m := range sc.Staff {
		if m.Role == "gp" && m.CanWorkOn("bus-23") && m.AvailableOn(tue, medibus.PM) {
			gp = m.ID
			break
		}
	}
	var site string
	for _, s := range sc.Sites {
		if s.Allowed.Has(tue.Weekday(), medibus.PM) {
			site = s.ID
			break
		}
	}
	if gp == "" || site == "" {
		t.Fatal("test scenario lacks a Tuesday-afternoon GP or site")
	}
	pin := medibus.Session{Unit: "bus-23", Date: tue, Half: medibus.PM, Site: site, Service: "gp",
		Staff: []string{gp}, Start: 14 * 60, End: 16*60 + 30, Pinned: true}
	sc.Pins = []medibus.Session{pin}
	// bus-23b is off the road the first week; one GP is away the whole cycle.
	sc.Units[1].Unavailable = []medibus.DateRange{{From: monday, To: monday.AddDays(6)}}
	absent := ""
	for i := range sc.Staff {
		if sc.Staff[i].ID != gp && sc.Staff[i].Role == "gp" {
			absent = sc.Staff[i].ID
			sc.Staff[i].Unavailable = []medibus.DateRange{{From: monday, To: monday.AddDays(13)}}
			break
		}
	}
	pl := plan(t, sc)
	found := false
	for _, s := range pl.Sessions {
		if s.Unit == pin.Unit && s.Date == pin.Date && s.Half == pin.Half {
			found = true
			if s.Site != pin.Site || s.Service != pin.Service || s.Start != pin.Start || s.End != pin.End ||
				!reflect.DeepEqual(s.Staff, pin.Staff) || !s.Pinned {
				t.Errorf("pinned session changed: got %+v, want %+v", s, pin)
			}
		}
		if s.Unit == sc.Units[1].ID && s.Date <= monday.AddDays(6) {
			t.Errorf("unavailable bus %s used on %s", s.Unit, s.Date)
		}
		for _, m := range s.Staff {
			if m == absent {
				t.Errorf("absent %s on board %s %s", m, s.Unit, s.Date)
			}
		}
	}
	if !found {
		t.Error("pinned session missing from the plan")
	}
}

func TestPinOutsideCycle(t *testing.T) {
	sc := build(t, "creuse")
	sc.Pins = []medibus.Session{{Unit: "bus-23", Date: monday.AddDays(30), Half: medibus.AM, Site: sc.Sites[0].ID, Service: "gp", Start: 540, End: 700}}
	_, err := scheduler.Greedy{}.Plan(context.Background(), sc, scheduler.Options{Travel: gcTravel, Start: monday})
	if err == nil || !strings.Contains(err.Error(), "outside the cycle") {
		t.Fatalf("err = %v, want a pin outside the cycle", err)
	}
}

// mustBeValid fails the test if the independent validator finds any violation in pl.
func mustBeValid(t testing.TB, sc *medibus.Scenario, pl *medibus.Plan) {
	t.Helper()
	vs, err := validate.Check(context.Background(), sc, pl, gcTravel)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range vs {
		if i == 10 {
			t.Errorf("… and %d more", len(vs)-i)
			break
		}
		t.Errorf("violation: %s", v)
	}
	if len(vs) > 0 {
		t.FailNow()
	}
}
