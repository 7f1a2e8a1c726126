package scheduler_test

import (
	"context"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/scheduler"
)

// explainScenario is a hand-made department: one bus from a depot at (2.0, 46.0), a
// site s1 at commune A 4 km away, a site s2 at commune E 30 min from s1, a site far
// away at commune C (190 km: beyond the bus's day), commune B 110 km north of
// everything, and commune D 55 km north with a town nearby and no need. The bus has no
// gynaecology chair, and the orthoptist works only on Saturdays, when buses do not run.
func explainScenario(t *testing.T) *medibus.Scenario {
	t.Helper()
	wk, err := medibus.ParseHalfDays("Mon..Fri")
	if err != nil {
		t.Fatal(err)
	}
	sat, err := medibus.ParseHalfDays("Sat")
	if err != nil {
		t.Fatal(err)
	}
	commune := func(insee string, x, y float64, access float64) medibus.Commune {
		return medibus.Commune{INSEE: insee, Name: "C" + insee, Point: orb.Point{x, y}, Population: 500, AccessMin: access,
			InNeed: access > 20, Region: "r1", Department: "99"}
	}
	site := func(id, insee string, x, y float64) medibus.Site {
		return medibus.Site{ID: id, INSEE: insee, Name: "site " + id, Point: orb.Point{x, y}, Allowed: wk}
	}
	return &medibus.Scenario{
		Name: "explain",
		Rules: medibus.Rules{CycleWeeks: 1, Days: wk,
			Windows:  [2]medibus.Window{{Start: 540, End: 750}, {Start: 810, End: 1020}},
			SetupMin: 30, BreakMin: 30, MinSessionMin: 120, CatchmentMin: 20, RhythmWeeks: 1, TimeZone: "Europe/Paris"},
		Depots: []medibus.Depot{{ID: "d1", Point: orb.Point{2.0, 46.0}}},
		Units:  []medibus.Unit{{ID: "u1", Depot: "d1", Days: wk, ShiftStart: 420, ShiftEnd: 1140, MaxDriveMin: 240}},
		Staff: []medibus.StaffMember{
			{ID: "g1", Role: "gp", Availability: wk, Units: []string{"u1"}},
			{ID: "m1", Role: "midwife", Availability: wk, Units: []string{"u1"}},
			{ID: "o1", Role: "orthoptist", Availability: sat, Units: []string{"u1"}},
		},
		Services: []medibus.Service{
			{ID: "gp", Roles: []string{"gp"}, ConsultMin: 20},
			{ID: "gyn", Roles: []string{"midwife"}, Equipment: []string{"chair"}, ConsultMin: 30},
			{ID: "eye", Roles: []string{"orthoptist"}, ConsultMin: 20},
		},
		Communes: []medibus.Commune{
			commune("99001", 2.05, 46.0, 30), // A
			commune("99002", 2.0, 47.0, 40),  // B
			commune("99003", 4.5, 46.0, 40),  // C
			commune("99004", 2.0, 46.5, 5),   // D
			commune("99005", 2.3, 46.0, 35),  // E
		},
		Sites: []medibus.Site{site("s1", "99001", 2.05, 46.0), site("s2", "99005", 2.3, 46.0), site("far", "99003", 4.5, 46.0)},
		Demand: []medibus.Demand{
			{INSEE: "99001", Service: "gp", Need: 10}, {INSEE: "99001", Service: "gyn", Need: 3}, {INSEE: "99001", Service: "eye", Need: 2},
			{INSEE: "99002", Service: "gp", Need: 5}, {INSEE: "99003", Service: "gp", Need: 5}, {INSEE: "99005", Service: "gp", Need: 8},
		},
	}
}

