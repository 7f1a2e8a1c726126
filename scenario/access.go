package scenario

import (
	"context"
	"fmt"
	"math"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/routing"
	"medibus/spatial"
)

// SetAccess sets AccessMin on every commune of cs: the road minutes to the nearest
// commune of at least townPop inhabitants among all (which may extend beyond cs, so
// that a commune near a border sees the town across it). The town nearest as the crow
// flies gives a first time; only towns the travel model could reach faster are then
// timed, so a road model finds the nearest by road.
func SetAccess(ctx context.Context, cs []medibus.Commune, all []medibus.Commune, townPop int, travel routing.Model) error {
	var towns []orb.Point
	for _, c := range all {
		if c.Population >= townPop {
			towns = append(towns, c.Point)
		}
	}
	if len(towns) == 0 {
		for i := range cs {
			cs[i].AccessMin = math.Inf(1)
		}
		return nil
	}
	g := spatial.NewGrid(towns, 10)
	for i := range cs {
		if i%64 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		j, _ := g.Nearest(cs[i].Point, 2000, nil)
		if j < 0 {
			cs[i].AccessMin = 999
			continue
		}
		first, err := routing.LegBetween(ctx, travel, cs[i].Point, towns[j])
		if err != nil {
			return fmt.Errorf("access time of %s %s: %w", cs[i].INSEE, cs[i].Name, err)
		}
		best := first.Min
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
