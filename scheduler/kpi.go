package scheduler

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"medibus"
	"medibus/routing"
	"medibus/spatial"

	"github.com/paulmach/orb"
)

// CO2KgPerKm is the emission factor used for the buses (a diesel van of about 3.5 t).
const CO2KgPerKm = 0.27

// KPIs computes the figures of a plan from the plan and its scenario alone (each
// session's booked_by_commune gives who is booked where), so that they can be
// recomputed for any stored plan. The catchments of the sites used are timed with the
// travel model, for reach.
func KPIs(ctx context.Context, sc *medibus.Scenario, pl *medibus.Plan, travel routing.Model) (medibus.KPIs, error) {
	var k medibus.KPIs
	reach, err := reachOf(ctx, sc, pl, routing.ForPlan(travel, sc, pl.Start))
	if err != nil {
		return k, err
	}
	k.Sessions, k.Buses = len(pl.Sessions), len(sc.Units)
	sites, served := map[string]bool{}, map[string]bool{}
	var toNeed, booked float64
	ix := medibus.NewIndex(sc)
	for _, s := range pl.Sessions {
		sites[s.Site] = true
		if svc := ix.Services[s.Service]; svc != nil {
			k.ConsultationSlots += svc.Capacity(s.Start, s.End, ix.Assisted(&s))
		}
		k.ExpectedPatients += s.ExpectedPatients
		for insee, b := range s.Booked {
			booked += b
			if c := ix.Communes[insee]; c != nil && c.InNeed {
				toNeed += b
			}
		}
	}
	for _, r := range reach {
		for c := range r {
			served[c] = true
		}
	}
	k.SitesUsed, k.CommunesServed = len(sites), len(served)
	k.ShareToNeed = ratio(toNeed, booked)
	k.SlotsBooked = ratio(float64(k.ExpectedPatients), float64(k.ConsultationSlots))
	fleetKPIs(&k, sc, pl)
	peopleKPIs(&k, ix, pl)
	k.FixedRhythmShare = fixedShare(sc, pl)
	k.StaffUtilisation = staffUtilisation(sc, pl)
	for v := range sc.Services {
		sk := serviceKPIs(sc, ix, pl, v, reach[sc.Services[v].ID])
		if v == 0 {
			k.PopulationInNeed, k.PopulationCovered, k.CoverageShare = sk.PopulationInNeed, sk.PopulationCovered, sk.CoverageShare
			k.Per1000, k.WorstDecilePer1000, k.Gini = sk.Per1000, sk.WorstDecilePer1000, sk.Gini
			k.WorstDepartment, k.WorstDepartmentPer1000, k.WithoutCare = sk.WorstDepartment, sk.WorstDepartmentPer1000, sk.WithoutCare
			k.NeedMet = sk.NeedMet
		}
		k.Services = append(k.Services, sk)
	}
	return k, nil
}

// reachOf returns, per service, the communes (by INSEE) within the catchment of at
// least one of its sessions, timing only the catchments of the sites the plan uses.
func reachOf(ctx context.Context, sc *medibus.Scenario, pl *medibus.Plan, travel routing.Model) (map[string]map[string]bool, error) {
	pts := make([]orb.Point, len(sc.Communes))
	for i, c := range sc.Communes {
		pts[i] = c.Point
	}
	grid := spatial.NewGrid(pts, 10)
	ix := medibus.NewIndex(sc)
	// The catchments of the sites used, asked all at once (routing.WithinEach).
	at := map[string]int{}
	var from []orb.Point
	var limits []float64
	for _, s := range pl.Sessions {
		if site := ix.Sites[s.Site]; site != nil {
			if _, ok := at[s.Site]; !ok {
				at[s.Site] = len(from)
				from, limits = append(from, site.Point), append(limits, float64(sc.Rules.CatchmentMin))
			}
		}
	}
	catch, err := routing.WithinEach(ctx, travel, grid, pts, from, limits)
	if err != nil {
		return nil, fmt.Errorf("catchments of the sites used: %w", err)
	}
	out := map[string]map[string]bool{}
	for _, s := range pl.Sessions {
		k, ok := at[s.Site]
		if !ok {
			continue
		}
		near := catch[k]
		if out[s.Service] == nil {
			out[s.Service] = map[string]bool{}
		}
		for _, r := range near {
			out[s.Service][sc.Communes[r.Index].INSEE] = true
		}
	}
	return out, nil
}

