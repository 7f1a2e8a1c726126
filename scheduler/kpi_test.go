package scheduler_test

import (
	"context"
	"math"
	"testing"

	"medibus"
	"medibus/scheduler"
)

// TestKPIs checks every figure on the hand-made explain scenario with a plan small
// enough to count by hand: three GP sessions of u1, two at site s1 (commune A, on
// Monday and Tuesday mornings: not a fixed rhythm) and one at s2 (commune E) that also
// books a patient of D, which is not in need. The cycle is one week: a consultation per
// cycle is 365/7 a year.
func TestKPIs(t *testing.T) {
	sc := explainScenario(t)
	am, pm := medibus.AM, medibus.PM
	s := func(day int, h medibus.Half, site string, start, end medibus.Clock, leg int, booked map[string]float64) medibus.Session {
		patients := 0.0
		for _, b := range booked {
			patients += b
		}
		return medibus.Session{Unit: "u1", Date: monday.AddDays(day), Half: h, Site: site, Service: "gp",
			Staff: []string{"g1"}, Start: start, End: end, ExpectedPatients: int(patients), DriveMinFromPrevious: leg, Booked: booked}
	}
	pl := &medibus.Plan{Start: monday,
		Sessions: []medibus.Session{
			s(0, am, "s1", 540, 750, 12, map[string]float64{"99001": 8}),              // 210 min: 10 slots of 20 min
			s(0, pm, "s2", 810, 1020, 25, map[string]float64{"99005": 5, "99004": 1}), // 10 slots
			s(1, am, "s1", 540, 720, 7, map[string]float64{"99001": 2}),               // 180 min: 9 slots
		},
		BusDays: []medibus.BusDay{
			{Unit: "u1", Date: monday, Sessions: 2, DriveKm: 30.5, DriveMin: 40, ReturnMin: 3},
			{Unit: "u1", Date: monday.AddDays(1), Sessions: 1, DriveKm: 10, DriveMin: 14, ReturnMin: 7},
		},
	}
	k, err := scheduler.KPIs(context.Background(), sc, pl, gcTravel)
	if err != nil {
		t.Fatal(err)
	}
	year := 365.0 / 7 * 1000 // per 1,000 a year, per consultation of the cycle per person
	gp, gyn := k.Services[0], k.Services[1]
	for _, f := range []struct {
		name      string
		got, want float64
	}{
		{"sessions", float64(k.Sessions), 3},
		{"bus-days", float64(k.BusDays), 2},
		{"sites used", float64(k.SitesUsed), 2},
		// s1 reaches commune A only, s2 commune E only.
		{"communes served", float64(k.CommunesServed), 2},
		// In need of a GP (in need, need > 0): A, B, C, E, 500 people each.
		{"population in need", float64(k.PopulationInNeed), 2000},
		{"population covered", float64(k.PopulationCovered), 1000},
		{"coverage share", k.CoverageShare, 0.5},
		// 15 consultations to people in need (D's is not) over 2,000 people.
		{"per 1,000 in need", k.Per1000, round2(15 * year / 2000)},
		// The least-served tenth (200 people) lives in B or C, with nothing booked.
		{"worst decile", k.WorstDecilePer1000, 0},
		// Rates 0, 0, 521.43 (E), 1042.86 (A) for 500 people each: the Lorenz curve
		// passes through (½, 0), (¾, ⅓), (1, 1), so the area under it is ¼·⅓/2 +
		// ¼·(⅓+1)/2 = 5/24 and the Gini 1 − 5/12.
		{"gini", k.Gini, 0.5833},
		// Department 99 has 2,000 people in need, fewer than the 20,000 it takes.
		{"worst department rate", k.WorstDepartmentPer1000, 0},
		{"consultation slots", float64(k.ConsultationSlots), 29},
		{"expected patients", float64(k.ExpectedPatients), 16},
		{"share to need", k.ShareToNeed, 0.9375},
		{"slots booked", k.SlotsBooked, 0.5517},
		{"buses used", float64(k.BusesUsed), 1},
		// 3 sessions of the 10 half-days u1 works.
		{"half-days used", k.HalfDaysUsed, 0.3},
		{"drive p50", float64(k.DriveMinP50), 14},
		{"drive p95", float64(k.DriveMinP95), 40},
		{"drive max", float64(k.DriveMinMax), 40},
		{"longest leg", float64(k.LongestLegMin), 25},
		// (s1, gp) is on two weekdays; (s2, gp) is a single session, so fixed.
		{"fixed rhythm share", k.FixedRhythmShare, 0.3333},
		{"km", k.DriveKm, 40.5},
		{"hours", k.DriveHours, 0.9},
		{"CO2 kg", k.CO2Kg, 11},
		// g1 holds 3 sessions; g1 and m1 could work 10 half-days each, o1 none (Saturdays).
		{"staff utilisation", k.StaffUtilisation, 0.15},
		{"gp sessions", float64(gp.Sessions), 3},
		{"gp booked", gp.Booked, 16},
		{"gp booked to need", gp.BookedToNeed, 15},
		// Need of the communes in need: A 10, B 5, C 5, E 8 (D's is not counted).
		{"gp need", gp.Need, 28},
		{"need met", k.NeedMet, 0.5357},
		{"gyn population in need", float64(gyn.PopulationInNeed), 500},
		{"gyn coverage", gyn.CoverageShare, 0},
	} {
		if f.got != f.want {
			t.Errorf("%s = %v, want %v", f.name, f.got, f.want)
		}
	}
	if k.WorstDepartment != "" {
		t.Errorf("worst department %q, want none", k.WorstDepartment)
	}
}

