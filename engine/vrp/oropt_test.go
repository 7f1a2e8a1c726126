package vrp

import "testing"

func TestOrOpt(t *testing.T) {
	// Jobs sit on a line (depot at 0); each case moves a string of the route after
	// job 0 (at x=1) and must produce the sorted tour 1, 2, ..., n.
	tests := []struct {
		name  string
		xs    []float64
		kind  intraKind
		u     int     // first job of the moved string
		delta float64 // hand-computed change of the route length
	}{
		// 1 4 5 2 3 6 costs 18; 1 2 3 4 5 6 costs 12.
		{"two jobs", []float64{1, 4, 5, 2, 3, 6}, intraOrOpt2, 3, -6},
		// 1 5 6 2 3 4 7 costs 22; sorted costs 14.
		{"three jobs", []float64{1, 5, 6, 2, 3, 4, 7}, intraOrOpt3, 3, -8},
		// 1 4 5 3 2 6 costs 18; the string 3 2 reversed after 1 gives 12.
		{"two jobs reversed", []float64{1, 4, 5, 3, 2, 6}, intraOrOpt2Rev, 3, -6},
		// 1 5 6 4 3 2 7 costs 22; reversed after 1 gives 14.
		{"three jobs reversed", []float64{1, 5, 6, 4, 3, 2, 7}, intraOrOpt3Rev, 3, -8},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := newInstance(lineProblem(tc.xs, 1))
			route := make([]int, len(tc.xs))
			for i := range route {
				route[i] = i
			}
			s := stateOf(t, in, route)
			ls := newLocalSearch(in)
			if d := ls.intraDelta(s, tc.u, 0, tc.kind); !near(d, tc.delta) {
				t.Fatalf("delta %v, want %v", d, tc.delta)
			}
			ls.applyIntra(s, tc.u, 0, tc.kind)
			for i, j := range s.routes[0].jobs {
				if tc.xs[j] != float64(i+1) {
					t.Fatalf("route %v visits x=%v at position %d", s.routes[0].jobs, tc.xs[j], i)
				}
			}
			if !near(s.routes[0].dist, float64(2*len(tc.xs))) {
				t.Fatalf("route length %v, want %d", s.routes[0].dist, 2*len(tc.xs))
			}
		})
	}
	// A string that would contain v, or run past the end of the route, is no move.
	in := newInstance(lineProblem([]float64{1, 2, 3, 4}, 1))
	s := stateOf(t, in, []int{0, 1, 2, 3})
	ls := newLocalSearch(in)
	for _, c := range []struct {
		u, v int
		kind intraKind
	}{{1, 2, intraOrOpt2}, {2, 1, intraOrOpt2}, {2, 0, intraOrOpt3}, {3, 0, intraOrOpt2Rev}} {
		if d := ls.intraDelta(s, c.u, c.v, c.kind); d != 1 {
			t.Errorf("move %d after %d (kind %d): delta %v, want 1 (void)", c.u, c.v, c.kind, d)
		}
	}
}
