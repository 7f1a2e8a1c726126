package scheduler

import (
	"context"
	"errors"
	"fmt"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/routing"
	"medibus/spatial"
)

// catchments returns, for each site of sc, the communes (indexes into sc.Communes)
// within the catchment time, asking the travel model only for the communes its bound
// says could be in reach: never a dense commune × commune matrix.
func catchments(ctx context.Context, sc *medibus.Scenario, travel routing.Model) ([][]catch, error) {
	if travel == nil {
		return nil, errors.New("catchments: no travel model")
	}
	cpts := make([]orb.Point, len(sc.Communes))
	for i, c := range sc.Communes {
		cpts[i] = c.Point
	}
	grid := spatial.NewGrid(cpts, 10)
	limit := float64(sc.Rules.CatchmentMin)
	from := make([]orb.Point, len(sc.Sites))
	limits := make([]float64, len(sc.Sites))
	for i, s := range sc.Sites {
		from[i], limits[i] = s.Point, limit
	}
	near, err := routing.WithinEach(ctx, travel, grid, cpts, from, limits)
	if err != nil {
		return nil, fmt.Errorf("catchments of the sites: %w", err)
	}
	out := make([][]catch, len(sc.Sites))
	for i := range sc.Sites {
		for _, r := range near[i] {
			out[i] = append(out[i], catch{commune: r.Index, min: r.Leg.Min})
		}
	}
	return out, nil
}
