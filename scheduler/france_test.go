package scheduler_test

import (
	"encoding/json"
	"testing"
	"time"
)

func TestGreedyFrance(t *testing.T) {
	if testing.Short() {
		t.Skip("plans the whole country")
	}
	t0 := time.Now()
	sc := build(t, "france")
	t1 := time.Now()
	pl := plan(t, sc)
	t.Logf("build %v plan+kpi %v", t1.Sub(t0), time.Since(t1))
	b, _ := json.MarshalIndent(pl.KPIs, "", "  ")
	t.Logf("%s", b)
}
