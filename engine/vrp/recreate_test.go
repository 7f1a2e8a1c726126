package vrp

import (
	"math/rand/v2"
	"testing"
)

func TestRecreateInsertsCheapest(t *testing.T) {
	// a@1 c@3 routed; b@2 goes between them at no extra cost.
	in := newInstance(lineProblem([]float64{1, 2, 3}, 2))
	s := stateOf(t, in, []int{0, 2})
	var scratch []int
	if !in.insertBest(s, rand.New(rand.NewPCG(3, 4)), 1, &scratch, make([]bool, in.nClasses)) {
		t.Fatal("not inserted")
	}
	if got := s.routes[0].jobs; len(got) != 3 || got[1] != 1 {
		t.Fatalf("route %v", got)
	}
}
