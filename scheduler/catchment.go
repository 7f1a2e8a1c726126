package scheduler

import (
	"context"
	"fmt"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/routing"
	"medibus/spatial"
)

// catchments returns, for each site of sc, the communes (indexes into sc.Communes)
// within the catchment time, computing legs only for communes that a great-circle bound
// says could be in reach: never a dense commune × commune matrix.
func catchments(ctx context.Context, sc *medibus.Scenario, travel routing.Provider) ([][]catch, error) {
	gc, err := routing.NewGreatCircle(sc.Rules.Travel)
	if err != nil {
		return nil, err
	}
	if travel == nil {
		travel = gc
	}
	cpts := make([]orb.Point, len(sc.Communes))
	for i, c := range sc.Communes {
		cpts[i] = c.Point
	}
	grid := spatial.NewGrid(cpts, 10)
	limit := float64(sc.Rules.CatchmentMin)
	reach := gc.ReachKm(limit) * 1.5 // slack for a road provider faster than the model
	out := make([][]catch, len(sc.Sites))
	for i, s := range sc.Sites {
		near := grid.Within(s.Point, reach)
		if len(near) == 0 {
			continue
		}
		dst := make([]orb.Point, len(near))
		for k, c := range near {
			dst[k] = cpts[c]
		}
		t, err := travel.Table(ctx, []orb.Point{s.Point}, dst)
		if err != nil {
			return nil, fmt.Errorf("catchment of site %s: %w", s.ID, err)
		}
		for k, c := range near {
			if t[0][k].Min <= limit {
				out[i] = append(out[i], catch{commune: c, min: t[0][k].Min})
			}
		}
	}
	return out, nil
}
