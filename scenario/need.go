package scenario

import (
	"math"
	"time"

	"medibus"
	"medibus/lang"
)

// MarkInNeed sets InNeed on every commune: with an APL (imported, c.APL set) when it is
// below p.APLThreshold, else when no town lies within needMin minutes (the rules'
// InNeedBeyond, not the booking radius). Access times must be set first (SetAccess).
func MarkInNeed(cs []medibus.Commune, needMin int, p *Params) {
	for i := range cs {
		c := &cs[i]
		if c.APL != nil {
			c.InNeed = *c.APL < p.APLThreshold
		} else {
			c.InNeed = c.AccessMin > float64(needMin)
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

// ApplyAPL lays an imported APL over the communes of sc: it decides who is in need (see
// MarkInNeed) and the derived need follows; imported need rows stay as they are. Codes of
// communes outside sc are ignored, so that the national file serves every scenario.
func ApplyAPL(sc *medibus.Scenario, apl map[string]float64, p *Params) {
	for i := range sc.Communes {
		if v, ok := apl[sc.Communes[i].INSEE]; ok {
			sc.Communes[i].APL = &v
		}
	}
	MarkInNeed(sc.Communes, sc.Rules.InNeedBeyond(), p)
	imported := sc.Demand[:0]
	for _, d := range sc.Demand {
		if d.Source != "derived" {
			imported = append(imported, d)
		}
	}
	sc.Demand = imported
	deriveDemand(sc, p)
}

// ApplyDemand sets the need of each commune and service that rows name to the imported
// figure, in place of what the scenario had; the others keep theirs, unless the
// scenario's rules say DemandOnly, when derived need goes.
func ApplyDemand(sc *medibus.Scenario, rows []medibus.Demand) {
	have := map[[2]string]bool{}
	for _, d := range rows {
		have[[2]string{d.INSEE, d.Service}] = true
	}
	kept := sc.Demand[:0]
	for _, d := range sc.Demand {
		if !have[[2]string{d.INSEE, d.Service}] && !(sc.Rules.DemandOnly && d.Source == "derived") {
			kept = append(kept, d)
		}
	}
	sc.Demand = append(kept, rows...)
}

// SemesterOf returns the interns' placement semester that holds d: from 1 November to
// 30 April, or from 1 May to 31 October.
func SemesterOf(d medibus.Date) medibus.DateRange {
	t := d.Time(time.UTC)
	y := t.Year()
	date := func(y int, m time.Month, day int) medibus.Date {
		return medibus.DateOf(time.Date(y, m, day, 0, 0, 0, 0, time.UTC))
	}
	switch {
	case t.Month() >= time.May && t.Month() <= time.October:
		return medibus.DateRange{From: date(y, time.May, 1), To: date(y, time.October, 31)}
	case t.Month() >= time.November:
		return medibus.DateRange{From: date(y, time.November, 1), To: date(y+1, time.April, 30)}
	default:
		return medibus.DateRange{From: date(y-1, time.November, 1), To: date(y, time.April, 30)}
	}
}

// NeedSources says where a scenario's need comes from: the communes with need
// imported for at least one service, those whose need is all derived, and whether the
// rules restrict need to the imported figures (DemandOnly).
type NeedSources struct {
	Imported, Derived int
	DemandOnly        bool
}

// SourcesOf counts the communes of sc by where their need comes from.
func SourcesOf(sc *medibus.Scenario) NeedSources {
	imported, derived := map[string]bool{}, map[string]bool{}
	for _, d := range sc.Demand {
		if d.Source == "derived" {
			derived[d.INSEE] = derived[d.INSEE] || d.Need > 0
		} else {
			imported[d.INSEE] = true
		}
	}
	n := NeedSources{Imported: len(imported), DemandOnly: sc.Rules.DemandOnly}
	for c, has := range derived {
		if has && !imported[c] {
			n.Derived++
		}
	}
	return n
}

// Sentence says it in a line: "need: 1 commune imported, 254 derived".
func (n NeedSources) Sentence() *lang.Message {
	one := n.Imported <= 1
	switch {
	case n.Imported == 0:
		return lang.New("need: %d communes derived, none imported", n.Derived)
	case n.DemandOnly && one:
		return lang.New("need: %d commune imported, none derived (demand_only: the others have no need)", n.Imported)
	case n.DemandOnly:
		return lang.New("need: %d communes imported, none derived (demand_only: the others have no need)", n.Imported)
	case one && n.Derived <= 1:
		return lang.New("need: %d commune imported, %d derived", n.Imported, n.Derived)
	case one:
		return lang.New("need: %d commune imported, %d derived (the others)", n.Imported, n.Derived)
	case n.Derived <= 1:
		return lang.New("need: %d communes imported, %d derived", n.Imported, n.Derived)
	}
	return lang.New("need: %d communes imported, %d derived (the others)", n.Imported, n.Derived)
}
