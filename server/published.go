package server

import (
	"context"
	"fmt"
	"math"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/calendar"
	"medibus/routing"
	"medibus/spatial"
	"medibus/store"
)

// pastDays is how far back the public calendar answers: a driver may look at the
// sheets of the last two months; older dates are not loaded.
const pastDays = 62

// publishedCache holds the calendar that the patient pages, the feeds and the driver
// sheets read: the published rotations and changes projected onto dates, with the
// declared closures. Another process may publish, so the published revision is
// re-read at most every ttl; the calendar is rebuilt when it, the closures or the day
// change, and at once after a publication here. Within ttl a request costs no
// database access at all.
type publishedCache struct {
	db       *store.DB
	views    *viewCache
	closures *closureCache
	travel   routing.Model
	ttl      time.Duration
	now      func() time.Time
	today    func() medibus.Date

	cur     atomic.Pointer[publicView]
	checked atomic.Int64 // unix nanoseconds of the last read of the revision
	mu      sync.Mutex   // one refresh at a time
}

// publicView is the calendar of one published state, closures and day, with the
// indexes and the rendered responses of the pages that read it.
type publicView struct {
	cal   *calendar.Calendar
	rev   int64
	key   string
	today medibus.Date
	// sites are the places some published plan stops at, indexed by grid; catchment
	// is the longest catchment time of their plans.
	sites     []calendar.Site
	points    []orb.Point
	grid      *spatial.Grid
	catchment float64
	travel    routing.Model

	responses responseCache
}

func (p *publishedCache) revision() int64 {
	if v := p.cur.Load(); v != nil {
		return v.rev
	}
	return 0
}

// invalidate forces the next request to re-read the published state.
func (p *publishedCache) invalidate() { p.checked.Store(0) }

