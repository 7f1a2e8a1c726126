package scenario

import (
	"cmp"
	"math"
	"slices"
)

// shareSessions divides a service's n national sessions a week among the regions in
// proportion to their people in need, by the method of equal proportions
// (Huntington–Hill): each session in turn goes to the region of highest priority
// inNeed / √(s(s+1)), s its sessions so far, so that every region with people in
// need gets one before any gets two and the sessions per person in need are as even
// as whole sessions allow. Ties go to the most people in need, then the smallest code.
func shareSessions(inNeed map[string]int, n int) map[string]int {
	var regs []string
	for r, p := range inNeed {
		if p > 0 {
			regs = append(regs, r)
		}
	}
	slices.SortFunc(regs, func(a, b string) int { return cmp.Or(cmp.Compare(inNeed[b], inNeed[a]), cmp.Compare(a, b)) })
	out := map[string]int{}
	for range max(n, 0) {
		best, bestP := "", -1.0
		for _, r := range regs {
			s := float64(out[r])
			p := math.Inf(1)
			if s > 0 {
				p = float64(inNeed[r]) / math.Sqrt(s*(s+1))
			}
			if p > bestP {
				best, bestP = r, p
			}
		}
		if best == "" {
			break
		}
		out[best]++
	}
	return out
}

// regionTeam is who serves a regional service in one region: the weekly caps of its
// professionals on board, how many remote specialists of each remote role, and how
// many buses carry its equipment.
type regionTeam struct {
	caps   []int
	remote int
	buses  int
}

// scopeShare is the part of a region's share of a service's sessions that a scenario
// holding only some of its departments keeps: in proportion to the people in need it
// holds of the region's, rounded, and one at least when it holds any.
func scopeShare(share, scoped, region int) int {
	if scoped <= 0 || share <= 0 || region <= 0 {
		return 0
	}
	if scoped >= region {
		return share
	}
	return max(1, int(math.Round(float64(share)*float64(scoped)/float64(region))))
}

// teamOf sizes the team of service sp in region reg. With a national capacity
// (SessionsPerWeek), the s sessions a week of the region (its share, scopeShare) are
// held by as many professionals as StaffMax sessions each need, their caps as even as
// can be, each with BusesPerRegion equipped buses, and remote specialists enough for
// RemoteMax sessions each. Without one, StaffPerRegion professionals and
// RemotePerRegion specialists serve BusesPerRegion buses, their cap scaled to the
// region's buses (specialistWeek).
func teamOf(fleet []busPlace, reg string, sp *ServiceParams, p *Params, s int) regionTeam {
	if sp.SessionsPerWeek <= 0 {
		t := regionTeam{remote: sp.RemotePerRegion, buses: sp.BusesPerRegion}
		for range sp.StaffPerRegion {
			t.caps = append(t.caps, specialistWeek(fleet, reg, sp.StaffMax, p.SpecialistPerBus))
		}
		return t
	}
	if s <= 0 {
		return regionTeam{}
	}
	k := 1
	if sp.StaffMax > 0 {
		k = (s + sp.StaffMax - 1) / sp.StaffMax
	}
	t := regionTeam{caps: make([]int, k), remote: sp.RemotePerRegion, buses: max(1, sp.BusesPerRegion) * k}
	for i := range t.caps {
		t.caps[i] = s / k
		if i < s%k {
			t.caps[i]++
		}
	}
	if sp.RemoteMax > 0 {
		t.remote = (s + sp.RemoteMax - 1) / sp.RemoteMax
	}
	return t
}
