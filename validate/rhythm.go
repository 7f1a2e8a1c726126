package validate

import (
	"cmp"
	"slices"

	"medibus"
)

// rule18Frequency checks rule 18: the sessions of one service at one site keep the
// half-days and the gaps of the scenario's frequency for the site's commune, if any.
// Visits are the distinct dates of those sessions; gaps run round the cycle, from the
// last visit to the first one of the next cycle. A violation is reported at the visit
// that closes the gap.
func (c *checker) rule18Frequency() {
	type rule struct {
		lo, hi int
		days   medibus.HalfDays
	}
	rules := map[[2]string]rule{}
	for i := range c.sc.Frequencies {
		f := &c.sc.Frequencies[i]
		lo, hi := f.Gaps()
		rules[[2]string{f.INSEE, f.Service}] = rule{lo, hi, f.Days}
	}
	groups := map[[2]string][]int{} // (site, service) → sessions
	for i := range c.p.Sessions {
		s := &c.p.Sessions[i]
		if in := &c.info[i]; in.site == nil || !in.inCycle || c.services[s.Service] == nil {
			continue // rule 1 reports it
		}
		k := [2]string{s.Site, s.Service}
		groups[k] = append(groups[k], i)
	}
	cycle := c.rules.CycleDays()
	for k, idx := range groups {
		r, ok := rules[[2]string{c.sites[k[0]].INSEE, k[1]}]
		if !ok {
			continue
		}
		slices.SortFunc(idx, func(i, j int) int {
			a, b := &c.p.Sessions[i], &c.p.Sessions[j]
			return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(a.Half, b.Half), cmp.Compare(i, j))
		})
		var visits []int // indexes of the first session of each date
		for _, i := range idx {
			s := &c.p.Sessions[i]
			if r.days != 0 && !r.days.Has(s.Date.Weekday(), s.Half) {
				c.addAt(18, CodeFrequencyDay, s, "service %s at site %s is held on %s %s, outside the half-days of its frequency (%s)",
					s.Service, s.Site, s.Date.Weekday().String()[:3], halfName(s.Half), r.days)
			}
			if len(visits) == 0 || c.p.Sessions[visits[len(visits)-1]].Date != s.Date {
				visits = append(visits, i)
			}
		}
		for n, i := range visits {
			s := &c.p.Sessions[i]
			prev := &c.p.Sessions[visits[(n-1+len(visits))%len(visits)]]
			gap := int(s.Date - prev.Date)
			if gap <= 0 {
				gap += cycle
			}
			switch {
			case gap > r.hi:
				c.addAt(18, CodeFrequencyGapLong, s, "service %s at site %s comes back after %d days (from %s), more than the %d its frequency allows",
					s.Service, s.Site, gap, prev.Date, r.hi)
			case gap < r.lo:
				c.addAt(18, CodeFrequencyGapShort, s, "service %s at site %s comes back after %d days (from %s), fewer than the %d its frequency requires",
					s.Service, s.Site, gap, prev.Date, r.lo)
			}
		}
	}
}
