package validate

import (
	"cmp"
	"maps"
	"math"
	"slices"

	"medibus"
)

// bookingTolerance is how far, in patients, the bookings of a session may be from its
// expected patients, or a commune's bookings above its need: the export rounds shares
// to 1/10,000 of a patient.
const bookingTolerance = 0.01

// rule19Bookings checks rule 19: each session's bookings are finite, not negative, for
// communes of the scenario within the catchment time of its site, and add up to its
// expected patients; and no commune is booked more than its need for a service over the
// cycle.
func (c *checker) rule19Bookings() {
	communes := make(map[string]*medibus.Commune, len(c.sc.Communes))
	for i := range c.sc.Communes {
		communes[c.sc.Communes[i].INSEE] = &c.sc.Communes[i]
	}
	need := map[[2]string]float64{}
	for _, d := range c.sc.Demand {
		need[[2]string{d.Service, d.INSEE}] += d.Need
	}
	booked := map[[2]string]float64{}
	first := map[[2]string]*medibus.Session{}
	for i := range c.p.Sessions {
		s := &c.p.Sessions[i]
		if c.info[i].service == nil || s.ExpectedPatients < 0 {
			continue // rules 1 and 8 reported the session
		}
		sum := 0.0
		for _, insee := range slices.Sorted(maps.Keys(s.Booked)) {
			b := s.Booked[insee]
			sum += b
			if !c.bookable(s, c.info[i].site, communes[insee], insee, b) {
				continue
			}
			k := [2]string{s.Service, insee}
			booked[k] += b
			if first[k] == nil {
				first[k] = s
			}
		}
		if math.IsNaN(sum) || math.Abs(sum-float64(s.ExpectedPatients)) > bookingTolerance {
			c.addAt(19, CodeBookingsNotPatients, s, "its bookings add up to %.4g patients, not its %d expected patients", sum, s.ExpectedPatients)
		}
	}
	keys := slices.Collect(maps.Keys(booked))
	slices.SortFunc(keys, func(a, b [2]string) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) })
	for _, k := range keys {
		if b, n := booked[k], need[k]; b > n+bookingTolerance {
			c.addAt(19, CodeBookedOverNeed, first[k], "commune %s is booked %.2f %s consultations over the cycle, more than its need of %.2f",
				k[1], b, k[0], n)
		}
	}
}

// bookable reports whether b consultations may be booked for commune insee (c, nil
// when unknown) in session s at site, recording the violation when not.
func (c *checker) bookable(s *medibus.Session, site *medibus.Site, com *medibus.Commune, insee string, b float64) bool {
	switch {
	case math.IsNaN(b) || math.IsInf(b, 0) || b < 0:
		c.addAt(19, CodeBadBooking, s, "books %v consultations for commune %s", b, insee)
		return false
	case com == nil:
		c.addAt(19, CodeUnknownCommune, s, "books %.2f consultations for commune %q, which is not in the scenario", b, insee)
		return false
	case site == nil:
		return false // rule 1 reported the unknown site
	}
	if min := c.leg(site.Point, com.Point).Min; min > float64(c.rules.CatchmentMin) {
		c.addAt(19, CodeBookingOutOfReach, s, "books %.2f consultations for %s %s, %.0f min from the site: beyond the %d-min catchment",
			b, insee, com.Name, min, c.rules.CatchmentMin)
		return false
	}
	return true
}
