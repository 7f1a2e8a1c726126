package scheduler

import "medibus"

// ruinBusDays removes every session of 1 to 3 neighbouring buses over a block of 2 to
// 7 consecutive days: room to reshape their tours together.
func ruinBusDays(s *lnsSearch, u0 int) []removal {
	first := s.rng.IntN(s.st.p.days)
	span := 2 + s.rng.IntN(6)
	return s.st.removeDays(s.area(u0, 1+s.rng.IntN(3)), first, span)
}

// removeDays removes the unpinned sessions of units on the span days from first,
// counted round the cycle (the last day is followed by the first).
func (st *state) removeDays(units []int, first, span int) []removal {
	days := st.p.days
	return st.takeWhere(units, func(_, day int, _ medibus.Half, _ *placed) bool {
		return (day-first+days)%days < span
	})
}
