package scenario

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/routing"
)

// lendBuses serves the departments of deps that have people in need and no bus of their
// own: each joins the area of the NeighbourBuses buses of the fleet nearest its people
// in need (the need-weighted mean drive from their base), among those whose base
// reaches some of them within the longest leg and the catchment (a site the bus
// reaches books communes within the catchment of it), whatever their department or
// region.
// A bus's area otherwise holds its region's departments. Each lending is said in the
// bus's Why.
func lendBuses(ctx context.Context, sc *medibus.Scenario, fleet []busPlace, deps []medibus.Department, p *Params, travel routing.Model) error {
	if p.NeighbourBuses <= 0 || len(fleet) == 0 {
		return nil
	}
	has := map[string]bool{}
	for _, bp := range fleet {
		has[bp.dept.Code] = true
	}
	bases := make([]orb.Point, len(fleet))
	for i, bp := range fleet {
		bases[i] = bp.base.Point
	}
	for _, d := range deps {
		if has[d.Code] {
			continue
		}
		near, inNeed, err := nearestBuses(ctx, sc.Communes, d.Code, bases, p, travel)
		if err != nil {
			return fmt.Errorf("buses for department %s: %w", d.Code, err)
		}
		for _, i := range near {
			u := &sc.Units[fleet[i].unit]
			// Clipped: the buses of a region may share their area's backing array.
			u.Area = appendUnique(slices.Clip(u.Area), d.Code)
			u.Why += fmt.Sprintf("; also serves %s (%d people in need, no bus of its own)", d.Name, inNeed)
		}
	}
	return nil
}

// nearestBuses returns, nearest first, the indexes of at most NeighbourBuses bases that
// reach some of department dept's communes in need within the longest leg and the
// catchment, and its people in need; none when it has nobody in need.
func nearestBuses(ctx context.Context, communes []medibus.Commune, dept string, bases []orb.Point, p *Params, travel routing.Model) ([]int, int, error) {
	var pts []orb.Point
	var w []float64
	inNeed := 0
	for i := range communes {
		if c := &communes[i]; c.Department == dept && c.InNeed && c.Population > 0 {
			pts = append(pts, c.Point)
			w = append(w, float64(c.Population)*math.Max(1, NeedFactor(c, p)))
			inNeed += c.Population
		}
	}
	if len(pts) == 0 {
		return nil, 0, nil
	}
	legs, err := travel.Table(ctx, bases, pts)
	if err != nil {
		return nil, 0, err
	}
	type cand struct {
		bus  int
		mean float64
	}
	reach := float64(p.MaxLegMin + p.CatchmentMin)
	var cands []cand
	for b := range bases {
		reaches, sum, sumW := false, 0.0, 0.0
		for c := range pts {
			m := legs[b][c].Min
			reaches = reaches || p.MaxLegMin <= 0 || m <= reach
			sum, sumW = sum+w[c]*m, sumW+w[c]
		}
		if reaches {
			cands = append(cands, cand{b, sum / sumW})
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int { return cmp.Compare(a.mean, b.mean) })
	var out []int
	for _, c := range cands[:min(len(cands), p.NeighbourBuses)] {
		out = append(out, c.bus)
	}
	return out, inNeed, nil
}

// noBusError says why a scenario has no bus: nobody in need, or people in need that the
// national split leaves to the buses of neighbouring departments.
func noBusError(sc *medibus.Scenario, p *Params) error {
	inNeed := 0
	for _, c := range sc.Communes {
		if c.InNeed {
			inNeed += c.Population
		}
	}
	if inNeed > 0 {
		return fmt.Errorf("scenario %s has %d people in need, too few for a bus of its own in the national split: the buses of its neighbours serve them; plan its region or france",
			sc.Name, inNeed)
	}
	return fmt.Errorf("scenario %s has nobody in need (every commune has a town of %d inhabitants within %d min), so the national split gives it no bus: plan a department or region with people in need, or import an APL (--apl)",
		sc.Name, p.TownPopulation, sc.Rules.InNeedBeyond())
}
