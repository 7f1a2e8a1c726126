package scenario

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/csvtable"
)

// The value formats of scenario files (docs/scenario-files.md), read from one column
// of the current record; errors name the file, line and column, and say what to write.

// The bounds of metropolitan France (Corsica included), in degrees: a point outside
// is a typing slip or swapped coordinates.
const (
	minLat, maxLat = 41.0, 51.5
	minLon, maxLon = -5.5, 10.0
)

// idProblem says what is wrong with an id, or "" if nothing: ids are joined by ';' in
// lists and by ',' in files, and appear in URLs and logs.
func idProblem(id string) string {
	switch {
	case id == "":
		return "is empty"
	case utf8.RuneCountInString(id) > medibus.MaxIDLen:
		return "is longer than " + strconv.Itoa(medibus.MaxIDLen) + " characters"
	case strings.ContainsAny(id, ";,"):
		return "holds a separator (; or ,)"
	case strings.ContainsFunc(id, unicode.IsControl):
		return "holds a control character"
	}
	return ""
}

// controlProblem finds a control character (a tab, a line break) in any cell of the
// current record: no value of a scenario file has one, and in a name it would break
// the pages and logs that show it.
func controlProblem(t *csvtable.Reader) error {
	head := t.Columns()
	for i := 0; i < t.Fields() && i < len(head); i++ {
		v := t.Field(i)
		if j := strings.IndexFunc(v, unicode.IsControl); j >= 0 {
			r, _ := utf8.DecodeRuneInString(v[j:])
			return t.Fail(head[i], "holds the control character %U (a tab or a line break inside a cell): remove it", r)
		}
	}
	return nil
}

// listCol splits col on ';' into ids, each checked as idProblem does; what names one
// item in messages ("equipment item").
func listCol(t *csvtable.Reader, col, what string) ([]string, error) {
	items := t.List(col)
	for _, it := range items {
		if p := idProblem(it); p != "" {
			return nil, t.Fail(col, "%s %q %s: separate items with ';' and write each with letters, digits, '-' or '_'", what, it, p)
		}
	}
	return items, nil
}

// boolCol reads a yes/no column: true, yes, 1, oui or false, no, 0, non; empty is
// false.
func boolCol(t *csvtable.Reader, col string) (bool, error) {
	switch fold(t.Get(col)) {
	case "true", "yes", "1", "oui", "vrai":
		return true, nil
	case "false", "no", "0", "non", "faux", "":
		return false, nil
	}
	return false, t.Fail(col, "%q: write true or false (vrai or faux)", t.Get(col))
}

func clockCol(t *csvtable.Reader, col string) (medibus.Clock, error) {
	c, err := parseClock(t.Get(col))
	if err != nil {
		return 0, t.Fail(col, "%v", err)
	}
	return c, nil
}

func halfDaysCol(t *csvtable.Reader, col string) (medibus.HalfDays, error) {
	h, err := parseHalfDays(t.Get(col))
	if err != nil {
		return 0, t.Fail(col, "%v", err)
	}
	return h, nil
}

func rangesCol(t *csvtable.Reader, col string) ([]medibus.DateRange, error) {
	var out []medibus.DateRange
	for _, s := range t.List(col) {
		r, err := parseDateRange(s)
		if err != nil {
			return nil, t.Fail(col, "%v", err)
		}
		out = append(out, r)
	}
	return out, nil
}

// intCol reads a whole number from col within [lo, hi], unit saying what it counts; an
// empty cell gives def.
func intCol(t *csvtable.Reader, col string, lo, hi int, unit string, def int) (int, error) {
	if t.Get(col) == "" {
		return def, nil
	}
	v, err := t.Int(col, def)
	if err != nil {
		return 0, t.Fail(col, "%q is not a whole number: write %d to %d %s", t.Get(col), lo, hi, unit)
	}
	if v < lo || v > hi {
		return 0, t.Fail(col, "%d is out of range: write %d to %d %s", v, lo, hi, unit)
	}
	return v, nil
}

// pointCols reads lat and lon: both empty gives ok false (the caller uses the
// commune's point), one without the other is an error, and the point must lie in
// metropolitan France.
func pointCols(t *csvtable.Reader) (pt orb.Point, ok bool, err error) {
	la, lo := t.Get("lat"), t.Get("lon")
	switch {
	case la == "" && lo == "":
		return orb.Point{}, false, nil
	case la == "":
		return orb.Point{}, false, t.Fail("lat", "lon is given but lat is empty: give both (degrees, 46.17) or neither (the commune's point)")
	case lo == "":
		return orb.Point{}, false, t.Fail("lon", "lat is given but lon is empty: give both (degrees, 1.87) or neither (the commune's point)")
	}
	lat, err := t.Float("lat", 0)
	if err != nil {
		return orb.Point{}, false, err
	}
	lon, err := t.Float("lon", 0)
	if err != nil {
		return orb.Point{}, false, err
	}
	if lat < minLat || lat > maxLat || lon < minLon || lon > maxLon {
		return orb.Point{}, false, t.Fail("lat", "point (%v, %v) is outside metropolitan France (latitude %v to %v, longitude %v to %v): check that lat and lon are not swapped",
			lat, lon, minLat, maxLat, minLon, maxLon)
	}
	return orb.Point{lon, lat}, true, nil
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

// boundedCol is nonNegativeCol with an upper bound: a figure beyond hi is a slip (a
// misplaced decimal point, a total where a rate belongs).
func boundedCol(t *csvtable.Reader, col, what, unit string, hi float64) (float64, error) {
	v, err := nonNegativeCol(t, col, what, unit)
	if err != nil {
		return 0, err
	}
	if v > hi || math.IsInf(v, 0) {
		return 0, t.Fail(col, "%s %v is too large: write %s, 0 to %v", what, v, unit, hi)
	}
	return v, nil
}
