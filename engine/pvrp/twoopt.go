package pvrp

// twoOptPass reverses segments of route k on day d while that shortens it, first
// improvement (2-opt; symmetric distances only). It reports whether the route changed.
func (w *worker) twoOptPass(s *state, d, k int) bool {
	in := s.in
	r := &s.days[d][k]
	nodes := r.nodes
	L := len(nodes)
	any := false
	for improved := true; improved; {
		improved = false
		for i := 0; i < L-1; i++ {
			a := int32(0)
			if i > 0 {
				a = nodes[i-1]
			}
			for j := i + 1; j < L; j++ {
				b := int32(0)
				if j+1 < L {
					b = nodes[j+1]
				}
				delta := in.d(a, nodes[j]) + in.d(nodes[i], b) - in.d(a, nodes[i]) - in.d(nodes[j], b)
				if delta < -lsEps {
					for x, y := i, j; x < y; x, y = x+1, y-1 {
						nodes[x], nodes[y] = nodes[y], nodes[x]
					}
					improved, any = true, true
				}
			}
		}
	}
	if any {
		s.refresh(d, k)
	}
	return any
}
