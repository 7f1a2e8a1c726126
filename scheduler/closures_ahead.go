package scheduler

import (
	"cmp"
	"context"
	"slices"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/routing"
)

// ClosureAhead is a road closure not in force during a plan's cycle that the plan's
// drives cross: repeated from Starts on, the rotation cannot run as planned, and a
// plan for those dates must be published to take effect by then.
type ClosureAhead struct {
	Closure medibus.RoadClosure
	Starts  medibus.Date
	// Legs counts the drives of one cycle that the closure lengthens or cuts; Units
	// names the buses that drive them.
	Legs  int
	Units []string
}

// closuresHorizonDays is how far after its cycle a plan is looked at: a rotation is
// rarely left in force for more than a year.
const closuresHorizonDays = 366

// ClosuresAhead returns the closures of sc that begin within a year after the cycle of
// pl and that its drives cross, by the date they begin. A road service, which cannot
// take closures (routing.Closed), has none.
func ClosuresAhead(ctx context.Context, sc *medibus.Scenario, pl *medibus.Plan, travel routing.Model) ([]ClosureAhead, error) {
	if !routing.TakesClosures(travel) {
		return nil, nil
	}
	days := sc.Rules.CycleDays()
	now := medibus.InForce(sc.RoadClosures, pl.Start, days)
	after := pl.Start.AddDays(days)
	ix := medibus.NewIndex(sc)
	legs := planLegs(ix, pl)
	plain := routing.ForPlan(travel, sc, pl.Start)
	var out []ClosureAhead
	for _, c := range sc.RoadClosures {
		if c.Closed.CoversAny(pl.Start, days) {
			continue
		}
		starts, ok := c.Closed.Next(after)
		if !ok || int(starts-after) > closuresHorizonDays {
			continue
		}
		// The plan's model once c is closed too: the scenario with c closed always.
		always := c
		always.Closed = medibus.Period{}
		then := *sc
		then.RoadClosures = append(slices.Clone(now), always)
		closed := routing.ForPlan(travel, &then, pl.Start)
		ca := ClosureAhead{Closure: c, Starts: starts}
		units := map[string]bool{}
		for _, l := range legs {
			before, err := routing.LegBetween(ctx, plain, l.a, l.b)
			if err != nil {
				return nil, err
			}
			then, err := routing.LegBetween(ctx, closed, l.a, l.b)
			if err != nil {
				return nil, err
			}
			if then.Min > before.Min+0.5 {
				ca.Legs++
				units[l.unit] = true
			}
		}
		if ca.Legs == 0 {
			continue
		}
		for u := range units {
			ca.Units = append(ca.Units, u)
		}
		slices.Sort(ca.Units)
		out = append(out, ca)
	}
	slices.SortStableFunc(out, func(a, b ClosureAhead) int { return cmp.Compare(a.Starts, b.Starts) })
	return out, nil
}

// busLeg is one drive of a plan: from a depot or site to the next, or back.
type busLeg struct {
	unit string
	a, b orb.Point
}

// planLegs returns the drives of pl's bus-days: depot, each new site, depot.
func planLegs(ix *medibus.Index, pl *medibus.Plan) []busLeg {
	type day struct {
		unit string
		date medibus.Date
	}
	byDay := map[day][]*medibus.Session{}
	var order []day
	for i := range pl.Sessions {
		s := &pl.Sessions[i]
		k := day{s.Unit, s.Date}
		if byDay[k] == nil {
			order = append(order, k)
		}
		byDay[k] = append(byDay[k], s)
	}
	var out []busLeg
	for _, k := range order {
		u := ix.Units[k.unit]
		if u == nil || ix.Depots[u.Depot] == nil {
			continue
		}
		ss := byDay[k]
		slices.SortFunc(ss, func(a, b *medibus.Session) int { return cmp.Compare(a.Half, b.Half) })
		at := ix.Depots[u.Depot].Point
		for _, s := range ss {
			site := ix.Sites[s.Site]
			if site == nil || site.Point == at {
				continue
			}
			out = append(out, busLeg{k.unit, at, site.Point})
			at = site.Point
		}
		out = append(out, busLeg{k.unit, at, ix.Depots[u.Depot].Point})
	}
	return out
}
