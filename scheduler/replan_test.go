package scheduler_test

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"medibus"
	"medibus/scheduler"
)

// affected reports whether reference session s uses the bus or a member made
// unavailable: on board, remote, or supervising by phone an intern on board.
func affected(sc *medibus.Scenario, s medibus.Session, unit string, unitRange medibus.DateRange, staff string, staffRange medibus.DateRange) bool {
	if s.Unit == unit && unitRange.Contains(s.Date) {
		return true
	}
	if !staffRange.Contains(s.Date) {
		return false
	}
	if slices.Contains(s.Staff, staff) || slices.Contains(s.Remote, staff) {
		return true
	}
	ix := medibus.NewIndex(sc)
	for _, id := range s.Staff {
		if m := ix.Staff[id]; m != nil && m.Intern && m.Supervisor == staff {
			return true
		}
	}
	return false
}

func TestReplanCreuse(t *testing.T) {
	base := build(t, "creuse")
	ref := plan(t, base)
	// The member with the most sessions is away the second week; the first bus is off
	// the road on the first Tuesday and Wednesday.
	count := map[string]int{}
	for _, s := range ref.Sessions {
		for _, m := range s.Staff {
			count[m]++
		}
	}
	busiest := ""
	for m, n := range count {
		if busiest == "" || n > count[busiest] || (n == count[busiest] && m < busiest) {
			busiest = m
		}
	}
	unit := base.Units[0].ID
	unitOff := medibus.DateRange{From: monday.AddDays(1), To: monday.AddDays(2)}
	staffOff := medibus.DateRange{From: monday.AddDays(7), To: monday.AddDays(13)}
	hit := 0
	for _, s := range ref.Sessions {
		if affected(base, s, unit, unitOff, busiest, staffOff) {
			hit++
		}
	}
	if hit < 3 {
		t.Fatalf("the absences touch only %d sessions: the test would prove little", hit)
	}
	tests := []struct {
		name    string
		absent  bool
		fill    bool
		keepAll bool
		spare   bool // a spare bus that can take the sessions of the one off the road
	}{
		{"nothing changed", false, false, true, false},
		{"absences", true, false, false, false},
		{"absences with fill", true, true, false, false},
		{"spare bus", true, false, false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc := build(t, "creuse")
			if tc.absent {
				for i := range sc.Units {
					if sc.Units[i].ID == unit {
						sc.Units[i].Unavailable = append(sc.Units[i].Unavailable, unitOff)
					}
				}
				for i := range sc.Staff {
					if sc.Staff[i].ID == busiest {
						sc.Staff[i].Unavailable = append(sc.Staff[i].Unavailable, staffOff)
						// A locum of the same role, free all week on both buses, whom
						// the re-plan should call before cancelling.
						locum := sc.Staff[i]
						locum.ID, locum.Unavailable, locum.MaxSessionsPerWeek = "locum", nil, 0
						locum.Availability = medibus.WeekdaysAll
						locum.Units = []string{sc.Units[0].ID, sc.Units[1].ID}
						sc.Staff = append(sc.Staff, locum)
						break
					}
				}
			}
			if tc.spare {
				spare := sc.Units[0]
				spare.ID, spare.Unavailable = "spare", nil
				sc.Units = append(sc.Units, spare)
				for i := range sc.Staff {
					sc.Staff[i].Units = append(sc.Staff[i].Units, "spare")
				}
			}
			pl, rep, err := scheduler.Replan(context.Background(), sc, ref, scheduler.ReplanOptions{
				Options: scheduler.Options{Travel: gcTravel, Seed: 1}, Fill: tc.fill})
			if err != nil {
				t.Fatal(err)
			}
			mustBeValid(t, sc, pl)
			t.Log(rep.Summary())
			if rep.Reference != len(ref.Sessions) ||
				rep.Kept+rep.Restaffed+rep.Moved+rep.Retimed+rep.Cancelled != rep.Reference ||
				rep.Reference-rep.Cancelled+rep.Added != len(pl.Sessions) {
				t.Fatalf("report does not add up: %+v with %d sessions", rep, len(pl.Sessions))
			}
			if tc.keepAll {
				if rep.Kept != len(ref.Sessions) || len(rep.Changes) != 0 {
					t.Fatalf("with nothing changed, want every session kept: %s", rep.Summary())
				}
				return
			}
			// Every session the absences do not touch is kept as it was.
			if rep.Kept < len(ref.Sessions)-hit {
				t.Errorf("kept %d sessions, want at least the %d untouched ones", rep.Kept, len(ref.Sessions)-hit)
			}
			for _, c := range rep.Changes {
				if c.Before != nil && c.Kind != scheduler.ChangeAdded && !affected(base, *c.Before, unit, unitOff, busiest, staffOff) {
					t.Errorf("untouched session %s %s %s changed: %s", c.Before.Unit, c.Before.Date, c.Before.Half, c.Kind)
				}
			}
			if rep.Restaffed == 0 {
				t.Errorf("no session was saved by the locum: %s", rep.Summary())
			}
			if tc.spare && rep.Moved == 0 {
				t.Errorf("no session moved to the spare bus: %s", rep.Summary())
			}
			if !tc.fill && rep.Added != 0 {
				t.Errorf("without fill, %d sessions were added", rep.Added)
			}
		})
	}
}