func TestExplain(t *testing.T) {
	sc := explainScenario(t)
	// u1 holds a GP session at s1 on every half-day of the week.
	pl := &medibus.Plan{Start: monday}
	for day := range 5 {
		for h := medibus.AM; h <= medibus.PM; h++ {
			pl.Sessions = append(pl.Sessions, medibus.Session{Unit: "u1", Date: monday.AddDays(day), Half: h, Site: "s1",
				Service: "gp", Staff: []string{"g1"}, Start: sc.Rules.Windows[h].Start, End: sc.Rules.Windows[h].End})
		}
		pl.BusDays = append(pl.BusDays, medibus.BusDay{Unit: "u1", Date: monday.AddDays(day), Sessions: 2})
	}
	tests := []struct {
		insee, service, verdict, reason string
	}{
		{"99001", "gp", scheduler.VerdictServed, "10 gp session(s)"},
		{"99001", "gyn", scheduler.VerdictNoBus, "bus u1 lacks chair"},
		{"99001", "eye", scheduler.VerdictNoStaff, "no half-day"},
		{"99002", "gp", scheduler.VerdictNoSite, "the nearest, site s1"},
		{"99003", "gp", scheduler.VerdictOutOfReach, "no bus can reach them"},
		{"99004", "gp", scheduler.VerdictNoNeed, "town of 5,000 inhabitants within 20 min"},
		{"99005", "gp", scheduler.VerdictCapacity, "use all 10 of their half-days"},
	}
	for _, tc := range tests {
		t.Run(tc.insee+"/"+tc.service, func(t *testing.T) {
			es, err := scheduler.Explain(context.Background(), sc, pl, gcTravel, tc.insee, tc.service)
			if err != nil {
				t.Fatal(err)
			}
			if len(es) != 1 {
				t.Fatalf("%d explanations for one service", len(es))
			}
			e := es[0]
			if e.Verdict != tc.verdict || !strings.Contains(strings.Join(e.Reasons, " "), tc.reason) {
				t.Fatalf("verdict %s, reasons %q; want %s and %q", e.Verdict, e.Reasons, tc.verdict, tc.reason)
			}
			if (tc.verdict == scheduler.VerdictServed) != (len(e.Sessions) > 0) {
				t.Fatalf("verdict %s with %d sessions", e.Verdict, len(e.Sessions))
			}
		})
	}
	// Free half-days change the capacity reason: the bus was not full.
	half := &medibus.Plan{Start: monday, Sessions: pl.Sessions[:4], BusDays: pl.BusDays[:2]}
	es, err := scheduler.Explain(context.Background(), sc, half, gcTravel, "99005", "gp")
	if err != nil || es[0].Verdict != scheduler.VerdictCapacity || !strings.Contains(es[0].Reasons[0], "still free with staff available") {
		t.Fatalf("half-empty plan: %v %+v", err, es)
	}
	// A frequency at s2 is named as a further reason.
	sc.Frequencies = []medibus.Frequency{{INSEE: "99005", Service: "gp", Every: 1, Days: halfDaysOf(t, "Fri-PM")}}
	es, err = scheduler.Explain(context.Background(), sc, half, gcTravel, "99005", "gp")
	if err != nil || len(es[0].Reasons) < 2 || !strings.Contains(es[0].Reasons[1], "follows a frequency (every 7 to 7 days, on Fri-PM)") {
		t.Fatalf("with a frequency: %v %q", err, es[0].Reasons)
	}
	sc.Frequencies = nil
	all, err := scheduler.Explain(context.Background(), sc, pl, gcTravel, "99001", "")
	if err != nil || len(all) != 3 {
		t.Fatalf("all services: %v, %d explanations", err, len(all))
	}
	for _, bad := range [][2]string{{"00000", ""}, {"99001", "dentist"}} {
		if _, err := scheduler.Explain(context.Background(), sc, pl, gcTravel, bad[0], bad[1]); err == nil {
			t.Errorf("Explain(%q, %q): want an error", bad[0], bad[1])
		}
	}
}

func halfDaysOf(t *testing.T, s string) medibus.HalfDays {
	t.Helper()
	h, err := medibus.ParseHalfDays(s)
	if err != nil {
		t.Fatal(err)
	}
	return h
}
