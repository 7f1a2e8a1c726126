// Package routing is the travel model: the interface every provider of legs implements
// (the built-in great-circle model, an OSRM-compatible road service behind a cache),
// the Model that a run chooses once, and the questions every part of medibus asks of
// it (the leg between two places, the places within so many minutes).
package routing

import (
	"context"
	"fmt"
	"math"
	"slices"
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
// concurrent use, and a pair being asked for by one caller is waited for, not asked
// again, by the others.
type Cache struct {
	next Provider
	mu   sync.Mutex
	// legs holds the legs by source, then destination: a row's small map stays in
	// the processor's cache where one map of millions of pairs would not.
	legs    map[orb.Point]map[orb.Point]Leg
	n       int // legs held
	pending map[[2]orb.Point]*flight
}

// flight is a table being asked of the wrapped provider, for the pairs keys; done is
// closed when it is answered (its legs are then cached) or has failed.
type flight struct {
	done chan struct{}
	keys [][2]orb.Point
}

// NewCache wraps p.
func NewCache(p Provider) *Cache {
	return &Cache{next: p, legs: make(map[orb.Point]map[orb.Point]Leg), pending: make(map[[2]orb.Point]*flight)}
}

// Len returns the number of cached legs.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// Table implements Provider, asking the wrapped provider only for the pairs neither
// cached nor being asked by another caller: one table per set of sources missing the
// same destinations (one table in all when nothing is cached, the usual case).
func (c *Cache) Table(ctx context.Context, src, dst []orb.Point) ([][]Leg, error) {
	for {
		out, waits, err := c.lookup(ctx, src, dst)
		if err != nil || len(waits) == 0 {
			return out, err
		}
		// Another caller is asking for some pairs: wait, then look again (if its
		// table failed, this call asks for them itself).
		for _, f := range waits {
			select {
			case <-f.done:
			case <-ctx.Done():
				return nil, context.Cause(ctx)
			}
		}
	}
}

// missing is the sources (rows) missing the same destinations (cols), and the flight
// asking for them.
type missing struct {
	rows, cols []int
	f          *flight
}

// lookup fills what the cache holds, asks for what nobody is asking for, and
// returns the flights of other callers to wait for.
func (c *Cache) lookup(ctx context.Context, src, dst []orb.Point) ([][]Leg, []*flight, error) {
	out := make([][]Leg, len(src))
	var sets []*missing
	bySet := map[string]*missing{}
	var waits []*flight
	seen := map[*flight]bool{}
	c.mu.Lock()
	for i, a := range src {
		out[i] = make([]Leg, len(dst))
		var cols []int
		row := c.legs[a]
		for j, b := range dst {
			if l, ok := row[b]; ok {
				out[i][j] = l
			} else if f, ok := c.pending[[2]orb.Point{a, b}]; ok {
				if !seen[f] {
					seen[f] = true
					waits = append(waits, f)
				}
			} else {
				cols = append(cols, j)
			}
		}
		if len(cols) == 0 {
			continue
		}
		key := fmt.Sprint(cols)
		m := bySet[key]
		if m == nil {
			m = &missing{cols: cols, f: &flight{done: make(chan struct{})}}
			bySet[key] = m
			sets = append(sets, m)
		}
		m.rows = append(m.rows, i)
		for _, j := range cols {
			// A pair twice in src × dst is asked once, by the first set naming it.
			if k := [2]orb.Point{a, dst[j]}; c.pending[k] == nil {
				c.pending[k] = m.f
				m.f.keys = append(m.f.keys, k)
			}
		}
	}
	sets = c.merge(sets, src, dst)
	c.mu.Unlock()
	for _, m := range sets {
		got, err := c.ask(ctx, m.f, pick(src, m.rows), pick(dst, m.cols))
		if err != nil {
			for _, n := range sets {
				n.f.end(c) // those not asked yet
			}
			return nil, nil, err
		}
		for r, i := range m.rows {
			for q, j := range m.cols {
				out[i][j] = got[r][q]
			}
		}
	}
	if len(waits) > 0 {
		return nil, waits, nil
	}
	return out, nil, nil
}

// merge makes the sets one table, their rows × their columns, unless that table would
// hold a pair another caller is asking for: a table per set costs a road service a
// round trip each, while the cached pairs it asks again only cost cells. c.mu is held.
func (c *Cache) merge(sets []*missing, src, dst []orb.Point) []*missing {
	if len(sets) < 2 {
		return sets
	}
	m := &missing{f: &flight{done: make(chan struct{})}}
	colIn := make([]bool, len(dst))
	for _, s := range sets {
		m.rows = append(m.rows, s.rows...)
		for _, j := range s.cols {
			colIn[j] = true
		}
	}
	for j, in := range colIn {
		if in {
			m.cols = append(m.cols, j)
		}
	}
	mine := map[*flight]bool{}
	for _, s := range sets {
		mine[s.f] = true
	}
	for _, i := range m.rows {
		for _, j := range m.cols {
			if f := c.pending[[2]orb.Point{src[i], dst[j]}]; f != nil && !mine[f] {
				return sets
			}
		}
	}
	slices.Sort(m.rows)
	for _, s := range sets {
		for _, k := range s.f.keys {
			c.pending[k] = m.f
		}
		m.f.keys = append(m.f.keys, s.f.keys...)
		// Nobody else saw s.f (c.mu is held since it was made), but this very call may
		// wait for it, for a point twice in src: it ends when m.f is answered, which
		// this call does before waiting.
		close(s.f.done)
	}
	return []*missing{m}
}

// end forgets f's pairs as pending and wakes those waiting for them; it may be
// called more than once.
func (f *flight) end(c *Cache) {
	c.mu.Lock()
	defer c.mu.Unlock()
	select {
	case <-f.done:
		return
	default:
	}
	for _, k := range f.keys {
		if c.pending[k] == f {
			delete(c.pending, k)
		}
	}
	close(f.done)
}

// ask asks the wrapped provider for src × dst, stores the legs and ends flight f.
func (c *Cache) ask(ctx context.Context, f *flight, src, dst []orb.Point) ([][]Leg, error) {
	defer f.end(c)
	got, err := c.next.Table(ctx, src, dst)
	if err != nil {
		return nil, err
	}
	if len(got) != len(src) {
		return nil, fmt.Errorf("travel table: provider returned %d rows for %d sources", len(got), len(src))
	}
	for i := range got {
		if len(got[i]) != len(dst) {
			return nil, fmt.Errorf("travel table: provider returned %d columns for %d destinations", len(got[i]), len(dst))
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, a := range src {
		row := c.legs[a]
		if row == nil {
			row = make(map[orb.Point]Leg, len(dst))
			c.legs[a] = row
		}
		for j, b := range dst {
			if _, ok := row[b]; !ok {
				c.n++
			}
			row[b] = got[i][j]
		}
	}
	return got, nil
}

// pick returns pts[i] for each i of idx.
func pick(pts []orb.Point, idx []int) []orb.Point {
	out := make([]orb.Point, len(idx))
	for k, i := range idx {
		out[k] = pts[i]
	}
	return out
}
