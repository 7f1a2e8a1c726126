package scheduler

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"medibus"
)

// TestRepairTabu: one bus, one working half-day, two sites with the same need around
// them. The greedy puts a session at one site; after the slot is ruined, the repair
// may not put it back where it was, so it chooses the other site; undoing the journal
// restores the first plan exactly.
func TestRepairTabu(t *testing.T) {
	monAM := medibus.HalfDays(0).With(1, medibus.AM)
	sc := tinyScenario()
	sc.Rules.Days = monAM
	sc.Units[0].Days = monAM
	sc.Sites = sc.Sites[:2] // A and B, 15 min apart
	sc.Communes = []medibus.Commune{
		{INSEE: "00001", Point: orb.Point{2, 46.2}, Population: 500, AccessMin: 40},
		{INSEE: "00002", Point: orb.Point{2, 46.3}, Population: 500, AccessMin: 40},
	}
	sc.Demand = []medibus.Demand{{INSEE: "00001", Service: "gp", Need: 30}, {INSEE: "00002", Service: "gp", Need: 30}}
	p := mustCompile(t, sc)
	st := newState(p, DefaultWeights())
	st.fillUnits(context.Background(), nil, time.Time{}, 0, nil)
	first := st.slot[0][0][medibus.AM]
	if first == nil {
		t.Fatal("the greedy placed nothing")
	}
	var journal []change
	st.journal = &journal
	removed := st.removeDays([]int{0}, 0, 1)
	val := st.repair(context.Background(), removed)
	st.journal = nil
	again := st.slot[0][0][medibus.AM]
	if again == nil || again.site == first.site {
		t.Fatalf("after the repair the slot holds %+v; want the other site than %d", again, first.site)
	}
	if math.IsInf(val, -1) || val != st.score() {
		t.Fatalf("repair returned %v, the state scores %v", val, st.score())
	}
	st.undo(journal)
	if got := st.slot[0][0][medibus.AM]; got != first {
		t.Fatalf("undo left %+v, want the first session %+v", got, first)
	}
}
