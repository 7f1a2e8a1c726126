package scheduler_test

import (
	"math"
	"testing"

	"medibus/scheduler"
)

// TestPlanFromReference: re-planning an unchanged scenario from its own plan, with
// another seed, keeps at least 95 % of the sessions and an objective within 0.5 %,
// where planning afresh with that seed moves many more.
func TestPlanFromReference(t *testing.T) {
	sc := build(t, "creuse")
	opt := scheduler.Options{Travel: gcTravel, Start: monday, Seed: 1, Iterations: 200}
	ref := planWith(t, "lns", sc, opt)
	opt.Seed = 2
	fresh := planWith(t, "lns", sc, opt)
	opt.Reference = ref
	again := planWith(t, "lns", sc, opt)
	kept, afresh := scheduler.Kept(ref, again), scheduler.Kept(ref, fresh)
	a, b := objective(t, sc, ref), objective(t, sc, again)
	t.Logf("kept %d of %d from the reference (%d planning afresh); objective %.1f → %.1f", kept, len(ref.Sessions), afresh, a, b)
	if float64(kept) < 0.95*float64(len(ref.Sessions)) {
		t.Errorf("kept %d of %d sessions, want at least 95 %%", kept, len(ref.Sessions))
	}
	if math.Abs(b-a) > 0.005*math.Abs(a) {
		t.Errorf("objective %.1f, more than 0.5 %% from the reference's %.1f", b, a)
	}
	if again.ReferenceID != ref.ID {
		t.Errorf("reference id %d, want %d", again.ReferenceID, ref.ID)
	}
}