// serviceKPIs computes the care figures of service v: consultations booked to people
// in need per 1,000 of them per year, overall, in the worst-served tenth and in the
// worst department, their Gini coefficient, reach, and the departments left without.
func serviceKPIs(sc *medibus.Scenario, ix *medibus.Index, pl *medibus.Plan, v int, reached map[string]bool) medibus.ServiceKPIs {
	svc := &sc.Services[v]
	sk := medibus.ServiceKPIs{Service: svc.ID, Tele: len(svc.Remote) > 0}
	perCommune := map[string]float64{}
	for _, s := range pl.Sessions {
		if s.Service != svc.ID {
			continue
		}
		sk.Sessions++
		sk.Slots += svc.Capacity(s.Start, s.End, ix.Assisted(&s))
		sk.Booked += float64(s.ExpectedPatients)
		for insee, b := range s.Booked {
			perCommune[insee] += b
		}
	}
	hasNeed := map[string]bool{}
	for _, d := range sc.Demand {
		if d.Service == svc.ID && d.Need > 0 {
			hasNeed[d.INSEE] = true
			if c := ix.Communes[d.INSEE]; c != nil && c.InNeed {
				sk.Need += d.Need
			}
		}
	}
	year := 365 / float64(sc.Rules.CycleDays()) * 1000
	var people []rated
	dept := map[string]*rated{}
	for _, c := range sc.Communes {
		if reached[c.INSEE] {
			sk.CommunesServed++
		}
		if !c.InNeed || !hasNeed[c.INSEE] || c.Population <= 0 {
			continue
		}
		b := perCommune[c.INSEE]
		sk.BookedToNeed += b
		sk.PopulationInNeed += c.Population
		if reached[c.INSEE] {
			sk.PopulationCovered += c.Population
		}
		people = append(people, rated{pop: float64(c.Population), rate: b * year / float64(c.Population)})
		if dept[c.Department] == nil {
			dept[c.Department] = &rated{}
		}
		dept[c.Department].pop += float64(c.Population)
		dept[c.Department].rate += b * year
	}
	sk.NeedMet = ratio(sk.BookedToNeed, sk.Need)
	sk.Booked, sk.BookedToNeed, sk.Need = round2(sk.Booked), round2(sk.BookedToNeed), round2(sk.Need)
	sk.CoverageShare = ratio(float64(sk.PopulationCovered), float64(sk.PopulationInNeed))
	sk.Per1000 = round2(ratio(sk.BookedToNeed*year, float64(sk.PopulationInNeed)))
	sk.WorstDecilePer1000, sk.Gini = worstDecile(people), gini(people)
	sk.WorstDepartment, sk.WorstDepartmentPer1000 = worstDepartment(dept)
	sk.WithoutCare = withoutCare(dept)
	return sk
}

// withoutCare lists the departments whose people in need have no consultation booked,
// most people in need first, then by code.
func withoutCare(dept map[string]*rated) []medibus.DepartmentNeed {
	var out []medibus.DepartmentNeed
	for d, r := range dept {
		if r.rate <= 0 && r.pop > 0 {
			out = append(out, medibus.DepartmentNeed{Department: d, PopulationInNeed: int(r.pop)})
		}
	}
	slices.SortFunc(out, func(a, b medibus.DepartmentNeed) int {
		return cmp.Or(cmp.Compare(b.PopulationInNeed, a.PopulationInNeed), cmp.Compare(a.Department, b.Department))
	})
	return out
}

// rated is a population with a rate per head (consultations per 1,000 per year).
type rated struct{ pop, rate float64 }

