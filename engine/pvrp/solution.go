package pvrp

// Solution is a feasible periodic plan.
type Solution struct {
	// Cost is the total distance over all days.
	Cost float64
	// Pattern gives, per node, the index in Problem.Patterns of the chosen pattern
	// (-1 for the depot).
	Pattern []int
	// Routes[d] lists day d's non-empty routes, each the customers in visit order
	// (depot omitted).
	Routes [][][]int
}

// solution converts a complete state into the public Solution.
func (s *state) solution() *Solution {
	in := s.in
	sol := &Solution{Cost: s.dist, Pattern: make([]int, in.n), Routes: make([][][]int, in.days)}
	sol.Pattern[0] = -1
	for c := 1; c < in.n; c++ {
		sol.Pattern[c] = int(s.pattern[c])
	}
	for d, routes := range s.days {
		sol.Routes[d] = [][]int{}
		for _, r := range routes {
			if len(r.nodes) == 0 {
				continue
			}
			out := make([]int, len(r.nodes))
			for i, c := range r.nodes {
				out[i] = int(c)
			}
			sol.Routes[d] = append(sol.Routes[d], out)
		}
	}
	return sol
}
