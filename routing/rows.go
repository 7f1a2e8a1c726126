package routing

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/paulmach/orb"

	"medibus/spatial"
)

// Questions that loop over many origins, each with its own few destinations (the
// access time of every commune, the catchment of every site), cost one table per
// origin: nothing for the built-in model, a round trip each for a road service. Rows
// asks them a group of neighbouring origins at a time and several groups at once.
const (
	// groupWaste bounds the cells a group asks for (its origins × all its
	// destinations) against those its origins need: neighbours share most of theirs.
	groupWaste = 2
	// A table of at most groupPoints coordinates and smallTable cells costs a road
	// service little more than its round trip: origins with few destinations each
	// (the nearest town) join a group up to that size, whatever the waste.
	groupPoints = 100
	smallTable  = 1000
	// maxGroupOrigins bounds the origins of a group.
	maxGroupOrigins = 64
	// rowsInFlight is the number of groups asked at the same time.
	rowsInFlight = 8
	// groupCellDeg is the side, in degrees, of the cells origins are ordered by, so
	// that a group's origins are neighbours and share destinations.
	groupCellDeg = 0.25
)

// Rows returns, for each origin from[k], the legs to its own destinations to[k], in
// the same order: out[k][j] is the leg from from[k] to to[k][j]. The answer is the
// same as one table per origin whatever the grouping and the order in which the
// groups are answered.
func Rows(ctx context.Context, m Provider, from []orb.Point, to [][]orb.Point) ([][]Leg, error) {
	if len(to) != len(from) {
		return nil, fmt.Errorf("travel rows: %d destination lists for %d origins", len(to), len(from))
	}
	out := make([][]Leg, len(from))
	if !Remote(m) {
		// The built-in model computes every cell: asking for more than each origin's
		// own, or from several goroutines, would only change what it costs.
		for k := range from {
			if k%64 == 0 && ctx.Err() != nil {
				return nil, context.Cause(ctx)
			}
			if err := askGroup(ctx, m, single(k, to[k]), from, to, out); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	groups := groupOrigins(from, to)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make([]error, len(groups))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(rowsInFlight, len(groups)) {
		wg.Go(func() {
			for g := range next {
				if errs[g] = askGroup(ctx, m, groups[g], from, to, out); errs[g] != nil {
					cancel()
				}
			}
		})
	}
feed:
	for g := range groups {
		select {
		case next <- g:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	// The first group's error, not the first to arrive: the same failure gives the
	// same message every time.
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, context.Cause(ctx)
	}
	return out, nil
}

// group is a set of origins asked in one table, with the union of their destinations.
type group struct {
	origins []int
	dst     []orb.Point
	col     map[orb.Point]int // index into dst
}

// askGroup asks the table of group g and writes each origin's row into out.
func askGroup(ctx context.Context, m Provider, g *group, from []orb.Point, to [][]orb.Point, out [][]Leg) error {
	if len(g.dst) == 0 {
		for _, k := range g.origins {
			out[k] = []Leg{}
		}
		return nil
	}
	src := make([]orb.Point, len(g.origins))
	for i, k := range g.origins {
		src[i] = from[k]
	}
	t, err := m.Table(ctx, src, g.dst)
	if err != nil {
		return err
	}
	if len(t) != len(src) {
		return fmt.Errorf("travel rows: provider returned %d rows for %d sources", len(t), len(src))
	}
	for i, k := range g.origins {
		if len(t[i]) != len(g.dst) {
			return fmt.Errorf("travel rows: provider returned %d columns for %d destinations", len(t[i]), len(g.dst))
		}
		row := make([]Leg, len(to[k]))
		for j, p := range to[k] {
			row[j] = t[i][g.col[p]]
		}
		out[k] = row
	}
	return nil
}

// Warm asks a road service, a group of origins at a time, for legs that will be
// asked one at a time later (from each from[k] to each of to[k]), so that they come
// from its cache then. The built-in model computes a leg when it is asked: for it,
// Warm does nothing.
func Warm(ctx context.Context, m Provider, from []orb.Point, to [][]orb.Point) error {
	if !Remote(m) {
		return nil
	}
	_, err := Rows(ctx, m, from, to)
	return err
}

// Remote reports whether m's legs come from a service, at a round trip per table: a
// caller may then gather its questions (Warm) where the built-in model would only
// spend the memory.
func Remote(m Provider) bool {
	switch m := m.(type) {
	case *Road:
		return true
	case *Overridden:
		return Remote(m.next)
	case *Ferried:
		return Remote(m.next)
	}
	return false
}

// single is the group of origin k alone.
func single(k int, dst []orb.Point) *group {
	g := &group{origins: []int{k}, col: make(map[orb.Point]int, len(dst))}
	g.add(dst)
	return g
}

// groupOrigins orders the origins along rows of cells and cuts them into groups.
func groupOrigins(from []orb.Point, to [][]orb.Point) []*group {
	order := make([]int, len(from))
	for k := range order {
		order[k] = k
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(cellRank(from[a]), cellRank(from[b])) })
	var groups []*group
	var g *group
	needed := 0
	for _, k := range order {
		if g != nil && fits(g, needed, to[k]) {
			g.origins = append(g.origins, k)
			needed += len(to[k])
			g.add(to[k])
			continue
		}
		g = &group{origins: []int{k}, col: map[orb.Point]int{}}
		needed = len(to[k])
		g.add(to[k])
		groups = append(groups, g)
	}
	return groups
}

// fits reports whether an origin with destinations dst may join g, which needs
// `needed` cells so far.
func fits(g *group, needed int, dst []orb.Point) bool {
	if len(g.origins) >= maxGroupOrigins {
		return false
	}
	union := len(g.dst)
	for _, p := range dst {
		if _, ok := g.col[p]; !ok {
			union++
		}
	}
	ns := len(g.origins) + 1
	cells := ns * union
	return cells <= groupWaste*(needed+len(dst)) || ns+union <= groupPoints && cells <= smallTable
}

func (g *group) add(dst []orb.Point) {
	for _, p := range dst {
		if _, ok := g.col[p]; !ok {
			g.col[p] = len(g.dst)
			g.dst = append(g.dst, p)
		}
	}
}

// cellRank orders points by rows of groupCellDeg cells, west to east on one row and
// east to west on the next, so that consecutive cells touch.
func cellRank(p orb.Point) int64 {
	row := int64(math.Floor(p[1] / groupCellDeg))
	col := int64(math.Floor((p[0] + 180) / groupCellDeg))
	if row%2 != 0 {
		col = -col
	}
	return row<<32 + col
}

// WithinEach returns, for each origin from[k], the points of grid (built from pts)
// within limits[k] minutes, as Within does, asking for them through Rows.
func WithinEach(ctx context.Context, m Model, grid *spatial.Grid, pts []orb.Point, from []orb.Point, limits []float64) ([][]Reached, error) {
	if len(limits) != len(from) {
		return nil, fmt.Errorf("travel within: %d limits for %d origins", len(limits), len(from))
	}
	if !Remote(m) {
		// One origin at a time, as Rows would ask the built-in model, without holding
		// every origin's list of places at once.
		out := make([][]Reached, len(from))
		for k, p := range from {
			if k%64 == 0 && ctx.Err() != nil {
				return nil, context.Cause(ctx)
			}
			var err error
			if out[k], err = Within(ctx, m, grid, pts, p, limits[k]); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	near := make([][]int, len(from))
	to := make([][]orb.Point, len(from))
	for k, p := range from {
		near[k] = grid.Within(p, m.ReachKm(limits[k])*1.01)
		to[k] = make([]orb.Point, len(near[k]))
		for j, i := range near[k] {
			to[k][j] = pts[i]
		}
	}
	legs, err := Rows(ctx, m, from, to)
	if err != nil {
		return nil, err
	}
	out := make([][]Reached, len(from))
	for k := range from {
		for j, i := range near[k] {
			if legs[k][j].Min <= limits[k] {
				out[k] = append(out[k], Reached{Index: i, Leg: legs[k][j]})
			}
		}
	}
	return out, nil
}
