package server

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/routing"
	"medibus/spatial"
	"medibus/store"
)

// planView is a stored plan with its scenario and the indexes the pages need. The
// content of a stored plan never changes (only its status does), so a view stays valid
// for as long as the plan exists.
type planView struct {
	plan   *medibus.Plan
	sc     *medibus.Scenario
	ix     *medibus.Index
	travel routing.Model
	days   int // cycle length

	// sessions of each unit and cycle date, in half-day order.
	byUnitDate map[unitDate][]*medibus.Session
	busDays    map[unitDate]*medibus.BusDay
	// bySite lists the sessions held at each site, in date and half-day order.
	bySite map[string][]*medibus.Session
	// sites are the sites that hold at least one session, indexed by grid.
	sites      []*medibus.Site
	sitePoints []orb.Point
	grid       *spatial.Grid

	// responses caches rendered public and driver responses of this plan.
	responses sync.Map // string → *cachedResponse
	size      atomic.Int64
}

type unitDate struct {
	unit string
	date medibus.Date
}

func newPlanView(pl *medibus.Plan, sc *medibus.Scenario, travel routing.Model) (*planView, error) {
	v := &planView{
		plan: pl, sc: sc, ix: medibus.NewIndex(sc), travel: travel, days: sc.Rules.CycleDays(),
		byUnitDate: map[unitDate][]*medibus.Session{},
		busDays:    map[unitDate]*medibus.BusDay{},
		bySite:     map[string][]*medibus.Session{},
	}
	if v.days <= 0 {
		return nil, fmt.Errorf("plan %d: scenario %s has a cycle of %d weeks", pl.ID, sc.Name, sc.Rules.CycleWeeks)
	}
	for i := range pl.Sessions {
		s := &pl.Sessions[i]
		k := unitDate{s.Unit, s.Date}
		v.byUnitDate[k] = append(v.byUnitDate[k], s)
		v.bySite[s.Site] = append(v.bySite[s.Site], s)
	}
	for _, ss := range v.byUnitDate {
		sort.Slice(ss, func(i, j int) bool { return ss[i].Half < ss[j].Half })
	}
	for _, ss := range v.bySite {
		sort.Slice(ss, func(i, j int) bool {
			if ss[i].Date != ss[j].Date {
				return ss[i].Date < ss[j].Date
			}
			return ss[i].Half < ss[j].Half
		})
	}
	for i := range pl.BusDays {
		b := &pl.BusDays[i]
		v.busDays[unitDate{b.Unit, b.Date}] = b
	}
	ids := make([]string, 0, len(v.bySite))
	for id := range v.bySite {
		if v.ix.Sites[id] != nil {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	v.sitePoints = make([]orb.Point, len(ids))
	for i, id := range ids {
		v.sites = append(v.sites, v.ix.Sites[id])
		v.sitePoints[i] = v.ix.Sites[id].Point
	}
	v.grid = spatial.NewGrid(v.sitePoints, 10)
	return v, nil
}

// cycleDate maps any date on or after the plan's start to the date of the first cycle
// that it repeats: the plan's cycle of N weeks repeats from Start.
func (v *planView) cycleDate(d medibus.Date) (medibus.Date, bool) {
	if d < v.plan.Start {
		return 0, false
	}
	return v.plan.Start + medibus.Date(int(d-v.plan.Start)%v.days), true
}

// nextOccurrence returns the first repetition of cycle date d on or after from.
func (v *planView) nextOccurrence(d, from medibus.Date) medibus.Date {
	if from <= d {
		return d
	}
	k := (int(from-d) + v.days - 1) / v.days
	return d + medibus.Date(k*v.days)
}

// nearbySites returns the used sites within the scenario's catchment time of p, nearest
// first, with the travel leg to each.
func (v *planView) nearbySites(ctx context.Context, p orb.Point) ([]nearSite, error) {
	near, err := routing.Within(ctx, v.travel, v.grid, v.sitePoints, p, float64(v.sc.Rules.CatchmentMin))
	if err != nil {
		return nil, fmt.Errorf("sites near %v: %w", p, err)
	}
	out := make([]nearSite, len(near))
	for k, r := range near {
		out[k] = nearSite{site: v.sites[r.Index], leg: r.Leg}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].leg.Min < out[j].leg.Min })
	return out, nil
}

// nearestSite returns the used site nearest to p within 200 km, if any.
func (v *planView) nearestSite(ctx context.Context, p orb.Point) (nearSite, bool, error) {
	i, _ := v.grid.Nearest(p, 200, nil)
	if i < 0 {
		return nearSite{}, false, nil
	}
	leg, err := routing.LegBetween(ctx, v.travel, p, v.sites[i].Point)
	if err != nil {
		return nearSite{}, false, fmt.Errorf("site near %v: %w", p, err)
	}
	return nearSite{site: v.sites[i], leg: leg}, true, nil
}

type nearSite struct {
	site *medibus.Site
	leg  routing.Leg
}

// viewCache keeps recent plan views. Plans are immutable, so entries never go stale;
// the cache is bounded because a France plan's view is a few megabytes.
type viewCache struct {
	db     *store.DB
	travel routing.Model
	mu     sync.Mutex
	m      map[int64]*planView
	order  []int64
	// load serialises loads so that a burst of requests for a new plan loads it once.
	load sync.Mutex
}

const maxViews = 6

func newViewCache(db *store.DB, travel routing.Model) *viewCache {
	return &viewCache{db: db, travel: travel, m: map[int64]*planView{}}
}

func (c *viewCache) get(ctx context.Context, id int64) (*planView, error) {
	c.mu.Lock()
	v := c.m[id]
	c.mu.Unlock()
	if v != nil {
		return v, nil
	}
	c.load.Lock()
	defer c.load.Unlock()
	c.mu.Lock()
	v = c.m[id]
	c.mu.Unlock()
	if v != nil {
		return v, nil
	}
	pl, err := c.db.PlanByID(ctx, id)
	if err != nil {
		return nil, err
	}
	sc, err := c.db.Scenario(ctx, pl.ScenarioID)
	if err != nil {
		return nil, err
	}
	if v, err = newPlanView(pl, sc, c.travel); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.m[id] = v
	c.order = append(c.order, id)
	if len(c.order) > maxViews {
		delete(c.m, c.order[0])
		c.order = c.order[1:]
	}
	return v, nil
}
