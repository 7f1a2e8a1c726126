package scheduler

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/routing"
)

// Verdicts of an explanation, from the commune's point of view.
const (
	VerdictServed     = "served"       // a session of the service is within the catchment
	VerdictNoNeed     = "no-need"      // no need recorded for the service here
	VerdictNoSite     = "no-site"      // no candidate site within the catchment
	VerdictOutOfReach = "out-of-reach" // no bus can reach a site within its shift, limit or area
	VerdictNoBus      = "no-bus"       // no bus that reaches a site can offer the service
	VerdictNoStaff    = "no-staff"     // nobody can staff it on a half-day the site allows
	VerdictCapacity   = "capacity"     // possible, but the half-days went to higher need
)

// Explanation says why a commune is or is not served by one service in a plan.
type Explanation struct {
	INSEE   string  `json:"insee"`
	Commune string  `json:"commune"`
	Service string  `json:"service"`
	Verdict string  `json:"verdict"`
	Need    float64 `json:"need"` // consultations needed over the cycle
	// InNeed is true when the commune has no town of 5,000 inhabitants within the
	// catchment time: its people count in the coverage figures.
	InNeed bool `json:"in_need"`
	// Sessions within the catchment, in date order.
	Sessions []ExplainedSession `json:"sessions"`
	// Reasons are sentences for people, most decisive first.
	Reasons []string `json:"reasons"`
}

// ExplainedSession is a session that serves the commune.
type ExplainedSession struct {
	Unit     string       `json:"unit"`
	Date     medibus.Date `json:"date"`
	Half     medibus.Half `json:"half"`
	Site     string       `json:"site"`
	SiteName string       `json:"site_name"`
	Minutes  float64      `json:"minutes"` // road time from the commune
}

// Explain says why the commune with code insee is or is not served by each service
// (or only by service, if not empty) in plan pl of scenario sc, with the travel model
// the plan was made with.
func Explain(ctx context.Context, sc *medibus.Scenario, pl *medibus.Plan, travel routing.Model, insee, service string) ([]Explanation, error) {
	ci := slices.IndexFunc(sc.Communes, func(c medibus.Commune) bool { return c.INSEE == insee })
	if ci < 0 {
		return nil, fmt.Errorf("commune %q is not in scenario %s: give the 5-character INSEE code of one of its %d communes",
			insee, sc.Name, len(sc.Communes))
	}
	p, err := compile(ctx, sc, Options{Start: pl.Start, Travel: travel})
	if err != nil {
		return nil, err
	}
	var services []int
	for v := range sc.Services {
		if service == "" || sc.Services[v].ID == service {
			services = append(services, v)
		}
	}
	if len(services) == 0 {
		var ids []string
		for _, s := range sc.Services {
			ids = append(ids, s.ID)
		}
		return nil, fmt.Errorf("service %q is not in scenario %s: use one of %s", service, sc.Name, strings.Join(ids, ", "))
	}
	// Sites whose catchment holds the commune, with the road time.
	near := map[int]float64{}
	for s, cs := range p.catchment {
		for _, c := range cs {
			if c.commune == ci {
				near[s] = c.min
			}
		}
	}
	var out []Explanation
	for _, v := range services {
		out = append(out, p.explain(pl, ci, v, near))
	}
	return out, nil
}

// explainer carries one commune and service through the checks of explain, each of
// which either gives the verdict or passes to the next.
type explainer struct {
	p     *problem
	pl    *medibus.Plan
	ci, v int
	com   *medibus.Commune
	svc   *medibus.Service
	near  map[int]float64 // sites whose catchment holds the commune → minutes
	sites []int           // the keys of near, sorted
	e     Explanation
}

func (x *explainer) say(format string, args ...any) {
	x.e.Reasons = append(x.e.Reasons, fmt.Sprintf(format, args...))
}

func (p *problem) explain(pl *medibus.Plan, ci, v int, near map[int]float64) Explanation {
	com := &p.sc.Communes[ci]
	x := &explainer{p: p, pl: pl, ci: ci, v: v, com: com, svc: &p.sc.Services[v], near: near}
	x.e = Explanation{INSEE: com.INSEE, Commune: com.Name, Service: x.svc.ID, Need: math.Round(p.need[v][ci]*10) / 10,
		InNeed: p.inNeed[ci] > 0, Sessions: x.sessions()}
	for s := range near {
		x.sites = append(x.sites, s)
	}
	sort.Ints(x.sites)
	if !x.served() && !x.noNeed() && !x.noSite() {
		if offer, ok := x.buses(); ok && !x.noStaff(offer) {
			x.capacity(offer)
		}
	}
	return x.e
}

