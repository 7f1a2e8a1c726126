package scheduler

import (
	"context"
	"fmt"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"

	"medibus/routing"
	"medibus/spatial"
)

// warmSiteLegs asks the travel model, before the search, for the legs between the
// sites each unit can reach, both ways, that the longest drive allowed could join:
// the construction and the search time the morning → afternoon drives one pair at a
// time. A road service then answers them in a few thousand tables rather than tens of
// thousands of single legs; the built-in model, which computes a leg when asked, is
// not asked anything (routing.Warm). Farther pairs are never asked (p.leg,
// beyondLongestLeg); a pair left out otherwise is still asked when needed.
func (p *problem) warmSiteLegs(ctx context.Context) error {
	if !routing.Remote(p.travel) {
		return nil // nothing to gather: the lists below would only cost memory
	}
	// One origin per site, with the sites near it of every unit that reaches it: a
	// site twice among the origins would have two groups ask for the same legs at once.
	at := map[int]int{} // site → index into from
	var from []orb.Point
	var to [][]orb.Point
	seen := []map[int]bool{}
	for ui, sites := range p.unitSites {
		if len(sites) < 2 {
			continue
		}
		limit := p.sc.Units[ui].MaxDriveMin
		if p.rules.MaxLegMin > 0 {
			limit = min(limit, p.rules.MaxLegMin)
		}
		reach := p.travel.ReachKm(float64(limit)) * 1.01
		pts := make([]orb.Point, len(sites))
		for k, us := range sites {
			pts[k] = p.sitePoint(us.site)
		}
		grid := spatial.NewGrid(pts, 10)
		for k, us := range sites {
			o, ok := at[us.site]
			if !ok {
				o = len(from)
				at[us.site] = o
				from, to, seen = append(from, pts[k]), append(to, nil), append(seen, map[int]bool{})
			}
			for _, i := range grid.Within(pts[k], reach) {
				if s := sites[i].site; !seen[o][s] {
					seen[o][s] = true
					to[o] = append(to[o], pts[i])
				}
			}
		}
	}
	if err := routing.Warm(ctx, p.travel, from, to); err != nil {
		return fmt.Errorf("legs between the sites of each unit: %w", err)
	}
	return nil
}

// beyondLongestLeg reports whether points a and b of p.points are farther apart, as
// the crow flies, than the longest leg allowed can drive (with the 1 % slack that
// routing.Within gives the edge): such a leg is too long whatever its time, and asking
// a road service for it would cost a round trip in the middle of the search. It is
// asked only when p.leg's memo misses, off the search's hot path.
func (p *problem) beyondLongestLeg(a, b int) bool {
	if p.rules.MaxLegMin <= 0 {
		return false
	}
	return geo.DistanceHaversine(p.points[a], p.points[b])/1000 > p.travel.ReachKm(float64(p.rules.MaxLegMin))*1.01
}