// view returns the current public view. It is never nil: with nothing published, its
// calendar decides no bus.
func (p *publishedCache) view(ctx context.Context) (*publicView, error) {
	now := p.now().UnixNano()
	today := p.today()
	if v := p.cur.Load(); v != nil && now-p.checked.Load() <= int64(p.ttl) && v.today == today {
		return v, nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if v := p.cur.Load(); v != nil && now-p.checked.Load() <= int64(p.ttl) && v.today == today {
		return v, nil
	}
	rev, err := p.db.PublishedRevision(ctx)
	if err != nil {
		return nil, err
	}
	_, calVersion, err := p.closures.get(ctx)
	if err != nil {
		return nil, err
	}
	key := fmt.Sprintf("r%d|%s|%s", rev, calVersion, today)
	if v := p.cur.Load(); v != nil && v.key == key {
		p.checked.Store(now)
		return v, nil
	}
	v, err := p.build(ctx, today)
	if err != nil {
		return nil, err
	}
	v.key = fmt.Sprintf("r%d|%s|%s", v.rev, calVersion, today)
	p.cur.Store(v)
	p.checked.Store(now)
	return v, nil
}

// build reads the published state and builds its calendar from today − pastDays on.
func (p *publishedCache) build(ctx context.Context, today medibus.Date) (*publicView, error) {
	cal, rev, err := p.calendarFrom(ctx, today.AddDays(-pastDays))
	if err != nil {
		return nil, err
	}
	v := &publicView{cal: cal, rev: rev, today: today, travel: p.travel, sites: cal.Sites()}
	v.points = make([]orb.Point, len(v.sites))
	for i, s := range v.sites {
		v.points[i] = s.Site.Point
		v.catchment = max(v.catchment, float64(s.Source.Scenario.Rules.CatchmentMin))
	}
	v.grid = spatial.NewGrid(v.points, 10)
	return v, nil
}

// calendarFrom builds the calendar of the published state from date from on, with
// the revision it reflects: the public view's from today − pastDays, or an older one
// for a driver's sheet of a date long past (what was published then, as it was).
func (p *publishedCache) calendarFrom(ctx context.Context, from medibus.Date) (*calendar.Calendar, int64, error) {
	st, err := p.db.PublishedState(ctx)
	if err != nil {
		return nil, 0, err
	}
	closures, err := p.closures.closures(ctx)
	if err != nil {
		return nil, 0, err
	}
	cal, err := calendar.New(calendar.Input{Publications: st.Publications, Changes: st.Changes, Closures: closures,
		From: from, Load: func(id int64) (*calendar.Source, error) { return p.views.source(ctx, id) }})
	if err != nil {
		return nil, 0, fmt.Errorf("the published calendar: %w", err)
	}
	return cal, st.Revision, nil
}

// nearSite is a site the bus stops at and the drive to it from a commune, with the
// catchment of the plan that describes it.
type nearSite struct {
	site      *medibus.Site
	leg       routing.Leg
	catchment int
}

// minutes is the drive to the site as the pages say it (shownMinutes), or overWater
// when no road leads there (an island without a bridge, and no ferry that carries the
// bus).
func (ns nearSite) minutes() int {
	if !ns.leg.Reachable() {
		return overWater
	}
	return shownMinutes(ns.leg.Min, ns.catchment)
}

// overWater is the minutes the pages give a stop that no road reaches from the
// commune: they say « de l'autre côté de l'eau » instead of a drive.
const overWater = -1

// withinCatchment reports whether a drive of legMin minutes is within a catchment of
// catchment minutes: the one test of every page, so that what a page lists as near and
// the minutes it prints agree.
func withinCatchment(legMin float64, catchment int) bool { return legMin <= float64(catchment) }

// shownMinutes is a drive of legMin minutes as the pages print it, in whole minutes
// that never contradict the catchment: within it, rounded to the nearest minute (at
// most the catchment); beyond it, rounded up, so that a stop 20.3 minutes away from a
// commune with a 20-minute catchment reads « 21 minutes », never « 20 ».
func shownMinutes(legMin float64, catchment int) int {
	if withinCatchment(legMin, catchment) {
		return min(int(math.Round(legMin)), catchment)
	}
	return max(int(math.Ceil(legMin)), catchment+1)
}

// nearbySites returns the sites within the catchment time of their plan from p,
// nearest first, with the travel leg to each.
func (v *publicView) nearbySites(ctx context.Context, p orb.Point) ([]nearSite, error) {
	near, err := routing.Within(ctx, v.travel, v.grid, v.points, p, v.catchment)
	if err != nil {
		return nil, fmt.Errorf("sites near %v: %w", p, err)
	}
	out := make([]nearSite, 0, len(near))
	for _, r := range near {
		s := v.sites[r.Index]
		if c := s.Source.Scenario.Rules.CatchmentMin; withinCatchment(r.Leg.Min, c) {
			out = append(out, nearSite{site: s.Site, leg: r.Leg, catchment: c})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].leg.Min < out[j].leg.Min })
	return out, nil
}

// nearestSite returns the site nearest to p within 200 km, if any.
func (v *publicView) nearestSite(ctx context.Context, p orb.Point) (nearSite, bool, error) {
	i, _ := v.grid.Nearest(p, 200, nil)
	if i < 0 {
		return nearSite{}, false, nil
	}
	leg, err := routing.LegBetween(ctx, v.travel, p, v.sites[i].Site.Point)
	if err != nil {
		return nearSite{}, false, fmt.Errorf("site near %v: %w", p, err)
	}
	return nearSite{site: v.sites[i].Site, leg: leg, catchment: v.sites[i].Source.Scenario.Rules.CatchmentMin}, true, nil
}

// sitesFor returns the sites within the catchment of c, nearest first, or when there
// is none the nearest site, with near false.
func (v *publicView) sitesFor(ctx context.Context, c *medibus.Commune) (sites []nearSite, near bool, err error) {
	ns, err := v.nearbySites(ctx, c.Point)
	if err != nil || len(ns) > 0 {
		return ns, true, err
	}
	nearest, ok, err := v.nearestSite(ctx, c.Point)
	if err != nil || !ok {
		return nil, false, err
	}
	return []nearSite{nearest}, false, nil
}

// catchmentMin is the catchment time the pages name: the shortest of the published
// plans' (20 minutes in every built-in scenario).
func (v *publicView) catchmentMin() int {
	out := 0
	for _, s := range v.sites {
		if m := s.Source.Scenario.Rules.CatchmentMin; out == 0 || m < out {
			out = m
		}
	}
	if out == 0 {
		out = 20
	}
	return out
}

// published reports whether anything is published.
func (v *publicView) published() bool { return len(v.cal.Units()) > 0 }
