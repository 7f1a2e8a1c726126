package scheduler_test

import (
	"encoding/json"
	"testing"
	"time"

	"medibus"
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
		{"worst department of ≥ 20,000 people in need ≥ 40 (issue 11)", worst(rates(sc, pl, "gp", func(c *medibus.Commune) string { return c.Department }), 20000) >= 40,
			worst(rates(sc, pl, "gp", func(c *medibus.Commune) string { return c.Department }), 20000)},
		{"worst department of ≥ 5,000 people in need ≥ 35, the floor 40 in whole consultations", k.WorstDepartmentPer1000 >= 35, k.WorstDepartmentPer1000},
		{"no department of ≥ 5,000 people in need without a GP consultation", len(k.WithoutCare) == 0 || k.WithoutCare[0].PopulationInNeed < 5000, k.WithoutCare},
		{"people in need within reach of a GP session ≥ 95 %", k.CoverageShare >= 0.95, k.CoverageShare},
		{"100 buses used", k.BusesUsed == 100, k.BusesUsed},
		{"daily driving p95 ≤ 150 min", k.DriveMinP95 <= 150, k.DriveMinP95},
		{"no leg over 90 min", k.LongestLegMin <= 90, k.LongestLegMin},
	} {
		if !c.ok {
			t.Errorf("%s: got %v", c.name, c.got)
		}
	}
	// Specialists by need (issue 19): per service, the worst region of ≥ 50,000 people
	// in need gets at least half the best one's rate.
	for _, svc := range sc.Services[1:] {
		r := rates(sc, pl, svc.ID, func(c *medibus.Commune) string { return c.Region })
		lo, hi := worst(r, 50000), best(r, 50000)
		t.Logf("%s: worst region %.2f, best %.2f per 1,000 in need a year", svc.ID, lo, hi)
		if lo < hi/2 {
			t.Errorf("%s: worst region %.2f < half the best %.2f", svc.ID, lo, hi)
		}
	}
}

// rated is a group's people in need of a service and the consultations booked to them
// over the cycle.
type rated struct{ inNeed, booked, days float64 }

// rates groups the communes in need of service svc by group and sums their people in
// need and the consultations pl books to them, independently of the KPIs.
func rates(sc *medibus.Scenario, pl *medibus.Plan, svc string, group func(*medibus.Commune) string) map[string]*rated {
	needs := map[string]bool{}
	for _, d := range sc.Demand {
		if d.Service == svc && d.Need > 0 {
			needs[d.INSEE] = true
		}
	}
	booked := map[string]float64{}
	for _, s := range pl.Sessions {
		if s.Service == svc {
			for c, b := range s.Booked {
				booked[c] += b
			}
		}
	}
	out := map[string]*rated{}
	for i := range sc.Communes {
		c := &sc.Communes[i]
		if !c.InNeed || c.Population <= 0 || !needs[c.INSEE] {
			continue
		}
		g := group(c)
		if out[g] == nil {
			out[g] = &rated{days: float64(sc.Rules.CycleDays())}
		}
		out[g].inNeed += float64(c.Population)
		out[g].booked += booked[c.INSEE]
	}
	return out
}

// per1000 is a group's consultations per 1,000 people in need a year.
func (r *rated) per1000() float64 { return r.booked * 365 / r.days * 1000 / r.inNeed }

// worst and best are the lowest and highest rates among groups of at least atLeast
// people in need.
func worst(rs map[string]*rated, atLeast float64) float64 {
	lo := -1.0
	for _, r := range rs {
		if r.inNeed >= atLeast && (lo < 0 || r.per1000() < lo) {
			lo = r.per1000()
		}
	}
	return lo
}

func best(rs map[string]*rated, atLeast float64) float64 {
	hi := 0.0
	for _, r := range rs {
		if r.inNeed >= atLeast && r.per1000() > hi {
			hi = r.per1000()
		}
	}
	return hi
}
