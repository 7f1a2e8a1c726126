package scheduler_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/scheduler"
)

// peopleScenario has the given buses on Monday and Tuesday, five sites 5 km apart whose
// communes need plenty of GP and tele-dermatology consultations, and the staff given.
// Set-up takes 30 min with an assistant on board, 45 without; an assistant lets a GP
// see one more patient.
func peopleScenario(t *testing.T, units int, staff ...medibus.StaffMember) *medibus.Scenario {
	t.Helper()
	days := halfDaysOf(t, "Mon Tue")
	sc := &medibus.Scenario{
		Name: "people",
		Rules: medibus.Rules{CycleWeeks: 1, Days: days,
			Windows:  [2]medibus.Window{{Start: 540, End: 750}, {Start: 810, End: 1020}},
			SetupMin: 30, SetupAloneMin: 45, BreakMin: 30, MinSessionMin: 120, CatchmentMin: 20, RhythmWeeks: 1, TimeZone: "Europe/Paris"},
		Depots: []medibus.Depot{{ID: "d1", Point: orb.Point{2.0, 46.0}}},
		Services: []medibus.Service{
			{ID: "gp", Roles: []string{"gp"}, ConsultMin: 20, AssistantExtra: 1},
			{ID: "derm", Roles: []string{"nurse"}, Remote: []string{"dermatologist"}, ConsultMin: 20},
		},
		Staff: staff,
	}
	for u := range units {
		sc.Units = append(sc.Units, medibus.Unit{ID: fmt.Sprint("u", u+1), Depot: "d1", Days: days, ShiftStart: 420, ShiftEnd: 1140, MaxDriveMin: 240})
	}
	for i := range 5 {
		insee := fmt.Sprintf("9900%d", i+1)
		pt := orb.Point{2.0 + 0.065*float64(i), 46.05}
		sc.Communes = append(sc.Communes, medibus.Commune{INSEE: insee, Name: "C" + insee, Point: pt, Population: 3000, AccessMin: 30, InNeed: true})
		sc.Sites = append(sc.Sites, medibus.Site{ID: "s" + insee, INSEE: insee, Point: pt, Allowed: days})
		sc.Demand = append(sc.Demand, medibus.Demand{INSEE: insee, Service: "gp", Need: 100}, medibus.Demand{INSEE: insee, Service: "derm", Need: 100})
	}
	return sc
}

func member(id, role, avail string, t *testing.T, units ...string) medibus.StaffMember {
	return medibus.StaffMember{ID: id, Role: role, Availability: halfDaysOf(t, avail), Units: units}
}

// TestAssistants: assistant a1 works Monday only. Monday's sessions take them on board:
// the morning sets up in 30 min and each session holds one patient more than its
// length gives; Tuesday's morning sets up alone in 45, and its sessions hold what their
// length gives. Need is plentiful, so every session is full.
func TestAssistants(t *testing.T) {
	sc := peopleScenario(t, 1, member("g1", "gp", "Mon Tue", t, "u1"), member("a1", medibus.RoleAssistant, "Mon", t, "u1"))
	pl := planWith(t, "greedy", sc, scheduler.Options{Travel: gcTravel, Start: monday, Seed: 1})
	if len(pl.Sessions) != 4 {
		t.Fatalf("%d sessions, want the four half-days", len(pl.Sessions))
	}
	for _, s := range pl.Sessions {
		monday := s.Date == monday
		if got := slices.Contains(s.Staff, "a1"); got != monday {
			t.Errorf("%s %s: assistant on board %v, want %v (staff %v)", s.Date, s.Half, got, monday, s.Staff)
		}
		want, setup := int(s.End-s.Start)/20, 45
		if monday {
			want, setup = want+1, 30
		}
		if s.ExpectedPatients != want {
			t.Errorf("%s %s: %d patients in %s–%s, want %d", s.Date, s.Half, s.ExpectedPatients, s.Start, s.End, want)
		}
		if s.Half == medibus.AM && int(s.Start-s.Arrive) != setup {
			t.Errorf("%s %s: arrives %s, starts %s: want a %d-min set-up", s.Date, s.Half, s.Arrive, s.Start, setup)
		}
	}
	k, err := scheduler.KPIs(context.Background(), sc, pl, gcTravel)
	if err != nil {
		t.Fatal(err)
	}
	if k.AssistedSessions != 2 || k.AssistantConsults != 2 {
		t.Errorf("KPIs: %d assisted sessions, %d consultations added; want 2 and 2", k.AssistedSessions, k.AssistantConsults)
	}
}

