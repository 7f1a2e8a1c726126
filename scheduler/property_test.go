package scheduler_test

import (
	"context"
	"flag"
	"fmt"
	"os"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"pgregory.net/rapid"

	"medibus"
	"medibus/routing"
	"medibus/scheduler"
	"medibus/validate"
)

// world is a drawn scenario with the travel model it is planned and checked with.
type world struct {
	sc     *medibus.Scenario
	travel routing.Model
}

// halfDays draws half-days from Monday to Saturday; each of the `of` masks OR-ed
// together holds a half-day with probability ½, so the density is 1 − 2^−of. Shrinking
// drops half-days.
func halfDays(t *rapid.T, label string, of int) medibus.HalfDays {
	var mask int
	for range of {
		mask |= rapid.IntRange(0, 1<<12-1).Draw(t, label)
	}
	var h medibus.HalfDays
	for i := range 12 {
		if mask&(1<<i) != 0 {
			h = h.With(time.Weekday(1+i/2), medibus.Half(i%2))
		}
	}
	return h
}

// drawWorld draws a small scenario with everything the rules can restrict: units with
// their own days, shifts, drive limits, equipment and absences; staff with partial
// availability, caps, unit lists and absences; sites with allowed half-days; services
// needing one or two roles and equipment; rules with random windows and set-up; and a
// random great-circle travel model.
func drawWorld(t *rapid.T) world {
	pick := func(label string, xs ...int) int { return rapid.SampledFrom(xs).Draw(t, label) }
	amStart := medibus.Clock(pick("am_start", 480, 510, 540))
	pmStart := medibus.Clock(pick("pm_start", 780, 810, 840))
	sc := &medibus.Scenario{
		Name: "random",
		Rules: medibus.Rules{
			CycleWeeks: rapid.IntRange(1, 3).Draw(t, "cycle_weeks"), Days: halfDays(t, "days", 3),
			Windows: [2]medibus.Window{
				{Start: amStart, End: amStart + medibus.Clock(pick("am_len", 150, 210, 240))},
				{Start: pmStart, End: pmStart + medibus.Clock(pick("pm_len", 150, 210, 240))},
			},
			SetupMin: pick("setup", 0, 15, 30), BreakMin: pick("break", 0, 30, 45), MinSessionMin: pick("min_session", 60, 90, 120),
			CatchmentMin: pick("catchment", 10, 20, 30), RhythmWeeks: rapid.IntRange(1, 2).Draw(t, "rhythm"),
			SetupAloneMin: pick("setup_alone", 0, 40), InternRemote: rapid.Bool().Draw(t, "intern_remote"),
			TimeZone: "Europe/Paris",
		},
	}
	travel, err := routing.NewGreatCircle(medibus.TravelParams{
		Detour: rapid.Float64Range(1.2, 1.5).Draw(t, "detour"), SlowKm: 5, SlowKmh: 40,
		FastKmh: rapid.Float64Range(50, 80).Draw(t, "fast_kmh")})
	if err != nil {
		t.Fatal(err)
	}
	centre := orb.Point{rapid.Float64Range(1, 5).Draw(t, "lon"), rapid.Float64Range(44, 48).Draw(t, "lat")}
	near := func(label string, spread float64) orb.Point {
		return orb.Point{centre[0] + spread*rapid.Float64Range(-0.5, 0.5).Draw(t, label+"_x"),
			centre[1] + spread*0.7*rapid.Float64Range(-0.5, 0.5).Draw(t, label+"_y")}
	}
	drawServices(t, sc)
	drawUnits(t, sc, near)
	drawStaff(t, sc)
	drawCommunes(t, sc, near)
	return world{sc, travel}
}

