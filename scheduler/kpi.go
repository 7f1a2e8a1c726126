package scheduler

import (
	"context"
	"math"
	"sort"

	"medibus"
	"medibus/routing"
)

// CO2KgPerKm is the emission factor used for the buses (a diesel van of about 3.5 t).
const CO2KgPerKm = 0.27

// KPIs computes the figures of a plan from the plan and its scenario alone, so that
// they can be recomputed for any stored plan.
func KPIs(ctx context.Context, sc *medibus.Scenario, pl *medibus.Plan, travel routing.Model) (medibus.KPIs, error) {
	var k medibus.KPIs
	catch, err := catchments(ctx, sc, travel)
	if err != nil {
		return k, err
	}
	ix := medibus.NewIndex(sc)
	siteIdx := make(map[string]int, len(sc.Sites))
	for i, s := range sc.Sites {
		siteIdx[s.ID] = i
	}
	communeIdx := make(map[string]int, len(sc.Communes))
	for i, c := range sc.Communes {
		communeIdx[c.INSEE] = i
	}
	need := map[string][]float64{}
	for _, s := range sc.Services {
		need[s.ID] = make([]float64, len(sc.Communes))
	}
	for _, d := range sc.Demand {
		if n, ok := need[d.Service]; ok {
			if c, ok := communeIdx[d.INSEE]; ok {
				n[c] += d.Need
			}
		}
	}
	limit := float64(sc.Rules.CatchmentMin)
	visits := map[string][]int{} // service → commune → sessions within catchment
	for _, s := range sc.Services {
		visits[s.ID] = make([]int, len(sc.Communes))
	}
	sites := map[string]bool{}
	served := make([]bool, len(sc.Communes))
	per := map[string]*medibus.ServiceKPIs{}
	for _, s := range sc.Services {
		per[s.ID] = &medibus.ServiceKPIs{Service: s.ID}
	}
	rhythm := map[[2]string][]medibus.Session{}
	staffSessions := 0
	for _, s := range pl.Sessions {
		k.Sessions++
		sites[s.Site] = true
		staffSessions += len(s.Staff)
		sk := per[s.Service]
		svc := ix.Services[s.Service]
		if sk == nil || svc == nil {
			continue
		}
		sk.Sessions++
		capacity := int(s.End-s.Start) / svc.ConsultMin
		sk.ConsultationsSlots += capacity
		sk.NeedServed += float64(s.ExpectedPatients)
		k.ConsultationSlots += capacity
		k.ExpectedPatients += s.ExpectedPatients
		if si, ok := siteIdx[s.Site]; ok {
			for _, c := range catch[si] {
				visits[s.Service][c.commune]++
				served[c.commune] = true
			}
		}
		key := [2]string{s.Site, s.Service}
		rhythm[key] = append(rhythm[key], s)
	}
	k.SitesUsed = len(sites)
	for _, b := range served {
		if b {
			k.CommunesServed++
		}
	}
	for _, bd := range pl.BusDays {
		k.BusDays++
		k.DriveKm += bd.DriveKm
		k.DriveHours += float64(bd.DriveMin) / 60
	}
	k.DriveKm = round2(k.DriveKm)
	k.DriveHours = round2(k.DriveHours)
	k.CO2Kg = math.Round(k.DriveKm * CO2KgPerKm)
	if k.ConsultationSlots > 0 {
		k.SlotsUsedByNeed = round4(float64(k.ExpectedPatients) / float64(k.ConsultationSlots))
	}
	fixed := 0
	for _, ss := range rhythm {
		if fixedRhythm(ss, pl.Start, sc.Rules.CycleWeeks) {
			fixed += len(ss)
		}
	}
	if k.Sessions > 0 {
		k.FixedRhythmShare = round4(float64(fixed) / float64(k.Sessions))
	}
	// Staff utilisation: sessions held over the half-days staff could have worked,
	// capped by their weekly limits.
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
	if capacity > 0 {
		k.StaffUtilisation = round4(float64(staffSessions) / float64(capacity))
	}
	for si, s := range sc.Services {
		sk := per[s.ID]
		type cv struct {
			pop, visits int
			access      float64
		}
		var inNeed []cv
		for ci, c := range sc.Communes {
			if visits[s.ID][ci] > 0 {
				sk.CommunesServed++
			}
			if need[s.ID][ci] <= 0 || c.AccessMin <= limit {
				continue
			}
			sk.PopulationInNeed += c.Population
			if visits[s.ID][ci] > 0 {
				sk.PopulationCovered += c.Population
			}
			inNeed = append(inNeed, cv{c.Population, visits[s.ID][ci], c.AccessMin})
		}
		if sk.PopulationInNeed > 0 {
			sk.CoverageShare = round4(float64(sk.PopulationCovered) / float64(sk.PopulationInNeed))
		}
		if sk.ConsultationsSlots > 0 {
			sk.SlotsUsedByNeed = round4(sk.NeedServed / float64(sk.ConsultationsSlots))
		}
		sort.SliceStable(inNeed, func(a, b int) bool {
			if inNeed[a].visits != inNeed[b].visits {
				return inNeed[a].visits < inNeed[b].visits
			}
			return inNeed[a].access > inNeed[b].access
		})
		decile := float64(sk.PopulationInNeed) / 10
		var pop, sum float64
		for _, c := range inNeed {
			take := math.Min(float64(c.pop), decile-pop)
			if take <= 0 {
				break
			}
			pop += take
			sum += take * float64(c.visits)
		}
		if pop > 0 {
			sk.WorstDecileVisits = round4(sum / pop)
		}
		if si == 0 {
			k.PopulationInNeed = sk.PopulationInNeed
			k.PopulationCovered = sk.PopulationCovered
			k.CoverageShare = sk.CoverageShare
		}
		k.Services = append(k.Services, *sk)
	}
	return k, nil
}

// fixedRhythm reports whether the sessions of one site and service fall on the same
// weekday and half-day, at a constant spacing of weeks that repeats over the cycle
// (weekly, fortnightly, every four weeks).
func fixedRhythm(ss []medibus.Session, start medibus.Date, cycleWeeks int) bool {
	weeks := make([]int, 0, len(ss))
	for _, s := range ss {
		if s.Date.Weekday() != ss[0].Date.Weekday() || s.Half != ss[0].Half {
			return false
		}
		weeks = append(weeks, int(s.Date-start)/7)
	}
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
