package pvrp

import "testing"

func TestStateBookkeeping(t *testing.T) {
	// Customers at x = 1 and x = 10, demand 1 each, one vehicle of capacity 1 on one
	// day. Distances are kept incrementally; overload counts load above capacity.
	p := lineProblem([]float64{1, 10}, 1, 1)
	p.Capacity[0] = 1
	in := newInstance(p)
	s := newState(in)
	s.pattern[1], s.pattern[2] = 0, 0
	steps := []struct {
		name       string
		do         func()
		dist, over float64
	}{
		{"insert 1", func() { s.insertAt(1, 0, 0, 0) }, 2, 0},
		{"insert 2 after it", func() { s.insertAt(2, 0, 0, 1) }, 20, 1},
		{"remove 1's visit", func() { s.removeVisit(1, 0) }, 20, 0},
		{"remove 2", func() { s.remove(2) }, 0, 0},
	}
	for _, st := range steps {
		st.do()
		if s.dist != st.dist || s.over != st.over {
			t.Fatalf("after %s: distance %v, overload %v; want %v, %v", st.name, s.dist, s.over, st.dist, st.over)
		}
	}
	if s.pattern[2] != -1 || s.pattern[1] != 0 || s.missing[1] != 1 {
		t.Fatalf("patterns %v, missing %v", s.pattern, s.missing)
	}
}
