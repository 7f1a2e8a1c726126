package vrp

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"medibus/engine/anytime"
)

// benchInstance is a 200-job clustered instance with windows and capacities, built
// once by a short search so that benchmarks measure realistic routes.
func benchInstance(b *testing.B) (*instance, *state) {
	b.Helper()
	rng := rand.New(rand.NewPCG(1, 1))
	n := 200
	xs, ys := make([]float64, n+1), make([]float64, n+1)
	for i := 1; i <= n; i++ {
		xs[i], ys[i] = rng.Float64()*100, rng.Float64()*100
	}
	xs[0], ys[0] = 50, 50
	m := make([][]float64, n+1)
	for i := range m {
		m[i] = make([]float64, n+1)
		for j := range m[i] {
			m[i][j] = math.Hypot(xs[i]-xs[j], ys[i]-ys[j])
		}
	}
	p := &Problem{Duration: m, Distance: m}
	for k := 0; k < 25; k++ {
		p.Vehicles = append(p.Vehicles, Vehicle{Capacity: []float64{200}, ShiftEnd: 1000})
	}
	for j := 1; j <= n; j++ {
		s := rng.Float64() * 800
		p.Jobs = append(p.Jobs, Job{Location: j, Service: 10, Demand: []float64{10}, Windows: []TimeWindow{{s, s + 120}}})
	}
	in := newInstance(p)
	w := newWorker(in, 1)
	w.Search(anytime.NewBudget(context.Background(), anytime.Options{MaxIterations: 200}))
	return in, w.best
}

func BenchmarkInsertDelta(b *testing.B) {
	in, s := benchInstance(b)
	var scratch []int
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := &s.routes[i%in.m]
		j := i % in.n
		p := i % (len(r.jobs) + 1)
		in.insertFeasible(r, j, p, in.locBefore(r, p), in.locAt(r, p), in.insertDist(r, j, p), &scratch)
	}
}

func BenchmarkRelocateDelta(b *testing.B) {
	in, s := benchInstance(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		u := i % in.n
		v := in.neighbours[u][1+i%granularity]
		if s.where[u] != s.where[v] {
			in.relocateDelta(s, u, v, i&1 == 0)
		}
	}
}

func BenchmarkTwoOptStarDelta(b *testing.B) {
	in, s := benchInstance(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		u := i % in.n
		v := in.neighbours[u][1+i%granularity]
		if s.where[u] != s.where[v] {
			in.twoOptStarDelta(s, u, v)
		}
	}
}

func BenchmarkLocalSearchPass(b *testing.B) {
	in, s := benchInstance(b)
	ls := newLocalSearch(in)
	rng := rand.New(rand.NewPCG(2, 2))
	work := newState(in)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		work.copyFrom(s)
		ls.run(work, rng)
	}
}

// BenchmarkSISRIteration measures ruin, recreate and acceptance: b.N iterations of
// one annealing run from a good solution.
func BenchmarkSISRIteration(b *testing.B) {
	in, s := benchInstance(b)
	w := newWorker(in, 5)
	w.cur.copyFrom(s)
	w.best.copyFrom(s)
	w.budget = anytime.NewBudget(context.Background(), anytime.Options{MaxIterations: int64(b.N)})
	b.ReportAllocs()
	b.ResetTimer()
	w.anneal()
}
