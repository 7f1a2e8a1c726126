package scenario

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/csvtable"
	"medibus/lang"
	"medibus/routing"
)

// The checks of pins that take drive times or the frequencies: a pinned day must fit
// its bus's shift, driving limit and longest leg (rules 12 to 16 of constraints.md,
// with the validator's drive minutes), and a pin must keep the frequency of its
// service at its site. The planner would refuse such a pin too, but could not say
// which line of pins.csv to change.

// pinDay is one bus's pins of one day, in order AM then PM, with their lines.
type pinDay struct {
	unit  *medibus.Unit
	pins  []*medibus.Session
	lines []int
}

// checkPinnedDays reports, at its line, every pin whose day no plan could hold.
func (fo *folder) checkPinnedDays(ctx context.Context, sc *medibus.Scenario, travel routing.Model) error {
	ix := medibus.NewIndex(sc)
	days := map[string]*pinDay{}
	var keys []string
	for i := range sc.Pins {
		p := &sc.Pins[i]
		key := p.Unit + "|" + p.Date.String()
		if days[key] == nil {
			days[key] = &pinDay{unit: ix.Units[p.Unit]}
			keys = append(keys, key)
		}
		d := days[key]
		d.pins, d.lines = append(d.pins, p), append(d.lines, fo.pinLines[i])
	}
	sort.Strings(keys)
	for _, k := range keys {
		d := days[k]
		sort.Sort(d)
		if err := fo.pinnedDay(ctx, ix, d, &sc.Rules, travel); err != nil {
			return err
		}
	}
	return nil
}

func (d *pinDay) Len() int           { return len(d.pins) }
func (d *pinDay) Less(i, j int) bool { return d.pins[i].Half < d.pins[j].Half }
func (d *pinDay) Swap(i, j int) {
	d.pins[i], d.pins[j] = d.pins[j], d.pins[i]
	d.lines[i], d.lines[j] = d.lines[j], d.lines[i]
}

// pinnedDay checks one pinned day: depot → pins → depot within the shift, the driving
// limit and the longest leg, with set-up and the break between two sessions.
func (fo *folder) pinnedDay(ctx context.Context, ix *medibus.Index, d *pinDay, r *medibus.Rules, travel routing.Model) error {
	u := d.unit
	depot := ix.Depots[u.Depot]
	fail := func(i int, col, format string, args ...any) { fo.pinProblem(d.lines[i], col, format, args...) }
	at := depot.Point
	total, free := 0, u.ShiftStart // free: when the bus can leave its last stop
	for i, p := range d.pins {
		site := ix.Sites[p.Site]
		leg, err := driveBetween(ctx, travel, at, site.Point)
		if err != nil {
			return err
		}
		moved := i == 0 || d.pins[i-1].Site != p.Site
		setup := r.Setup(ix.Assisted(p)) // longer when the driver sets up alone
		need := free
		switch {
		case i > 0 && moved:
			need = d.pins[i-1].End + medibus.Clock(r.BreakMin+leg+setup)
		case i > 0:
			need = d.pins[i-1].End + medibus.Clock(r.BreakMin)
		default:
			need = u.ShiftStart + medibus.Clock(leg+setup)
		}
		if !moved {
			leg = 0
		}
		if p.Start < need {
			fail(i, "start", "bus %s cannot be ready at %s %s: it needs until %s (its shift starts at %s, %d min of drive, %d of set-up, a %d-minute break): pin it later",
				u.ID, p.Site, p.Start, need, u.ShiftStart, leg, setup, r.BreakMin)
			return nil
		}
		if r.MaxLegMin > 0 && leg > r.MaxLegMin {
			fail(i, "site", "the drive to %s takes %d min, beyond max_leg_min (%d): pin a nearer site", p.Site, leg, r.MaxLegMin)
			return nil
		}
		total, at, free = total+leg, site.Point, p.End
	}
	back, err := driveBetween(ctx, travel, at, depot.Point)
	if err != nil {
		return err
	}
	last := len(d.pins) - 1
	switch {
	case r.MaxLegMin > 0 && back > r.MaxLegMin:
		fail(last, "site", "the drive back to the depot takes %d min, beyond max_leg_min (%d): pin a nearer site", back, r.MaxLegMin)
	case free+medibus.Clock(back) > u.ShiftEnd:
		fail(last, "end", "bus %s is back at its depot at %s, after its shift ends (%s): end the session earlier", u.ID, free+medibus.Clock(back), u.ShiftEnd)
	case total+back > u.MaxDriveMin:
		fail(last, "unit", "the pinned day of bus %s drives %d min, beyond its limit of %d (units.csv max_drive_min)", u.ID, total+back, u.MaxDriveMin)
	}
	return nil
}

// driveBetween is the contract's drive minutes from a to b: ceil(leg.Min), with the
// validator's 1e-9 tolerance.
func driveBetween(ctx context.Context, travel routing.Model, a, b orb.Point) (int, error) {
	l, err := routing.LegBetween(ctx, travel, a, b)
	if err != nil {
		return 0, fmt.Errorf("drive time for a pinned day: %w", err)
	}
	return int(math.Ceil(l.Min - 1e-9)), nil
}

// checkPinFrequencies reports a pin that breaks the frequency of its service at its
// site: a half-day the rule does not allow, or two pins closer than its minimum gap.
func (fo *folder) checkPinFrequencies(sc *medibus.Scenario) {
	ix := medibus.NewIndex(sc)
	rules := map[[2]string]*medibus.Frequency{}
	for i := range sc.Frequencies {
		f := &sc.Frequencies[i]
		rules[[2]string{f.INSEE, f.Service}] = f
	}
	last := map[[2]string]int{} // site, service → index of the previous pin
	for i := range sc.Pins {
		p := &sc.Pins[i]
		f := rules[[2]string{ix.Sites[p.Site].INSEE, p.Service}]
		if f == nil {
			continue
		}
		fail := func(col, format string, args ...any) { fo.pinProblem(fo.pinLines[i], col, format, args...) }
		if f.Days != 0 && !f.Days.Has(p.Date.Weekday(), p.Half) {
			fail("date", "%s %s is not a half-day of the frequency of %s in %s (frequencies.csv days %s): move the pin", p.Date.Weekday(), p.Half, p.Service, f.INSEE, f.Days)
			continue
		}
		key := [2]string{p.Site, p.Service}
		if j, ok := last[key]; ok {
			gap := int(p.Date - sc.Pins[j].Date)
			gap = max(gap, -gap)
			if lo, _ := f.Gaps(); gap < lo {
				fail("date", "%d days from the pin of line %d, fewer than the frequency of %s in %s allows (%d): move one of them", gap, fo.pinLines[j], p.Service, f.INSEE, lo)
			}
		}
		last[key] = i
	}
}

// pinProblem records a problem of the pin at line of pins.csv.
func (fo *folder) pinProblem(line int, col, format string, args ...any) {
	fo.probs.add(&csvtable.LineError{File: fo.path(PinsFile), Line: line, Column: col, Err: lang.Errorf(format, args...)})
}
