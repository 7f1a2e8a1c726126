package scenario

import (
	"fmt"
	"regexp"
	"time"

	"medibus"
	"medibus/lang"
)

var dayOfYear = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})$|^(\d{2})-(\d{2})$`) // "01/11" day first, "11-01" month first

// parsePeriod reads the ends of a closure: both dates ("2026-11-01", "01/11/2026") or
// both days of every year ("01/11" day first, as the French write it, or "11-01"
// month first); both empty for always.
func parsePeriod(from, to string) (medibus.Period, error) {
	if from == "" && to == "" {
		return medibus.Period{}, nil
	}
	if from == "" || to == "" {
		return medibus.Period{}, lang.Errorf("closed from %q to %q: write both ends, or neither for a line closed all year", from, to)
	}
	f, fDated, err := periodEnd(from)
	if err != nil {
		return medibus.Period{}, err
	}
	t, tDated, err := periodEnd(to)
	if err != nil {
		return medibus.Period{}, err
	}
	if fDated != tDated {
		return medibus.Period{}, lang.Errorf("closed from %q to %q: write two dates (2026-11-01, 2027-06-30) or two days of every year (01/11, 30/06), not one of each", from, to)
	}
	if fDated && t < f {
		return medibus.Period{}, lang.Errorf("closed from %q to %q: the period ends before it starts: write the earlier date first", from, to)
	}
	return medibus.Period{From: f, To: t}, nil
}

// periodEnd normalises one end to "YYYY-MM-DD" (dated) or "MM-DD".
func periodEnd(s string) (string, bool, error) {
	if d, err := parseDate(s); err == nil {
		return d.String(), true, nil
	}
	g := dayOfYear.FindStringSubmatch(s)
	if g == nil {
		return "", false, lang.Errorf("closed %q: write a date (01/11/2026 or 2026-11-01) or a day of every year (01/11)", s)
	}
	d, m := atoi(g[1]), atoi(g[2])
	if g[3] != "" {
		m, d = atoi(g[3]), atoi(g[4])
	}
	// 2024 is a leap year: 29 February is a day of the year.
	if t := time.Date(2024, time.Month(m), d, 0, 0, 0, 0, time.UTC); int(t.Month()) != m || t.Day() != d {
		return "", false, lang.Errorf("closed %q: no such day of the year", s)
	}
	return fmt.Sprintf("%02d-%02d", m, d), false, nil
}
