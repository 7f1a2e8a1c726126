package scheduler

import (
	"slices"
	"testing"
)

// TestNeedScale: a service's consultation is worth the share of need it meets, in the
// first service's terms: the first service's total need among the people in need over
// the service's. Need of communes not in need does not count; a service nobody in need
// needs keeps 1.
func TestNeedScale(t *testing.T) {
	inNeed := []int{1000, 500, 0}
	for _, tc := range []struct {
		name string
		need [][]float64
		want []float64
	}{
		{"GP 1 a year, gynaecology 0.12", [][]float64{{20, 10, 50}, {2.4, 1.2, 6}}, []float64{1, 30 / 3.6}},
		{"need beyond the people in need does not count", [][]float64{{20, 10, 0}, {0, 3, 90}}, []float64{1, 10}},
		{"nobody in need needs it", [][]float64{{20, 10, 5}, {0, 0, 7}}, []float64{1, 1}},
		{"the first service needed by nobody in need", [][]float64{{0, 0, 5}, {1, 1, 0}}, []float64{1, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := needScale(tc.need, inNeed)
			if !slices.EqualFunc(got, tc.want, func(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }) {
				t.Errorf("scale %v, want %v", got, tc.want)
			}
		})
	}
}
