package routing

import (
	"context"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"

	"medibus"
)

// Ferry is a crossing between two ports that a bus may take, both ways: CrossingMin
// minutes on the water, besides the drive to one port and from the other.
type Ferry struct {
	Name        string
	A, B        orb.Point
	CrossingMin float64
}

// Ferried is a travel model with ferries: a leg is the model's, or the drive to a port,
// the crossing and the drive on from the other port when that is quicker (an island
// without a bridge is reached that way only).
type Ferried struct {
	next    Model
	ferries []Ferry
	// kmPerMin is the fastest crossing as the crow flies, for ReachKm.
	kmPerMin float64
}

// WithFerries returns m with the ferries fs; m itself when there are none, so that a
// scenario without ferries keeps the model it was given.
func WithFerries(m Model, fs []Ferry) Model {
	if len(fs) == 0 {
		return m
	}
	f := &Ferried{next: m, ferries: fs}
	for _, fy := range fs {
		if fy.CrossingMin > 0 {
			f.kmPerMin = max(f.kmPerMin, geo.DistanceHaversine(fy.A, fy.B)/1000/fy.CrossingMin)
		}
	}
	return f
}

// ScenarioFerries returns the ferries of sc that carry a bus, whatever their days: the
// planner keeps the sites that only a ferry reaches to its days (Site.Allowed).
func ScenarioFerries(sc *medibus.Scenario) []Ferry {
	var out []Ferry
	for _, f := range sc.Ferries {
		if f.CarriesBus {
			out = append(out, Ferry{Name: f.Name, A: f.FromPoint, B: f.ToPoint, CrossingMin: float64(f.CrossingMin)})
		}
	}
	return out
}

// Table implements Provider. The legs to and from a ferry's ports are asked of the
// model only where the ferry could make a pair quicker: both ports near enough, as
// the crow flies, for the drive to one, the crossing and the drive from the other to
// beat the road's leg (or ferryHorizonMin when no road joins them).
func (f *Ferried) Table(ctx context.Context, src, dst []orb.Point) ([][]Leg, error) {
	t, err := f.next.Table(ctx, src, dst)
	if err != nil {
		return nil, err
	}
	legs := map[[2]orb.Point]Leg{}
	leg := func(a, b orb.Point) (Leg, error) {
		if l, ok := legs[[2]orb.Point{a, b}]; ok {
			return l, nil
		}
		l, err := LegBetween(ctx, f.next, a, b)
		legs[[2]orb.Point{a, b}] = l
		return l, err
	}
	for i, a := range src {
		for j, b := range dst {
			for _, fy := range f.ferries {
				for _, way := range [2][2]orb.Point{{fy.A, fy.B}, {fy.B, fy.A}} {
					budget := min(t[i][j].Min, ferryHorizonMin) - fy.CrossingMin
					if budget <= 0 {
						continue
					}
					reach := f.next.ReachKm(budget) * 1000
					if geo.DistanceHaversine(a, way[0]) > reach || geo.DistanceHaversine(way[1], b) > reach {
						continue
					}
					in, err := leg(a, way[0])
					if err != nil {
						return nil, err
					}
					out, err := leg(way[1], b)
					if err != nil {
						return nil, err
					}
					if !in.Reachable() || !out.Reachable() {
						continue
					}
					if m := in.Min + fy.CrossingMin + out.Min; m < t[i][j].Min {
						t[i][j] = Leg{Km: in.Km + out.Km, Min: m, Ferry: fy.Name}
					}
				}
			}
		}
	}
	return t, nil
}

// ferryHorizonMin bounds a leg over a ferry between places no road joins: no bus-day
// holds a longer drive.
const ferryHorizonMin = 300

// ReachKm implements Model: the model's bound, or the fastest crossing's when it is
// faster as the crow flies (a leg over a ferry is no faster than its slowest part).
func (f *Ferried) ReachKm(min float64) float64 {
	return max(f.next.ReachKm(min), min*f.kmPerMin)
}

// String implements Model: the model's own. The ferries are the scenario's, stored
// with it, so a plan names the model it was made with whatever ferries it declared.
func (f *Ferried) String() string { return f.next.String() }
