package scheduler

import (
	"context"
	"fmt"

	"medibus"
	"medibus/routing"
)

// IdleBus is a bus without a session in a plan, and why.
type IdleBus struct {
	Unit   string `json:"unit"`
	Reason string `json:"reason"`
}

// IdleBuses names the buses of sc that hold no session in pl, each with the first
// reason that applies: off the road all cycle, no candidate site within reach of its
// depot, no service it can offer, or its half-days worth less than others' elsewhere.
func IdleBuses(ctx context.Context, sc *medibus.Scenario, pl *medibus.Plan, travel routing.Model) ([]IdleBus, error) {
	used := map[string]bool{}
	for _, s := range pl.Sessions {
		used[s.Unit] = true
	}
	if len(used) == len(sc.Units) {
		return nil, nil
	}
	p, err := compile(ctx, sc, Options{Start: pl.Start, Travel: travel})
	if err != nil {
		return nil, err
	}
	var out []IdleBus
	for u := range sc.Units {
		unit := &sc.Units[u]
		if used[unit.ID] {
			continue
		}
		works := 0
		for day := range p.days {
			for h := medibus.AM; h <= medibus.PM; h++ {
				if d := p.start.AddDays(day); p.rules.Days.Has(d.Weekday(), h) && unit.AvailableOn(d, h) {
					works++
				}
			}
		}
		var why string
		switch {
		case works == 0:
			why = "off the road for the whole cycle"
		case len(p.unitSites[u]) == 0:
			why = fmt.Sprintf("no candidate site in its area within reach of its depot (%d-min legs, %d min of driving a day)", p.rules.MaxLegMin, unit.MaxDriveMin)
		case len(p.unitServices[u]) == 0:
			why = "no service it can offer: its equipment or the staff allowed on it match none"
		default:
			why = "every session it could hold is worth less than the driving it costs, or its staff are busy elsewhere"
		}
		out = append(out, IdleBus{Unit: unit.ID, Reason: why})
	}
	return out, nil
}
