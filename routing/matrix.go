package routing

import (
	"context"
	"fmt"

	"github.com/paulmach/orb"
)

// Matrices returns the driving minutes and km between every pair of points, as the
// square matrices the routing engine (engine/vrp) takes: durations[i][j] and
// distances[i][j] from points[i] to points[j]. It asks the provider for one table, so a
// road service batches it as it sees fit; callers pass only the places one problem
// uses (a bus's depot and the sites of its day), never the whole country.
func Matrices(ctx context.Context, p Provider, points []orb.Point) (durations, distances [][]float64, err error) {
	if len(points) == 0 {
		return nil, nil, nil
	}
	t, err := p.Table(ctx, points, points)
	if err != nil {
		return nil, nil, fmt.Errorf("travel matrix of %d points: %w", len(points), err)
	}
	if len(t) != len(points) {
		return nil, nil, fmt.Errorf("travel matrix of %d points: provider returned %d rows", len(points), len(t))
	}
	durations = make([][]float64, len(points))
	distances = make([][]float64, len(points))
	for i, row := range t {
		if len(row) != len(points) {
			return nil, nil, fmt.Errorf("travel matrix of %d points: row %d has %d columns", len(points), i, len(row))
		}
		durations[i] = make([]float64, len(points))
		distances[i] = make([]float64, len(points))
		for j, l := range row {
			durations[i][j], distances[i][j] = l.Min, l.Km
		}
	}
	return durations, distances, nil
}
