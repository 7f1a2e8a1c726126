package scenario

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/routing"
	"medibus/territory"
)

// busPlace is one bus of the fleet: its department, base and the communes in need it is
// the nearest base of.
type busPlace struct {
	unit   int // index into the scenario's units
	dept   medibus.Department
	base   medibus.Commune
	inNeed int     // people in need of the communes nearest this base
	need   float64 // their need-weighted population
	avgMin float64 // need-weighted mean drive from the base to them
}

// placeFleet splits the national fleet by people in need (all of France's communes),
// bases the buses of the scenario's departments and adds their depots and units.
func placeFleet(ctx context.Context, sc *medibus.Scenario, all []medibus.Commune, deps []medibus.Department, p *Params, shift medibus.Window, travel routing.Model) ([]busPlace, error) {
	inNeed := map[string]int{}
	for _, c := range all {
		if c.InNeed {
			inNeed[c.Department] += c.Population
		}
	}
	buses, quota := splitFleet(inNeed, p.Fleet, p.FleetMinInNeed)
	region := map[string][]string{} // region → departments in scope
	for _, d := range deps {
		region[d.Region] = append(region[d.Region], d.Code)
	}
	var fleet []busPlace
	for _, d := range deps {
		k := buses[d.Code]
		if k == 0 {
			continue
		}
		places, err := baseDepartment(ctx, sc.Communes, d, k, p, travel)
		if err != nil {
			return nil, err
		}
		for j := range places {
			bp := &places[j]
			bp.unit = len(sc.Units)
			depot := medibus.Depot{ID: "depot-" + bp.base.INSEE, Name: "Base " + territory.De(bp.base.Name), INSEE: bp.base.INSEE, Point: bp.base.Point}
			sc.Depots = append(sc.Depots, depot)
			// The organisation that owns the bus: a health centre at its base. It is
			// invented, so it has no booking contact to give patients.
			org := medibus.Organisation{ID: "org-" + bp.base.INSEE, Name: "MSP " + territory.De(bp.base.Name) + " (fictive)",
				Kind: medibus.KindMSP, Depot: depot.ID, Region: d.Region, Synthetic: true}
			sc.Organisations = append(sc.Organisations, org)
			id := "bus-" + d.Code
			if j > 0 {
				id += string(rune('a' + j))
			}
			sc.Units = append(sc.Units, medibus.Unit{
				ID: id, Name: strings.TrimSpace(fmt.Sprintf("Médicobus %s %s", d.Name, strings.ToUpper(id[len("bus-"+d.Code):]))),
				Depot: depot.ID, Organisation: org.ID, Region: d.Region, Area: region[d.Region], Days: sc.Rules.Days,
				ShiftStart: shift.Start, ShiftEnd: shift.End, MaxDriveMin: p.MaxDriveMin,
				Driver: "Conducteur·rice " + id,
				Why: fmt.Sprintf("%s: %d people in need, quota %.2f of %d buses → %d; base %s (%d inhabitants), %.0f min on average from its %d people in need",
					d.Name, inNeed[d.Code], quota[d.Code], p.Fleet, k, bp.base.Name, bp.base.Population, bp.avgMin, bp.inNeed),
			})
		}
		fleet = append(fleet, places...)
	}
	if len(sc.Units) == 0 {
		return nil, fmt.Errorf("scenario %s has nobody in need (every commune has a town of %d inhabitants within %d min), so the national split gives it no bus: plan a department or region with people in need, or import an APL (--apl)",
			sc.Name, p.TownPopulation, sc.Rules.CatchmentMin)
	}
	return fleet, nil
}

