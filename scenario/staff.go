package scenario

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"medibus"
)

// staffFleet gives every bus its GP pool, a medical assistant and, on some buses, an
// intern; and per region the specialist kits, regional professionals and remote
// specialists to the buses near the most people in need. regionInNeed holds the
// people in need of every region of France, which share each service's national
// sessions; a scenario of part of a region keeps the part of its region's share that
// its people in need make.
func staffFleet(sc *medibus.Scenario, fleet []busPlace, deps []medibus.Department, regionInNeed map[string]int, p *Params) error {
	var semester *medibus.DateRange
	if p.Semester != "" {
		rg, err := medibus.ParseDateRange(p.Semester)
		if err != nil {
			return fmt.Errorf("planning.semester: %w", err)
		}
		semester = &rg
	}
	for _, sp := range p.Services {
		if !sp.Regional {
			gpPools(sc, &sp, p, semester)
		}
	}
	var regions []string
	for _, d := range deps {
		if !slices.Contains(regions, d.Region) {
			regions = append(regions, d.Region)
		}
	}
	scoped := map[string]int{}
	for _, c := range sc.Communes {
		if c.InNeed {
			scoped[c.Region] += c.Population
		}
	}
	for _, sp := range p.Services {
		if sp.Regional {
			shares := shareSessions(regionInNeed, sp.SessionsPerWeek)
			for reg := range shares {
				shares[reg] = scopeShare(shares[reg], scoped[reg], regionInNeed[reg])
			}
			if err := regionalService(sc, fleet, regions, &sp, p, shares); err != nil {
				return err
			}
		}
	}
	return nil
}

// regionalService equips, in each region, the buses of the neediest departments for
// service sp and gives them the region's professionals (teamOf, from the region's
// share of the national sessions): those on board (role Roles[0]) and, for a
// tele-consultation, the remote specialists.
func regionalService(sc *medibus.Scenario, fleet []busPlace, regions []string, sp *ServiceParams, p *Params, shares map[string]int) error {
	staffDays, err := medibus.ParseHalfDays(sp.StaffDays)
	if err != nil {
		return fmt.Errorf("service %s staff_days: %w", sp.ID, err)
	}
	var remoteDays medibus.HalfDays
	if len(sp.Remote) > 0 {
		if remoteDays, err = medibus.ParseHalfDays(sp.RemoteDays); err != nil {
			return fmt.Errorf("service %s remote_days: %w", sp.ID, err)
		}
	}
	for _, reg := range regions {
		team := teamOf(fleet, reg, sp, p, shares[reg])
		if len(team.caps) == 0 {
			continue
		}
		equipped := equipRegion(sc, fleet, reg, sp, team.buses)
		if len(equipped) == 0 {
			continue
		}
		for k, weekly := range team.caps {
			id := fmt.Sprintf("%s-%s-r%s-%d", sp.Roles[0], sp.ID, reg, k+1)
			r := seededRand(p.Seed, id)
			sc.Staff = append(sc.Staff, medibus.StaffMember{
				ID: id, Name: staffName(r) + " (fictif)", Role: sp.Roles[0],
				Availability: staffDays, Units: equipped, MaxSessionsPerWeek: weekly,
			})
		}
		for _, role := range sp.Remote {
			for k := range team.remote {
				id := fmt.Sprintf("%s-r%s-%d", role, reg, k+1)
				r := seededRand(p.Seed, id)
				sc.Staff = append(sc.Staff, medibus.StaffMember{
					ID: id, Name: "Dr " + staffName(r) + " (fictif, à distance)", Role: role,
					Availability: remoteDays, Units: equipped, MaxSessionsPerWeek: sp.RemoteMax, MaxParallel: sp.RemoteParallel,
				})
			}
		}
	}
	return nil
}

// specialistWeek is a regional professional's weekly cap: the region's buses × perBus,
// rounded, within [1, most]; perBus ≤ 0 leaves most.
func specialistWeek(fleet []busPlace, reg string, most int, perBus float64) int {
	if perBus <= 0 {
		return most
	}
	n := 0
	for _, bp := range fleet {
		if bp.dept.Region == reg {
			n++
		}
	}
	return min(most, int(math.Max(1, math.Round(float64(n)*perBus))))
}

