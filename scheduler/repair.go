package scheduler

import (
	"context"
	"math"
	"slices"
	"time"
)

// repair refills the half-days that a ruin freed: need is booked afresh so that the
// greedy sees what is left, the greedy fills the removed sessions' buses, forbidden to
// put any of them back exactly where it was (a tabu for this repair only), and the
// rhythms are completed. It returns the objective of the repaired plan, or -Inf when
// the rhythms cannot be kept.
func (st *state) repair(ctx context.Context, removed []removal) float64 {
	st.tabu = make(map[[4]int]bool, len(removed))
	var units []int
	for _, r := range removed {
		st.tabu[[4]int{r.unit, r.pl.site, r.day, int(r.half)}] = true
		if !slices.Contains(units, r.unit) {
			units = append(units, r.unit)
		}
	}
	st.score()
	st.fillUnits(ctx, units, time.Time{}, 0, nil)
	st.tabu = nil
	if _, err := st.completeRhythms(); err != nil {
		return math.Inf(-1)
	}
	return st.score()
}
