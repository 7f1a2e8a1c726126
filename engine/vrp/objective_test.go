package vrp

import (
	"context"
	"testing"
)

func TestMaxPrizeCollectsReachable(t *testing.T) {
	// One vehicle with 6 time units from and to x=0: it can reach x=3 at most.
	p := lineProblem([]float64{1, 2, 3, 4, 5}, 1)
	p.Objective = MaxPrize
	p.Vehicles[0].MaxDuration = 6
	for j := range p.Jobs {
		p.Jobs[j].Optional = true
		p.Jobs[j].Prize = float64(10 * (j + 1))
	}
	sol, err := Solve(context.Background(), p, Options{Seed: 1, MaxIterations: 200})
	if err != nil {
		t.Fatal(err)
	}
	if err := Check(p, sol); err != nil {
		t.Fatal(err)
	}
	if sol.Prize != 60 || sol.Cost != -60 {
		t.Fatalf("prize %v cost %v, want 60 and -60", sol.Prize, sol.Cost)
	}
}

func TestVehiclesThenDistance(t *testing.T) {
	// Far-apart pairs: distance alone prefers one vehicle per job pair direction, but
	// capacity 2 allows two vehicles for four jobs.
	p := lineProblem([]float64{-10, -11, 10, 11}, 4)
	for k := range p.Vehicles {
		p.Vehicles[k].Capacity = []float64{2}
	}
	for _, obj := range []Objective{MinDistance, MinVehiclesThenDistance} {
		p.Objective = obj
		sol, err := Solve(context.Background(), p, Options{Seed: 1, MaxIterations: 300})
		if err != nil {
			t.Fatal(err)
		}
		if err := Check(p, sol); err != nil {
			t.Fatal(err)
		}
		if sol.Vehicles != 2 || !near(sol.Distance, 44) {
			t.Fatalf("%v: %d vehicles, distance %v; want 2 and 44", obj, sol.Vehicles, sol.Distance)
		}
	}
}

func TestSkillsAndUnservable(t *testing.T) {
	p := lineProblem([]float64{1, 2}, 2)
	p.Vehicles[1].Skills = []string{"dental"}
	p.Jobs[0].Skills = []string{"dental"}
	p.Jobs[1].Skills = []string{"ophthalmology"} // nobody has it
	p.Jobs[1].Optional, p.Jobs[1].Prize = true, 5
	sol, err := Solve(context.Background(), p, Options{Seed: 1, MaxIterations: 50})
	if err != nil {
		t.Fatal(err)
	}
	if err := Check(p, sol); err != nil {
		t.Fatal(err)
	}
	if len(sol.Routes) != 1 || sol.Routes[0].Vehicle != 1 || len(sol.Unassigned) != 1 || sol.Unassigned[0] != 1 {
		t.Fatalf("solution %+v", sol)
	}
	if !near(sol.Cost, 2+5) {
		t.Fatalf("cost %v, want 7 (distance 2 + skipped prize 5)", sol.Cost)
	}
}