func drawServices(t *rapid.T, sc *medibus.Scenario) {
	sc.Services = []medibus.Service{{ID: "gp", Roles: []string{"gp"}, ConsultMin: rapid.SampledFrom([]int{15, 20}).Draw(t, "gp_consult"), RatePerYear: 2,
		AssistantExtra: rapid.IntRange(0, 2).Draw(t, "assistant_extra")}}
	if rapid.Bool().Draw(t, "gyn") {
		sc.Services = append(sc.Services, medibus.Service{ID: "gyn", Roles: []string{"midwife"},
			Equipment: []string{"chair"}, ConsultMin: 30, RatePerYear: 0.3})
	}
	if rapid.Bool().Draw(t, "duo") {
		sc.Services = append(sc.Services, medibus.Service{ID: "duo", Roles: []string{"gp", "nurse"},
			Equipment: []string{"kit"}, ConsultMin: 25, RatePerYear: 0.2})
	}
	if rapid.Bool().Draw(t, "tele") {
		sc.Services = append(sc.Services, medibus.Service{ID: "tele", Roles: []string{"nurse"}, Remote: []string{"dermatologist"},
			ConsultMin: 20, RatePerYear: 0.2})
	}
}

// absence draws, one time in `in`, a range of up to `span` days within the cycle.
func absence(t *rapid.T, sc *medibus.Scenario, label string, in, span int) []medibus.DateRange {
	if rapid.IntRange(0, in-1).Draw(t, label) != 0 {
		return nil
	}
	from := monday.AddDays(rapid.IntRange(0, 7*sc.Rules.CycleWeeks-1).Draw(t, label+"_from"))
	return []medibus.DateRange{{From: from, To: from.AddDays(rapid.IntRange(0, span).Draw(t, label+"_days"))}}
}

func drawUnits(t *rapid.T, sc *medibus.Scenario, near func(string, float64) orb.Point) {
	for u := range rapid.IntRange(1, 3).Draw(t, "units") {
		did, uid := fmt.Sprintf("d%d", u), fmt.Sprintf("u%d", u)
		sc.Depots = append(sc.Depots, medibus.Depot{ID: did, Name: did, Point: near("depot", 0.8)})
		var eq []string
		for _, e := range []string{"chair", "kit"} {
			if rapid.Bool().Draw(t, "equipment") {
				eq = append(eq, e)
			}
		}
		sc.Units = append(sc.Units, medibus.Unit{ID: uid, Name: uid, Depot: did, Equipment: eq, Days: halfDays(t, "unit_days", 2),
			ShiftStart:  medibus.Clock(rapid.SampledFrom([]int{360, 420, 480}).Draw(t, "shift_start")),
			ShiftEnd:    medibus.Clock(rapid.SampledFrom([]int{1050, 1110, 1140}).Draw(t, "shift_end")),
			MaxDriveMin: rapid.SampledFrom([]int{60, 120, 240}).Draw(t, "max_drive"),
			Unavailable: absence(t, sc, "unit_off", 3, 4)})
	}
}

func drawStaff(t *rapid.T, sc *medibus.Scenario) {
	for i, role := range []string{"gp", "gp", "gp", "midwife", "nurse", "nurse", medibus.RoleAssistant, "gp", "dermatologist"} {
		m := medibus.StaffMember{ID: fmt.Sprintf("%s%d", role, i), Role: role, Availability: halfDays(t, "availability", 1),
			MaxSessionsPerWeek: rapid.SampledFrom([]int{0, 2, 4, 8}).Draw(t, "cap"), Unavailable: absence(t, sc, "staff_off", 4, 6)}
		switch i {
		case 7: // an intern, supervised by gp0
			m.Intern, m.Supervisor = true, "gp0"
			if rapid.Bool().Draw(t, "placement") {
				from := monday.AddDays(rapid.IntRange(0, 7*sc.Rules.CycleWeeks-1).Draw(t, "placement_from"))
				m.Placement = &medibus.DateRange{From: from, To: from.AddDays(rapid.IntRange(0, 20).Draw(t, "placement_days"))}
			}
		case 8: // a remote specialist
			m.MaxParallel = rapid.IntRange(0, 3).Draw(t, "parallel")
		}
		for _, u := range sc.Units {
			if rapid.IntRange(0, 2).Draw(t, "on_unit") > 0 {
				m.Units = append(m.Units, u.ID)
			}
		}
		sc.Staff = append(sc.Staff, m)
	}
}