// worstDecile is the mean rate of the tenth of the population with the lowest rates.
func worstDecile(people []rated) float64 {
	sorted := slices.Clone(people)
	slices.SortStableFunc(sorted, func(a, b rated) int { return cmp.Compare(a.rate, b.rate) })
	total := 0.0
	for _, p := range sorted {
		total += p.pop
	}
	decile, pop, sum := total/10, 0.0, 0.0
	for _, p := range sorted {
		t := math.Min(p.pop, decile-pop)
		if t <= 0 {
			break
		}
		pop += t
		sum += t * p.rate
	}
	return round2(ratio(sum, pop))
}

// gini is the population-weighted Gini coefficient of the rates: 1 minus twice the
// area under the Lorenz curve (trapezoids between consecutive groups, poorest first).
func gini(people []rated) float64 {
	sorted := slices.Clone(people)
	slices.SortStableFunc(sorted, func(a, b rated) int { return cmp.Compare(a.rate, b.rate) })
	var pop, mass float64
	for _, p := range sorted {
		pop += p.pop
		mass += p.pop * p.rate
	}
	if pop <= 0 || mass <= 0 {
		return 0
	}
	area, cum := 0.0, 0.0
	for _, p := range sorted {
		next := cum + p.pop*p.rate
		area += p.pop / pop * (cum + next) / (2 * mass)
		cum = next
	}
	return round4(1 - 2*area)
}

// worstDepartment returns the department of at least MinDepartmentInNeed people in need
// with the lowest rate; dept holds each department's people in need and consultations
// per year × 1,000.
func worstDepartment(dept map[string]*rated) (string, float64) {
	code, worst := "", math.Inf(1)
	for d, r := range dept {
		if r.pop < MinDepartmentInNeed {
			continue
		}
		if rate := r.rate / r.pop; rate < worst || rate == worst && d < code {
			code, worst = d, rate
		}
	}
	if code == "" {
		return "", 0
	}
	return code, round2(worst)
}

// fleetKPIs sets the use of the fleet and the driving figures.
func fleetKPIs(k *medibus.KPIs, sc *medibus.Scenario, pl *medibus.Plan) {
	used := map[string]bool{}
	for _, s := range pl.Sessions {
		used[s.Unit] = true
		k.LongestLegMin = max(k.LongestLegMin, s.DriveMinFromPrevious)
	}
	k.BusesUsed = len(used)
	var drive []int
	for _, bd := range pl.BusDays {
		k.BusDays++
		k.DriveKm += bd.DriveKm
		k.DriveHours += float64(bd.DriveMin) / 60
		drive = append(drive, bd.DriveMin)
		k.LongestLegMin = max(k.LongestLegMin, bd.ReturnMin)
	}
	slices.Sort(drive)
	if n := len(drive); n > 0 {
		k.DriveMinP50, k.DriveMinP95, k.DriveMinMax = drive[(n+1)/2-1], drive[int(math.Ceil(0.95*float64(n)))-1], drive[n-1]
	}
	k.DriveKm, k.DriveHours = round2(k.DriveKm), round2(k.DriveHours)
	k.CO2Kg = math.Round(k.DriveKm * CO2KgPerKm)
	halfDays := 0
	for _, u := range sc.Units {
		for day := range sc.Rules.CycleDays() {
			d := pl.Start.AddDays(day)
			for h := medibus.AM; h <= medibus.PM; h++ {
				if sc.Rules.Days.Has(d.Weekday(), h) && u.AvailableOn(d, h) {
					halfDays++
				}
			}
		}
	}
	k.HalfDaysUsed = ratio(float64(len(pl.Sessions)), float64(halfDays))
}

// peopleKPIs counts the sessions with a medical assistant and what they added, and the
// sessions held by an intern.
func peopleKPIs(k *medibus.KPIs, ix *medibus.Index, pl *medibus.Plan) {
	for _, s := range pl.Sessions {
		if ix.Assisted(&s) {
			k.AssistedSessions++
			if svc := ix.Services[s.Service]; svc != nil {
				k.AssistantConsults += svc.Capacity(s.Start, s.End, true) - svc.Capacity(s.Start, s.End, false)
			}
		}
		for _, id := range s.Staff {
			if m := ix.Staff[id]; m != nil && m.Intern {
				k.InternSessions++
				break
			}
		}
	}
}

