package vrp

import (
	"math"
	"testing"
)

func TestConcat(t *testing.T) {
	tests := []struct {
		name          string
		a, b          seg
		travel        float64
		dur, tw, e, l float64
	}{
		{"no wait", nodeSeg(0, 1, 0, 10), nodeSeg(1, 2, 0, 20), 3, 6, 0, 0, 10},
		// b opens at 10: leaving a at 0 arrives at 4, so wait 6 unless a starts later.
		{"wait", nodeSeg(0, 1, 0, 2), nodeSeg(1, 2, 10, 20), 3, 10, 0, 2, 2},
		// b closes at 3: starting a at 0 arrives at 4, one unit of warp.
		{"warp", nodeSeg(0, 1, 0, 10), nodeSeg(1, 2, 0, 3), 3, 6, 1, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := concat(tc.a, tc.b, tc.travel)
			got := []float64{s.dur, s.tw, s.e, s.l}
			want := []float64{tc.dur, tc.tw, tc.e, tc.l}
			for i := range got {
				if math.Abs(got[i]-want[i]) > 1e-9 {
					t.Fatalf("got dur,tw,e,l=%v want %v", got, want)
				}
			}
		})
	}
}
