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
	// The communes not in need are asked about all at once (routing.WithinEach), not
	// one table each.
	var far []int
	var from []orb.Point
	var limits []float64
	for i, c := range cs {
		if c.Population >= p.SiteMinPopulation && !c.InNeed {
			far, from, limits = append(far, i), append(from, c.Point), append(limits, float64(rules.CatchmentMin))
		}
	}
	near, err := routing.WithinEach(ctx, travel, grid, needy, from, limits)
	if err != nil {
		return nil, fmt.Errorf("catchments of the candidate sites: %w", err)
	}
	serves := make(map[int]bool, len(far))
	for k, i := range far {
		serves[i] = len(near[k]) > 0
	}
	var sites []medibus.Site
	for i, c := range cs {
		if c.Population < p.SiteMinPopulation || !c.InNeed && !serves[i] {
			continue
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