func drawCommunes(t *rapid.T, sc *medibus.Scenario, near func(string, float64) orb.Point) {
	for c := range rapid.IntRange(5, 29).Draw(t, "communes") {
		insee := fmt.Sprintf("99%03d", c)
		pt := near("commune", 1.2)
		pop := rapid.IntRange(100, 3100).Draw(t, "population")
		sc.Communes = append(sc.Communes, medibus.Commune{INSEE: insee, Name: "C" + insee, Point: pt,
			Population: pop, AccessMin: rapid.Float64Range(0, 30).Draw(t, "access")})
		if rapid.Bool().Draw(t, "site") {
			sc.Sites = append(sc.Sites, medibus.Site{ID: "s" + insee, INSEE: insee, Name: "Site " + insee,
				Point: pt, Allowed: halfDays(t, "allowed", 2)})
		}
		for _, svc := range sc.Services {
			if rapid.IntRange(0, 3).Draw(t, "has_need") > 0 {
				sc.Demand = append(sc.Demand, medibus.Demand{INSEE: insee, Service: svc.ID,
					Need: float64(pop) * svc.RatePerYear * rapid.Float64Range(0, 1).Draw(t, "need") / 20, Source: "derived"})
			}
		}
	}
}

// valid fails the property if the independent validator finds a violation.
func valid(t *rapid.T, w world, sc *medibus.Scenario, pl *medibus.Plan) {
	vs, err := validate.Check(context.Background(), sc, pl, w.travel)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		t.Error(v.String())
	}
	if len(vs) > 0 {
		t.FailNow()
	}
}

func planOf(t *rapid.T, w world, engine string, sc *medibus.Scenario, opt scheduler.Options) *medibus.Plan {
	opt.Travel, opt.Start = w.travel, monday
	pl, err := scheduler.Engines[engine]().Plan(context.Background(), sc, opt)
	if err != nil {
		t.Fatalf("%s plan: %v", engine, err)
	}
	valid(t, w, sc, pl)
	return pl
}

// TestPlansAreValid is the engine's property test: whatever the scenario, every plan of
// every engine passes the independent validator, keeps a pin taken from a plan, and is
// the same for the same seed and iteration limit.
func TestPlansAreValid(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := drawWorld(t)
		seed := rapid.Int64Range(0, 1000).Draw(t, "seed")
		pl := planOf(t, w, "greedy", w.sc, scheduler.Options{Seed: seed})
		opt := scheduler.Options{Seed: seed, Iterations: 40}
		lns := planOf(t, w, "lns", w.sc, opt)
		if again := planOf(t, w, "lns", w.sc, opt); !reflect.DeepEqual(lns.Sessions, again.Sessions) {
			t.Fatal("same seed and iteration limit gave different plans")
		}
		if len(pl.Sessions) == 0 {
			return
		}
		pin := pl.Sessions[rapid.IntRange(0, len(pl.Sessions)-1).Draw(t, "pin")]
		pin.Pinned, pin.Staff = true, slices.Clone(pin.Staff)
		pinned := *w.sc
		pinned.Pins = []medibus.Session{pin}
		again := planOf(t, w, "lns", &pinned, opt)
		if !slices.ContainsFunc(again.Sessions, func(s medibus.Session) bool { return s.Key() == pin.Key() && s.Pinned }) {
			t.Fatalf("pin %+v lost", pin)
		}
	})
}

