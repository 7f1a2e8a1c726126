package vrp

import (
	"math/rand/v2"
	"testing"
)

func TestLocalSearchReplaces(t *testing.T) {
	// Same as above through the whole local search: c ends up served, b left out.
	p := lineProblem([]float64{4, 5, 5.5}, 1)
	p.Objective = MaxPrize
	p.Vehicles[0].MaxDistance = 11
	for j, prize := range []float64{1, 2, 5} {
		p.Jobs[j].Optional, p.Jobs[j].Prize = true, prize
	}
	in := newInstance(p)
	s := stateOf(t, in, []int{1})
	newLocalSearch(in).run(s, rand.New(rand.NewPCG(1, 2)))
	if s.where[2] != 0 || s.where[1] != -1 {
		t.Fatalf("routes %v: want c served instead of b", s.routes[0].jobs)
	}
}
