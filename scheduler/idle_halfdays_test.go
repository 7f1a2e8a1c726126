package scheduler_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/scheduler"
)

// idleScenario is two buses from one depot at (2.0, 46.0) and ten sites a few km
// around it, each in its own commune with a large GP need, on a two-week cycle. Bus b2
// runs Monday to Thursday only, and its GP never works on Tuesday afternoons. A
// service comes back to a site on one regular half-day a week, so the ten sites can
// take 10 × 2 = 20 sessions of the 40 half-days: the rest stay empty, 4 because b2 is
// off on Fridays, 2 because nobody can work on b2 on Tuesday afternoons, and the 14
// others because every site already has its regular half-day elsewhere.
func idleScenario(t *testing.T) *medibus.Scenario {
	t.Helper()
	days := func(s string) medibus.HalfDays {
		h, err := medibus.ParseHalfDays(s)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	wk := days("Mon..Fri")
	sc := &medibus.Scenario{
		Name: "idle",
		Rules: medibus.Rules{CycleWeeks: 2, Days: wk,
			Windows:  [2]medibus.Window{{Start: 540, End: 750}, {Start: 810, End: 1020}},
			SetupMin: 30, BreakMin: 30, MinSessionMin: 120, CatchmentMin: 20, MaxLegMin: 90, RhythmWeeks: 2, TimeZone: "Europe/Paris"},
		Depots: []medibus.Depot{{ID: "d1", Name: "Dépôt", Point: orb.Point{2.0, 46.0}}},
		Units: []medibus.Unit{
			{ID: "b1", Name: "Bus 1", Depot: "d1", Days: wk, ShiftStart: 420, ShiftEnd: 1140, MaxDriveMin: 240},
			{ID: "b2", Name: "Bus 2", Depot: "d1", Days: days("Mon..Thu"), ShiftStart: 420, ShiftEnd: 1140, MaxDriveMin: 240},
		},
		Staff: []medibus.StaffMember{
			{ID: "g1", Name: "Dr Un", Role: "gp", Availability: wk, Units: []string{"b1"}},
			{ID: "g2", Name: "Dr Deux", Role: "gp", Availability: days("Mon Tue-AM Wed Thu Fri"), Units: []string{"b2"}},
		},
		Services: []medibus.Service{{ID: "gp", Name: "Médecine générale", Roles: []string{"gp"}, ConsultMin: 20}},
	}
	for i := range 10 {
		insee := fmt.Sprintf("990%02d", i+1)
		pt := orb.Point{2.0 + 0.02*float64(i%5), 46.0 + 0.03*float64(i/5)}
		sc.Communes = append(sc.Communes, medibus.Commune{INSEE: insee, Name: "C" + insee, Point: pt, Population: 2000,
			AccessMin: 30, InNeed: true, Region: "r1", Department: "99"})
		sc.Sites = append(sc.Sites, medibus.Site{ID: "s" + insee, INSEE: insee, Name: "site " + insee, Point: pt, Allowed: wk})
		sc.Demand = append(sc.Demand, medibus.Demand{INSEE: insee, Service: "gp", Need: 500})
	}
	return sc
}

func TestIdleHalfDaysCountsTheBindingCause(t *testing.T) {
	sc := idleScenario(t)
	ctx := context.Background()
	pl, err := scheduler.Greedy{}.Plan(ctx, sc, scheduler.Options{Travel: gcTravel, Start: monday, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	mustBeValid(t, sc, pl)
	r, err := scheduler.IdleHalfDays(ctx, sc, pl, gcTravel)
	if err != nil {
		t.Fatal(err)
	}
	want := []scheduler.IdleCount{{Cause: scheduler.IdleOff, Count: 4}, {Cause: scheduler.IdleStaffDays, Count: 2}, {Cause: scheduler.IdleRhythm, Count: 14}}
	if !reflect.DeepEqual(r.Causes, want) {
		t.Errorf("causes %+v, want %+v", r.Causes, want)
	}
	if r.HalfDays != 40 || r.Sessions != 20 || r.Empty != 20 {
		t.Errorf("%d half-days, %d sessions, %d empty; want 40, 20, 20", r.HalfDays, r.Sessions, r.Empty)
	}
	if c := r.Ceiling; c != (scheduler.IdleCeiling{Sites: 10, Services: 1, Pairs: 10, PerWeek: 10, Sessions: 20, Works: 36}) {
		t.Errorf("ceiling %+v, want 10 sites × 1 service × 2 weeks = 20 sessions for 36 working half-days", c)
	}
	// Each bus's account adds up, and so do its half-days.
	for _, u := range r.Units {
		n := 0
		for _, c := range u.Causes {
			n += c.Count
		}
		if n != u.Empty || u.Empty != len(u.Slots) || u.Sessions+u.Empty != u.HalfDays || u.HalfDays != 20 {
			t.Errorf("bus %s: %d half-days, %d sessions, %d empty, causes %+v, %d slots", u.Unit, u.HalfDays, u.Sessions, u.Empty, u.Causes, len(u.Slots))
		}
		for _, s := range u.Slots {
			if u.Unit == "b2" && s.Date.Weekday() == 5 && s.Cause != scheduler.IdleOff {
				t.Errorf("b2 on Friday %s %s: %s, want off", s.Date, s.Half, s.Cause)
			}
		}
	}
}

// TestIdleCauses checks each cause on a hand-made plan: one bus (two where said), the
// site s1 near the depot and s2 30 km east of it, and the half-day asked about.
func TestIdleCauses(t *testing.T) {
	tuesday, nextMonday := monday.AddDays(1), monday.AddDays(7)
	session := func(unit, site string, d medibus.Date, h medibus.Half, staff string) medibus.Session {
		return medibus.Session{Unit: unit, Date: d, Half: h, Site: site, Service: "gp", Staff: []string{staff},
			Start: [2]medibus.Clock{570, 840}[h], End: [2]medibus.Clock{750, 1020}[h]}
	}
	days := func(s string) medibus.HalfDays {
		h, err := medibus.ParseHalfDays(s)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	tests := []struct {
		name     string
		edit     func(sc *medibus.Scenario)
		sessions []medibus.Session
		unit     string
		date     medibus.Date
		half     medibus.Half
		want     string
	}{
		{"nothing in the plan: open", nil, nil, "b1", monday, medibus.AM, scheduler.IdleOpen},
		{"the bus's days", func(sc *medibus.Scenario) { sc.Units[0].Days = days("Mon") }, nil, "b1", tuesday, medibus.AM, scheduler.IdleOff},
		{"a dated unavailability", func(sc *medibus.Scenario) {
			sc.Units[0].Unavailable = []medibus.DateRange{{From: tuesday, To: tuesday}}
		}, nil, "b1", tuesday, medibus.PM, scheduler.IdleOff},
		{"no service on the bus", func(sc *medibus.Scenario) { sc.Staff[0].Units = []string{"b2"} }, nil, "b1", monday, medibus.AM, scheduler.IdleNothing},
		{"a closure", func(sc *medibus.Scenario) {
			sc.Closures = []medibus.Closure{{From: tuesday, To: tuesday, Reason: "neige"}}
		}, nil, "b1", tuesday, medibus.AM, scheduler.IdleClosed},
		{"the sites' days", func(sc *medibus.Scenario) {
			for i := range sc.Sites {
				sc.Sites[i].Allowed = days("Mon")
			}
		}, nil, "b1", tuesday, medibus.AM, scheduler.IdleSiteDays},
		{"the staff's days", func(sc *medibus.Scenario) { sc.Staff[0].Availability = days("Mon") }, nil, "b1", tuesday, medibus.AM, scheduler.IdleStaffDays},
		{"a staff absence", func(sc *medibus.Scenario) {
			sc.Staff[0].Unavailable = []medibus.DateRange{{From: tuesday, To: tuesday}}
		}, nil, "b1", tuesday, medibus.AM, scheduler.IdleStaffDays},
		{"the other bus holds the site", func(sc *medibus.Scenario) { sc.Sites = sc.Sites[:1] },
			[]medibus.Session{session("b2", "s1", monday, medibus.AM, "g2")}, "b1", monday, medibus.AM, scheduler.IdleSiteTaken},
		{"the site's regular half-day is Monday morning", func(sc *medibus.Scenario) { sc.Sites = sc.Sites[:1] },
			[]medibus.Session{session("b1", "s1", monday, medibus.AM, "g1")}, "b1", tuesday, medibus.AM, scheduler.IdleRhythm},
		{"a site that hosts two half-days a week", func(sc *medibus.Scenario) {
			sc.Sites = sc.Sites[:1]
			sc.Sites[0].PerWeek = 2
		}, []medibus.Session{session("b1", "s1", monday, medibus.AM, "g1")}, "b1", tuesday, medibus.AM, scheduler.IdleOpen},
		{"a fortnightly frequency", func(sc *medibus.Scenario) {
			sc.Sites = sc.Sites[:1]
			sc.Frequencies = []medibus.Frequency{{INSEE: "99001", Service: "gp", Every: 2}}
		}, []medibus.Session{session("b1", "s1", monday, medibus.AM, "g1")}, "b1", nextMonday, medibus.AM, scheduler.IdleFrequency},
		{"the GP's weekly cap", func(sc *medibus.Scenario) { sc.Staff[0].MaxSessionsPerWeek = 1 },
			[]medibus.Session{session("b1", "s1", monday, medibus.AM, "g1")}, "b1", monday.AddDays(2), medibus.AM, scheduler.IdleStaffBusy},
		{"the GP busy on the other bus", func(sc *medibus.Scenario) {
			sc.Staff = sc.Staff[:1]
			sc.Staff[0].Units = []string{"b1", "b2"}
		}, []medibus.Session{session("b2", "s2", monday, medibus.AM, "g1")}, "b1", monday, medibus.AM, scheduler.IdleStaffBusy},
		{"the driving limit with the morning's session", func(sc *medibus.Scenario) {
			// s3 lies 30 km west: alone, either site is a 78-min round trip; from s2 to
			// s3 in one day is twice that.
			sc.Units[0].MaxDriveMin = 100
			sc.Communes = append(sc.Communes, medibus.Commune{INSEE: "99003", Name: "C99003", Point: orb.Point{1.6, 46.0}, Population: 1000, AccessMin: 30, InNeed: true, Region: "r1", Department: "99"})
			sc.Sites = []medibus.Site{sc.Sites[1], {ID: "s3", INSEE: "99003", Name: "site 3", Point: orb.Point{1.6, 46.0}, Allowed: sc.Sites[0].Allowed}}
			sc.Demand = append(sc.Demand, medibus.Demand{INSEE: "99003", Service: "gp", Need: 500})
		}, []medibus.Session{session("b1", "s2", monday, medibus.AM, "g1")}, "b1", monday, medibus.PM, scheduler.IdleDriving},
		{"the need already booked", func(sc *medibus.Scenario) {
			sc.Sites = sc.Sites[:1]
			sc.Demand = sc.Demand[:1]
			sc.Demand[0].Need = 5
		}, []medibus.Session{session("b1", "s1", monday, medibus.AM, "g1")}, "b1", nextMonday, medibus.AM, scheduler.IdleNoNeed},
		{"a far site with little need", func(sc *medibus.Scenario) {
			sc.Sites = sc.Sites[1:]
			sc.Demand = []medibus.Demand{{INSEE: "99002", Service: "gp", Need: 1}}
			sc.Communes[1].InNeed = false
		}, nil, "b1", monday, medibus.AM, scheduler.IdleNotWorth},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc := causesScenario(t)
			if tc.edit != nil {
				tc.edit(sc)
			}
			pl := &medibus.Plan{Start: monday, Sessions: tc.sessions}
			r, err := scheduler.IdleHalfDays(context.Background(), sc, pl, gcTravel)
			if err != nil {
				t.Fatal(err)
			}
			for _, u := range r.Units {
				for _, s := range u.Slots {
					if u.Unit == tc.unit && s.Date == tc.date && s.Half == tc.half {
						if s.Cause != tc.want {
							t.Errorf("%s %s %s: %s (ruled out %+v), want %s", u.Unit, s.Date, s.Half, s.Cause, s.RuledOut, tc.want)
						}
						return
					}
				}
			}
			t.Errorf("%s %s %s is not among the empty half-days", tc.unit, tc.date, tc.half)
		})
	}
}

// causesScenario is TestIdleCauses's: buses b1 and b2 at a depot at (2.0, 46.0), GPs
// g1 on b1 and g2 on b2 all week, site s1 at the depot's commune and s2 30 km east
// (39 min each way), each with a large need, on a two-week cycle.
func causesScenario(t *testing.T) *medibus.Scenario {
	t.Helper()
	wk, err := medibus.ParseHalfDays("Mon..Fri")
	if err != nil {
		t.Fatal(err)
	}
	commune := func(insee string, x float64) medibus.Commune {
		return medibus.Commune{INSEE: insee, Name: "C" + insee, Point: orb.Point{x, 46.0}, Population: 1000, AccessMin: 30, InNeed: true, Region: "r1", Department: "99"}
	}
	return &medibus.Scenario{
		Name: "causes",
		Rules: medibus.Rules{CycleWeeks: 2, Days: wk,
			Windows:  [2]medibus.Window{{Start: 540, End: 750}, {Start: 810, End: 1020}},
			SetupMin: 30, BreakMin: 30, MinSessionMin: 120, CatchmentMin: 20, MaxLegMin: 90, RhythmWeeks: 2, TimeZone: "Europe/Paris"},
		Depots: []medibus.Depot{{ID: "d1", Point: orb.Point{2.0, 46.0}}},
		Units: []medibus.Unit{
			{ID: "b1", Depot: "d1", Days: wk, ShiftStart: 420, ShiftEnd: 1140, MaxDriveMin: 240},
			{ID: "b2", Depot: "d1", Days: wk, ShiftStart: 420, ShiftEnd: 1140, MaxDriveMin: 240},
		},
		Staff: []medibus.StaffMember{
			{ID: "g1", Role: "gp", Availability: wk, Units: []string{"b1"}},
			{ID: "g2", Role: "gp", Availability: wk, Units: []string{"b2"}},
		},
		Services: []medibus.Service{{ID: "gp", Roles: []string{"gp"}, ConsultMin: 20}},
		Communes: []medibus.Commune{commune("99001", 2.0), commune("99002", 2.4)},
		Sites: []medibus.Site{
			{ID: "s1", INSEE: "99001", Name: "site 1", Point: orb.Point{2.0, 46.0}, Allowed: wk},
			{ID: "s2", INSEE: "99002", Name: "site 2", Point: orb.Point{2.4, 46.0}, Allowed: wk},
		},
		Demand: []medibus.Demand{{INSEE: "99001", Service: "gp", Need: 500}, {INSEE: "99002", Service: "gp", Need: 500}},
	}
}
