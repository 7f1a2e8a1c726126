package scheduler

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/holiday"
	"medibus/routing"
)

// catch is one commune within the catchment of a site.
type catch struct {
	commune int
	min     float64
}

// unitSite is a site a unit can reach, with the depot leg.
type unitSite struct {
	site int
	out  routing.Leg // depot → site
	back routing.Leg // site → depot
}

// problem is the scenario compiled into indexes for the engine.
type problem struct {
	sc      *medibus.Scenario
	ix      *medibus.Index
	rules   *medibus.Rules
	start   medibus.Date
	days    int
	travel  routing.Model
	ctx     context.Context
	legMemo map[uint64]routing.Leg // legKey(a, b) → leg

	unitIdx    map[string]int
	siteIdx    map[string]int
	serviceIdx map[string]int
	staffIdx   map[string]int
	depotOf    []int // unit → depot index

	// points: depots first, then sites.
	points []orb.Point

	catchment [][]catch   // site → communes within the catchment
	need      [][]float64 // service → commune → need over the cycle
	inNeed    []int       // commune → population if it is in need, else 0
	// scale[service] turns a service's consultations into the first service's: its
	// total need over theirs (see needScale).
	scale []float64
	// deptOf[commune] is the index of its department among those with a floor
	// (compileDepartments), -1 for none; deptInNeed their people in need.
	deptOf     []int
	deptInNeed []float64
	unitSites  [][]unitSite // unit → reachable sites
	// unitServices lists, per unit, the services its equipment allows and some staff
	// member can staff.
	unitServices [][]int
	// staffFor[service][unit] lists staff indexes by role slot: for each role of the
	// service, the members of that role allowed on the unit.
	staffFor [][][][]int
	// remoteFor[service][unit] lists, for each remote role of the service, the
	// specialists of that role who may serve the unit from afar.
	remoteFor [][][][]int
	// assistantsFor[unit] lists the medical assistants allowed on the unit;
	// unitsOfAssistant[member] the units an assistant may board.
	assistantsFor    [][]int
	unitsOfAssistant [][]int
	// supervisorOf[member] is an intern's named supervisor, -1 for none.
	supervisorOf []int

	// freq holds the rhythm rules of (site, service) pairs given by the scenario.
	freq map[[2]int]freqRule
	// closed marks, at site*days+day, the days of the cycle on which a site holds no
	// session: a public holiday of its department or a declared closure.
	closed []bool

	// needy lists the (service, commune) pairs with need, those the objective sums.
	needy []svcCommune
	// refSlots holds the sessions of the reference plan (Options.Reference) by unit,
	// site, service, day of the cycle and half-day; refSites their (unit, site,
	// service).
	refSlots map[refSlot]bool
	refSites map[[3]int]bool
}

// svcCommune is a service and a commune, by index.
type svcCommune struct{ v, c int }

// refSlot is a session of the reference plan in the engine's indexes.
type refSlot struct{ unit, site, service, day, half int }

func (p *problem) sitePoint(s int) orb.Point  { return p.points[len(p.sc.Depots)+s] }
func (p *problem) depotPoint(d int) orb.Point { return p.points[d] }

// leg returns the leg between two points of p.points, memoised; routing.Unreachable
// when they are farther apart than the longest leg allowed could drive.
func (p *problem) leg(a, b int) (routing.Leg, error) {
	if a == b {
		return routing.Leg{}, nil
	}
	k := legKey(a, b)
	if l, ok := p.legMemo[k]; ok {
		return l, nil
	}
	if p.beyondLongestLeg(a, b) {
		// Every caller refuses a leg this long: a road service is not asked for it.
		p.legMemo[k] = routing.Unreachable
		return routing.Unreachable, nil
	}
	t, err := p.travel.Table(p.ctx, []orb.Point{p.points[a]}, []orb.Point{p.points[b]})
	if err != nil {
		return routing.Leg{}, fmt.Errorf("travel %v → %v: %w", p.points[a], p.points[b], err)
	}
	p.legMemo[k] = t[0][0]
	return t[0][0], nil
}

