package scenario

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"medibus"
	"medibus/routing"
	"medibus/territory"
)

// Slug lowercases s, strips accents and joins words with dashes: "Auvergne-Rhône-Alpes"
// becomes "auvergne-rhone-alpes", "Côtes-d'Armor" "cotes-d-armor".
func Slug(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	plain, _, err := transform.String(t, s)
	if err != nil {
		plain = s
	}
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

// scope resolves a built-in name to its departments and the number of extra buses.
func scope(name string, f *territory.France, p *Params) ([]medibus.Department, int, string, error) {
	slug := Slug(name)
	if slug == "france" {
		return f.Departments, p.FranceExtra, "Metropolitan France: 96 departments", nil
	}
	var deps []medibus.Department
	for _, d := range f.Departments {
		if Slug(d.RegionName) == slug {
			deps = append(deps, d)
		}
	}
	if len(deps) > 0 {
		return deps, p.RegionExtra, "Region " + deps[0].RegionName, nil
	}
	for _, d := range f.Departments {
		if Slug(d.Name) == slug || d.Code == name {
			return []medibus.Department{d}, p.DepartmentExtra, "Department " + d.Name + " (" + d.Code + ")", nil
		}
	}
	return nil, 0, "", fmt.Errorf("%w %q: use france, a region (bretagne, occitanie, …), a department (creuse, cantal, …) or a folder of CSV files", ErrUnknownScenario, name)
}

// Rules turns the parameters into planning rules.
func (p *Params) Rules() (medibus.Rules, error) {
	r := medibus.Rules{
		CycleWeeks: p.CycleWeeks, SetupMin: p.SetupMin, BreakMin: p.BreakMin,
		MinSessionMin: p.MinSessionMin, CatchmentMin: p.CatchmentMin,
		RhythmWeeks: p.RhythmWeeks, TimeZone: p.TimeZone,
	}
	var err error
	if r.Days, err = medibus.ParseHalfDays(p.Days); err != nil {
		return r, fmt.Errorf("planning.days: %w", err)
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
			return r, fmt.Errorf("planning.%s: %w", s.key, err)
		}
	}
	if err := checkRules(&r); err != nil {
		return r, err
	}
	return r, nil
}

