package scenario

import (
	"math"

	"medibus"
)

// MarkInNeed sets InNeed on every commune: with an APL (imported, c.APL set) when it is
// below p.APLThreshold, else when no town lies within the catchment time. Access times
// must be set first (SetAccess).
func MarkInNeed(cs []medibus.Commune, catchmentMin int, p *Params) {
	for i := range cs {
		c := &cs[i]
		if c.APL != nil {
			c.InNeed = *c.APL < p.APLThreshold
		} else {
			c.InNeed = c.AccessMin > float64(catchmentMin)
		}
	}
}

// NeedFactor is the multiplier of a commune's need: NotInNeedFactor when it is not in
// need; in need, its access time over AccessRefMin, or with an APL 1 at the threshold
// rising linearly to AccessMaxFactor at APL 0; always within [1, AccessMaxFactor] then.
func NeedFactor(c *medibus.Commune, p *Params) float64 {
	if !c.InNeed {
		return p.NotInNeedFactor
	}
	f := 1.0
	switch {
	case c.APL != nil && p.APLThreshold > 0:
		f = 1 + (p.AccessMaxFactor-1)*(p.APLThreshold-*c.APL)/p.APLThreshold
	case p.AccessRefMin > 0:
		f = c.AccessMin / p.AccessRefMin
	}
	return math.Max(1, math.Min(p.AccessMaxFactor, f))
}

// DerivedNeed is the default need of a commune for a service over a cycle of days:
// population × yearly rate × days/365 × need factor, rounded to the hundredth.
func DerivedNeed(c *medibus.Commune, s *medibus.Service, days int, p *Params) float64 {
	f := NeedFactor(c, p)
	return math.Round(float64(c.Population)*s.RatePerYear*float64(days)/365*f*100) / 100
}
