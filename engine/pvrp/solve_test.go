package pvrp

import (
	"context"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestSolveRandomFeasible(t *testing.T) {
	for seed := uint64(1); seed <= 12; seed++ {
		days, m := 2+int(seed%4), 1+int(seed%3)
		p := randomProblem(seed, 8+int(seed)*2, days, m)
		sol, err := Solve(context.Background(), p, Options{Seed: seed, MaxIterations: 400, Workers: 2})
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		if err := Check(p, sol); err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
	}
}

func TestSolveDeterministic(t *testing.T) {
	p := randomProblem(3, 30, 4, 2)
	var first *Solution
	for i := 0; i < 3; i++ {
		sol, err := Solve(context.Background(), p, Options{Seed: 9, MaxIterations: 500, Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = sol
		} else if !reflect.DeepEqual(first, sol) {
			t.Fatalf("run %d differs: %v vs %v", i, sol.Cost, first.Cost)
		}
	}
	other, err := Solve(context.Background(), p, Options{Seed: 10, MaxIterations: 500, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("seed 9: %.2f, seed 10: %.2f", first.Cost, other.Cost)
}

func TestSolveErrors(t *testing.T) {
	heavy := randomProblem(1, 6, 2, 1)
	heavy.Demand[3] = heavy.Capacity[0] + 1
	bad := randomProblem(1, 6, 2, 1)
	bad.Patterns[2] = []Pattern{1 << 5}
	tests := []struct {
		name string
		p    *Problem
		opts Options
		want string
	}{
		{"no budget", randomProblem(1, 5, 2, 1), Options{}, "time limit or an iteration limit"},
		{"pattern beyond horizon", bad, Options{MaxIterations: 10}, "customer 2: pattern"},
		{"oversized demand", heavy, Options{MaxIterations: 200}, "no feasible plan"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Solve(context.Background(), tc.p, tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			if tc.name == "oversized demand" && !errors.Is(err, ErrInfeasible) {
				t.Fatalf("err = %v, want ErrInfeasible", err)
			}
		})
	}
}

func TestSolveTimeLimitAndProgress(t *testing.T) {
	p := randomProblem(5, 40, 3, 2)
	calls := 0
	last := 0.0
	start := time.Now()
	sol, err := Solve(context.Background(), p, Options{Seed: 1, TimeLimit: 200 * time.Millisecond, Workers: 2, Progress: func(pr Progress) {
		if calls > 0 && pr.BestCost >= last {
			t.Errorf("progress not improving: %v after %v", pr.BestCost, last)
		}
		calls++
		last = pr.BestCost
	}})
	if err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Fatalf("took %v for a 200 ms limit", el)
	}
	// Workers may reach the same plan with sums differing in the last bits.
	if calls == 0 || math.Abs(last-sol.Cost) > 1e-6 {
		t.Fatalf("%d progress calls, last %v, solution %v", calls, last, sol.Cost)
	}
}

func TestCheckRejects(t *testing.T) {
	p := randomProblem(2, 6, 2, 1)
	sol, err := Solve(context.Background(), p, Options{Seed: 1, MaxIterations: 200})
	if err != nil {
		t.Fatal(err)
	}
	clone := func() *Solution {
		c := &Solution{Cost: sol.Cost, Pattern: append([]int(nil), sol.Pattern...), Routes: make([][][]int, len(sol.Routes))}
		for d, rs := range sol.Routes {
			for _, r := range rs {
				c.Routes[d] = append(c.Routes[d], append([]int(nil), r...))
			}
		}
		return c
	}
	// firstDay is a day with a route.
	firstDay := 0
	for len(sol.Routes[firstDay]) == 0 {
		firstDay++
	}
	tests := []struct {
		name   string
		mutate func(s *Solution)
		want   string
	}{
		{"cost", func(s *Solution) { s.Cost++ }, "cost"},
		{"extra route", func(s *Solution) { s.Routes[firstDay] = append(s.Routes[firstDay], []int{1}) }, "routes, limit"},
		{"dropped visit", func(s *Solution) {
			r := s.Routes[firstDay][0]
			s.Routes[firstDay][0] = r[1:]
		}, "visited on days"},
		{"depot inside", func(s *Solution) { s.Routes[firstDay][0] = append(s.Routes[firstDay][0], 0) }, "visits node 0"},
		{"bad pattern index", func(s *Solution) { s.Pattern[1] = 99 }, "pattern index"},
		{"overload", func(s *Solution) { p.Capacity[firstDay] = 0.5 }, "over capacity"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			saved := p.Capacity[firstDay]
			defer func() { p.Capacity[firstDay] = saved }()
			s := clone()
			tc.mutate(s)
			if err := Check(p, s); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}