// sessions lists the plan's sessions of the service whose catchment holds the commune.
func (x *explainer) sessions() []ExplainedSession {
	p := x.p
	out := []ExplainedSession{}
	for _, s := range x.pl.Sessions {
		si, ok := p.siteIdx[s.Site]
		if !ok || s.Service != x.svc.ID {
			continue
		}
		if m, ok := x.near[si]; ok {
			out = append(out, ExplainedSession{Unit: s.Unit, Date: s.Date, Half: s.Half, Site: s.Site,
				SiteName: p.sc.Sites[si].Name, Minutes: math.Round(m*10) / 10})
		}
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].Date != out[b].Date {
			return out[a].Date < out[b].Date
		}
		return out[a].Half < out[b].Half
	})
	return out
}

func (x *explainer) served() bool {
	if len(x.e.Sessions) == 0 {
		return false
	}
	x.e.Verdict = VerdictServed
	first := x.e.Sessions[0]
	catchment := x.p.rules.CatchmentMin
	x.say("%d %s session(s) in the cycle within %d min; the first on %s %s at %s (%.0f min away, bus %s)",
		len(x.e.Sessions), x.svc.ID, catchment, first.Date, first.Half, first.SiteName, first.Minutes, first.Unit)
	if !x.e.InNeed {
		x.say("%s is not counted among the people in need: %s", x.com.Name, x.notInNeed())
	}
	return true
}

// notInNeed says why the commune is not in need: its imported APL, or a town nearby.
func (x *explainer) notInNeed() string {
	if x.com.APL != nil {
		return fmt.Sprintf("its imported APL, %.2f consultations per inhabitant per year, is above the desert threshold", *x.com.APL)
	}
	return fmt.Sprintf("it has a town of 5,000 inhabitants within %d min (%.0f min)", x.p.rules.InNeedBeyond(), x.com.AccessMin)
}

func (x *explainer) noNeed() bool {
	if x.p.need[x.v][x.ci] > 0 {
		return false
	}
	x.e.Verdict = VerdictNoNeed
	com, svc := x.com, x.svc
	switch {
	case svc.Region != "" && svc.Region != com.Region:
		x.say("service %s is offered only in region %s; %s is in region %s", svc.ID, svc.Region, com.Name, com.Region)
	case !x.e.InNeed:
		x.say("no need for %s is recorded: %s is not in need, %s", svc.ID, com.Name, x.notInNeed())
	default:
		x.say("no need for %s is recorded for %s (population %d); import a figure in demand.csv if there is one", svc.ID, com.Name, com.Population)
	}
	return true
}

func (x *explainer) noSite() bool {
	if len(x.near) > 0 {
		return false
	}
	p := x.p
	x.e.Verdict = VerdictNoSite
	best, bestMin := -1, math.Inf(1)
	if legs, err := p.travel.Table(p.ctx, []orb.Point{x.com.Point}, p.points[len(p.sc.Depots):]); err == nil {
		for s, l := range legs[0] {
			if l.Min < bestMin {
				best, bestMin = s, l.Min
			}
		}
	}
	if best >= 0 {
		x.say("no candidate site lies within %d min of %s; the nearest, %s, is %.0f min away: add a site nearer (sites.csv) to serve it",
			p.rules.CatchmentMin, x.com.Name, p.sc.Sites[best].Name, bestMin)
	} else {
		x.say("the scenario has no candidate site")
	}
	return true
}

// names names up to four of the sites.
func (x *explainer) names(ss []int) string {
	var n []string
	for _, s := range ss[:min(len(ss), 4)] {
		n = append(n, x.p.sc.Sites[s].Name)
	}
	if len(ss) > 4 {
		n = append(n, fmt.Sprintf("and %d more", len(ss)-4))
	}
	return strings.Join(n, ", ")
}

