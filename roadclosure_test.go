package medibus

import "testing"

func TestPeriodCovers(t *testing.T) {
	winter := Period{"11-01", "06-30"}
	summer := Period{"07-01", "10-31"}
	once := Period{"2026-12-20", "2027-01-03"}
	for _, c := range []struct {
		p    Period
		d    string
		want bool
	}{
		{winter, "2026-11-01", true},
		{winter, "2027-01-15", true},
		{winter, "2027-06-30", true},
		{winter, "2027-07-01", false},
		{winter, "2027-10-31", false},
		{summer, "2027-07-01", true},
		{summer, "2027-11-01", false},
		{once, "2026-12-19", false},
		{once, "2026-12-20", true},
		{once, "2027-01-03", true},
		{once, "2028-01-01", false},
		{Period{}, "2030-05-05", true},
	} {
		d, _ := ParseDate(c.d)
		if got := c.p.Covers(d); got != c.want {
			t.Errorf("%v covers %s = %v, want %v", c.p, c.d, got, c.want)
		}
	}
	// A two-week cycle from 2027-06-21 reaches into the closure; one from 2027-07-05 does not.
	a, _ := ParseDate("2027-06-21")
	b, _ := ParseDate("2027-07-05")
	if !winter.CoversAny(a, 14) || winter.CoversAny(b, 14) {
		t.Errorf("CoversAny: from %s %v, from %s %v", a, winter.CoversAny(a, 14), b, winter.CoversAny(b, 14))
	}
	if n, ok := winter.Next(b); !ok || n.String() != "2027-11-01" {
		t.Errorf("Next(%s) = %s %v, want 2027-11-01", b, n, ok)
	}
	if _, ok := once.Next(b); ok {
		t.Errorf("a period in the past has no next day")
	}
}