func TestDiff(t *testing.T) {
	s := func(unit string, day int, h medibus.Half, site string, start medibus.Clock, staff ...string) medibus.Session {
		return medibus.Session{Unit: unit, Date: monday.AddDays(day), Half: h, Site: site, Service: "gp",
			Staff: staff, Start: start, End: start + 180}
	}
	am, pm := medibus.AM, medibus.PM
	ref := &medibus.Plan{Sessions: []medibus.Session{
		s("u1", 0, am, "a", 540, "g1"),
		s("u1", 0, pm, "b", 810, "g1"),
		s("u2", 1, am, "c", 540, "g2"),
		s("u2", 2, am, "d", 540, "g2", "n1"),
		s("u1", 3, pm, "e", 810, "g1"),
	}}
	pl := &medibus.Plan{Sessions: []medibus.Session{
		s("u1", 0, am, "a", 540, "g1"),       // kept
		s("u1", 0, pm, "b", 810, "g3"),       // restaffed
		s("u1", 1, am, "c", 540, "g2"),       // moved to u1
		s("u2", 2, am, "d", 570, "n1", "g2"), // retimed (staff order does not matter)
		s("u2", 4, am, "f", 540, "g2"),       // added; e is cancelled
	}}
	r := scheduler.Diff(ref, pl)
	want := scheduler.ReplanReport{Reference: 5, Kept: 1, Restaffed: 1, Moved: 1, Retimed: 1, Cancelled: 1, Added: 1}
	got := r
	got.Changes = nil
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Diff = %+v, want %+v", got, want)
	}
	var kinds []string
	for _, c := range r.Changes {
		kinds = append(kinds, c.Kind)
	}
	if !slices.Equal(kinds, []string{"restaffed", "moved", "retimed", "cancelled", "added"}) {
		t.Fatalf("changes in order %v", kinds)
	}
}

// TestReplanFillStaysWithinReach: with --fill, a breakdown in Creuse is made up by the
// buses that can reach Creuse, never by a bus of another region that happens to have a
// free half-day (here one of the Hautes-Alpes, hundreds of kilometres away).
func TestReplanFillStaysWithinReach(t *testing.T) {
	sc := build(t, "creuse")
	alps := build(t, "hautes-alpes")
	sc.Name = "creuse+hautes-alpes"
	sc.Depots = append(sc.Depots, alps.Depots...)
	sc.Units = append(sc.Units, alps.Units...)
	sc.Staff = append(sc.Staff, alps.Staff...)
	sc.Sites = append(sc.Sites, alps.Sites...)
	sc.Communes = append(sc.Communes, alps.Communes...)
	sc.Demand = append(sc.Demand, alps.Demand...)
	ref := plan(t, sc)
	alpine := map[string]bool{}
	for _, u := range alps.Units {
		alpine[u.ID] = true
	}
	// A free half-day on an Alpine bus: the reference as published left it empty.
	var freed *medibus.Session
	for i, s := range ref.Sessions {
		if alpine[s.Unit] {
			freed = &ref.Sessions[i]
			ref.Sessions = slices.Delete(ref.Sessions, i, i+1)
			break
		}
	}
	if freed == nil {
		t.Fatal("no session of the Hautes-Alpes")
	}
	for i := range sc.Units {
		if sc.Units[i].ID == "bus-23" {
			sc.Units[i].Unavailable = []medibus.DateRange{{From: monday.AddDays(1), To: monday.AddDays(4)}}
		}
	}
	pl, rep, err := scheduler.Replan(context.Background(), sc, ref, scheduler.ReplanOptions{
		Options: scheduler.Options{Travel: gcTravel, Seed: 1}, Fill: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Cancelled == 0 {
		t.Fatalf("the breakdown cancelled nothing: %s", rep.Summary())
	}
	for _, c := range rep.Changes {
		if c.After != nil && alpine[c.After.Unit] {
			t.Errorf("%s session on the Alpine bus %s on %s %s at %s", c.Kind, c.After.Unit, c.After.Date, c.After.Half, c.After.Site)
		}
	}
	t.Log(rep.Summary(), len(pl.Sessions))
}
