package scheduler_test

import (
	"context"
	"testing"

	"medibus"
	"medibus/scheduler"
)

// TestKPIs checks every figure on the hand-made explain scenario with a plan small
// enough to count by hand: three GP sessions of u1, two at site s1 (commune A, on
// Monday and Tuesday mornings: not a fixed rhythm) and one at s2 (commune E).
func TestKPIs(t *testing.T) {
	sc := explainScenario(t)
	am, pm := medibus.AM, medibus.PM
	s := func(day int, h medibus.Half, site string, start, end medibus.Clock, patients int) medibus.Session {
		return medibus.Session{Unit: "u1", Date: monday.AddDays(day), Half: h, Site: site, Service: "gp",
			Staff: []string{"g1"}, Start: start, End: end, ExpectedPatients: patients}
	}
	pl := &medibus.Plan{Start: monday,
		Sessions: []medibus.Session{
			s(0, am, "s1", 540, 750, 8), // 210 min: 10 consultations of 20 min
			s(0, pm, "s2", 810, 1020, 6),
			s(1, am, "s1", 540, 720, 2), // 180 min: 9
		},
		BusDays: []medibus.BusDay{
			{Unit: "u1", Date: monday, Sessions: 2, DriveKm: 30.5, DriveMin: 40},
			{Unit: "u1", Date: monday.AddDays(1), Sessions: 1, DriveKm: 10, DriveMin: 14},
		},
	}
	k, err := scheduler.KPIs(context.Background(), sc, pl, gcTravel)
	if err != nil {
		t.Fatal(err)
	}
	type fig struct {
		name      string
		got, want float64
	}
	gp, gyn := k.Services[0], k.Services[1]
	for _, f := range []fig{
		{"sessions", float64(k.Sessions), 3},
		{"bus-days", float64(k.BusDays), 2},
		{"sites used", float64(k.SitesUsed), 2},
		// s1 reaches commune A only, s2 commune E only.
		{"communes served", float64(k.CommunesServed), 2},
		// In need of a GP (access beyond 20 min, need > 0): A, B, C, E, 500 people each.
		{"population in need", float64(k.PopulationInNeed), 2000},
		{"population covered", float64(k.PopulationCovered), 1000},
		{"coverage share", k.CoverageShare, 0.5},
		{"consultation slots", float64(k.ConsultationSlots), 29},
		{"expected patients", float64(k.ExpectedPatients), 16},
		{"slots used by need", k.SlotsUsedByNeed, 0.5517},
		// (s1, gp) is on two weekdays; (s2, gp) is a single session, so fixed.
		{"fixed rhythm share", k.FixedRhythmShare, 0.3333},
		{"km", k.DriveKm, 40.5},
		{"hours", k.DriveHours, 0.9},
		{"CO2 kg", k.CO2Kg, 11},
		// g1 holds 3 sessions; g1 and m1 could work 10 half-days each, o1 none (Saturdays).
		{"staff utilisation", k.StaffUtilisation, 0.15},
		{"gp sessions", float64(gp.Sessions), 3},
		// The least-served tenth (200 people) lives in B or C, with no session near.
		{"gp worst decile visits", gp.WorstDecileVisits, 0},
		{"gp need served", gp.NeedServed, 16},
		{"gyn population in need", float64(gyn.PopulationInNeed), 500},
		{"gyn coverage", gyn.CoverageShare, 0},
	} {
		if f.got != f.want {
			t.Errorf("%s = %v, want %v", f.name, f.got, f.want)
		}
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
