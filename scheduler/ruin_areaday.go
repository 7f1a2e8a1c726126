package scheduler

// ruinAreaDay removes one day of sessions of 3 to 8 neighbouring buses: room to share
// that day's sites among them differently.
func ruinAreaDay(s *lnsSearch, u0 int) []removal {
	day := s.rng.IntN(s.st.p.days)
	return s.st.removeDays(s.area(u0, 3+s.rng.IntN(6)), day, 1)
}