// checkRules reports rules that cannot be planned with.
func checkRules(r *medibus.Rules) error {
	switch {
	case r.CycleWeeks < 1 || r.CycleWeeks > 4:
		return fmt.Errorf("cycle_weeks %d: the cycle lasts 1 to 4 weeks", r.CycleWeeks)
	case r.Windows[0].End <= r.Windows[0].Start:
		return fmt.Errorf("morning window %s–%s ends before it starts: set am_end after am_start", r.Windows[0].Start, r.Windows[0].End)
	case r.Windows[1].End <= r.Windows[1].Start:
		return fmt.Errorf("afternoon window %s–%s ends before it starts: set pm_end after pm_start", r.Windows[1].Start, r.Windows[1].End)
	case r.Windows[1].Start < r.Windows[0].End:
		return fmt.Errorf("afternoon window starts at %s, before the morning ends at %s", r.Windows[1].Start, r.Windows[0].End)
	case r.MinSessionMin <= 0 || r.SetupMin < 0 || r.BreakMin < 0 || r.CatchmentMin <= 0:
		return fmt.Errorf("min_session_min, catchment_min must be positive and setup_min, break_min not negative")
	case r.Days == 0:
		return fmt.Errorf("days: no working half-day, set for example Mon..Fri")
	}
	if _, err := time.LoadLocation(r.TimeZone); err != nil {
		return fmt.Errorf("time_zone %q: %w", r.TimeZone, err)
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

// Build makes the built-in scenario name: "france", a region or a department, timing
// access with the travel model.
func Build(ctx context.Context, name string, p Params, f *territory.France, travel routing.Model) (*medibus.Scenario, error) {
	deps, extra, desc, err := scope(name, f, &p)
	if err != nil {
		return nil, err
	}
	rules, err := p.Rules()
	if err != nil {
		return nil, err
	}
	shiftStart, err := medibus.ParseClock(p.ShiftStart)
	if err != nil {
		return nil, fmt.Errorf("planning.shift_start: %w", err)
	}
	shiftEnd, err := medibus.ParseClock(p.ShiftEnd)
	if err != nil {
		return nil, fmt.Errorf("planning.shift_end: %w", err)
	}
	if shiftEnd <= shiftStart {
		return nil, fmt.Errorf("planning.shift_end %s is before shift_start %s", shiftEnd, shiftStart)
	}
	sc := &medibus.Scenario{Name: Slug(name), Description: desc, Rules: rules}

	inScope := map[string]bool{}
	for _, d := range deps {
		inScope[d.Code] = true
	}
	for _, c := range f.Communes {
		if inScope[c.Department] {
			sc.Communes = append(sc.Communes, c)
		}
	}
	if err := SetAccess(ctx, sc.Communes, f.Communes, p.TownPopulation, travel); err != nil {
		return nil, err
	}

	for _, sp := range p.Services {
		sc.Services = append(sc.Services, medibus.Service{
			ID: sp.ID, Name: sp.Name, Roles: sp.Roles, Equipment: sp.Equipment,
			ConsultMin: sp.ConsultMin, RatePerYear: sp.RatePerYear,
		})
	}
	if err := checkServices(sc.Services); err != nil {
		return nil, err
	}
	deriveDemand(sc, &p)

	// Need by department decides where the extra buses and the specialist kits go.
	depNeed := map[string]float64{}
	for _, d := range sc.Demand {
		depNeed[d.INSEE[:2]] += d.Need
	}
	byNeed := append([]medibus.Department(nil), deps...)
	sort.SliceStable(byNeed, func(a, b int) bool {
		return depNeed[byNeed[a].Code] > depNeed[byNeed[b].Code]
	})
	extraIn := map[string]int{}
	for i := 0; i < extra && len(byNeed) > 0; i++ {
		extraIn[byNeed[i%len(byNeed)].Code]++
	}

	days := rules.Days
	for _, d := range deps {
		pref, ok := f.Commune(d.PrefectureINSEE)
		if !ok {
			return nil, fmt.Errorf("department %s: prefecture %s is not a known commune", d.Code, d.PrefectureINSEE)
		}
		depot := medibus.Depot{ID: "depot-" + d.Code, Name: "Dépôt de " + pref.Name, INSEE: pref.INSEE, Point: pref.Point}
		sc.Depots = append(sc.Depots, depot)
		for k := 0; k <= extraIn[d.Code]; k++ {
			id := "bus-" + d.Code
			if k > 0 {
				id += string(rune('a' + k))
			}
			u := medibus.Unit{
				ID: id, Name: fmt.Sprintf("Médicobus %s %s", d.Name, strings.ToUpper(id[len("bus-"+d.Code):])),
				Depot: depot.ID, Region: d.Region, Area: []string{d.Code}, Days: days,
				ShiftStart: shiftStart, ShiftEnd: shiftEnd, MaxDriveMin: p.MaxDriveMin,
				Driver: "Conducteur·rice " + id,
			}
			u.Name = strings.TrimSpace(u.Name)
			sc.Units = append(sc.Units, u)
		}
	}

	// GP pool of every bus: each GP draws HalfDays half-days among the bus's working
	// half-days, so the pool covers most of the week with realistic gaps.
	for _, sp := range p.Services {
		if sp.Regional {
			continue
		}
		for ui := range sc.Units {
			u := &sc.Units[ui]
			for g, n := range p.GPHalfDays {
				id := fmt.Sprintf("%s-%s-%d", sp.Roles[0], u.ID, g+1)
				r := seededRand(p.Seed, id)
				avail := drawHalfDays(r, u.Days, n)
				max := 0
				if g < len(p.GPMaxSessions) {
					max = p.GPMaxSessions[g]
				}
				sc.Staff = append(sc.Staff, medibus.StaffMember{
					ID: id, Name: fmt.Sprintf("Dr %s (%s)", staffName(r), sp.Roles[0]), Role: sp.Roles[0],
					Availability: avail, Units: []string{u.ID}, MaxSessionsPerWeek: max,
				})
			}
			u.Equipment = appendUnique(u.Equipment, sp.Equipment...)
		}
	}

	// Regional services: equip the neediest buses of each region, in turn, so that the
	// kits spread over different buses, and give the region its professionals.
	regions := []string{}
	seenRegion := map[string]bool{}
	for _, d := range deps {
		if !seenRegion[d.Region] {
			seenRegion[d.Region] = true
			regions = append(regions, d.Region)
		}
	}
	offset := 0
	for _, sp := range p.Services {
		if !sp.Regional {
			continue
		}
		staffDays, err := medibus.ParseHalfDays(sp.StaffDays)
		if err != nil {
			return nil, fmt.Errorf("service %s staff_days: %w", sp.ID, err)
		}
		for _, reg := range regions {
			var ranked []int // unit indexes of the region, by department need
			for _, d := range byNeed {
				if d.Region != reg {
					continue
				}
				for ui := range sc.Units {
					if sc.Units[ui].Area[0] == d.Code {
						ranked = append(ranked, ui)
					}
				}
			}
			var equipped []string
			for k := 0; k < sp.BusesPerRegion && k < len(ranked); k++ {
				u := &sc.Units[ranked[(offset+k)%len(ranked)]]
				u.Equipment = appendUnique(u.Equipment, sp.Equipment...)
				equipped = append(equipped, u.ID)
			}
			sort.Strings(equipped)
			for k := 0; k < sp.StaffPerRegion && len(equipped) > 0; k++ {
				id := fmt.Sprintf("%s-r%s-%d", sp.Roles[0], reg, k+1)
				r := seededRand(p.Seed, id)
				sc.Staff = append(sc.Staff, medibus.StaffMember{
					ID: id, Name: fmt.Sprintf("%s (%s)", staffName(r), sp.Roles[0]), Role: sp.Roles[0],
					Availability: staffDays, Units: equipped, MaxSessionsPerWeek: sp.StaffMax,
				})
			}
		}
		offset += sp.BusesPerRegion
	}

	// Candidate sites: communes of some size away from towns.
	wds := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	for _, c := range sc.Communes {
		if c.Population < p.SiteMinPopulation || c.AccessMin < p.SiteMinAccessMin {
			continue
		}
		allowed := days
		r := seededRand(p.Seed, "site-"+c.INSEE)
		if r.Float64() < p.MarketShare {
			wd := wds[r.IntN(len(wds))]
			allowed &^= medibus.HalfDays(0).With(wd, medibus.AM)
		}
		sc.Sites = append(sc.Sites, medibus.Site{
			ID: "s-" + c.INSEE, INSEE: c.INSEE, Name: "Place de la mairie, " + c.Name,
			Point: c.Point, Allowed: allowed,
		})
	}
	return sc, nil
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
			return fmt.Errorf("service without id: give every service an id")
		case seen[s.ID]:
			return fmt.Errorf("service %s defined twice: service ids must be unique", s.ID)
		case len(s.Roles) == 0:
			return fmt.Errorf("service %s needs at least one role on board (gp, midwife…)", s.ID)
		case s.ConsultMin <= 0:
			return fmt.Errorf("service %s: consult_min must be positive", s.ID)
		}
		seen[s.ID] = true
	}
	return nil
}

// drawHalfDays picks n half-days of days at random, preferring whole days (a GP who
// comes in the morning often stays the afternoon).
func drawHalfDays(r *rand.Rand, days medibus.HalfDays, n int) medibus.HalfDays {
	var slots [][2]int
	for wd := 0; wd < 7; wd++ {
		for h := 0; h < 2; h++ {
			if days.Has(time.Weekday(wd), medibus.Half(h)) {
				slots = append(slots, [2]int{wd, h})
			}
		}
	}
	var out medibus.HalfDays
	for out.Count() < n && out.Count() < len(slots) {
		s := slots[r.IntN(len(slots))]
		wd := time.Weekday(s[0])
		out = out.With(wd, medibus.Half(s[1]))
		if out.Count() < n && r.Float64() < 0.7 && days.Has(wd, 1-medibus.Half(s[1])) {
			out = out.With(wd, 1-medibus.Half(s[1]))
		}
	}
	return out
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
