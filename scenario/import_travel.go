package scenario

import (
	"fmt"
	"os"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"

	"medibus"
	"medibus/routing"
	"medibus/territory"
)

// travelColumns are the columns of a travel-times file: INSEE's commune distancier
// and a router's output, exported with these names.
var travelColumns = []column{
	{name: "from", aliases: []string{"origin", "origine", "insee_from"}, required: true},
	{name: "to", aliases: []string{"destination", "insee_to"}, required: true},
	{name: "minutes", aliases: []string{"min", "duration_min", "duree"}, required: true},
	{name: "km", aliases: []string{"distance_km", "distance"}, required: true},
}

// Bounds of a known leg: the longest a day allows, and what a road cannot do.
const (
	travelMaxMin = 24 * 60
	travelMaxKm  = 2000
	// travelMaxKmh: a leg faster than this on average was written in hours or metres.
	travelMaxKmh = 150
	// travelShortKm: a road shorter than the line between the communes' points by more
	// than this (km) is not a road between them (a slip of the columns or the units);
	// the slack allows for a router's snapping to a town hall or a road.
	travelShortKm = 3
)

// ReadTravelTimes reads road legs between communes of France from the CSV file at
// path: columns from, to (INSEE codes), minutes and km, one row per leg. A row holds
// for both ways unless the file also has the way back. Every code must be a commune of
// metropolitan France, each pair once, the communes different, the minutes (up to a
// day) and km (up to 2,000) positive, no faster than 150 km/h on average and no
// shorter than the straight line between the communes' points.
//
// The error lists the file's problems, up to 20, each as file:line: column …: it is a
// *csvtable.Errors (or, for a file that cannot be read at all, a single error).
func ReadTravelTimes(path string) (routing.Times, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read travel times: %w (check --travel-times or travel.times_file)", err)
	}
	f, err := territory.Load()
	if err != nil {
		return nil, err
	}
	return parseTravelTimes(data, path, f.Communes)
}

// parseTravelTimes reads the content of a travel-times file; path names it in errors.
func parseTravelTimes(data []byte, path string, communes []medibus.Commune) (routing.Times, error) {
	f, err := openImport(data, path, travelColumns)
	if err != nil {
		return nil, err
	}
	ix := newCommuneIndex(&medibus.Scenario{Name: "france", Communes: communes})
	seen := map[string]int{}
	given := routing.Times{}
	f.each(func() {
		a, b, leg, ok := f.travelRow(ix, seen)
		if ok {
			given[[2]orb.Point{a, b}] = leg
		}
	})
	if err := f.err(); err != nil {
		return nil, err
	}
	out := routing.Times{}
	for k, l := range given {
		out[k] = l
		back := [2]orb.Point{k[1], k[0]}
		if _, ok := given[back]; !ok {
			out[back] = l
		}
	}
	return out, nil
}

// travelRow checks one row of a travel-times file, reporting every problem of it.
func (f *importFile) travelRow(ix *communeIndex, seen map[string]int) (a, b orb.Point, leg routing.Leg, ok bool) {
	from, okA := f.insee("from", ix)
	to, okB := f.insee("to", ix)
	ok = okA && okB
	if ok && from == to {
		f.fail("to", "a leg from %s to itself: write two different communes, or drop the row", from)
		ok = false
	}
	ok = f.firstLine(seen, []string{from, to}, "to", fmt.Sprintf("the leg from %s to %s", from, to)) && ok
	var okMin, okKm bool
	leg.Min, okMin = f.positive("minutes", "minutes", travelMaxMin, "the driving time in minutes, e.g. 42")
	leg.Km, okKm = f.positive("km", "km", travelMaxKm, "the road distance in km, e.g. 37.5")
	if !ok || !okMin || !okKm {
		return a, b, leg, false
	}
	a, b = ix.byCode[from].Point, ix.byCode[to].Point
	if kmh := leg.Km / leg.Min * 60; kmh > travelMaxKmh {
		f.fail("minutes", "%g km in %g min is %.0f km/h on average: write the time in minutes (not hours) and the distance in km (not metres)", leg.Km, leg.Min, kmh)
		return a, b, leg, false
	}
	if line := geo.DistanceHaversine(a, b) / 1000; leg.Km < line-travelShortKm {
		f.fail("km", "%g km is shorter than the %.1f km between %s and %s as the crow flies: check the codes and that the distance is in km", leg.Km, line, ix.byCode[from].Name, ix.byCode[to].Name)
		return a, b, leg, false
	}
	return a, b, leg, true
}

// positive reads a required number in (0, hi] from column name.
func (f *importFile) positive(name, what string, hi float64, unit string) (float64, bool) {
	v, ok := f.number(name, what, unit)
	switch {
	case !ok:
		return 0, false
	case v == 0:
		f.fail(name, "%s is 0: a leg between two communes takes some; write %s", what, unit)
		return 0, false
	case v > hi:
		f.fail(name, "%s %v is too large: write %s, at most %v", what, v, unit, hi)
		return 0, false
	}
	return v, true
}
