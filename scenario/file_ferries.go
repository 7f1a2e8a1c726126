package scenario

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"

	"medibus"
	"medibus/csvtable"
	"medibus/routing"
)

// ferries.csv (optional): name, from, to (the INSEE codes of the two ports),
// crossing_min, carries_bus (true or false) and days (optional half-days, every day
// by default), one ferry a row.

var ferriesFile = fileSpec{
	name: FerriesFile,
	columns: []column{
		{name: "name", required: true},
		{name: "from", required: true},
		{name: "to", required: true},
		{name: "crossing_min", required: true},
		{name: "carries_bus", required: true},
		{name: "days"},
	},
	kind: "ferry", optional: true, maxRows: 1000,
}

// maxCrossingMin bounds a crossing: the longest of metropolitan France (Corsica's
// night ferries aside, which no bus takes for a half-day) is under three hours.
const maxCrossingMin = 240

// readFerries reads ferries.csv: each ferry is named once, between two different
// communes of the territory, with a crossing of 1 to maxCrossingMin minutes.
func readFerries(fo *folder, days medibus.HalfDays) []medibus.Ferry {
	seen := map[string]int{}
	return readRows(fo, &ferriesFile, func(t *csvtable.Reader) (medibus.Ferry, error) {
		f := medibus.Ferry{Name: t.Get("name"), From: t.Get("from"), To: t.Get("to"), Days: days}
		if f.Name == "" {
			return f, t.Fail("name", "empty name: name the ferry as its passengers know it (Quiberon – Le Palais)")
		}
		if line, dup := seen[f.Name]; dup {
			return f, t.Fail("name", "ferry %q given twice (first on line %d): keep one row, or name each crossing", f.Name, line)
		}
		seen[f.Name] = t.Line()
		a, err := fo.known(t, "from", f.From)
		if err != nil {
			return f, err
		}
		b, err := fo.known(t, "to", f.To)
		if err != nil {
			return f, err
		}
		if f.From == f.To {
			return f, t.Fail("to", "the ferry %q sails from %s to itself: write the ports on either side", f.Name, f.From)
		}
		f.FromPoint, f.ToPoint = a.Point, b.Point
		if t.Get("crossing_min") == "" {
			return f, t.Fail("crossing_min", "empty crossing: write the minutes on the water, 1 to %d", maxCrossingMin)
		}
		if f.CrossingMin, err = intCol(t, "crossing_min", 1, maxCrossingMin, "minutes on the water, 1 to "+strconv.Itoa(maxCrossingMin), 0); err != nil {
			return f, err
		}
		if f.CarriesBus, err = boolCol(t, "carries_bus"); err != nil {
			return f, err
		}
		if t.Get("days") != "" {
			if f.Days, err = halfDaysCol(t, "days"); err != nil {
				return f, err
			}
		}
		return f, nil
	})
}

func ferriesRows(sc *medibus.Scenario) []record {
	var rows []record
	for _, f := range sc.Ferries {
		rows = append(rows, record{"name": f.Name, "from": f.From, "to": f.To, "crossing_min": strconv.Itoa(f.CrossingMin),
			"carries_bus": strconv.FormatBool(f.CarriesBus), "days": f.Days.String()})
	}
	return rows
}

// limitToFerryDays keeps the sites that no depot reaches by road (an island without a
// bridge) to the half-days of the ferries that reach them: a bus crosses only when its
// ferry sails. A site that no ferry reaches either keeps its days: the planner finds it
// out of reach.
func limitToFerryDays(ctx context.Context, sc *medibus.Scenario, road, ferried routing.Model) error {
	if len(sc.Ferries) == 0 || len(sc.Depots) == 0 {
		return nil
	}
	depots := make([]orb.Point, len(sc.Depots))
	for i, d := range sc.Depots {
		depots[i] = d.Point
	}
	days := map[string]medibus.HalfDays{}
	for _, f := range sc.Ferries {
		days[f.Name] = f.Days
	}
	order := make([]int, len(depots))
	for j := range sc.Sites {
		site := &sc.Sites[j]
		byRoad, err := reachedByRoad(ctx, road, depots, order, site.Point)
		if err != nil || byRoad {
			if err != nil {
				return fmt.Errorf("ferries: site %s: %w", site.ID, err)
			}
			continue
		}
		legs, err := ferried.Table(ctx, depots, []orb.Point{site.Point})
		if err != nil {
			return fmt.Errorf("ferries: site %s: %w", site.ID, err)
		}
		var allowed medibus.HalfDays
		reached := false
		for i := range depots {
			if l := legs[i][0]; l.Ferry != "" {
				reached, allowed = true, allowed|days[l.Ferry]
			}
		}
		if reached {
			site.Allowed &= allowed
		}
	}
	return nil
}

// reachedByRoad reports whether a depot reaches p by road, asking the nearest depots
// first (one leg settles a site on the mainland; an island's are all refused at once).
func reachedByRoad(ctx context.Context, road routing.Model, depots []orb.Point, order []int, p orb.Point) (bool, error) {
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Compare(geo.DistanceHaversine(depots[a], p), geo.DistanceHaversine(depots[b], p))
	})
	for _, i := range order {
		l, err := routing.LegBetween(ctx, road, depots[i], p)
		if err != nil {
			return false, err
		}
		if l.Reachable() {
			return true, nil
		}
	}
	return false, nil
}
