package scheduler

import "medibus"

// ruinBusDays removes every session of 1 to 3 neighbouring buses over a block of 2 to
// 7 consecutive days (round the cycle): room to reshape their tours together.
func ruinBusDays(s *lnsSearch, u0 int) []removal {
	days := s.st.p.days
	first := s.rng.IntN(days)
	span := 2 + s.rng.IntN(6)
	return s.st.takeWhere(s.area(u0, 1+s.rng.IntN(3)), func(_, day int, _ medibus.Half, _ *placed) bool {
		return (day-first+days)%days < span
	})
}
