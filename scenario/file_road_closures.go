package scenario

import (
	"strconv"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"

	"medibus"
	"medibus/csvtable"
	"medibus/lang"
)

// road_closures.csv (optional): the lines no bus crosses while they are closed, one
// point a row: name, lon, lat, from, to, reference (where the line comes from). The rows of a closure follow one
// another and draw its line in order; from and to (on its first row, the others
// empty or the same) say when it is closed: two days of every year (01/11 and 30/06:
// a winter), two dates, or neither for always (a massif no road crosses). For a pass,
// draw the crest it crosses, from one open way round to the other: the planner's
// roads go round the line's ends.

var roadClosuresFile = fileSpec{
	name: RoadClosuresFile,
	columns: []column{
		{name: "name", required: true},
		{name: "lon", required: true},
		{name: "lat", required: true},
		{name: "from"},
		{name: "to"},
		{name: "reference"},
	},
	kind: "road closure", optional: true, maxRows: 10000,
}

// maxClosureKm bounds a closure's line: the longest crest a winter closes is shorter.
const maxClosureKm = 400

// readRoadClosures reads road_closures.csv.
func readRoadClosures(fo *folder) []medibus.RoadClosure {
	r := closureReader{first: map[string]int{}, broken: map[string]bool{}}
	fo.each(&roadClosuresFile, r.row)
	var kept []medibus.RoadClosure
	for i, c := range r.out {
		switch km := geo.LengthHaversine(c.Line) / 1000; {
		case r.broken[c.Name]: // reported at its bad row
		case len(c.Line) < 2:
			fo.probs.add(csvFail(fo, r.lineOf[i], "lon", "closure %q has one point: draw its line with two points or more, on rows that follow one another", c.Name))
		case km > maxClosureKm:
			fo.probs.add(csvFail(fo, r.lineOf[i], "lon", "closure %q is %.0f km long: a closure is a crest or a road of at most %d km; check its points", c.Name, km, maxClosureKm))
		default:
			kept = append(kept, c)
		}
	}
	return kept
}

// closureReader gathers the rows of road_closures.csv into closures.
type closureReader struct {
	out    []medibus.RoadClosure
	lineOf []int          // each closure's first row
	first  map[string]int // name → line of its first row
	last   string         // the name of the row before
	// broken names the closures with a bad row, reported once, at that row: their
	// other rows are skipped rather than read as a closure of their own.
	broken map[string]bool
}

// row reads one row: a point added to the closure of the row before when it has the
// same name, else a new closure.
func (r *closureReader) row(t *csvtable.Reader) error {
	name := t.Get("name")
	if name == "" {
		return t.Fail("name", "empty name: name the closure as drivers know it (Col de l'Iseran)")
	}
	if r.broken[name] {
		return nil
	}
	err := r.point(t, name)
	if err != nil {
		r.broken[name], r.last = true, name
	}
	return err
}

func (r *closureReader) point(t *csvtable.Reader, name string) error {
	var p orb.Point
	for i, c := range []struct {
		col    string
		lo, hi float64
	}{{"lon", minLon, maxLon}, {"lat", minLat, maxLat}} {
		if t.Get(c.col) == "" {
			return t.Fail(c.col, "empty %s: write the point's %s in degrees (WGS 84), e.g. 6.98 and 45.43", c.col, c.col)
		}
		v, err := t.Float(c.col, 0)
		if err != nil {
			return err
		}
		if v < c.lo || v > c.hi {
			return t.Fail(c.col, "%s %v is outside metropolitan France (%v to %v): check that lon and lat are not swapped", c.col, v, c.lo, c.hi)
		}
		p[i] = v
	}
	period, err := parsePeriod(t.Get("from"), t.Get("to"))
	if err != nil {
		return t.Fail("from", "%v", err)
	}
	if name == r.last {
		k := len(r.out) - 1
		c := &r.out[k]
		if (t.Get("from") != "" || t.Get("to") != "") && period != c.Closed {
			return t.Fail("from", "closure %q is closed %s on line %d and %s here: give the dates on its first row only", name, c.Closed, r.lineOf[k], period)
		}
		c.Line = append(c.Line, p)
		if src := t.Get("reference"); src != "" && c.Source == "" {
			c.Source = src
		}
		return nil
	}
	if line, seen := r.first[name]; seen {
		return t.Fail("name", "closure %q began on line %d: write the points of a closure on rows that follow one another", name, line)
	}
	r.first[name], r.last = t.Line(), name
	r.lineOf = append(r.lineOf, t.Line())
	r.out = append(r.out, medibus.RoadClosure{Name: name, Line: orb.LineString{p}, Closed: period, Source: t.Get("reference")})
	return nil
}

// csvFail is a problem at a line and column of road_closures.csv, found after its rows
// were read.
func csvFail(fo *folder, line int, col, format string, args ...any) error {
	return &csvtable.LineError{File: fo.path(RoadClosuresFile), Line: line, Column: col, Err: lang.Errorf(format, args...)}
}

func roadClosuresRows(sc *medibus.Scenario) []record {
	var rows []record
	for _, c := range sc.RoadClosures {
		for i, p := range c.Line {
			r := record{"name": c.Name, "lon": strconv.FormatFloat(p[0], 'f', -1, 64), "lat": strconv.FormatFloat(p[1], 'f', -1, 64),
				"from": "", "to": "", "reference": ""}
			if i == 0 {
				r["from"], r["to"], r["reference"] = c.Closed.From, c.Closed.To, c.Source
			}
			rows = append(rows, r)
		}
	}
	return rows
}
