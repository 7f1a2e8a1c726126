package scheduler

import (
	"sort"

	"medibus"
)

// sortPlan orders sessions and bus-days by unit, date and half-day, the order in which
// they are stored and exported.
func sortPlan(pl *medibus.Plan) {
	sort.SliceStable(pl.Sessions, func(i, j int) bool {
		a, b := &pl.Sessions[i], &pl.Sessions[j]
		if a.Unit != b.Unit {
			return a.Unit < b.Unit
		}
		if a.Date != b.Date {
			return a.Date < b.Date
		}
		return a.Half < b.Half
	})
	sort.SliceStable(pl.BusDays, func(i, j int) bool {
		a, b := &pl.BusDays[i], &pl.BusDays[j]
		if a.Unit != b.Unit {
			return a.Unit < b.Unit
		}
		return a.Date < b.Date
	})
}
