package scheduler

import (
	"math"
	"testing"
)

// TestShareBooksWhatItTakes: the consultations a session takes are booked to communes,
// down to the last one. Found by TestReplanRandom: a commune whose need left was
// 4.999999999999993 let the session take 5 consultations (the need left is counted to
// within 1e-6) but booked 5.7e-15 of them, so the session's bookings added up to 0 of
// its 5 patients.
func TestShareBooksWhatItTakes(t *testing.T) {
	tests := []struct {
		name       string
		need, left []float64
		capacity   int
	}{
		{"need left a hair under the capacity", []float64{51}, []float64{4.999999999999993}, 16},
		{"two communes, both served to the end", []float64{51, 20}, []float64{4.999999999999993, 3}, 16},
		{"capacity short of the need", []float64{51, 20}, []float64{30, 3}, 10},
		{"nothing left", []float64{51}, []float64{0}, 10},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := &problem{catchment: [][]catch{nil}, need: [][]float64{tc.need}}
			for c := range tc.need {
				p.catchment[0] = append(p.catchment[0], catch{commune: c})
			}
			st := &state{p: p, remaining: [][]float64{append([]float64(nil), tc.left...)}}
			booked := 0.0
			took := st.share(0, 0, tc.capacity, func(c int, n, b, d float64) {
				booked += d
				if d > tc.left[c]+1e-9 {
					t.Errorf("commune %d booked %v of the %v left", c, d, tc.left[c])
				}
			})
			if math.Abs(booked-took) > 1e-6 {
				t.Errorf("took %v consultations, booked %v", took, booked)
			}
		})
	}
}
