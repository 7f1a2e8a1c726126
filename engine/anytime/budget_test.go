package anytime

import (
	"context"
	"slices"
	"testing"
	"time"
)

func TestBudgetDone(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	bg := context.Background()
	tests := []struct {
		name string
		b    *Budget
		iter int64
		want bool
	}{
		{"below the iteration limit", NewBudget(bg, Options{MaxIterations: 10}), 9, false},
		{"at the iteration limit", NewBudget(bg, Options{MaxIterations: 10}), 10, true},
		{"time up, checked", NewBudget(bg, Options{TimeLimit: time.Nanosecond}), 64, true},
		// The clock is read every 64 iterations only.
		{"time up, not checked", NewBudget(bg, Options{TimeLimit: time.Nanosecond}), 65, false},
		{"time left", NewBudget(bg, Options{TimeLimit: time.Hour}), 64, false},
		{"cancelled", NewBudget(cancelled, Options{MaxIterations: 1000}), 128, true},
	}
	time.Sleep(time.Millisecond)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.b.Done(tc.iter); got != tc.want {
				t.Fatalf("Done(%d) = %v, want %v", tc.iter, got, tc.want)
			}
		})
	}
}

func TestBudgetFraction(t *testing.T) {
	bg := context.Background()
	iters := NewBudget(bg, Options{MaxIterations: 400, TimeLimit: time.Nanosecond})
	time.Sleep(time.Millisecond)
	// With an iteration limit the clock does not count, so runs are reproducible.
	if f := iters.Fraction(100); f != 0.25 {
		t.Fatalf("Fraction(100) of 400 = %v, want 0.25", f)
	}
	if f := iters.Fraction(800); f != 1 {
		t.Fatalf("Fraction(800) of 400 = %v, want 1", f)
	}
	if f := NewBudget(bg, Options{TimeLimit: time.Nanosecond}).Fraction(0); f != 1 {
		t.Fatalf("time fraction after the limit = %v, want 1", f)
	}
	if f := NewBudget(bg, Options{TimeLimit: time.Hour}).Fraction(0); f < 0 || f > 0.01 {
		t.Fatalf("time fraction at the start = %v", f)
	}
}

func TestBudgetImproved(t *testing.T) {
	var got []float64
	b := NewBudget(context.Background(), Options{MaxIterations: 1, Progress: func(p Progress) {
		got = append(got, p.BestCost)
	}})
	for _, c := range []float64{5, 7, 3, 3, 4, 2} {
		b.Improved(1, c, true)
	}
	if want := []float64{5, 3, 2}; !slices.Equal(got, want) {
		t.Fatalf("reported %v, want %v", got, want)
	}
	// Without a Progress option, reports are dropped.
	NewBudget(context.Background(), Options{MaxIterations: 1}).Improved(1, 1, true)
}
