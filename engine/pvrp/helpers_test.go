package pvrp

import (
	"math"
	"math/rand/v2"
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