// buses returns the buses that reach a near site and can offer the service; when there
// are none it gives the verdict and reports false.
func (x *explainer) buses() ([]int, bool) {
	p, sc := x.p, x.p.sc
	var reach, offer []int
	for u := range sc.Units {
		if !slices.ContainsFunc(p.unitSites[u], func(us unitSite) bool { _, ok := x.near[us.site]; return ok }) {
			continue
		}
		reach = append(reach, u)
		if slices.Contains(p.unitServices[u], x.v) {
			offer = append(offer, u)
		}
	}
	if len(reach) == 0 {
		x.e.Verdict = VerdictOutOfReach
		x.say("%d candidate site(s) within %d min (%s), but no bus can reach them: they lie outside every bus's area, or the round trip from the depot breaks the shift or the %d-min driving limit",
			len(x.sites), p.rules.CatchmentMin, x.names(x.sites), maxDrive(sc))
		var dated []string
		for _, c := range medibus.InForce(sc.RoadClosures, p.start, p.days) {
			if !c.Closed.Always() {
				dated = append(dated, c.Name+" ("+c.Closed.String()+")")
			}
		}
		if len(dated) > 0 {
			x.say("the roads closed on this cycle's dates may be why: %s; a plan for dates when they are open may reach them", strings.Join(dated, "; "))
		}
		return nil, false
	}
	if len(offer) == 0 {
		var missing []string
		for _, u := range reach {
			unit := &sc.Units[u]
			if !unit.HasEquipment(x.svc.Equipment) {
				missing = append(missing, fmt.Sprintf("bus %s lacks %s", unit.ID, strings.Join(x.svc.Equipment, " and ")))
			} else {
				missing = append(missing, fmt.Sprintf("no %s may work on bus %s", strings.Join(x.svc.Roles, " or "), unit.ID))
			}
		}
		x.e.Verdict = VerdictNoBus
		x.say("the buses that reach the sites near %s cannot offer %s: %s", x.com.Name, x.svc.ID, strings.Join(missing, "; "))
		return nil, false
	}
	return offer, true
}

// possible counts the half-days on which some offering bus could hold the session at
// some near site, with every role available, ignoring what the plan does with them.
func (x *explainer) possible(offer []int) int {
	p, sc := x.p, x.p.sc
	n := 0
	for _, u := range offer {
		for day := 0; day < p.days; day++ {
			d := p.start.AddDays(day)
			for h := medibus.AM; h <= medibus.PM; h++ {
				if !p.rules.Days.Has(d.Weekday(), h) || !sc.Units[u].AvailableOn(d, h) {
					continue
				}
				siteOK := slices.ContainsFunc(p.unitSites[u], func(us unitSite) bool {
					_, ok := x.near[us.site]
					return ok && p.siteOpen(us.site, day, h)
				})
				if siteOK && p.rolesAvailable(x.v, u, d, h) {
					n++
				}
			}
		}
	}
	return n
}

func (x *explainer) noStaff(offer []int) bool {
	if x.possible(offer) > 0 {
		return false
	}
	x.e.Verdict = VerdictNoStaff
	x.say("no half-day of the cycle has a bus able to offer %s free at a site near %s together with a %s available: the sites allow other days, or the staff work other days",
		x.svc.ID, x.com.Name, strings.Join(x.svc.Roles, " and a "))
	return true
}

