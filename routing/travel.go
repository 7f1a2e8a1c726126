// Package routing is the travel model: the interface every provider of legs implements
// (the built-in great-circle model, an OSRM-compatible road service behind a cache),
// the Model that a run chooses once, and the questions every part of medibus asks of
// it (the leg between two places, the places within so many minutes).
package routing

import (
	"context"
	"fmt"
	"math"
	"sync"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/routing/coast"
)

// Leg is the road distance and driving time from one point to another.
type Leg struct {
	Km  float64 // driven: a ferry's crossing is not
	Min float64 // driving and, over a ferry, its crossing
	// Ferry names the ferry the leg takes, if any (WithFerries).
	Ferry string
}

// Provider computes travel legs. Table returns legs[i][j] from sources[i] to
// destinations[j]; implementations may batch requests to a remote service.
type Provider interface {
	Table(ctx context.Context, sources, destinations []orb.Point) ([][]Leg, error)
}

// GreatCircle is the built-in travel model: haversine distance times a detour factor,
// driven at a slow speed for the first kilometres and a faster one beyond.
type GreatCircle struct {
	P medibus.TravelParams
	// land, when set, keeps legs on land (NewGreatCircleOnLand); round caches its ways
	// round water.
	land  *coast.Land
	round *roundCache
	// closed names the road closures the land was closed with (Closed).
	closed []string
}

// GreatCircleParams are the great-circle model's parameters.
type GreatCircleParams = medibus.TravelParams

// DefaultTravel is the model used when nothing else is configured: ×1.3 detour at
// 60 km/h. With it, 4.76 million people live in communes with no town of 5,000
// inhabitants within 20 minutes, in line with the public figure of about 4.7 million.
var DefaultTravel = medibus.TravelParams{Detour: 1.3, SlowKm: 0, SlowKmh: 60, FastKmh: 60}

// NewGreatCircle checks p and returns the model.
func NewGreatCircle(p medibus.TravelParams) (*GreatCircle, error) {
	// Written as negations so that a NaN, which compares false with everything, fails.
	if !(p.Detour >= 1) || !(p.SlowKmh > 0) || !(p.FastKmh > 0) || !(p.SlowKm >= 0) ||
		math.IsInf(p.Detour+p.SlowKmh+p.FastKmh+p.SlowKm, 0) {
		return nil, fmt.Errorf("travel model: detour %.2f must be ≥ 1 and speeds (%.0f, %.0f km/h) positive",
			p.Detour, p.SlowKmh, p.FastKmh)
	}
	return &GreatCircle{P: p}, nil
}

// Leg returns the leg between two points.
func (g *GreatCircle) Leg(a, b orb.Point) Leg {
	if g.land != nil {
		return g.onLand(a, b, straightKm(a, b))
	}
	km := straightKm(a, b) * g.P.Detour
	return Leg{Km: km, Min: g.Minutes(km)}
}

// Minutes returns the driving time of km kilometres of road.
func (g *GreatCircle) Minutes(km float64) float64 {
	slow := math.Min(km, g.P.SlowKm)
	return 60 * (slow/g.P.SlowKmh + (km-slow)/g.P.FastKmh)
}

// ReachKm returns the largest straight-line distance, in km, that can be driven in min
// minutes: a bound used to prune candidate pairs before computing legs.
func (g *GreatCircle) ReachKm(min float64) float64 {
	slowMin := 60 * g.P.SlowKm / g.P.SlowKmh
	var road float64
	if min <= slowMin {
		road = min / 60 * g.P.SlowKmh
	} else {
		road = g.P.SlowKm + (min-slowMin)/60*g.P.FastKmh
	}
	return road / g.P.Detour
}

// Table implements Provider.
func (g *GreatCircle) Table(_ context.Context, src, dst []orb.Point) ([][]Leg, error) {
	out := make([][]Leg, len(src))
	for i, a := range src {
		row := make([]Leg, len(dst))
		for j, b := range dst {
			row[j] = g.Leg(a, b)
		}
		out[i] = row
	}
	return out, nil
}

// Cache remembers legs by point pair in front of a slower provider. It is safe for
// concurrent use.
type Cache struct {
	next Provider
	mu   sync.Mutex
	legs map[[2]orb.Point]Leg
}

// NewCache wraps p.
func NewCache(p Provider) *Cache {
	return &Cache{next: p, legs: make(map[[2]orb.Point]Leg)}
}

// Len returns the number of cached legs.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.legs)
}

// Table implements Provider, asking the wrapped provider only for missing pairs.
func (c *Cache) Table(ctx context.Context, src, dst []orb.Point) ([][]Leg, error) {
	out := make([][]Leg, len(src))
	var missSrc []int
	c.mu.Lock()
	for i, a := range src {
		out[i] = make([]Leg, len(dst))
		miss := false
		for j, b := range dst {
			l, ok := c.legs[[2]orb.Point{a, b}]
			if !ok {
				miss = true
				continue
			}
			out[i][j] = l
		}
		if miss {
			missSrc = append(missSrc, i)
		}
	}
	c.mu.Unlock()
	if len(missSrc) == 0 {
		return out, nil
	}
	pts := make([]orb.Point, len(missSrc))
	for k, i := range missSrc {
		pts[k] = src[i]
	}
	got, err := c.next.Table(ctx, pts, dst)
	if err != nil {
		return nil, err
	}
	if len(got) != len(pts) {
		return nil, fmt.Errorf("travel table: provider returned %d rows for %d sources", len(got), len(pts))
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, i := range missSrc {
		if len(got[k]) != len(dst) {
			return nil, fmt.Errorf("travel table: provider returned %d columns for %d destinations", len(got[k]), len(dst))
		}
		for j, b := range dst {
			out[i][j] = got[k][j]
			c.legs[[2]orb.Point{src[i], b}] = got[k][j]
		}
	}
	return out, nil
}
