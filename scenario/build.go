package scenario

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strings"
	"time"

	"unicode"

	"medibus"
	"medibus/lang"
	"medibus/routing"
	"medibus/territory"
)

// Slug lowercases s, strips accents and joins words with dashes: "Auvergne-Rhône-Alpes"
// becomes "auvergne-rhone-alpes", "Côtes-d'Armor" "cotes-d-armor".
func Slug(s string) string {
	plain := stripAccents(s)
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(plain) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// ErrUnknownScenario is returned by Build for a name that is neither "france", a region
// nor a department.
var ErrUnknownScenario = errors.New("unknown scenario")

// Names lists the built-in scenario names: france, then regions, then departments.
func Names(f *territory.France) []string {
	names := []string{"france"}
	seen := map[string]bool{}
	for _, d := range f.Departments {
		if r := Slug(d.RegionName); !seen[r] {
			seen[r] = true
			names = append(names, r)
		}
	}
	for _, d := range f.Departments {
		names = append(names, Slug(d.Name))
	}
	return names
}

// scope resolves a built-in name to its departments and a description.
func scope(name string, f *territory.France) ([]medibus.Department, string, error) {
	slug := Slug(name)
	if slug == "france" {
		return f.Departments, "Metropolitan France: 96 departments", nil
	}
	var deps []medibus.Department
	for _, d := range f.Departments {
		if Slug(d.RegionName) == slug {
			deps = append(deps, d)
		}
	}
	if len(deps) > 0 {
		return deps, "Region " + deps[0].RegionName, nil
	}
	for _, d := range f.Departments {
		if Slug(d.Name) == slug || d.Code == name {
			return []medibus.Department{d}, "Department " + d.Name + " (" + d.Code + ")", nil
		}
	}
	return nil, "", fmt.Errorf("%w %q: use france, a region (bretagne, occitanie, …), a department (creuse, cantal, …) or a folder of CSV files", ErrUnknownScenario, name)
}

// Rules turns the parameters into planning rules. The error is a *RuleError naming
// the rule (planning.KEY in the configuration, KEY in rules.csv).
func (p *Params) Rules() (medibus.Rules, error) {
	r := medibus.Rules{
		CycleWeeks: p.CycleWeeks, SetupMin: p.SetupMin, BreakMin: p.BreakMin,
		MinSessionMin: p.MinSessionMin, CatchmentMin: p.CatchmentMin, NeedAccessMin: p.NeedAccessMin, MaxLegMin: p.MaxLegMin,
		SetupAloneMin: p.SetupAloneMin, InternRemote: p.InternRemote,
		RhythmWeeks: p.RhythmWeeks, TimeZone: p.TimeZone, DemandOnly: p.DemandOnly,
	}
	for _, k := range ruleKeys {
		if k.num != nil {
			if err := k.inRange(*k.num(p)); err != nil {
				return r, &RuleError{Key: k.key, Err: err}
			}
		}
	}
	var err error
	if r.Days, err = medibus.ParseHalfDays(p.Days); err != nil {
		return r, &RuleError{Key: "days", Err: err}
	}
	for _, s := range []struct {
		key   string
		value string
		dst   *medibus.Clock
	}{
		{"am_start", p.AMStart, &r.Windows[0].Start}, {"am_end", p.AMEnd, &r.Windows[0].End},
		{"pm_start", p.PMStart, &r.Windows[1].Start}, {"pm_end", p.PMEnd, &r.Windows[1].End},
	} {
		if *s.dst, err = medibus.ParseClock(s.value); err != nil {
			return r, &RuleError{Key: s.key, Err: err}
		}
	}
	if err := checkRules(&r); err != nil {
		return r, err
	}
	return r, nil
}

// checkRules reports rules that cannot be planned with, whose numbers are each within
// their range already.
func checkRules(r *medibus.Rules) *RuleError {
	am, pm := r.Windows[0], r.Windows[1]
	switch {
	case am.End <= am.Start:
		return &RuleError{"am_end", lang.Errorf("morning window %s–%s ends before it starts: set am_end after am_start", am.Start, am.End)}
	case pm.End <= pm.Start:
		return &RuleError{"pm_end", lang.Errorf("afternoon window %s–%s ends before it starts: set pm_end after pm_start", pm.Start, pm.End)}
	case pm.Start < am.End:
		return &RuleError{"pm_start", lang.Errorf("afternoon window starts at %s, before the morning ends at %s", pm.Start, am.End)}
	case r.MinSessionMin > max(am.Len(), pm.Len()):
		return &RuleError{"min_session_min", lang.Errorf("%d minutes: no session that long fits the windows (%d and %d minutes): shorten it or widen the windows",
			r.MinSessionMin, am.Len(), pm.Len())}
	case r.Days == 0:
		return &RuleError{"days", lang.Errorf("no working half-day: set for example Mon..Fri")}
	}
	if _, err := time.LoadLocation(r.TimeZone); err != nil || r.TimeZone == "" {
		return &RuleError{"time_zone", lang.Errorf("%q is not a time zone: write an IANA zone such as Europe/Paris", r.TimeZone)}
	}
	return nil
}

// seededRand returns a generator seeded from the scenario seed and a stable key, so that
// an entity draws the same values whichever scenario it appears in.
func seededRand(seed uint64, key string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(key))
	return rand.New(rand.NewPCG(seed, h.Sum64()))
}

