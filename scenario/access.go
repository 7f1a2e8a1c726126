package scenario

import (
	"context"
	"fmt"
	"math"
	"sync"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/routing"
	"medibus/spatial"
)

// SetAccess sets AccessMin on every commune of cs: the road minutes to the nearest
// commune of at least townPop inhabitants among all (which may extend beyond cs, so
// that a commune near a border sees the town across it). The town nearest as the crow
// flies gives a first time; only towns the travel model could reach faster are then
// timed, so a road model finds the nearest by road. all is the territory's list, which
// never changes: its towns are indexed once.
func SetAccess(ctx context.Context, cs []medibus.Commune, all []medibus.Commune, townPop int, travel routing.Model) error {
	towns, g := townGrid(all, townPop)
	if len(towns) == 0 {
		for i := range cs {
			cs[i].AccessMin = math.Inf(1)
		}
		return nil
	}
	for i := range cs {
		if i%64 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		j, _ := g.Nearest(cs[i].Point, 2000, nil)
		if j < 0 {
			cs[i].AccessMin = noAccessMin
			continue
		}
		first, err := routing.LegBetween(ctx, travel, cs[i].Point, towns[j])
		if err != nil {
			return fmt.Errorf("access time of %s %s: %w", cs[i].INSEE, cs[i].Name, err)
		}
		// A town across the sea is no nearer for being close: search by road within
		// the time of the first one, or noAccessMin when the sea is in the way.
		best := math.Min(first.Min, noAccessMin)
		near, err := routing.Within(ctx, travel, g, towns, cs[i].Point, best)
		if err != nil {
			return fmt.Errorf("access time of %s %s: %w", cs[i].INSEE, cs[i].Name, err)
		}
		for _, r := range near {
			best = math.Min(best, r.Leg.Min)
		}
		cs[i].AccessMin = math.Round(best*10) / 10
	}
	return nil
}

// noAccessMin is the access time of a commune with no town within reach by road: an
// island without a bridge, or no town of the size within this many minutes.
const noAccessMin = 999

// townKey names a list of communes (the territory's, which never changes) and a town
// size.
type townKey struct {
	first *medibus.Commune
	n     int
	pop   int
}

// towns memoises townGrid: a folder's few communes should not cost a scan of France.
var towns sync.Map // townKey → townIndex

type townIndex struct {
	pts  []orb.Point
	grid *spatial.Grid
}

// townGrid returns the points of the communes of all with at least pop inhabitants,
// and their grid.
func townGrid(all []medibus.Commune, pop int) ([]orb.Point, *spatial.Grid) {
	var key townKey
	if len(all) > 0 {
		key = townKey{&all[0], len(all), pop}
		if ti, ok := towns.Load(key); ok {
			return ti.(townIndex).pts, ti.(townIndex).grid
		}
	}
	var pts []orb.Point
	for _, c := range all {
		if c.Population >= pop {
			pts = append(pts, c.Point)
		}
	}
	ti := townIndex{pts, spatial.NewGrid(pts, 10)}
	if len(all) > 0 {
		towns.Store(key, ti)
	}
	return ti.pts, ti.grid
}
