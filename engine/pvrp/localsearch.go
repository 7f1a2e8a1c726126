package pvrp

// Local search on one plan, day by day: 2-opt inside routes (twoopt.go), relocation
// of single customers anywhere in their day (relocate.go), and swaps with nearby
// customers of other routes of the same day (swap.go). Moves keep capacity and
// duration limits, so a feasible plan stays feasible; patterns never change here
// (ruin and recreate does that).

// lsEps is the least improvement a move must bring, against cycling on rounding.
const lsEps = 1e-9

// polish improves every day of s until no move helps, then refreshes its totals.
func (w *worker) polish(s *state) {
	for d := range s.days {
		for improved := true; improved; {
			improved = false
			for k := range s.days[d] {
				if s.in.symmetric && w.twoOptPass(s, d, k) {
					improved = true
				}
			}
			if w.relocatePass(s, d) {
				improved = true
			}
			if w.swapPass(s, d) {
				improved = true
			}
		}
	}
	s.recompute()
}