// gpPools gives each bus its own professionals of service sp: one per entry of
// GPHalfDays, each drawing that many half-days of the bus's week, those the pool does
// not cover yet first (so that the pool covers the week when it can), capped by
// GPMaxSessions; then its medical assistant and, on a seeded share of the buses, an
// intern supervised by the pool's first member.
func gpPools(sc *medibus.Scenario, sp *ServiceParams, p *Params, semester *medibus.DateRange) {
	for ui := range sc.Units {
		u := &sc.Units[ui]
		var cover medibus.HalfDays
		for g, n := range p.GPHalfDays {
			id := fmt.Sprintf("%s-%s-%d", sp.Roles[0], u.ID, g+1)
			r := seededRand(p.Seed, id)
			avail := drawHalfDays(r, u.Days, n, cover)
			cover |= avail
			cap := 0
			if g < len(p.GPMaxSessions) {
				cap = p.GPMaxSessions[g]
			}
			sc.Staff = append(sc.Staff, medibus.StaffMember{
				ID: id, Name: "Dr " + staffName(r) + " (fictif)", Role: sp.Roles[0],
				Availability: avail, Units: []string{u.ID}, MaxSessionsPerWeek: cap,
			})
		}
		u.Equipment = appendUnique(u.Equipment, sp.Equipment...)
		crewOf(sc, u, sp, p, semester)
	}
}

// crewOf adds bus u's medical assistant, available whole days, and, one time in
// 1/InternShare, its intern.
func crewOf(sc *medibus.Scenario, u *medibus.Unit, sp *ServiceParams, p *Params, semester *medibus.DateRange) {
	if p.AssistantHalfDays > 0 {
		id := "assistant-" + u.ID
		r := seededRand(p.Seed, id)
		sc.Staff = append(sc.Staff, medibus.StaffMember{
			ID: id, Name: staffName(r) + " (assistant·e médical·e, fictif)", Role: medibus.RoleAssistant,
			Availability: drawWholeDays(r, u.Days, p.AssistantHalfDays), Units: []string{u.ID}, MaxSessionsPerWeek: p.AssistantMax,
		})
	}
	id := fmt.Sprintf("intern-%s", u.ID)
	r := seededRand(p.Seed, id)
	if p.InternHalfDays <= 0 || len(p.GPHalfDays) == 0 || r.Float64() >= p.InternShare {
		return
	}
	sc.Staff = append(sc.Staff, medibus.StaffMember{
		ID: id, Name: staffName(r) + " (interne, fictif)", Role: sp.Roles[0],
		Availability: drawHalfDays(r, u.Days, p.InternHalfDays, 0), Units: []string{u.ID}, MaxSessionsPerWeek: p.InternMax,
		Intern: true, Supervisor: fmt.Sprintf("%s-%s-1", sp.Roles[0], u.ID), Placement: semester,
	})
}

// equipRegion puts sp's equipment on n buses of region reg: in the departments with
// the most people in need, one per department first so that the neediest departments
// all get the service, each the bus of its department nearest the most people in
// need; it returns their ids, sorted.
func equipRegion(sc *medibus.Scenario, fleet []busPlace, reg string, sp *ServiceParams, n int) []string {
	var ranked []busPlace
	dept := map[string]int{}
	for _, bp := range fleet {
		if bp.dept.Region == reg {
			ranked = append(ranked, bp)
			dept[bp.dept.Code] += bp.inNeed
		}
	}
	slices.SortStableFunc(ranked, func(a, b busPlace) int {
		return cmp.Or(cmp.Compare(dept[b.dept.Code], dept[a.dept.Code]), cmp.Compare(b.inNeed, a.inNeed))
	})
	// Kits of services ranked further down go to the buses after the first ones, when
	// the region has that many.
	if sp.KitRank > 0 && len(ranked) > sp.KitRank {
		ranked = append(ranked[sp.KitRank:], ranked[:sp.KitRank]...)
	}
	var picked []busPlace
	for pass := range 2 {
		for _, bp := range ranked {
			if len(picked) == n {
				break
			}
			taken := slices.ContainsFunc(picked, func(x busPlace) bool { return x.unit == bp.unit })
			sameDept := slices.ContainsFunc(picked, func(x busPlace) bool { return x.dept.Code == bp.dept.Code })
			if !taken && (pass == 1 || !sameDept) {
				picked = append(picked, bp)
			}
		}
	}
	var ids []string
	for _, bp := range picked {
		u := &sc.Units[bp.unit]
		u.Equipment = appendUnique(u.Equipment, sp.Equipment...)
		ids = append(ids, u.ID)
	}
	slices.Sort(ids)
	return ids
}
