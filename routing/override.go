package routing

import (
	"context"
	"fmt"

	"github.com/paulmach/orb"
)

// Times are road legs the user knows (from INSEE's distancier, a router's output),
// by pair of points, each way.
type Times map[[2]orb.Point]Leg

// Overridden is a travel model whose legs between the pairs of Times are those of
// Times: the model's own elsewhere.
type Overridden struct {
	next  Model
	times Times
	// kmPerMin is the fastest of the known legs as the crow flies, so that ReachKm
	// never prunes a pair that a known leg brings within reach.
	kmPerMin float64
	name     string
}

// NewOverridden lays times over m; name says where they come from (a file).
func NewOverridden(m Model, times Times, name string) (*Overridden, error) {
	if m == nil {
		return nil, fmt.Errorf("travel times %s: no travel model to override", name)
	}
	o := &Overridden{next: m, times: times, name: name}
	for k, l := range times {
		if !(l.Min > 0) {
			return nil, fmt.Errorf("travel times %s: the leg %v → %v takes %g min: a leg between two places takes some time", name, k[0], k[1], l.Min)
		}
		o.kmPerMin = max(o.kmPerMin, straightKm(k[0], k[1])/l.Min)
	}
	return o, nil
}

// Table implements Provider: the model's table with the known legs laid over it.
func (o *Overridden) Table(ctx context.Context, src, dst []orb.Point) ([][]Leg, error) {
	t, err := o.next.Table(ctx, src, dst)
	if err != nil {
		return nil, err
	}
	for i, a := range src {
		for j, b := range dst {
			if l, ok := o.times[[2]orb.Point{a, b}]; ok {
				t[i][j] = l
			}
		}
	}
	return t, nil
}

// ReachKm implements Model: the model's bound, or farther when a known leg is faster.
func (o *Overridden) ReachKm(min float64) float64 {
	return max(o.next.ReachKm(min), min*o.kmPerMin)
}

// String implements Model: it names the model and the times, so that what is memoised
// per model (the access times of France) is not shared with the model alone.
func (o *Overridden) String() string {
	return fmt.Sprintf("%s, %d legs from %s", o.next, len(o.times)/2, o.name)
}
