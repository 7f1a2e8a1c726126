package scenario

import (
	"context"
	"fmt"
	"time"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/routing"
	"medibus/spatial"
)

// candidateSites lists a site (the town-hall square) in every commune of at least
// SiteMinPopulation inhabitants with a commune in need within the catchment: elsewhere
// a session would serve nobody the buses are for. A seeded share of sites has a market
// morning, when the square is taken.
func candidateSites(ctx context.Context, cs []medibus.Commune, rules medibus.Rules, p *Params, travel routing.Model) ([]medibus.Site, error) {
	var needy []orb.Point
	for _, c := range cs {
		if c.InNeed {
			needy = append(needy, c.Point)
		}
	}
	if len(needy) == 0 {
		return nil, nil
	}
	grid := spatial.NewGrid(needy, 10)
	wds := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	var sites []medibus.Site
	for i, c := range cs {
		if c.Population < p.SiteMinPopulation {
			continue
		}
		if i%256 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if !c.InNeed {
			near, err := routing.Within(ctx, travel, grid, needy, c.Point, float64(rules.CatchmentMin))
			if err != nil {
				return nil, fmt.Errorf("catchment of %s %s: %w", c.INSEE, c.Name, err)
			}
			if len(near) == 0 {
				continue
			}
		}
		allowed := rules.Days
		r := seededRand(p.Seed, "site-"+c.INSEE)
		if r.Float64() < p.MarketShare {
			allowed &^= medibus.HalfDays(0).With(wds[r.IntN(len(wds))], medibus.AM)
		}
		sites = append(sites, medibus.Site{
			ID: "s-" + c.INSEE, INSEE: c.INSEE, Name: "Place de la mairie, " + c.Name,
			Point: c.Point, Allowed: allowed,
		})
	}
	return sites, nil
}