// Imports are a coordinator's own figures that change how a built-in scenario is built:
// an APL per commune decides who is in need, and so where the buses go. (Imported need
// rows change no bus: ApplyDemand lays them over the built scenario.)
type Imports struct {
	APL map[string]float64 // INSEE code → GP consultations accessible per inhabitant per year
}

// Build makes the built-in scenario name: "france", a region or a department. Access
// times come from the travel model; the people in need decide where the buses go:
// the national fleet is split across departments by people in need, each bus is
// based where it is nearest to the communes in need of its department, specialist kits
// go to the buses near the most people in need of each region, and candidate sites are
// the communes with a commune in need within the catchment.
func Build(ctx context.Context, name string, p Params, f *territory.France, travel routing.Model, in Imports) (*medibus.Scenario, error) {
	deps, desc, err := scope(name, f)
	if err != nil {
		return nil, err
	}
	rules, err := p.Rules()
	if err != nil {
		return nil, err
	}
	shift, err := p.shift()
	if err != nil {
		return nil, err
	}
	sc := &medibus.Scenario{Name: Slug(name), Description: desc, Rules: rules}
	all, err := franceInNeed(ctx, f, &p, rules.InNeedBeyond(), travel, in.APL)
	if err != nil {
		return nil, err
	}
	inScope := map[string]bool{}
	for _, d := range deps {
		inScope[d.Code] = true
	}
	for _, c := range all {
		if inScope[c.Department] {
			sc.Communes = append(sc.Communes, c)
		}
	}
	if sc.RoadClosures, err = builtinRoadClosures(f, sc.Communes); err != nil {
		return nil, err
	}
	for _, sp := range p.Services {
		sc.Services = append(sc.Services, medibus.Service{
			ID: sp.ID, Name: sp.Name, Roles: sp.Roles, Equipment: sp.Equipment, Remote: sp.Remote,
			ConsultMin: sp.ConsultMin, RatePerYear: sp.RatePerYear, AssistantExtra: sp.AssistantExtra,
		})
	}
	if err := checkServices(sc.Services); err != nil {
		return nil, err
	}
	deriveDemand(sc, &p)
	fleet, err := placeFleet(ctx, sc, all, deps, &p, shift, travel)
	if err != nil {
		return nil, err
	}
	regionInNeed := map[string]int{}
	for _, c := range all {
		if c.InNeed {
			regionInNeed[c.Region] += c.Population
		}
	}
	if err := staffFleet(sc, fleet, deps, regionInNeed, &p); err != nil {
		return nil, err
	}
	if sc.Sites, err = candidateSites(ctx, sc.Communes, rules, &p, travel); err != nil {
		return nil, err
	}
	return sc, nil
}

// shift parses the buses' shift.
func (p *Params) shift() (medibus.Window, error) {
	start, err := medibus.ParseClock(p.ShiftStart)
	if err != nil {
		return medibus.Window{}, fmt.Errorf("planning.shift_start: %w", err)
	}
	end, err := medibus.ParseClock(p.ShiftEnd)
	if err != nil {
		return medibus.Window{}, fmt.Errorf("planning.shift_end: %w", err)
	}
	if end <= start {
		return medibus.Window{}, fmt.Errorf("planning.shift_end %s is before shift_start %s", end, start)
	}
	return medibus.Window{Start: start, End: end}, nil
}

// deriveDemand sets the derived need of every commune and service that no imported
// figure covers; imported rows (Source "imported") take precedence.
func deriveDemand(sc *medibus.Scenario, p *Params) {
	have := map[[2]string]bool{}
	for _, d := range sc.Demand {
		have[[2]string{d.INSEE, d.Service}] = true
	}
	days := sc.Rules.CycleDays()
	for i := range sc.Communes {
		c := &sc.Communes[i]
		for j := range sc.Services {
			s := &sc.Services[j]
			if have[[2]string{c.INSEE, s.ID}] {
				continue
			}
			if need := DerivedNeed(c, s, days, p); need > 0 {
				sc.Demand = append(sc.Demand, medibus.Demand{INSEE: c.INSEE, Service: s.ID, Need: need, Source: "derived"})
			}
		}
	}
}

func checkServices(ss []medibus.Service) error {
	seen := map[string]bool{}
	for _, s := range ss {
		switch {
		case s.ID == "":
			return lang.Errorf("service without id: give every service an id")
		case seen[s.ID]:
			return lang.Errorf("service %s defined twice: service ids must be unique", s.ID)
		case len(s.Roles) == 0:
			return lang.Errorf("service %s needs at least one role on board (gp, midwife…)", s.ID)
		case s.ConsultMin <= 0:
			return lang.Errorf("service %s: consult_min must be positive", s.ID)
		}
		seen[s.ID] = true
	}
	return nil
}

var (
	firstNames = []string{"Camille", "Claire", "Julien", "Nadia", "Thomas", "Inès", "Marc", "Sophie", "Yanis", "Hélène", "Paul", "Léa", "Karim", "Anne", "Louis", "Emma"}
	lastNames  = []string{"Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Girard", "Roux", "Fournier", "Morel", "Mercier", "Blanc", "Garnier", "Faure", "Rousseau", "Perrin", "Chevalier"}
)

func staffName(r *rand.Rand) string {
	return firstNames[r.IntN(len(firstNames))] + " " + lastNames[r.IntN(len(lastNames))]
}

func appendUnique(xs []string, add ...string) []string {
	for _, a := range add {
		found := false
		for _, x := range xs {
			if x == a {
				found = true
			}
		}
		if !found {
			xs = append(xs, a)
		}
	}
	return xs
}
