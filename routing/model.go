package routing

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/paulmach/orb"

	"medibus/spatial"
)

// Model is the travel model of a run, chosen once in the configuration and handed to
// everything that measures a drive: scenario building (access times), the planner
// (catchments and bus-days), the figures, the validator and the server. Planner and
// validator must see the same model, or a valid plan would be rejected; its String is
// stored with every plan for that reason.
type Model interface {
	Provider
	// ReachKm bounds the straight-line distance, in km, that can be driven in min
	// minutes: callers prune candidate pairs with it before asking for legs.
	ReachKm(min float64) float64
	// String describes the model, e.g. "great-circle ×1.30, 60 km/h".
	String() string
}

// String implements Model.
func (g *GreatCircle) String() string {
	s := fmt.Sprintf("great-circle ×%.2f, %g km/h", g.P.Detour, g.P.FastKmh)
	if g.P.SlowKm > 0 && g.P.SlowKmh != g.P.FastKmh {
		s = fmt.Sprintf("great-circle ×%.2f, %g km/h for %g km then %g km/h", g.P.Detour, g.P.SlowKmh, g.P.SlowKm, g.P.FastKmh)
	}
	if g.land != nil {
		s += ", on land (" + g.land.String() + ")"
	}
	if len(g.closed) > 0 {
		s += ", closed: " + strings.Join(g.closed, ", ")
	}
	return s
}

// Road is a road service (an OSRM-compatible table API) seen as a Model: its legs come
// from the service through a Cache, and MaxKmh, a speed no vehicle exceeds as the crow
// flies, gives the pruning bound the service cannot.
type Road struct {
	cache  *Cache
	maxKmh float64
	name   string
}

// NewRoad wraps the service p in a cache. name describes it (its URL, without
// secrets); maxKmh must be positive.
func NewRoad(p Provider, maxKmh float64, name string) (*Road, error) {
	if !(maxKmh > 0) || math.IsInf(maxKmh, 0) {
		return nil, fmt.Errorf("travel model %s: max_kmh %g must be a positive speed, e.g. 130", name, maxKmh)
	}
	return &Road{cache: NewCache(p), maxKmh: maxKmh, name: name}, nil
}

// Table implements Provider.
func (r *Road) Table(ctx context.Context, src, dst []orb.Point) ([][]Leg, error) {
	return r.cache.Table(ctx, src, dst)
}

// ReachKm implements Model.
func (r *Road) ReachKm(min float64) float64 { return min / 60 * r.maxKmh }

// String implements Model.
func (r *Road) String() string { return r.name }

// LegBetween returns the leg from a to b.
func LegBetween(ctx context.Context, m Provider, a, b orb.Point) (Leg, error) {
	t, err := m.Table(ctx, []orb.Point{a}, []orb.Point{b})
	if err != nil {
		return Leg{}, err
	}
	return t[0][0], nil
}

// Reached is a point within reach of an origin, with the leg to it.
type Reached struct {
	Index int // into the points the grid was built from
	Leg   Leg
}

// Within returns the points of grid (built from pts) that can be reached from `from`
// within limit minutes, in index order. Only the points that the model's bound leaves
// (with 1 % slack for rounding at the edge) are asked for, in one table: never a dense
// matrix.
func Within(ctx context.Context, m Model, grid *spatial.Grid, pts []orb.Point, from orb.Point, limit float64) ([]Reached, error) {
	near := grid.Within(from, m.ReachKm(limit)*1.01)
	if len(near) == 0 {
		return nil, nil
	}
	dst := make([]orb.Point, len(near))
	for k, i := range near {
		dst[k] = pts[i]
	}
	t, err := m.Table(ctx, []orb.Point{from}, dst)
	if err != nil {
		return nil, err
	}
	var out []Reached
	for k, i := range near {
		if t[0][k].Min <= limit {
			out = append(out, Reached{Index: i, Leg: t[0][k]})
		}
	}
	return out, nil
}
