package scheduler_test

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"reflect"
	"testing"
	"time"

	"medibus"
	"medibus/scheduler"
)

// objective recomputes a plan's weighted objective from the plan, its bookings and its
// KPIs, independently of the engine: the care value of each commune's bookings against
// its need, people in need within reach per service, km and long days.
func objective(t testing.TB, sc *medibus.Scenario, pl *medibus.Plan) float64 {
	t.Helper()
	k, err := scheduler.KPIs(context.Background(), sc, pl, gcTravel)
	if err != nil {
		t.Fatal(err)
	}
	w := scheduler.DefaultWeights()
	booked := map[[2]string]float64{}
	for _, s := range pl.Sessions {
		for c, b := range s.Booked {
			booked[[2]string{s.Service, c}] += b
		}
	}
	val := 0.0
	for _, d := range sc.Demand {
		if b := booked[[2]string{d.Service, d.INSEE}]; d.Need > 0 && b > 0 {
			val += w.Care * d.Need * w.Fairness * math.Log1p(b/(w.Fairness*d.Need))
		}
	}
	for _, s := range k.Services {
		val += w.Reach * float64(s.PopulationCovered)
	}
	for _, bd := range pl.BusDays {
		val -= w.LongDay * math.Max(0, float64(bd.DriveMin)-w.LongDayMin)
	}
	return val - w.DriveKm*k.DriveKm
}

func TestLNSImprovesOnGreedy(t *testing.T) {
	sc := build(t, "creuse")
	greedy := plan(t, sc)
	opts := scheduler.Options{Travel: gcTravel, Start: monday, Seed: 3, Iterations: 300}
	a, err := scheduler.LNS{}.Plan(context.Background(), sc, opts)
	if err != nil {
		t.Fatal(err)
	}
	mustBeValid(t, sc, a)
	g, l := objective(t, sc, greedy), objective(t, sc, a)
	t.Logf("objective greedy %.1f, lns %.1f (%+.2f %%)", g, l, 100*(l-g)/g)
	if l < g-1e-6 {
		t.Fatalf("LNS objective %.1f is worse than the greedy's %.1f it starts from", l, g)
	}
	b, err := scheduler.LNS{}.Plan(context.Background(), sc, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed and iterations gave different plans")
	}
}

// TestLNSFrance is the long run behind docs/benchmarks.md: MEDIBUS_LNS_SECONDS=60.
func TestLNSFrance(t *testing.T) {
	secs := os.Getenv("MEDIBUS_LNS_SECONDS")
	if secs == "" {
		t.Skip("set MEDIBUS_LNS_SECONDS to plan france with the LNS")
	}
	d, err := time.ParseDuration(secs + "s")
	if err != nil {
		t.Fatal(err)
	}
	sc := build(t, "france")
	t0 := time.Now()
	greedy := plan(t, sc)
	t.Logf("greedy %.1f s objective %.1f", time.Since(t0).Seconds(), objective(t, sc, greedy))
	t0 = time.Now()
	var last scheduler.Progress
	pl, err := scheduler.LNS{}.Plan(context.Background(), sc, scheduler.Options{Travel: gcTravel, Start: monday, Seed: 1, TimeLimit: d,
		Progress: func(p scheduler.Progress) { last = p }})
	if err != nil {
		t.Fatal(err)
	}
	mustBeValid(t, sc, pl)
	if pl.KPIs, err = scheduler.KPIs(context.Background(), sc, pl, gcTravel); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(pl.KPIs)
	t.Logf("lns %s: %.1f s, %d iterations, objective %.1f, KPIs %s", d, time.Since(t0).Seconds(), last.Iterations, objective(t, sc, pl), b)
}