// legKey packs a pair of point indexes into one map key: hashing 8 bytes instead of a
// 16-byte array is a measurable share of the LNS's time.
func legKey(a, b int) uint64 { return uint64(uint32(a))<<32 | uint64(uint32(b)) }

// tooLong reports whether a leg is longer than the rules' longest one-way drive.
func (p *problem) tooLong(l routing.Leg) bool {
	return p.rules.MaxLegMin > 0 && driveMin(l) > p.rules.MaxLegMin
}

// driveMin is the integer driving time of a leg, rounded up (docs/constraints.md).
func driveMin(l routing.Leg) int { return int(math.Ceil(l.Min - 1e-9)) }

// compile indexes the scenario for the engine: ids to indexes, need per service and
// commune, catchments, the sites each unit can reach and the staff of each service.
func compile(ctx context.Context, sc *medibus.Scenario, opt Options) (*problem, error) {
	if time.Weekday(opt.Start.Weekday()) != time.Monday {
		return nil, fmt.Errorf("plan start %s is a %s: a cycle starts on a Monday", opt.Start, opt.Start.Weekday())
	}
	if opt.Travel == nil {
		return nil, errors.New("plan: no travel model (scheduler.Options.Travel)")
	}
	p := &problem{
		sc: sc, ix: medibus.NewIndex(sc), rules: &sc.Rules, start: opt.Start,
		days: sc.Rules.CycleDays(), travel: routing.ForPlan(opt.Travel, sc, opt.Start), ctx: ctx,
		legMemo: map[uint64]routing.Leg{},
		unitIdx: map[string]int{}, siteIdx: map[string]int{}, serviceIdx: map[string]int{}, staffIdx: map[string]int{},
	}
	if err := p.compileIndexes(); err != nil {
		return nil, err
	}
	p.compileNeed()
	p.compileDepartments()
	p.compileReference(opt.Reference)
	var err error
	if p.catchment, err = catchments(ctx, sc, p.travel); err != nil {
		return nil, err
	}
	for ui := range sc.Units {
		if p.unitSites[ui], err = p.reachableSites(ctx, ui); err != nil {
			return nil, err
		}
	}
	if err := p.warmSiteLegs(ctx); err != nil {
		return nil, err
	}
	p.compileStaff()
	p.compileCalendar()
	if err := p.compileFrequencies(); err != nil {
		return nil, err
	}
	return p, nil
}

// compileIndexes maps ids to indexes and lists the points: depots, then sites.
func (p *problem) compileIndexes() error {
	sc := p.sc
	depotIdx := map[string]int{}
	for i, d := range sc.Depots {
		depotIdx[d.ID] = i
		p.points = append(p.points, d.Point)
	}
	for i, s := range sc.Sites {
		p.siteIdx[s.ID] = i
		p.points = append(p.points, s.Point)
	}
	for i, u := range sc.Units {
		p.unitIdx[u.ID] = i
		d, ok := depotIdx[u.Depot]
		if !ok {
			return fmt.Errorf("unit %s: unknown depot %q", u.ID, u.Depot)
		}
		p.depotOf = append(p.depotOf, d)
	}
	for i, s := range sc.Services {
		p.serviceIdx[s.ID] = i
	}
	for i, m := range sc.Staff {
		p.staffIdx[m.ID] = i
	}
	p.unitSites = make([][]unitSite, len(sc.Units))
	return nil
}

