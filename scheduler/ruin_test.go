package scheduler

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"medibus"
)

// ruinScenario has four buses whose depots lie on a parallel, at longitudes 2.0, 2.1,
// 2.5 and 3.0 (so bus 0's nearest are 1, 2, 3 in that order), a one-week cycle, a GP
// service and a midwife service, a GP per bus and one midwife for all.
func ruinScenario() *medibus.Scenario {
	all := medibus.WeekdaysAll
	sc := &medibus.Scenario{
		Name: "ruin",
		Rules: medibus.Rules{CycleWeeks: 1, Days: all,
			Windows:  [2]medibus.Window{{Start: 540, End: 750}, {Start: 810, End: 1020}},
			SetupMin: 30, BreakMin: 30, MinSessionMin: 120, CatchmentMin: 20, TimeZone: "Europe/Paris"},
		Services: []medibus.Service{
			{ID: "gp", Roles: []string{"gp"}, ConsultMin: 20},
			{ID: "gyn", Roles: []string{"midwife"}, ConsultMin: 30},
		},
		Staff: []medibus.StaffMember{{ID: "mw", Role: "midwife", Availability: all}},
	}
	for u, lon := range []float64{2.0, 2.1, 2.5, 3.0} {
		id := fmt.Sprint("u", u)
		sc.Depots = append(sc.Depots, medibus.Depot{ID: "d" + id, Point: orb.Point{lon, 46}})
		sc.Units = append(sc.Units, medibus.Unit{ID: id, Depot: "d" + id, Days: all, ShiftStart: 420, ShiftEnd: 1140, MaxDriveMin: 240})
		sc.Sites = append(sc.Sites, medibus.Site{ID: "s" + id, INSEE: fmt.Sprintf("0000%d", u), Point: orb.Point{lon, 46.1}, Allowed: all})
		sc.Staff = append(sc.Staff, medibus.StaffMember{ID: "gp" + id, Role: "gp", Availability: all, Units: []string{id}})
		sc.Staff[0].Units = append(sc.Staff[0].Units, id)
	}
	return sc
}

// ruinState places, on every bus, a GP session each morning of the week at its own
// site, and the midwife on bus 1 on Tuesday and bus 2 on Thursday afternoons; bus 0's
// Wednesday morning is pinned.
func ruinState(t *testing.T) *state {
	t.Helper()
	p := mustCompile(t, ruinScenario())
	st := newState(p, DefaultWeights())
	for u := range 4 {
		for day := range 7 {
			pl := &placed{site: u, service: 0, team: team{staff: []int{1 + u}, supervisor: -1}}
			if u == 0 && day == 2 {
				pl.pinned = true
			}
			st.place(u, pl, day, medibus.AM, 10)
		}
	}
	st.place(1, &placed{site: 1, service: 1, team: team{staff: []int{0}, supervisor: -1}}, 1, medibus.PM, 7)
	st.place(2, &placed{site: 2, service: 1, team: team{staff: []int{0}, supervisor: -1}}, 3, medibus.PM, 7)
	return st
}

// slots names removed sessions as "unit/day/half".
func slots(rs []removal) []string {
	var out []string
	for _, r := range rs {
		out = append(out, fmt.Sprintf("%d/%d/%s", r.unit, r.day, r.half))
	}
	return out
}

func TestRemovals(t *testing.T) {
	for _, tc := range []struct {
		name string
		do   func(st *state) []removal
		want []string
	}{
		{"days: a block of two days on two buses", func(st *state) []removal { return st.removeDays([]int{1, 2}, 3, 2) },
			[]string{"1/3/AM", "1/4/AM", "2/3/AM", "2/3/PM", "2/4/AM"}},
		{"days: round the end of the cycle, pinned session kept", func(st *state) []removal { return st.removeDays([]int{0}, 6, 4) },
			[]string{"0/0/AM", "0/1/AM", "0/6/AM"}}, // day 2 is pinned
		{"days: one day (the area-day removal)", func(st *state) []removal { return st.removeDays([]int{3, 0}, 1, 1) },
			[]string{"3/1/AM", "0/1/AM"}},
		{"staff: the midwife on the buses given", func(st *state) []removal { return st.removeStaff([]int{0, 1}, 0) },
			[]string{"1/1/PM"}},
		{"staff: a GP only on the bus they work on", func(st *state) []removal { return st.removeStaff([]int{2, 3}, 3) },
			[]string{"2/0/AM", "2/1/AM", "2/2/AM", "2/3/AM", "2/4/AM", "2/5/AM", "2/6/AM"}},
		{"service: midwife sessions of an area", func(st *state) []removal { return st.removeService([]int{2, 1, 0}, 1) },
			[]string{"2/3/PM", "1/1/PM"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := ruinState(t)
			before := len(st.snapshot())
			got := tc.do(st)
			if !slices.Equal(slots(got), tc.want) {
				t.Fatalf("removed %v, want %v", slots(got), tc.want)
			}
			for _, r := range got {
				if st.slot[r.unit][r.day][r.half] != nil || r.pl == nil {
					t.Fatalf("%d/%d/%s still placed or lost", r.unit, r.day, r.half)
				}
			}
			if after := len(st.snapshot()); after != before-len(got) {
				t.Fatalf("%d unpinned sessions left, want %d", after, before-len(got))
			}
			if st.slot[0][2][medibus.AM] == nil {
				t.Fatal("the pinned session was removed")
			}
		})
	}
}

// TestRuinOperators checks each operator's draws on the state: it removes only
// sessions of the buses around u0, within the sizes it documents.
func TestRuinOperators(t *testing.T) {
	st := ruinState(t)
	s := newLNSSearch(st, Options{Seed: 1}, time.Now())
	if want := []int{0, 1, 2, 3}; !slices.Equal(s.near[0], want) {
		t.Fatalf("buses nearest bus 0: %v, want %v", s.near[0], want)
	}
	if want := []int{3, 2, 1, 0}; !slices.Equal(s.near[3], want) {
		t.Fatalf("buses nearest bus 3: %v, want %v", s.near[3], want)
	}
	for i, op := range ruinOps {
		for seed := range uint64(30) {
			st := ruinState(t)
			s := newLNSSearch(st, Options{Seed: 1}, time.Now())
			s.rng = rand.New(rand.NewPCG(seed, 7))
			got := op(s, 3)
			units := map[int]bool{}
			for _, r := range got {
				units[r.unit] = true
			}
			if len(got) == 0 {
				t.Fatalf("operator %d, seed %d: removed nothing from a full plan", i, seed)
			}
			if i == 0 && (len(units) > 3 || !units[3]) {
				t.Fatalf("bus-days, seed %d: buses %v, want bus 3 and at most 2 neighbours", seed, units)
			}
			if i == 0 {
				for _, r := range got {
					if !slices.Contains(s.near[3][:3], r.unit) {
						t.Fatalf("bus-days, seed %d: bus %d is not among bus 3's nearest", seed, r.unit)
					}
				}
			}
		}
	}
}
