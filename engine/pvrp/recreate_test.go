package pvrp

import (
	"slices"
	"testing"
)

func TestInsertChoosesCheapestPattern(t *testing.T) {
	// Customer 1 (x = 10) comes on day 0 only, customer 2 (x = −10) on day 1 only;
	// customer 3 (x = 5) may come on day 1 (its first pattern) or day 0. On day 0 it
	// lies on the way to customer 1 (detour 0); on day 1 it costs a detour of 10.
	p := lineProblem([]float64{10, -10, 5}, 2, 1)
	p.Patterns[1], p.Patterns[2], p.Patterns[3] = []Pattern{1}, []Pattern{2}, []Pattern{2, 1}
	in := newInstance(p)
	s := planOf(t, in, [][]int32{{1}}, [][]int32{{2}})
	w := newWorker(in, 1)
	if !w.insert(s, 3) {
		t.Fatal("not inserted")
	}
	s.recompute()
	day0 := slices.Sorted(slices.Values(s.days[0][0].nodes))
	if s.pattern[3] != 1 || !slices.Equal(day0, []int32{1, 3}) || s.dist != 40 {
		t.Fatalf("pattern %d, day 0 %v, distance %v; want pattern 1, customers 1 and 3, 40", s.pattern[3], s.days[0][0].nodes, s.dist)
	}
}

func TestInsertKeepsPattern(t *testing.T) {
	// Customer 1 comes on days 0 and 1; removed from day 1 only, it goes back to day 1
	// with its pattern, not to another day.
	p := lineProblem([]float64{4, 6}, 3, 1)
	p.Patterns[1] = []Pattern{0b011, 0b110}
	in := newInstance(p)
	s := planOf(t, in, [][]int32{{1}}, [][]int32{{1, 2}}, nil)
	s.removeVisit(1, 1)
	if s.missing[1] != 0b010 || !slices.Contains(s.unserved, 1) {
		t.Fatalf("missing %b, unserved %v", s.missing[1], s.unserved)
	}
	w := newWorker(in, 1)
	if !w.insert(s, 1) {
		t.Fatal("not inserted")
	}
	if s.pattern[1] != 0 || s.missing[1] != 0 || s.where[1*in.n+1] < 0 || s.where[2*in.n+1] >= 0 {
		t.Fatalf("pattern %d, missing %b, days %v %v %v", s.pattern[1], s.missing[1], s.days[0], s.days[1], s.days[2])
	}
}