// TestInterns: g1 works Monday and Tuesday but only twice a week; intern i1, supervised
// by g1, works Tuesday. Monday is g1's; on Tuesday i1 holds the sessions with g1 on the
// phone — unless supervision by phone is not allowed, when no senior can come on board.
func TestInterns(t *testing.T) {
	for _, tc := range []struct {
		name    string
		remote  bool
		tuesday int
	}{{"supervised by phone", true, 2}, {"a senior needed on board", false, 0}} {
		t.Run(tc.name, func(t *testing.T) {
			g1 := member("g1", "gp", "Mon Tue", t, "u1")
			g1.MaxSessionsPerWeek = 2
			i1 := member("i1", "gp", "Tue", t, "u1")
			i1.Intern, i1.Supervisor = true, "g1"
			sc := peopleScenario(t, 1, g1, i1)
			sc.Rules.InternRemote = tc.remote
			pl := planWith(t, "greedy", sc, scheduler.Options{Travel: gcTravel, Start: monday, Seed: 1})
			tuesday := 0
			for _, s := range pl.Sessions {
				if s.Date == monday && !slices.Equal(s.Staff, []string{"g1"}) {
					t.Errorf("Monday %s: staff %v, want g1", s.Half, s.Staff)
				}
				if s.Date != monday {
					tuesday++
					if !slices.Equal(s.Staff, []string{"i1"}) {
						t.Errorf("Tuesday %s: staff %v, want the intern alone", s.Half, s.Staff)
					}
				}
			}
			if tuesday != tc.tuesday {
				t.Errorf("%d Tuesday sessions, want %d", tuesday, tc.tuesday)
			}
			if k, err := scheduler.KPIs(context.Background(), sc, pl, gcTravel); err != nil || k.InternSessions != tc.tuesday {
				t.Errorf("KPIs: %d intern sessions (%v), want %d", k.InternSessions, err, tc.tuesday)
			}
		})
	}
}

// TestTeleconsultation: two buses, a nurse on each, and one dermatologist reachable on
// Monday morning only. Serving one bus at a time, the dermatologist gives one
// tele-session; serving two at once, two.
func TestTeleconsultation(t *testing.T) {
	for _, parallel := range []int{1, 2} {
		t.Run(fmt.Sprint(parallel, " at once"), func(t *testing.T) {
			d1 := member("d1", "dermatologist", "Mon-AM", t, "u1", "u2")
			d1.MaxParallel = parallel
			sc := peopleScenario(t, 2, member("n1", "nurse", "Mon Tue", t, "u1"), member("n2", "nurse", "Mon Tue", t, "u2"), d1)
			pl := planWith(t, "greedy", sc, scheduler.Options{Travel: gcTravel, Start: monday, Seed: 1})
			tele := 0
			for _, s := range pl.Sessions {
				if s.Service != "derm" {
					t.Errorf("%s session on %s %s: only tele-dermatology can be staffed", s.Service, s.Date, s.Half)
					continue
				}
				tele++
				if !slices.Equal(s.Remote, []string{"d1"}) || s.Date != monday || s.Half != medibus.AM {
					t.Errorf("tele-session %s %s remote %v, want d1 on Monday morning", s.Date, s.Half, s.Remote)
				}
			}
			if tele != parallel {
				t.Errorf("%d tele-sessions, want %d", tele, parallel)
			}
		})
	}
}

