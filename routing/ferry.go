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

// Table implements Provider. The legs to and from the ports are asked of the model
// only for the pairs a ferry could make quicker: those longer than its crossing.
func (f *Ferried) Table(ctx context.Context, src, dst []orb.Point) ([][]Leg, error) {
	t, err := f.next.Table(ctx, src, dst)
	if err != nil {
		return nil, err
	}
	ports := make([]orb.Point, 0, 2*len(f.ferries))
	shortest := f.ferries[0].CrossingMin
	for _, fy := range f.ferries {
		ports = append(ports, fy.A, fy.B)
		shortest = min(shortest, fy.CrossingMin)
	}
	var rows, cols []int // sources and destinations with a pair worth a ferry
	needRow, needCol := make([]bool, len(src)), make([]bool, len(dst))
	for i := range src {
		for j := range dst {
			if t[i][j].Min > shortest {
				needRow[i], needCol[j] = true, true
			}
		}
	}
	for i, ok := range needRow {
		if ok {
			rows = append(rows, i)
		}
	}
	for j, ok := range needCol {
		if ok {
			cols = append(cols, j)
		}
	}
	if len(rows) == 0 {
		return t, nil
	}
	toPort, err := f.next.Table(ctx, pick(src, rows), ports)
	if err != nil {
		return nil, err
	}
	fromPort, err := f.next.Table(ctx, ports, pick(dst, cols))
	if err != nil {
		return nil, err
	}
	for r, i := range rows {
		for c, j := range cols {
			for k, fy := range f.ferries {
				for _, way := range [2][2]int{{2 * k, 2*k + 1}, {2*k + 1, 2 * k}} {
					in, out := toPort[r][way[0]], fromPort[way[1]][c]
					if !in.Reachable() || !out.Reachable() || in.Ferry != "" || out.Ferry != "" {
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

func pick(pts []orb.Point, idx []int) []orb.Point {
	out := make([]orb.Point, len(idx))
	for k, i := range idx {
		out[k] = pts[i]
	}
	return out
}

// ReachKm implements Model: the model's bound, or the fastest crossing's when it is
// faster as the crow flies (a leg over a ferry is no faster than its slowest part).
func (f *Ferried) ReachKm(min float64) float64 {
	return max(f.next.ReachKm(min), min*f.kmPerMin)
}

// String implements Model: the model's own. The ferries are the scenario's, stored
// with it, so a plan names the model it was made with whatever ferries it declared.
func (f *Ferried) String() string { return f.next.String() }
