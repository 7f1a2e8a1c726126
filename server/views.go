package server

import (
	"context"
	"fmt"
	"sort"
	"sync"

	"medibus"
	"medibus/calendar"
	"medibus/routing"
	"medibus/store"
)

// planView is a stored plan with its scenario and the indexes the pages need. The
// content of a stored plan never changes, so a view stays valid for as long as the
// plan exists; its status does change, and is read from the database, never from
// plan.Status.
type planView struct {
	plan   *medibus.Plan
	sc     *medibus.Scenario
	ix     *medibus.Index
	travel routing.Model
	days   int // cycle length
	// src is the plan as the calendar reads it.
	src *calendar.Source

	// sessions of each unit and cycle date, in half-day order.
	byUnitDate map[unitDate][]*medibus.Session
	busDays    map[unitDate]*medibus.BusDay
	// bySite lists the sessions held at each site, in date and half-day order.
	bySite map[string][]*medibus.Session
	// sites are the sites that hold at least one session, by id.
	sites []*medibus.Site

	// responses caches the rendered responses of this plan (map, driver previews).
	responses responseCache
}

type unitDate struct {
	unit string
	date medibus.Date
}

func newPlanView(pl *medibus.Plan, sc *medibus.Scenario, ix *medibus.Index, travel routing.Model) (*planView, error) {
	v := &planView{
		plan: pl, sc: sc, ix: ix, travel: travel, days: sc.Rules.CycleDays(),
		byUnitDate: map[unitDate][]*medibus.Session{},
		busDays:    map[unitDate]*medibus.BusDay{},
		bySite:     map[string][]*medibus.Session{},
	}
	if v.days <= 0 {
		return nil, fmt.Errorf("plan %d: scenario %s has a cycle of %d weeks", pl.ID, sc.Name, sc.Rules.CycleWeeks)
	}
	var err error
	if v.src, err = calendar.NewSource(pl, sc, ix); err != nil {
		return nil, err
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
	for _, id := range ids {
		v.sites = append(v.sites, v.ix.Sites[id])
	}
	return v, nil
}

// viewCache keeps recent plan views. Plans are immutable, so entries never go stale;
// the cache is bounded because a France plan's view is a few megabytes. Scenarios are
// cached apart, by version: the dated changes of a rotation share its scenario, which
// for France takes a quarter of a second to decode and index.
type viewCache struct {
	db     *store.DB
	travel routing.Model
	mu     sync.Mutex
	m      map[int64]*planView
	order  []int64
	// scenarios holds recent scenario versions with their index, by id.
	scenarios     map[int64]scenarioEntry
	scenarioOrder []int64
	// load serialises loads so that a burst of requests for a new plan loads it once.
	load sync.Mutex
}

type scenarioEntry struct {
	sc *medibus.Scenario
	ix *medibus.Index
}

const (
	maxViews     = 6
	maxScenarios = 8
)

func newViewCache(db *store.DB, travel routing.Model) *viewCache {
	return &viewCache{db: db, travel: travel, m: map[int64]*planView{}, scenarios: map[int64]scenarioEntry{}}
}

// scenario returns scenario version id with its index; the caller holds c.load.
func (c *viewCache) scenario(ctx context.Context, id int64) (scenarioEntry, error) {
	if e, ok := c.scenarios[id]; ok {
		return e, nil
	}
	sc, err := c.db.Scenario(ctx, id)
	if err != nil {
		return scenarioEntry{}, err
	}
	e := scenarioEntry{sc: sc, ix: medibus.NewIndex(sc)}
	c.scenarios[id] = e
	c.scenarioOrder = append(c.scenarioOrder, id)
	if len(c.scenarioOrder) > maxScenarios {
		delete(c.scenarios, c.scenarioOrder[0])
		c.scenarioOrder = c.scenarioOrder[1:]
	}
	return e, nil
}

// source returns plan id as the calendar reads it.
func (c *viewCache) source(ctx context.Context, id int64) (*calendar.Source, error) {
	v, err := c.get(ctx, id)
	if err != nil {
		return nil, err
	}
	return v.src, nil
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
	e, err := c.scenario(ctx, pl.ScenarioID)
	if err != nil {
		return nil, err
	}
	if v, err = newPlanView(pl, e.sc, e.ix, c.travel); err != nil {
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
