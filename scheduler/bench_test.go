package scheduler_test

import (
	"context"
	"testing"

	"medibus/scheduler"
)

// BenchmarkGreedy and BenchmarkLNS time the planner on a region (Occitanie, 10 buses,
// five services): one greedy construction, and a fixed 100 LNS iterations after it, so
// that ns/op compares code, not luck. go test ./scheduler -run XXX -bench . -benchtime 5x
func BenchmarkGreedy(b *testing.B) {
	sc := build(b, "occitanie")
	opts := scheduler.Options{Travel: gcTravel, Start: monday, Seed: 1}
	for b.Loop() {
		if _, err := (scheduler.Greedy{}).Plan(context.Background(), sc, opts); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLNS(b *testing.B) {
	sc := build(b, "occitanie")
	opts := scheduler.Options{Travel: gcTravel, Start: monday, Seed: 1, Iterations: 100}
	for b.Loop() {
		if _, err := (scheduler.LNS{}).Plan(context.Background(), sc, opts); err != nil {
			b.Fatal(err)
		}
	}
}
