package scheduler

import "medibus"

// A ruin operator removes a group of related, unpinned sessions around unit u0 and
// returns them. Each lives in a file of its own (ruin_*.go) with its tests.
type ruinOp func(s *lnsSearch, u0 int) []removal

// ruinOps are the LNS's removals, drawn uniformly.
var ruinOps = [...]ruinOp{ruinBusDays, ruinAreaDay, ruinStaff, ruinService}

// ruin draws a unit and a removal, and applies it.
func (s *lnsSearch) ruin() []removal {
	u0 := s.rng.IntN(len(s.st.p.sc.Units))
	return ruinOps[s.rng.IntN(len(ruinOps))](s, u0)
}

// area returns the k units whose depots are nearest unit u0's, u0 first.
func (s *lnsSearch) area(u0, k int) []int {
	return s.near[u0][:min(k, len(s.near[u0]))]
}

// takeWhere removes the unpinned sessions of units that keep accepts, in unit, day and
// half-day order, and returns them.
func (st *state) takeWhere(units []int, keep func(u, day int, h medibus.Half, pl *placed) bool) []removal {
	var out []removal
	for _, u := range units {
		for day := 0; day < st.p.days; day++ {
			for h := medibus.AM; h <= medibus.PM; h++ {
				pl := st.slot[u][day][h]
				if pl != nil && !pl.pinned && keep(u, day, h, pl) {
					out = append(out, removal{slotRef{u, day, h}, st.remove(u, day, h)})
				}
			}
		}
	}
	return out
}