// baseDepartment chooses the bases of department d's k buses among its communes of at
// least BaseMinPopulation inhabitants (or its largest communes when too few are that
// big): a k-median on the drive to its communes in need, weighted by their need.
func baseDepartment(ctx context.Context, communes []medibus.Commune, d medibus.Department, k int, p *Params, travel routing.Model) ([]busPlace, error) {
	var cands, clients []medibus.Commune
	for _, c := range communes {
		if c.Department != d.Code {
			continue
		}
		cands = append(cands, c)
		if c.InNeed {
			clients = append(clients, c)
		}
	}
	slices.SortStableFunc(cands, func(a, b medibus.Commune) int { return cmp.Compare(b.Population, a.Population) })
	n := 0
	for n < len(cands) && cands[n].Population >= p.BaseMinPopulation {
		n++
	}
	cands = cands[:max(n, min(k, len(cands)))]
	src, dst := make([]orb.Point, len(cands)), make([]orb.Point, len(clients))
	for j, c := range cands {
		src[j] = c.Point
	}
	w := make([]float64, len(clients))
	for c, cl := range clients {
		dst[c], w[c] = cl.Point, float64(cl.Population)*NeedFactor(&cl, p)
	}
	legs, err := travel.Table(ctx, src, dst)
	if err != nil {
		return nil, fmt.Errorf("bases of department %s: %w", d.Code, err)
	}
	cands, legs = onMainland(cands, legs, w)
	legs, clients, w = reachedClients(legs, clients, w)
	cost := make([][]float64, len(cands))
	for j := range cands {
		cost[j] = make([]float64, len(clients))
		for c := range clients {
			cost[j][c] = legs[j][c].Min
		}
	}
	chosen := kMedian(cost, w, k)
	places := make([]busPlace, len(chosen))
	for i, j := range chosen {
		places[i] = busPlace{dept: d, base: cands[j]}
	}
	// Each commune in need goes to its nearest base.
	for c, cl := range clients {
		best := 0
		for i, j := range chosen {
			if cost[j][c] < cost[chosen[best]][c] {
				best = i
			}
		}
		bp := &places[best]
		bp.inNeed += cl.Population
		bp.need += w[c]
		bp.avgMin += w[c] * cost[chosen[best]][c]
	}
	for i := range places {
		if places[i].need > 0 {
			places[i].avgMin /= places[i].need
		}
		places[i].avgMin = math.Round(places[i].avgMin)
	}
	return places, nil
}

// onMainland keeps the candidate bases that reach by road (nearly) the most need (w,
// per client): those of the land mass where most people in need live, not an island
// without a bridge, from which a bus could serve nothing else.
func onMainland(cands []medibus.Commune, legs [][]routing.Leg, w []float64) ([]medibus.Commune, [][]routing.Leg) {
	reached := make([]float64, len(cands))
	most := 0.0
	for j := range cands {
		for c, l := range legs[j] {
			if l.Reachable() {
				reached[j] += w[c]
			}
		}
		most = max(most, reached[j])
	}
	var kc []medibus.Commune
	var kl [][]routing.Leg
	for j := range cands {
		if reached[j] >= most*0.9 { // slack for a way round beyond routing.MaxRoundKm
			kc, kl = append(kc, cands[j]), append(kl, legs[j])
		}
	}
	return kc, kl
}

// reachedClients leaves out the communes in need that no candidate base reaches by road
// (islands without a bridge: a declared ferry serves them, not a base), so that they
// weigh neither on where the bases go nor on their average drive.
func reachedClients(legs [][]routing.Leg, clients []medibus.Commune, w []float64) ([][]routing.Leg, []medibus.Commune, []float64) {
	keep := make([]int, 0, len(clients))
	for c := range clients {
		for j := range legs {
			if legs[j][c].Reachable() {
				keep = append(keep, c)
				break
			}
		}
	}
	if len(keep) == len(clients) {
		return legs, clients, w
	}
	out := make([][]routing.Leg, len(legs))
	for j := range legs {
		out[j] = make([]routing.Leg, len(keep))
		for k, c := range keep {
			out[j][k] = legs[j][c]
		}
	}
	cl, cw := make([]medibus.Commune, len(keep)), make([]float64, len(keep))
	for k, c := range keep {
		cl[k], cw[k] = clients[c], w[c]
	}
	return out, cl, cw
}
