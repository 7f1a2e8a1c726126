package planning

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/routing"
)

// timePins returns the plan of pins alone, timed as the planner must hold them: each
// pin keeps its start and end; the bus reaches its first stop set-up minutes before the
// session and leaves the depot just in time; between two sites it drives as soon as the
// morning ends; it drives home after the last session. It is what validate checks to
// tell whether the planner can hold the pins: with their times fixed, a day that breaks
// a rule here (shift, set-up, break, driving limit) breaks it in any plan. Patients are
// left out: the planner books every session afresh.
func (d *Desk) timePins(ctx context.Context, pins []medibus.Session) (*medibus.Plan, error) {
	pl := &medibus.Plan{ID: d.plan.ID, Scenario: d.plan.Scenario, Start: d.plan.Start, Status: medibus.StatusDraft, Travel: d.plan.Travel}
	type busDate struct {
		unit string
		date medibus.Date
	}
	days := map[busDate][]medibus.Session{}
	var keys []busDate
	for _, p := range pins {
		p.ExpectedPatients, p.Booked, p.Pinned = 0, nil, true
		k := busDate{p.Unit, p.Date}
		if _, ok := days[k]; !ok {
			keys = append(keys, k)
		}
		days[k] = append(days[k], p)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].unit != keys[j].unit {
			return keys[i].unit < keys[j].unit
		}
		return keys[i].date < keys[j].date
	})
	for _, k := range keys {
		ss := days[k]
		sort.Slice(ss, func(i, j int) bool { return ss[i].Half < ss[j].Half })
		bd, err := d.timePinnedDay(ctx, ss)
		if err != nil {
			return nil, fmt.Errorf("time the pins of bus %s on %s: %w", k.unit, k.date, err)
		}
		pl.Sessions = append(pl.Sessions, ss...)
		pl.BusDays = append(pl.BusDays, bd)
	}
	return pl, nil
}

// timePinnedDay sets the arrivals, departures and legs of one bus-day's sessions (AM
// before PM, times fixed) and returns its bus-day. An unknown unit, depot or site
// leaves the legs at zero for validate to report.
func (d *Desk) timePinnedDay(ctx context.Context, ss []medibus.Session) (medibus.BusDay, error) {
	bd := medibus.BusDay{Unit: ss[0].Unit, Date: ss[0].Date, Sessions: len(ss)}
	u := d.ix.Units[bd.Unit]
	if u == nil || d.ix.Depots[u.Depot] == nil {
		return bd, nil
	}
	depot := d.ix.Depots[u.Depot].Point
	prev, prevSite := depot, ""
	var km float64
	for i := range ss {
		s := &ss[i]
		site := d.ix.Sites[s.Site]
		s.Depart = s.End
		if site == nil {
			continue
		}
		if s.Site == prevSite {
			s.Arrive, s.DriveKmFromPrevious, s.DriveMinFromPrevious = ss[i-1].Arrive, 0, 0
			continue
		}
		leg, err := d.drive(ctx, prev, site.Point)
		if err != nil {
			return bd, err
		}
		s.DriveMinFromPrevious, s.DriveKmFromPrevious = leg.min, leg.km
		if i == 0 {
			// Without an assistant on board the driver sets up alone, for longer.
			s.Arrive = s.Start - medibus.Clock(d.sc.Rules.Setup(d.ix.Assisted(s)))
			bd.Leave = s.Arrive - medibus.Clock(leg.min)
		} else {
			s.Arrive = ss[i-1].Depart + medibus.Clock(leg.min)
		}
		bd.DriveMin += leg.min
		km += leg.km
		prev, prevSite = site.Point, s.Site
	}
	back, err := d.drive(ctx, prev, depot)
	if err != nil {
		return bd, err
	}
	bd.ReturnMin, bd.ReturnKm = back.min, back.km
	bd.Return = ss[len(ss)-1].Depart + medibus.Clock(back.min)
	bd.DriveMin += back.min
	bd.DriveKm = round2(km + back.km)
	return bd, nil
}

// timedLeg is a leg as the contract reads it: minutes rounded up, km to the hundredth.
type timedLeg struct {
	min int
	km  float64
}

// drive is the leg from a to b with the desk's travel model, as the contract reads it.
func (d *Desk) drive(ctx context.Context, a, b orb.Point) (timedLeg, error) {
	l, err := routing.LegBetween(ctx, d.travel, a, b)
	if err != nil {
		return timedLeg{}, fmt.Errorf("drive %v → %v: %w", a, b, err)
	}
	return timedLeg{min: int(math.Ceil(l.Min - 1e-9)), km: round2(l.Km)}, nil
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
