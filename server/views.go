package server

import (
	"context"
	"fmt"
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

	// sites are the sites that hold at least one session, by id.
	sites []*medibus.Site

	// responses caches the rendered responses of this plan (map, driver previews).
	responses responseCache
}

func newPlanView(pl *medibus.Plan, sc *medibus.Scenario, ix *medibus.Index, travel routing.Model) (*planView, error) {
	v := &planView{plan: pl, sc: sc, ix: ix, travel: routing.ForPlan(travel, sc, pl.Start), days: sc.Rules.CycleDays()}
	if v.days <= 0 {
		return nil, fmt.Errorf("plan %d: scenario %s has a cycle of %d weeks", pl.ID, sc.Name, sc.Rules.CycleWeeks)
	}
	var err error
	if v.src, err = calendar.NewSource(pl, sc, ix); err != nil {
		return nil, err
	}
	for _, id := range v.src.SiteIDs() {
		if site := v.ix.Sites[id]; site != nil {
			v.sites = append(v.sites, site)
		}
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
