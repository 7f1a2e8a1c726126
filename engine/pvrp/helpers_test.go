package pvrp

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// randomProblem builds a loose random PVRP: n customers in a 100×100 square, each
// with 1 to 3 allowed patterns of a random frequency, capacity leaving ~40 % slack.
func randomProblem(seed uint64, n, days, m int) *Problem {
	rng := rand.New(rand.NewPCG(seed, 7))
	xs, ys := make([]float64, n+1), make([]float64, n+1)
	xs[0], ys[0] = 50, 50
	p := &Problem{Days: days, VehiclesPerDay: m, Demand: make([]float64, n+1), Service: make([]float64, n+1), Patterns: make([][]Pattern, n+1)}
	total := 0.0
	for c := 1; c <= n; c++ {
		xs[c], ys[c] = rng.Float64()*100, rng.Float64()*100
		p.Demand[c] = float64(1 + rng.IntN(9))
		p.Service[c] = float64(rng.IntN(3))
		f := 1 + rng.IntN(days)
		seen := map[Pattern]bool{}
		for k := 0; k < 1+rng.IntN(3); k++ {
			var pt Pattern
			for _, d := range rng.Perm(days)[:f] {
				pt |= 1 << uint(d)
			}
			if !seen[pt] {
				seen[pt] = true
				p.Patterns[c] = append(p.Patterns[c], pt)
			}
		}
		total += p.Demand[c] * float64(f)
	}
	q := math.Max(10, math.Ceil(total/float64(days*m)/0.6))
	for d := 0; d < days; d++ {
		p.Capacity = append(p.Capacity, q)
		p.MaxDuration = append(p.MaxDuration, 0)
	}
	if days > 1 {
		p.MaxDuration[1] = 1000 // one limited day exercises the duration check
	}
	p.Dist = make([][]float64, n+1)
	for i := range p.Dist {
		p.Dist[i] = make([]float64, n+1)
		for j := range p.Dist[i] {
			p.Dist[i][j] = math.Hypot(xs[i]-xs[j], ys[i]-ys[j])
		}
	}
	return p
}

// lineProblem puts the depot at x=0 and customer c at xs[c-1] on a line (distance
// |x_i − x_j|), over the given days with m vehicles a day of capacity 100 and no
// duration limit; each customer may come on any single day.
func lineProblem(xs []float64, days, m int) *Problem {
	n := len(xs) + 1
	pts := append([]float64{0}, xs...)
	p := &Problem{Days: days, VehiclesPerDay: m, Dist: make([][]float64, n), Demand: make([]float64, n), Patterns: make([][]Pattern, n)}
	for i := range p.Dist {
		p.Dist[i] = make([]float64, n)
		for j := range p.Dist[i] {
			p.Dist[i][j] = math.Abs(pts[i] - pts[j])
		}
	}
	for d := 0; d < days; d++ {
		p.Capacity = append(p.Capacity, 100)
		p.MaxDuration = append(p.MaxDuration, 0)
	}
	for c := 1; c < n; c++ {
		p.Demand[c] = 1
		for d := 0; d < days; d++ {
			p.Patterns[c] = append(p.Patterns[c], 1<<uint(d))
		}
	}
	return p
}

// planOf builds a state whose day d has the routes days[d] (customers in visiting
// order); each customer takes the allowed pattern that matches its days, and those
// on no route are unserved.
func planOf(t *testing.T, in *instance, days ...[][]int32) *state {
	t.Helper()
	s := newState(in)
	visited := make([]Pattern, in.n)
	for d, routes := range days {
		for k, r := range routes {
			for i, c := range r {
				s.insertAt(c, d, k, i)
				visited[c] |= 1 << uint(d)
			}
		}
	}
	s.unserved = s.unserved[:0]
	for c := 1; c < in.n; c++ {
		if visited[c] == 0 {
			s.unserved = append(s.unserved, int32(c))
			continue
		}
		s.pattern[c] = int32(slices.Index(in.patterns[c], visited[c]))
		if s.pattern[c] < 0 {
			t.Fatalf("customer %d visited on days %b, no such pattern", c, visited[c])
		}
		s.pen -= in.penalty[c]
	}
	s.recompute()
	return s
}

// passCase is a hand-checked run of a local-search pass on one day.
type passCase struct {
	name     string
	capacity float64
	want     [][]int32 // the day's routes after the pass
	dist     float64   // the plan's distance after the pass
}

// checkDay fails t unless a pass that reported changed left day d of s with the
// routes want and the whole plan driving dist; the pass changed the day if and only
// if dist is below before.
func checkDay(t *testing.T, s *state, d int, changed bool, want [][]int32, dist, before float64) {
	t.Helper()
	s.recompute()
	var got [][]int32
	for _, r := range s.days[d] {
		got = append(got, slices.Clone(r.nodes))
	}
	if changed != (dist < before) || !slices.EqualFunc(got, want, slices.Equal) || s.dist != dist {
		t.Fatalf("changed %v, routes %v, distance %v; want %v, %v", changed, got, s.dist, want, dist)
	}
}
