package scheduler_test

import (
	"context"
	"encoding/json"
	"testing"

	"medibus"
	"medibus/scenario"
	"medibus/scheduler"
	"medibus/territory"
)

// monday is a fixed cycle start, so tests do not depend on today's date.
var monday, _ = medibus.ParseDate("2026-11-23")

func build(t testing.TB, name string) *medibus.Scenario {
	t.Helper()
	f, err := territory.Load()
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Build(name, scenario.Defaults(), f)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func plan(t testing.TB, sc *medibus.Scenario) *medibus.Plan {
	t.Helper()
	pl, err := scheduler.Greedy{}.Plan(context.Background(), sc, scheduler.Options{Start: monday, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	k, err := scheduler.KPIs(context.Background(), sc, pl, nil)
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