// TestSeniorOnBoard: intern i1 (supervised by g1, who is away on Tuesday) and senior
// g2 both work Tuesday. When the rules allow supervision by phone, g1 cannot supervise
// from afar and a second doctor on board would see the same patients: g2 holds
// Tuesday alone. When they do not, the intern may hold a session with g2 on board, and
// the session holds what one consulting room does.
func TestSeniorOnBoard(t *testing.T) {
	for _, tc := range []struct {
		name         string
		remote       bool
		withSenior   bool // some session carries the intern and a senior
		maxPerWindow int  // consultations per 20 min of session
	}{
		{"phone allowed, the supervisor away", true, false, 1},
		{"phone not allowed", false, true, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			i1 := member("i1", "gp", "Tue", t, "u1")
			i1.Intern, i1.Supervisor = true, "g1"
			sc := peopleScenario(t, 1, member("g1", "gp", "Mon", t, "u1"), i1, member("g2", "gp", "Tue", t, "u1"))
			sc.Rules.InternRemote = tc.remote
			pl := planWith(t, "greedy", sc, scheduler.Options{Travel: gcTravel, Start: monday, Seed: 1})
			if len(pl.Sessions) != 4 {
				t.Fatalf("%d sessions, want the four half-days", len(pl.Sessions))
			}
			withSenior := false
			for _, s := range pl.Sessions {
				both := slices.Contains(s.Staff, "i1") && slices.Contains(s.Staff, "g2")
				withSenior = withSenior || both
				if slices.Contains(s.Staff, "i1") && !both {
					t.Errorf("%s %s: intern without a senior on board (staff %v) while g1 is away", s.Date, s.Half, s.Staff)
				}
				if most := int(s.End-s.Start) / 20 * tc.maxPerWindow; s.ExpectedPatients > most {
					t.Errorf("%s %s: %d patients in %s–%s with staff %v: more than one room holds (%d)", s.Date, s.Half, s.ExpectedPatients, s.Start, s.End, s.Staff, most)
				}
			}
			if withSenior != tc.withSenior {
				t.Errorf("a session with the intern and a senior on board: %v, want %v", withSenior, tc.withSenior)
			}
		})
	}
}

// TestAssistantWholeDays: GP g1 works Monday and Tuesday; assistant a1 is available
// on the half-days given, at most cap sessions a week. Two towns of 30,000 people in
// need, 30 km apart, hold mornings only; three villages 25 km east of the depot,
// afternoons only: the planner places both mornings before any afternoon. The
// assistant rides the bus for whole days: every day they start, they finish when
// available, and a day's two sessions are assisted both or neither but where the cap
// or their week forbids it.
func TestAssistantWholeDays(t *testing.T) {
	for _, tc := range []struct {
		name        string
		avail       string
		cap         int
		assisted    int // sessions with a1 on board
		splitAtMost int // days with a1 on board for one half only
	}{
		{"two sessions: one whole day", "Mon Tue", 2, 2, 0},
		{"three sessions: a day and a half", "Mon Tue", 3, 3, 1},
		{"one half-day unavailable", "Mon Tue-PM", 3, 3, 1},
		{"no cap", "Mon Tue", 0, 4, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a1 := member("a1", medibus.RoleAssistant, tc.avail, t, "u1")
			a1.MaxSessionsPerWeek = tc.cap
			sc := peopleScenario(t, 1, member("g1", "gp", "Mon Tue", t, "u1"), a1)
			for i, at := range []orb.Point{{2.0, 46.15}, {2.0, 45.85}, {2.3, 46.0}, {2.35, 46.0}, {2.4, 46.0}} {
				sc.Communes[i].Point, sc.Sites[i].Point = at, at
				sc.Sites[i].Allowed = halfDaysOf(t, "Mon-AM Tue-AM")
				sc.Communes[i].Population, sc.Demand[2*i].Need = 30000, 200
				if i >= 2 {
					sc.Sites[i].Allowed = halfDaysOf(t, "Mon-PM Tue-PM")
					sc.Communes[i].Population, sc.Demand[2*i].Need = 300, 20
				}
			}
			for _, engine := range []string{"greedy", "lns"} {
				pl := planWith(t, engine, sc, scheduler.Options{Travel: gcTravel, Start: monday, Seed: 1, Iterations: 50})
				on := map[medibus.Date]int{}
				assisted := 0
				for _, s := range pl.Sessions {
					if slices.Contains(s.Staff, "a1") {
						on[s.Date]++
						assisted++
					}
				}
				split := 0
				for _, n := range on {
					if n == 1 {
						split++
					}
				}
				if assisted != tc.assisted || split > tc.splitAtMost {
					t.Errorf("%s: a1 on %d sessions, %d days for one half only; want %d, at most %d", engine, assisted, split, tc.assisted, tc.splitAtMost)
				}
			}
		})
	}
}
