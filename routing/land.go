package routing

import (
	"fmt"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"

	"medibus/routing/coast"
)

// UnreachableMin is the time of a leg that no road joins: an island without a bridge
// (and no ferry), a point at sea. It is finite, so that every comparison with a limit
// refuses it and every sum stays a number, and no limit comes near it.
const UnreachableMin = 1e6

// Unreachable is the leg between two places no road joins.
var Unreachable = Leg{Km: UnreachableMin, Min: UnreachableMin}

// Reachable reports whether a road (or a ferry) joins the leg's ends.
func (l Leg) Reachable() bool { return l.Min < UnreachableMin }

// MaxRoundKm bounds the way round water that the land model searches, as the crow
// flies along it (about 195 km of road at the default detour): no question of a plan
// needs more, and an estuary's mouth is not worth a day's drive round it.
const MaxRoundKm = 150

// NewGreatCircleOnLand returns the great-circle model kept on land: a leg whose
// straight line crosses the sea, an estuary or a large lake goes the shortest way round
// on land and over the fixed links instead, times the same detour; a leg between an
// island without a link and anywhere else is Unreachable.
func NewGreatCircleOnLand(p GreatCircleParams, land *coast.Land) (*GreatCircle, error) {
	g, err := NewGreatCircle(p)
	if err != nil {
		return nil, err
	}
	if land == nil {
		return nil, fmt.Errorf("travel model: no land")
	}
	g.land, g.round = land, &roundCache{}
	return g, nil
}

// Land returns the land the model keeps legs on, nil for none.
func (g *GreatCircle) Land() *coast.Land { return g.land }

// onLand returns the leg from a to b when the straight line is not dry.
func (g *GreatCircle) onLand(a, b orb.Point, km float64) Leg {
	if g.land.Dry(a, b) {
		return Leg{Km: km * g.P.Detour, Min: g.Minutes(km * g.P.Detour)}
	}
	round, ok := g.round.get(a, b, func() (float64, bool) { return g.land.Round(a, b, MaxRoundKm) })
	if !ok {
		return Unreachable
	}
	// The way round is never shorter than the straight line, whatever the cells.
	road := max(round, km) * g.P.Detour
	return Leg{Km: road, Min: g.Minutes(road)}
}

// roundCache remembers the ways round water by pair of points, both ways: the same
// coastal pairs come back from the planner, the figures and the validator.
type roundCache struct {
	m sync.Map // [2]orb.Point → roundKm
}

type roundKm struct {
	km float64
	ok bool
}

func (c *roundCache) get(a, b orb.Point, f func() (float64, bool)) (float64, bool) {
	if v, ok := c.m.Load([2]orb.Point{a, b}); ok {
		r := v.(roundKm)
		return r.km, r.ok
	}
	km, ok := f()
	c.m.Store([2]orb.Point{a, b}, roundKm{km, ok})
	c.m.Store([2]orb.Point{b, a}, roundKm{km, ok})
	return km, ok
}

// straightKm is the great-circle distance in km.
func straightKm(a, b orb.Point) float64 { return geo.DistanceHaversine(a, b) / 1000 }
