package scheduler_test

import (
	"encoding/json"
	"testing"
	"time"
)

// TestGreedyFrance plans the default scenario with the constructive planner alone and
// holds it to the care targets of the planning issue, which the optimiser then improves
// on: the plan must aim at people in need, fairly, with sane driving.
func TestGreedyFrance(t *testing.T) {
	if testing.Short() {
		t.Skip("plans the whole country")
	}
	t0 := time.Now()
	sc := build(t, "france")
	t1 := time.Now()
	pl := plan(t, sc)
	t.Logf("build %v plan+kpi %v", t1.Sub(t0), time.Since(t1))
	k := pl.KPIs
	b, _ := json.MarshalIndent(k, "", "  ")
	t.Logf("%s", b)
	for _, c := range []struct {
		name string
		ok   bool
		got  any
	}{
		{"GP consultations per 1,000 people in need per year ≥ 80", k.Per1000 >= 80, k.Per1000},
		{"share of consultations to people in need ≥ 90 %", k.ShareToNeed >= 0.9, k.ShareToNeed},
		{"worst-served decile ≥ 25", k.WorstDecilePer1000 >= 25, k.WorstDecilePer1000},
		{"Gini ≤ 0.30", k.Gini <= 0.30, k.Gini},
		{"worst department ≥ 40", k.WorstDepartmentPer1000 >= 40, k.WorstDepartmentPer1000},
		{"people in need within reach of a GP session ≥ 95 %", k.CoverageShare >= 0.95, k.CoverageShare},
		{"100 buses used", k.BusesUsed == 100, k.BusesUsed},
		{"daily driving p95 ≤ 150 min", k.DriveMinP95 <= 150, k.DriveMinP95},
		{"no leg over 90 min", k.LongestLegMin <= 90, k.LongestLegMin},
	} {
		if !c.ok {
			t.Errorf("%s: got %v", c.name, c.got)
		}
	}
}
