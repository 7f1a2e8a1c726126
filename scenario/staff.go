package scenario

import (
	"cmp"
	"fmt"
	"slices"

	"medibus"
)

// staffFleet gives every bus its GP pool and, per region, the specialist kits and
// regional professionals to the buses near the most people in need.
func staffFleet(sc *medibus.Scenario, fleet []busPlace, deps []medibus.Department, p *Params) error {
	for _, sp := range p.Services {
		if !sp.Regional {
			gpPools(sc, &sp, p)
		}
	}
	var regions []string
	for _, d := range deps {
		if !slices.Contains(regions, d.Region) {
			regions = append(regions, d.Region)
		}
	}
	for _, sp := range p.Services {
		if !sp.Regional {
			continue
		}
		staffDays, err := medibus.ParseHalfDays(sp.StaffDays)
		if err != nil {
			return fmt.Errorf("service %s staff_days: %w", sp.ID, err)
		}
		for _, reg := range regions {
			equipped := equipRegion(sc, fleet, reg, &sp)
			for k := 0; k < sp.StaffPerRegion && len(equipped) > 0; k++ {
				id := fmt.Sprintf("%s-r%s-%d", sp.Roles[0], reg, k+1)
				r := seededRand(p.Seed, id)
				sc.Staff = append(sc.Staff, medibus.StaffMember{
					ID: id, Name: staffName(r) + " (fictif)", Role: sp.Roles[0],
					Availability: staffDays, Units: equipped, MaxSessionsPerWeek: sp.StaffMax,
				})
			}
		}
	}
	return nil
}

// gpPools gives each bus its own professionals of service sp: one per entry of
// GPHalfDays, each drawing that many half-days of the bus's week, those the pool does
// not cover yet first (so that the pool covers the week when it can), capped by
// GPMaxSessions.
func gpPools(sc *medibus.Scenario, sp *ServiceParams, p *Params) {
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
	}
}

// equipRegion puts sp's equipment on BusesPerRegion buses of region reg: in the
// departments with the most people in need, one per department first so that the
// neediest departments all get the service, each the bus of its department nearest
// the most people in need; it returns their ids, sorted.
func equipRegion(sc *medibus.Scenario, fleet []busPlace, reg string, sp *ServiceParams) []string {
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
	var picked []busPlace
	for pass := range 2 {
		for _, bp := range ranked {
			if len(picked) == sp.BusesPerRegion {
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
