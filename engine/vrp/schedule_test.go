package vrp

import "testing"

func TestScheduleBreakAndWindows(t *testing.T) {
	p := lineProblem([]float64{10, 20}, 1)
	p.Vehicles[0].Break = &Break{Duration: 30, Window: TimeWindow{Start: 12, End: 40}}
	// b has two windows; the first is missed because of the break.
	p.Jobs[1].Windows = []TimeWindow{{0, 30}, {60, 80}}
	in := newInstance(p)
	var r Route
	r.BreakAfter = -1
	if !in.schedule(0, []int{0, 1}, &r) {
		t.Fatal("no timetable")
	}
	r.Jobs = []int{0, 1}
	r.Distance = 40
	sol := &Solution{Routes: []Route{r}, Unassigned: []int{}}
	if err := Check(p, sol); err != nil {
		t.Fatalf("%v (route %+v)", err, r)
	}
	// a at 10, b reached at 20 inside [0,30]... unless the break is placed before b.
	// Either way the break must start within [12, 40].
	if r.BreakStart < 12 || r.BreakStart > 40 {
		t.Fatalf("break at %v", r.BreakStart)
	}
}
