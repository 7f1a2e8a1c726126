package cli_test

import (
	"strings"
	"testing"
)

// TestPlanNamesRoadClosures: Savoie planned for a summer cycle says which crests are
// closed and that the Iseran and the Madeleine, which its drives cross, close in
// November; planned for a winter cycle, every closure is in force and none is ahead.
func TestPlanNamesRoadClosures(t *testing.T) {
	for _, tc := range []struct {
		start     string
		want, not []string
	}{
		{"2027-07-05", []string{"road closures           4 of 7 in force during the cycle", "closes on 2027-11-01        Col de l'Iseran"}, nil},
		{"2027-01-04", []string{"road closures           7 of 7 in force during the cycle"}, []string{"closes on"}},
	} {
		t.Run(tc.start, func(t *testing.T) {
			out, errOut, code := run(t, "plan", "--scenario", "savoie", "--start", tc.start, "--engine", "greedy", "--db", "s.db")
			if code != 0 {
				t.Fatalf("plan: %d %s", code, errOut)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("the summary lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tc.not {
				if strings.Contains(out, w) {
					t.Errorf("the summary says %q:\n%s", w, out)
				}
			}
		})
	}
}
