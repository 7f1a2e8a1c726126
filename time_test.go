package medibus

import (
	"testing"
	"time"
)

// TestWeekday checks the computed weekday against the calendar over a century either
// side of 1970, day by day.
func TestWeekday(t *testing.T) {
	for d := Date(-40000); d <= 40000; d++ {
		want := time.Unix(int64(d)*86400, 0).UTC().Weekday()
		if got := d.Weekday(); got != want {
			t.Fatalf("%s: weekday %v, want %v", d, got, want)
		}
	}
}