// compileNeed sets the need of each service and commune and the population in need.
func (p *problem) compileNeed() {
	sc := p.sc
	communeIdx := make(map[string]int, len(sc.Communes))
	p.inNeed = make([]int, len(sc.Communes))
	for i, c := range sc.Communes {
		communeIdx[c.INSEE] = i
		if c.InNeed {
			p.inNeed[i] = c.Population
		}
	}
	p.need = make([][]float64, len(sc.Services))
	for s := range p.need {
		p.need[s] = make([]float64, len(sc.Communes))
	}
	for _, d := range sc.Demand {
		s, ok1 := p.serviceIdx[d.Service]
		c, ok2 := communeIdx[d.INSEE]
		if ok1 && ok2 {
			p.need[s][c] += d.Need
		}
	}
	for v := range p.need {
		for c, n := range p.need[v] {
			if n > 0 {
				p.needy = append(p.needy, svcCommune{v, c})
			}
		}
	}
	p.scale = needScale(p.need, p.inNeed)
}

// needScale values each service's consultations by the need they meet: a commune's
// need of a service, scaled by the first service's total need of the people in need
// over the service's, is worth what the same share of its need of the first service
// is. A gynaecology consultation (0.12 a year per inhabitant, against 1 for a GP) meets
// 8.3 times the share of need a GP consultation does, and is worth that much: the
// scarce specialists' sessions go where their service is needed, not to whichever
// service has the most consultations to give. A service without need among the people
// in need keeps 1.
func needScale(need [][]float64, inNeed []int) []float64 {
	total := make([]float64, len(need))
	for v := range need {
		for c, n := range need[v] {
			if inNeed[c] > 0 {
				total[v] += n
			}
		}
	}
	scale := make([]float64, len(need))
	for v := range scale {
		scale[v] = 1
		if total[v] > 0 && total[0] > 0 {
			scale[v] = total[0] / total[v]
		}
	}
	return scale
}

// compileReference indexes the sessions of ref that the scenario still knows, by day of
// the cycle: a plan of another cycle start is compared day for day.
func (p *problem) compileReference(ref *medibus.Plan) {
	p.refSlots, p.refSites = map[refSlot]bool{}, map[[3]int]bool{}
	if ref == nil {
		return
	}
	for _, s := range ref.Sessions {
		u, ok1 := p.unitIdx[s.Unit]
		site, ok2 := p.siteIdx[s.Site]
		v, ok3 := p.serviceIdx[s.Service]
		day := int(s.Date - ref.Start)
		if !ok1 || !ok2 || !ok3 || day < 0 || day >= p.days {
			continue
		}
		p.refSlots[refSlot{u, site, v, day, int(s.Half)}] = true
		p.refSites[[3]int{u, site, v}] = true
	}
}

// reachableSites lists, by site index, the sites of unit ui's area where a morning or
// an afternoon session fits the shift and the driving limit, with the depot legs.
func (p *problem) reachableSites(ctx context.Context, ui int) ([]unitSite, error) {
	sc := p.sc
	u := &sc.Units[ui]
	area := map[string]bool{}
	for _, a := range u.Area {
		area[a] = true
	}
	var cands []int
	for si := range sc.Sites {
		if c, ok := p.ix.Communes[sc.Sites[si].INSEE]; len(area) == 0 || ok && area[c.Department] {
			cands = append(cands, si)
		}
	}
	if len(cands) == 0 {
		return nil, nil
	}
	dst := make([]orb.Point, len(cands))
	for k, si := range cands {
		dst[k] = p.sitePoint(si)
	}
	dp := p.depotPoint(p.depotOf[ui])
	out, err := p.travel.Table(ctx, []orb.Point{dp}, dst)
	if err != nil {
		return nil, fmt.Errorf("legs from the depot of unit %s: %w", u.ID, err)
	}
	back, err := p.travel.Table(ctx, dst, []orb.Point{dp})
	if err != nil {
		return nil, fmt.Errorf("legs to the depot of unit %s: %w", u.ID, err)
	}
	var sites []unitSite
	for k, si := range cands {
		us := unitSite{site: si, out: out[0][k], back: back[k][0]}
		p.legMemo[legKey(p.depotOf[ui], len(sc.Depots)+si)] = us.out
		p.legMemo[legKey(len(sc.Depots)+si, p.depotOf[ui])] = us.back
		if driveMin(us.out)+driveMin(us.back) > u.MaxDriveMin || p.tooLong(us.out) || p.tooLong(us.back) {
			continue
		}
		if _, ok := p.timeDay(ui, &stop{site: si}, nil); !ok {
			if _, ok := p.timeDay(ui, nil, &stop{site: si}); !ok {
				continue
			}
		}
		sites = append(sites, us)
	}
	return sites, nil
}