// fixedShare is the share of sessions whose site and service keep a fixed rhythm.
func fixedShare(sc *medibus.Scenario, pl *medibus.Plan) float64 {
	rhythm := map[[2]string][]medibus.Session{}
	for _, s := range pl.Sessions {
		key := [2]string{s.Site, s.Service}
		rhythm[key] = append(rhythm[key], s)
	}
	perWeek := map[string]int{}
	for i := range sc.Sites {
		perWeek[sc.Sites[i].ID] = sc.Sites[i].HalfDaysPerWeek()
	}
	fixed := 0
	for key, ss := range rhythm {
		if fixedRhythm(ss, pl.Start, sc.Rules.CycleWeeks, max(perWeek[key[0]], 1)) {
			fixed += len(ss)
		}
	}
	return ratio(float64(fixed), float64(len(pl.Sessions)))
}

// staffUtilisation is the share of the half-days staff could work (within their weekly
// caps) that they spend in sessions.
func staffUtilisation(sc *medibus.Scenario, pl *medibus.Plan) float64 {
	staffSessions := 0
	for _, s := range pl.Sessions {
		staffSessions += len(s.Staff)
	}
	capacity := 0
	for _, m := range sc.Staff {
		for w := 0; w < sc.Rules.CycleWeeks; w++ {
			n := 0
			for d := 0; d < 7; d++ {
				date := pl.Start.AddDays(7*w + d)
				for h := medibus.AM; h <= medibus.PM; h++ {
					if sc.Rules.Days.Has(date.Weekday(), h) && m.AvailableOn(date, h) {
						n++
					}
				}
			}
			if m.MaxSessionsPerWeek > 0 {
				n = min(n, m.MaxSessionsPerWeek)
			}
			capacity += n
		}
	}
	return ratio(float64(staffSessions), float64(capacity))
}

// Kept counts the sessions of ref held again in pl: same bus, site, service, weekday
// and half-day (each reference session matched at most once).
func Kept(ref, pl *medibus.Plan) int {
	type key struct {
		unit, site, service string
		wd                  time.Weekday
		half                medibus.Half
	}
	left := map[key]int{}
	for _, s := range pl.Sessions {
		left[key{s.Unit, s.Site, s.Service, s.Date.Weekday(), s.Half}]++
	}
	kept := 0
	for _, s := range ref.Sessions {
		k := key{s.Unit, s.Site, s.Service, s.Date.Weekday(), s.Half}
		if left[k] > 0 {
			left[k]--
			kept++
		}
	}
	return kept
}

// ratio is a/b rounded to 1/10,000, 0 when b is 0.
func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return round4(a / b)
}

// fixedRhythm reports whether the sessions of one site and service fall on at most
// perWeek weekdays and half-days (the site's regular half-days), each at a constant
// spacing of weeks that repeats over the cycle (weekly, fortnightly, every four weeks).
func fixedRhythm(ss []medibus.Session, start medibus.Date, cycleWeeks, perWeek int) bool {
	type slot struct {
		wd   time.Weekday
		half medibus.Half
	}
	weeks := map[slot][]int{}
	for _, s := range ss {
		k := slot{s.Date.Weekday(), s.Half}
		weeks[k] = append(weeks[k], int(s.Date-start)/7)
	}
	if len(weeks) > perWeek {
		return false
	}
	for _, ws := range weeks {
		if !evenWeeks(ws, cycleWeeks) {
			return false
		}
	}
	return true
}

// evenWeeks reports whether weeks (of one weekday and half-day) are evenly spaced
// round the cycle: one visit, or a constant gap that divides it.
func evenWeeks(weeks []int, cycleWeeks int) bool {
	sort.Ints(weeks)
	if len(weeks) == 1 {
		return true
	}
	gap := weeks[1] - weeks[0]
	for i := 2; i < len(weeks); i++ {
		if weeks[i]-weeks[i-1] != gap {
			return false
		}
	}
	return gap > 0 && gap*len(weeks) == cycleWeeks
}

func round4(x float64) float64 { return math.Round(x*10000) / 10000 }
