package scenario

import (
	"strings"
	"testing"

	"medibus"
)

func TestParsePeriod(t *testing.T) {
	for _, c := range []struct {
		from, to string
		want     medibus.Period
		err      string
	}{
		{"", "", medibus.Period{}, ""},
		{"01/11", "30/06", medibus.Period{From: "11-01", To: "06-30"}, ""},
		{"11-01", "06-30", medibus.Period{From: "11-01", To: "06-30"}, ""},
		{"1/11", "30/6", medibus.Period{From: "11-01", To: "06-30"}, ""},
		{"29/02", "01/03", medibus.Period{From: "02-29", To: "03-01"}, ""},
		{"2026-11-01", "2027-06-30", medibus.Period{From: "2026-11-01", To: "2027-06-30"}, ""},
		{"01/11/2026", "30/06/2027", medibus.Period{From: "2026-11-01", To: "2027-06-30"}, ""},
		{"01/11", "", medibus.Period{}, "write both ends"},
		{"01/11", "2027-06-30", medibus.Period{}, "not one of each"},
		{"2027-06-30", "2026-11-01", medibus.Period{}, "ends before it starts"},
		{"31/02", "01/03", medibus.Period{}, "no such day"},
		{"novembre", "juin", medibus.Period{}, "write a date"},
		{"11-1", "06-30", medibus.Period{}, "write a date"},
	} {
		got, err := parsePeriod(c.from, c.to)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("parsePeriod(%q, %q) error %v, want %q", c.from, c.to, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("parsePeriod(%q, %q) = %+v, %v; want %+v", c.from, c.to, got, err, c.want)
		}
	}
}
