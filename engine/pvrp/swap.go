package pvrp

// swapNeighbours bounds the swap partners of a customer to its nearest ones.
const swapNeighbours = 25

// swapPass exchanges customers of two routes of day d when that shortens the day,
// each customer trying its swapNeighbours nearest partners. It reports whether the
// day changed.
func (w *worker) swapPass(s *state, d int) bool {
	in := s.in
	n := in.n
	capa, maxDur := in.capacity[d]+eps, in.maxDur[d]+eps
	any := false
	for k1 := range s.days[d] {
		for i1 := 0; i1 < len(s.days[d][k1].nodes); i1++ {
			r1 := &s.days[d][k1]
			c1 := r1.nodes[i1]
			p1, n1 := neighboursAt(r1.nodes, i1)
			for _, c2 := range in.neighbours[c1][:min(swapNeighbours, len(in.neighbours[c1]))] {
				k2 := int(s.where[d*n+int(c2)])
				if k2 < 0 || k2 == k1 {
					continue
				}
				r2 := &s.days[d][k2]
				if r1.load-in.demand[c1]+in.demand[c2] > capa || r2.load-in.demand[c2]+in.demand[c1] > capa {
					continue
				}
				i2 := 0
				for r2.nodes[i2] != c2 {
					i2++
				}
				p2, n2 := neighboursAt(r2.nodes, i2)
				d1 := in.d(p1, c2) + in.d(c2, n1) - in.d(p1, c1) - in.d(c1, n1)
				d2 := in.d(p2, c1) + in.d(c1, n2) - in.d(p2, c2) - in.d(c2, n2)
				if d1+d2 >= -lsEps {
					continue
				}
				if r1.dist+d1+r1.service-in.service[c1]+in.service[c2] > maxDur || r2.dist+d2+r2.service-in.service[c2]+in.service[c1] > maxDur {
					continue
				}
				r1.nodes[i1], r2.nodes[i2] = c2, c1
				s.refresh(d, k1)
				s.refresh(d, k2)
				any = true
				break
			}
		}
	}
	return any
}
