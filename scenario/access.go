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
	// Both questions are asked for all communes at once (routing.Rows groups them), so
	// that a road service answers a few thousand tables rather than two per commune.
	var from, first []orb.Point
	var idx []int
	for i := range cs {
		if i%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		j, _ := g.Nearest(cs[i].Point, 2000, nil)
		if j < 0 {
			cs[i].AccessMin = noAccessMin
			continue
		}
		idx, from, first = append(idx, i), append(from, cs[i].Point), append(first, towns[j])
	}
	to := make([][]orb.Point, len(first))
	for k := range first {
		to[k] = first[k : k+1]
	}
	legs, err := routing.Rows(ctx, travel, from, to)
	if err != nil {
		return fmt.Errorf("access times: %w", err)
	}
	// A town across the sea is no nearer for being close: search by road within the
	// time of the first one, or noAccessMin when the sea is in the way.
	best := make([]float64, len(idx))
	for k := range idx {
		best[k] = math.Min(legs[k][0].Min, noAccessMin)
	}
	near, err := routing.WithinEach(ctx, travel, g, towns, from, best)
	if err != nil {
		return fmt.Errorf("access times: %w", err)
	}
	for k, i := range idx {
		for _, r := range near[k] {
			best[k] = math.Min(best[k], r.Leg.Min)
		}
		cs[i].AccessMin = math.Round(best[k]*10) / 10
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
