package vrp

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"testing"

	"pgregory.net/rapid"

	"medibus/engine/anytime"
)

// randomProblem draws a small rich instance: points in a square, capacities,
// windows (sometimes two), skills, optional jobs, breaks, duration limits.
func randomProblem(t *rapid.T) *Problem {
	n := rapid.IntRange(1, 12).Draw(t, "jobs")
	nv := rapid.IntRange(1, 4).Draw(t, "vehicles")
	nl := n + 2
	xs := make([]float64, nl)
	ys := make([]float64, nl)
	for i := range xs {
		xs[i] = float64(rapid.IntRange(0, 50).Draw(t, "x"))
		ys[i] = float64(rapid.IntRange(0, 50).Draw(t, "y"))
	}
	m := make([][]float64, nl)
	for i := range m {
		m[i] = make([]float64, nl)
		for j := range m[i] {
			m[i][j] = math.Hypot(xs[i]-xs[j], ys[i]-ys[j])
		}
	}
	p := &Problem{Duration: m, Distance: m, Objective: Objective(rapid.IntRange(0, 2).Draw(t, "objective"))}
	skills := []string{"gyn", "eye"}
	for k := 0; k < nv; k++ {
		v := Vehicle{ID: fmt.Sprint("v", k), Start: rapid.IntRange(0, 1).Draw(t, "start"), End: rapid.IntRange(0, 1).Draw(t, "end"),
			ShiftStart: 0, ShiftEnd: float64(rapid.IntRange(100, 400).Draw(t, "shiftEnd")),
			Capacity: []float64{float64(rapid.IntRange(1, 10).Draw(t, "cap")), 5}}
		if rapid.Bool().Draw(t, "skill") {
			v.Skills = []string{skills[rapid.IntRange(0, 1).Draw(t, "vs")]}
		}
		if rapid.IntRange(0, 3).Draw(t, "hasBreak") == 0 {
			s := float64(rapid.IntRange(0, 150).Draw(t, "bs"))
			v.Break = &Break{Duration: float64(rapid.IntRange(0, 30).Draw(t, "bd")), Window: TimeWindow{s, s + 60}}
		}
		if rapid.IntRange(0, 3).Draw(t, "hasMax") == 0 {
			v.MaxDuration = float64(rapid.IntRange(50, 300).Draw(t, "maxDur"))
		}
		if rapid.IntRange(0, 3).Draw(t, "hasMaxDist") == 0 {
			v.MaxDistance = float64(rapid.IntRange(50, 300).Draw(t, "maxDist"))
		}
		p.Vehicles = append(p.Vehicles, v)
	}
	for j := 0; j < n; j++ {
		job := Job{ID: fmt.Sprint("j", j), Location: j + 2, Service: float64(rapid.IntRange(0, 20).Draw(t, "svc")),
			Demand:   []float64{float64(rapid.IntRange(0, 4).Draw(t, "dem")), float64(rapid.IntRange(0, 2).Draw(t, "dem2"))},
			Optional: p.Objective == MaxPrize || rapid.Bool().Draw(t, "optional"), Prize: float64(rapid.IntRange(0, 100).Draw(t, "prize"))}
		switch rapid.IntRange(0, 2).Draw(t, "windows") {
		case 1:
			s := float64(rapid.IntRange(0, 200).Draw(t, "ws"))
			job.Windows = []TimeWindow{{s, s + float64(rapid.IntRange(0, 100).Draw(t, "wl"))}}
		case 2:
			s := float64(rapid.IntRange(0, 100).Draw(t, "ws"))
			job.Windows = []TimeWindow{{s, s + 20}, {s + 100, s + 150}}
		}
		if rapid.IntRange(0, 3).Draw(t, "needSkill") == 0 {
			job.Skills = []string{skills[rapid.IntRange(0, 1).Draw(t, "js")]}
		}
		p.Jobs = append(p.Jobs, job)
	}
	return p
}

// TestSolveAlwaysFeasible: whatever the instance, the solver's output passes Check
// once mandatory jobs it could not serve are made optional (Check rejects unserved
// mandatory jobs, which may be unavoidable on random data).
func TestSolveAlwaysFeasible(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := randomProblem(t)
		sol, err := Solve(context.Background(), p, Options{Seed: 7, MaxIterations: 200})
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range sol.Unassigned {
			p.Jobs[j].Optional = true
		}
		if err := Check(p, sol); err != nil {
			t.Fatalf("Check: %v\nsolution %+v", err, sol)
		}
	})
}

func TestSolveDeterministic(t *testing.T) {
	tests := []struct {
		name  string
		obj   Objective
		iters int64
	}{
		{"distance", MinDistance, 500},
		// Enough iterations for the prize search to restart from its best
		// (stallPrize idle iterations each).
		{"prize with restarts", MaxPrize, 2*stallPrize + 100},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			xs := make([]float64, 40)
			for i := range xs {
				xs[i] = float64((i * 37) % 41)
			}
			p := lineProblem(xs, 5)
			p.Objective = tc.obj
			for j := range p.Jobs {
				p.Jobs[j].Windows = []TimeWindow{{float64(j), float64(j) + 60}}
				p.Jobs[j].Demand = []float64{10}
				if tc.obj == MaxPrize {
					p.Jobs[j].Optional, p.Jobs[j].Prize = true, float64(1+j%7)
				}
			}
			if tc.obj == MaxPrize {
				for k := range p.Vehicles {
					p.Vehicles[k].MaxDistance = 30 // not every job fits
				}
			}
			a, err := Solve(context.Background(), p, Options{Seed: 3, MaxIterations: tc.iters, Workers: 2})
			if err != nil {
				t.Fatal(err)
			}
			b, _ := Solve(context.Background(), p, Options{Seed: 3, MaxIterations: tc.iters, Workers: 2})
			if !reflect.DeepEqual(a, b) {
				t.Fatalf("same seed, different solutions: %v vs %v", a.Cost, b.Cost)
			}
			if err := Check(p, a); err != nil {
				t.Fatal(err)
			}
			if tc.obj == MaxPrize && len(a.Unassigned) == 0 {
				t.Fatalf("every job served: the instance does not test selection")
			}
		})
	}
}

func TestSolveNoBudget(t *testing.T) {
	if _, err := Solve(context.Background(), lineProblem([]float64{1}, 1), Options{}); !errors.Is(err, anytime.ErrNoBudget) {
		t.Fatalf("err = %v", err)
	}
}