// TestRandomFrequencies adds random rhythms: every plan of every engine, and every
// re-plan after an absence, passes the validator, which checks the rhythms itself.
func TestRandomFrequencies(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := drawWorld(t)
		sc, cycle := w.sc, w.sc.Rules.CycleWeeks
		for _, s := range sc.Sites {
			if !rapid.Bool().Draw(t, "ruled") {
				continue
			}
			every := rapid.SampledFrom([]int{1, 2, 4}).Draw(t, "every")
			if cycle%every != 0 {
				every = cycle
			}
			f := medibus.Frequency{INSEE: s.INSEE, Service: rapid.SampledFrom(sc.Services).Draw(t, "service").ID, Every: every}
			if rapid.IntRange(0, 2).Draw(t, "loose") == 0 {
				f.MinGapDays, f.MaxGapDays = 7, 7*cycle // at least weekly, any spacing
			}
			if !slices.ContainsFunc(sc.Frequencies, func(g medibus.Frequency) bool { return g.INSEE == f.INSEE && g.Service == f.Service }) {
				sc.Frequencies = append(sc.Frequencies, f)
			}
		}
		opt := scheduler.Options{Seed: 1, Iterations: 40}
		planOf(t, w, "greedy", sc, opt)
		pl := planOf(t, w, "lns", sc, opt)
		if len(pl.Sessions) == 0 {
			return
		}
		absent := *sc
		absent.Staff = slices.Clone(sc.Staff)
		gone := pl.Sessions[rapid.IntRange(0, len(pl.Sessions)-1).Draw(t, "gone")]
		for i := range absent.Staff {
			if slices.Contains(gone.Staff, absent.Staff[i].ID) {
				absent.Staff[i].Unavailable = append(slices.Clone(absent.Staff[i].Unavailable), medibus.DateRange{From: gone.Date, To: gone.Date})
			}
		}
		re, _, err := scheduler.Replan(context.Background(), &absent, pl, scheduler.ReplanOptions{
			Options: scheduler.Options{Travel: w.travel, Seed: 1, Iterations: 40}, Fill: rapid.Bool().Draw(t, "fill")})
		if err != nil {
			t.Fatal(err)
		}
		valid(t, w, &absent, re)
	})
}

// TestReplanRandom: a re-plan after a bus and a person are away passes the validator
// and changes no session that the absences do not touch.
func TestReplanRandom(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := drawWorld(t)
		sc := w.sc
		ref := planOf(t, w, "greedy", sc, scheduler.Options{Seed: 1})
		from := monday.AddDays(rapid.IntRange(0, 7*sc.Rules.CycleWeeks-1).Draw(t, "from"))
		off := medibus.DateRange{From: from, To: from.AddDays(rapid.IntRange(0, 3).Draw(t, "days"))}
		u := rapid.IntRange(0, len(sc.Units)-1).Draw(t, "unit")
		m := rapid.IntRange(0, len(sc.Staff)-1).Draw(t, "staff")
		sc2 := *sc
		sc2.Units, sc2.Staff = slices.Clone(sc.Units), slices.Clone(sc.Staff)
		sc2.Units[u].Unavailable = append(slices.Clone(sc.Units[u].Unavailable), off)
		sc2.Staff[m].Unavailable = append(slices.Clone(sc.Staff[m].Unavailable), off)
		pl, rep, err := scheduler.Replan(context.Background(), &sc2, ref, scheduler.ReplanOptions{
			Options: scheduler.Options{Travel: w.travel, Seed: 1}, Fill: rapid.Bool().Draw(t, "fill")})
		if err != nil {
			t.Fatal(err)
		}
		valid(t, w, &sc2, pl)
		for _, c := range rep.Changes {
			if c.Before != nil && !affected(sc, *c.Before, sc.Units[u].ID, off, sc.Staff[m].ID, off) {
				t.Fatalf("untouched session %+v changed: %s", *c.Before, c.Kind)
			}
		}
	})
}

// TestMain runs 300 cases of each property unless -rapid.checks says otherwise: the
// scenarios are small and the plans take milliseconds.
func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "rapid.checks" })
	if !set {
		_ = flag.Set("rapid.checks", "300")
	}
	os.Exit(m.Run())
}
