package scenario

import (
	"strings"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/csvtable"
)

// The value formats of scenario files (docs/scenario-files.md), read from one column
// of the current record; errors name the file, line and column.

// boolCol reads a yes/no column: true, false, yes, no, 1, 0 or empty (false).
func boolCol(t *csvtable.Reader, col string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(t.Get(col))) {
	case "true", "yes", "1", "oui":
		return true, nil
	case "false", "no", "0", "non", "":
		return false, nil
	}
	return false, t.Fail(col, "%q: write true or false", t.Get(col))
}

func clockCol(t *csvtable.Reader, col string) (medibus.Clock, error) {
	c, err := medibus.ParseClock(t.Get(col))
	if err != nil {
		return 0, t.Fail(col, "%v", err)
	}
	return c, nil
}

func halfDaysCol(t *csvtable.Reader, col string) (medibus.HalfDays, error) {
	h, err := medibus.ParseHalfDays(t.Get(col))
	if err != nil {
		return 0, t.Fail(col, "%v", err)
	}
	return h, nil
}

func rangesCol(t *csvtable.Reader, col string) ([]medibus.DateRange, error) {
	var out []medibus.DateRange
	for _, s := range t.List(col) {
		r, err := medibus.ParseDateRange(s)
		if err != nil {
			return nil, t.Fail(col, "%v", err)
		}
		out = append(out, r)
	}
	return out, nil
}

func pointCols(t *csvtable.Reader) (orb.Point, error) {
	lat, err := t.Float("lat", 0)
	if err != nil {
		return orb.Point{}, err
	}
	lon, err := t.Float("lon", 0)
	if err != nil {
		return orb.Point{}, err
	}
	if lat < 41 || lat > 52 || lon < -6 || lon > 10 {
		return orb.Point{}, t.Fail("lat", "point (%v, %v) is outside metropolitan France: check that lat and lon are not swapped", lat, lon)
	}
	return orb.Point{lon, lat}, nil
}

// nonNegativeCol reads a finite number, 0 or more, from col: what names the value in
// errors and unit says what to write, e.g. "consultations per cycle". An empty cell
// reads as 0; callers that give it a meaning check it first.
func nonNegativeCol(t *csvtable.Reader, col, what, unit string) (float64, error) {
	v, err := t.Float(col, 0)
	if err != nil {
		return 0, err
	}
	if v < 0 {
		return 0, t.Fail(col, "%s %v is negative: write %s, 0 or more", what, v, unit)
	}
	return v, nil
}