// TestPeopleKPIs counts, by hand, the sessions with an assistant, the slots they added
// and the intern sessions: three GP sessions of 210 min (10 slots of 20 min each), one
// with assistant a1 (1 more slot), one held by intern i1, one by g1 alone.
func TestPeopleKPIs(t *testing.T) {
	sc := explainScenario(t)
	sc.Services[0].AssistantExtra = 1
	sc.Staff = append(sc.Staff,
		medibus.StaffMember{ID: "a1", Role: medibus.RoleAssistant, Availability: sc.Staff[0].Availability},
		medibus.StaffMember{ID: "i1", Role: "gp", Intern: true, Supervisor: "g1", Availability: sc.Staff[0].Availability})
	s := func(day int, staff ...string) medibus.Session {
		return medibus.Session{Unit: "u1", Date: monday.AddDays(day), Half: medibus.AM, Site: "s1", Service: "gp",
			Staff: staff, Start: 540, End: 750, ExpectedPatients: 5, Booked: map[string]float64{"99001": 5}}
	}
	pl := &medibus.Plan{Start: monday, Sessions: []medibus.Session{s(0, "g1", "a1"), s(1, "i1"), s(2, "g1")}}
	k, err := scheduler.KPIs(context.Background(), sc, pl, gcTravel)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []struct {
		name      string
		got, want int
	}{
		{"assisted sessions", k.AssistedSessions, 1},
		{"slots added by assistants", k.AssistantConsults, 1},
		{"intern sessions", k.InternSessions, 1},
		{"consultation slots", k.ConsultationSlots, 31},
		{"gp slots", k.Services[0].Slots, 31},
	} {
		if f.got != f.want {
			t.Errorf("%s = %d, want %d", f.name, f.got, f.want)
		}
	}
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// TestKept counts the reference's sessions held again: same bus, site, service,
// weekday and half-day, each matched once.
func TestKept(t *testing.T) {
	at := func(unit, site string, day int, h medibus.Half) medibus.Session {
		return medibus.Session{Unit: unit, Site: site, Service: "gp", Date: monday.AddDays(day), Half: h}
	}
	ref := &medibus.Plan{Start: monday, Sessions: []medibus.Session{
		at("u1", "s1", 0, medibus.AM), at("u1", "s1", 7, medibus.AM), at("u1", "s2", 1, medibus.PM), at("u2", "s3", 2, medibus.AM),
	}}
	pl := &medibus.Plan{Start: monday.AddDays(14), Sessions: []medibus.Session{
		at("u1", "s1", 14, medibus.AM), // Monday morning at s1: one of the two kept
		at("u1", "s2", 15, medibus.AM), // morning instead of afternoon
		at("u3", "s3", 16, medibus.AM), // another bus
	}}
	if got := scheduler.Kept(ref, pl); got != 1 {
		t.Fatalf("kept %d, want 1", got)
	}
}

// TestFixedRhythm checks the rhythm rule through the KPI: the sessions of one site and
// service are on a fixed rhythm when they share weekday and half-day and repeat at a
// constant number of weeks that divides the cycle evenly.
func TestFixedRhythm(t *testing.T) {
	am, pm := medibus.AM, medibus.PM
	type at struct {
		day  int
		half medibus.Half
	}
	tests := []struct {
		name  string
		weeks int
		at    []at
		fixed bool
	}{
		{"weekly over two weeks", 2, []at{{0, am}, {7, am}}, true},
		{"fortnightly: once in two weeks", 2, []at{{3, pm}}, true},
		{"two weekdays", 2, []at{{0, am}, {8, am}}, false},
		{"morning then afternoon", 2, []at{{0, am}, {7, pm}}, false},
		{"every two weeks over four", 4, []at{{2, am}, {16, am}}, true},
		{"weeks 1, 2 and 4 of four", 4, []at{{0, am}, {7, am}, {21, am}}, false},
		{"twice in a fortnight's first week", 2, []at{{0, am}, {0, pm}}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc := explainScenario(t)
			sc.Rules.CycleWeeks = tc.weeks
			pl := &medibus.Plan{Start: monday}
			for _, a := range tc.at {
				pl.Sessions = append(pl.Sessions, medibus.Session{Unit: "u1", Date: monday.AddDays(a.day), Half: a.half,
					Site: "s1", Service: "gp", Staff: []string{"g1"}, Start: 540, End: 720})
			}
			k, err := scheduler.KPIs(context.Background(), sc, pl, gcTravel)
			if err != nil {
				t.Fatal(err)
			}
			if got := k.FixedRhythmShare == 1; got != tc.fixed {
				t.Fatalf("fixed rhythm share %v, want fixed = %v", k.FixedRhythmShare, tc.fixed)
			}
		})
	}
}
