package scheduler

import "medibus"

// ruinService removes every session of one service on 2 to 6 neighbouring buses: room
// to move a specialty between buses and sites.
func ruinService(s *lnsSearch, u0 int) []removal {
	v := s.rng.IntN(len(s.st.p.sc.Services))
	return s.st.removeService(s.area(u0, 2+s.rng.IntN(5)), v)
}

// removeService removes the unpinned sessions of service v on units.
func (st *state) removeService(units []int, v int) []removal {
	return st.takeWhere(units, func(_, _ int, _ medibus.Half, pl *placed) bool { return pl.service == v })
}
