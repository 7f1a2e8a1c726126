package scheduler

import (
	"slices"

	"medibus"
)

// ruinStaff removes every session of one professional of unit u0's crews, on u0 and
// its 5 nearest buses: room to give that person's cycle another shape. Members are
// drawn in proportion to their sessions on u0.
func ruinStaff(s *lnsSearch, u0 int) []removal {
	st := s.st
	var crew []int
	for day := 0; day < st.p.days; day++ {
		for _, pl := range st.slot[u0][day] {
			if pl != nil {
				crew = append(crew, pl.staff...)
			}
		}
	}
	if len(crew) == 0 {
		return nil
	}
	return st.removeStaff(s.area(u0, 6), crew[s.rng.IntN(len(crew))])
}

// removeStaff removes the unpinned sessions of units whose crew includes member m.
func (st *state) removeStaff(units []int, m int) []removal {
	return st.takeWhere(units, func(_, _ int, _ medibus.Half, pl *placed) bool { return slices.Contains(pl.staff, m) })
}
