package vrp

import "testing"

func TestDropRoute(t *testing.T) {
	// Routes of 2, 1 and 3 jobs: the one-job route goes, its job is left out, and at
	// most two routes may be used from then on.
	p := lineProblem([]float64{1, 2, 3, 4, 5, 6}, 3)
	p.Objective = MinVehiclesThenDistance
	in := newInstance(p)
	w := newWorker(in, 1)
	f := &fleetSearch{w: w, cur: stateOf(t, in, []int{0, 1}, []int{2}, []int{3, 4, 5}), absence: make([]int, in.n)}
	if !f.dropRoute() {
		t.Fatal("no route dropped")
	}
	if len(f.cur.routes[1].jobs) != 0 || f.cur.where[2] != -1 || f.cur.routeCap != 2 {
		t.Fatalf("routes %v %v %v, where[2]=%d, cap %d", f.cur.routes[0].jobs, f.cur.routes[1].jobs, f.cur.routes[2].jobs, f.cur.where[2], f.cur.routeCap)
	}
	if left, _ := f.unserved(f.cur); left != 1 {
		t.Fatalf("%d jobs left out, want 1", left)
	}
	// One route left: nothing more to drop.
	f.cur = stateOf(t, in, []int{0, 1, 2, 3, 4, 5})
	if f.dropRoute() {
		t.Fatal("dropped the only route")
	}
}