// compileStaff lists the services each unit can offer (its equipment allows them and
// every role, on board and remote, has someone allowed on it) and, per role, who can
// staff them; the medical assistants of each unit; and each intern's supervisor.
func (p *problem) compileStaff() {
	sc := p.sc
	p.staffFor = make([][][][]int, len(sc.Services))
	p.remoteFor = make([][][][]int, len(sc.Services))
	p.unitServices = make([][]int, len(sc.Units))
	for si, s := range sc.Services {
		p.staffFor[si] = make([][][]int, len(sc.Units))
		p.remoteFor[si] = make([][][]int, len(sc.Units))
		for ui := range sc.Units {
			if !sc.Units[ui].HasEquipment(s.Equipment) {
				continue
			}
			roles, remote := p.crewsFor(s.Roles, ui), p.crewsFor(s.Remote, ui)
			if roles != nil && remote != nil {
				p.staffFor[si][ui], p.remoteFor[si][ui] = roles, remote
				p.unitServices[ui] = append(p.unitServices[ui], si)
			}
		}
	}
	p.assistantsFor = make([][]int, len(sc.Units))
	p.unitsOfAssistant = make([][]int, len(sc.Staff))
	for ui := range sc.Units {
		if as := p.crewsFor([]string{medibus.RoleAssistant}, ui); as != nil {
			p.assistantsFor[ui] = as[0]
			for _, m := range as[0] {
				p.unitsOfAssistant[m] = append(p.unitsOfAssistant[m], ui)
			}
		}
	}
	p.supervisorOf = make([]int, len(sc.Staff))
	for mi, m := range sc.Staff {
		p.supervisorOf[mi] = -1
		if s, ok := p.staffIdx[m.Supervisor]; ok && m.Intern {
			p.supervisorOf[mi] = s
		}
	}
}

// crewsFor lists, for each of roles, the members of that role allowed on unit ui, or
// nil when a role has nobody (an empty list of roles gives an empty, non-nil list).
func (p *problem) crewsFor(roles []string, ui int) [][]int {
	out := make([][]int, len(roles))
	for r, role := range roles {
		for mi := range p.sc.Staff {
			if m := &p.sc.Staff[mi]; m.Role == role && m.CanWorkOn(p.sc.Units[ui].ID) {
				out[r] = append(out[r], mi)
			}
		}
		if len(out[r]) == 0 {
			return nil
		}
	}
	return out
}

// capacity is the consultations a session of service v from start to end holds.
func (p *problem) capacity(v int, start, end medibus.Clock, assisted bool) int {
	return p.sc.Services[v].Capacity(start, end, assisted)
}

// compileCalendar marks the days of the cycle closed at each site (package holiday).
// A rotation (a Cyclic scenario) has none: its dates are those of a repeating cycle,
// and the calendar cancels the occurrences that fall on a holiday.
func (p *problem) compileCalendar() {
	cal := holiday.New(p.sc.Closures)
	p.closed = make([]bool, len(p.sc.Sites)*p.days)
	if p.sc.Cyclic {
		return
	}
	for si := range p.sc.Sites {
		site := &p.sc.Sites[si]
		for day := 0; day < p.days; day++ {
			_, p.closed[si*p.days+day] = cal.Closed(p.start.AddDays(day), site.ID, site.INSEE)
		}
	}
}

// siteOpen reports whether site holds sessions on the half-day of the cycle: its
// allowed half-days, and not a public holiday or a closure.
func (p *problem) siteOpen(site, day int, h medibus.Half) bool {
	return p.sc.Sites[site].Allowed.Has(p.start.AddDays(day).Weekday(), h) && !p.closed[site*p.days+day]
}