// capacity explains why a commune that could be served is not: the buses are full,
// the staff are busy, or the drive costs more than the need is worth.
func (x *explainer) capacity(offer []int) {
	p, sc, svc := x.p, x.p.sc, x.svc
	x.e.Verdict = VerdictCapacity
	used, total := 0, 0
	for _, u := range offer {
		for _, bd := range x.pl.BusDays {
			if bd.Unit == sc.Units[u].ID {
				used += bd.Sessions
			}
		}
		for day := 0; day < p.days; day++ {
			d := p.start.AddDays(day)
			for h := medibus.AM; h <= medibus.PM; h++ {
				if p.rules.Days.Has(d.Weekday(), h) && sc.Units[u].AvailableOn(d, h) {
					total++
				}
			}
		}
	}
	var ids []string
	for _, u := range offer {
		ids = append(ids, sc.Units[u].ID)
	}
	possible, need := x.possible(offer), p.need[x.v][x.ci]
	switch free := p.freeHalfDays(x.pl, x.v, offer, x.near); {
	case used >= total:
		x.say("%s could be served on %d half-day(s) at %s, but bus(es) %s use all %d of their half-days for sessions whose catchments hold more need (%.1f consultations here over the cycle); pin a session to force it",
			svc.ID, possible, x.names(x.sites), strings.Join(ids, ", "), total, need)
	case free == 0:
		x.say("%s could be served on %d half-day(s) at %s, but whenever bus(es) %s have a free half-day there, the staff who could come (%s) are busy elsewhere or at their weekly cap (%.1f consultations needed here over the cycle)",
			svc.ID, possible, x.names(x.sites), strings.Join(ids, ", "), strings.Join(svc.Roles, " and "), need)
	default:
		x.say("%s could be served on %d half-day(s) at %s, and %d of them are still free with staff available, but the drive there costs more than its need (%.1f consultations over the cycle) is worth; pin a session to force it",
			svc.ID, possible, x.names(x.sites), free, need)
	}
	for _, s := range x.sites {
		if r, ok := p.rule(s, x.v); ok {
			x.say("%s at %s follows a frequency (every %d to %d days%s): it is planned only when every visit of the rhythm fits, which the free half-days above may not allow; loosen it in frequencies.csv to let single sessions in",
				svc.ID, sc.Sites[s].Name, r.lo, r.hi, daysNote(r.days))
		}
	}
}

func daysNote(h medibus.HalfDays) string {
	if h == 0 {
		return ""
	}
	return ", on " + h.String()
}

// freeHalfDays counts the half-days on which one of the units could hold service v at
// a site of near with the plan as it is: the unit is free, the site allows it, and every
// role has a member available, not busy in another session and under the weekly cap.
func (p *problem) freeHalfDays(pl *medibus.Plan, v int, units []int, near map[int]float64) int {
	busyUnit := map[medibus.SlotKey]bool{}
	busyStaff := map[medibus.SlotKey]bool{}
	weekly := map[[2]int]int{} // staff, week → sessions
	for _, s := range pl.Sessions {
		busyUnit[s.Key()] = true
		for _, id := range s.Staff {
			busyStaff[medibus.SlotKey{Unit: id, Date: s.Date, Half: s.Half}] = true
			if m, ok := p.staffIdx[id]; ok {
				weekly[[2]int{m, int(s.Date-p.start) / 7}]++
			}
		}
	}
	n := 0
	for _, u := range units {
		unit := &p.sc.Units[u]
		for day := 0; day < p.days; day++ {
			d := p.start.AddDays(day)
			for h := medibus.AM; h <= medibus.PM; h++ {
				if busyUnit[medibus.SlotKey{Unit: unit.ID, Date: d, Half: h}] || !p.rules.Days.Has(d.Weekday(), h) || !unit.AvailableOn(d, h) {
					continue
				}
				siteOK := false
				for _, us := range p.unitSites[u] {
					if _, ok := near[us.site]; ok && p.siteOpen(us.site, day, h) {
						siteOK = true
						break
					}
				}
				if !siteOK {
					continue
				}
				var taken []int
				ok := true
				for _, cands := range p.staffFor[v][u] {
					found := false
					for _, m := range cands {
						mem := &p.sc.Staff[m]
						if slices.Contains(taken, m) || !mem.AvailableOn(d, h) || busyStaff[medibus.SlotKey{Unit: mem.ID, Date: d, Half: h}] ||
							(mem.MaxSessionsPerWeek > 0 && weekly[[2]int{m, day / 7}] >= mem.MaxSessionsPerWeek) {
							continue
						}
						taken, found = append(taken, m), true
						break
					}
					if !found {
						ok = false
						break
					}
				}
				if ok {
					n++
				}
			}
		}
	}
	return n
}

// rolesAvailable reports whether every role of service v has a distinct member allowed
// on unit u and available on the half-day, caps aside.
func (p *problem) rolesAvailable(v, u int, d medibus.Date, h medibus.Half) bool {
	var taken []int
	for _, cands := range p.staffFor[v][u] {
		found := false
		for _, m := range cands {
			if !slices.Contains(taken, m) && p.sc.Staff[m].AvailableOn(d, h) {
				taken = append(taken, m)
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func maxDrive(sc *medibus.Scenario) int {
	m := 0
	for _, u := range sc.Units {
		m = max(m, u.MaxDriveMin)
	}
	return m
}
