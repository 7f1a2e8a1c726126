// Package calendar projects what was published onto real dates: for every bus and
// date, the sessions that patients, drivers and town halls are told about.
//
// A rotation repeats its cycle from its start; a publication puts it in force for one
// bus from an effective date, and on a date the publication with the highest id among
// those in force decides (a later publication from an earlier date supersedes a
// pending one; none starts in the past, so a past date keeps what it showed). A
// published dated change replaces some bus-days on their dates, the latest change of a
// bus-day winning. Public holidays and declared closures cancel what falls on them.
// The calendar is built once per published state and answers from memory: it is what
// the patient pages, the feeds and the driver sheets read, and what a dated change is
// planned against.
package calendar

import (
	"cmp"
	"fmt"
	"slices"
	"sort"

	"medibus"
	"medibus/holiday"
)

// Source is a stored plan, a rotation or a change, with its scenario and the indexes
// the calendar needs. Its content never changes once published.
type Source struct {
	Plan     *medibus.Plan
	Scenario *medibus.Scenario
	Index    *medibus.Index
	days     int // a rotation's cycle length

	// byDay holds the sessions of each bus and date in half-day order: the cycle's
	// dates for a rotation, the real dates for a change.
	byDay   map[dayKey][]*medibus.Session
	busDays map[dayKey]*medibus.BusDay
	// bySite lists the sessions held at each site, by date and half-day.
	bySite map[string][]*medibus.Session
	// held marks a change's sessions by site, date, half-day and service, so that a
	// rotation's session on a replaced day is known to be held still or cancelled.
	held map[heldKey]bool
}

type dayKey struct {
	unit string
	date medibus.Date
}

type heldKey struct {
	site, service string
	date          medibus.Date
	half          medibus.Half
}

// NewSource indexes plan pl, made from scenario sc whose index is ix (nil: built here;
// plans of one scenario share it).
func NewSource(pl *medibus.Plan, sc *medibus.Scenario, ix *medibus.Index) (*Source, error) {
	if ix == nil {
		ix = medibus.NewIndex(sc)
	}
	s := &Source{Plan: pl, Scenario: sc, Index: ix, days: sc.Rules.CycleDays(),
		byDay: map[dayKey][]*medibus.Session{}, busDays: map[dayKey]*medibus.BusDay{}, bySite: map[string][]*medibus.Session{}}
	if !pl.IsChange() && s.days <= 0 {
		return nil, fmt.Errorf("plan %d: scenario %s has a cycle of %d weeks", pl.ID, sc.Name, sc.Rules.CycleWeeks)
	}
	if pl.IsChange() {
		s.held = map[heldKey]bool{}
	}
	for i := range pl.Sessions {
		se := &pl.Sessions[i]
		k := dayKey{se.Unit, se.Date}
		s.byDay[k] = append(s.byDay[k], se)
		s.bySite[se.Site] = append(s.bySite[se.Site], se)
		if s.held != nil {
			s.held[heldKey{se.Site, se.Service, se.Date, se.Half}] = true
		}
	}
	for _, ss := range s.byDay {
		sort.Slice(ss, func(i, j int) bool { return ss[i].Half < ss[j].Half })
	}
	for _, ss := range s.bySite {
		sort.Slice(ss, func(i, j int) bool {
			if ss[i].Date != ss[j].Date {
				return ss[i].Date < ss[j].Date
			}
			return ss[i].Half < ss[j].Half
		})
	}
	for i := range pl.BusDays {
		b := &pl.BusDays[i]
		s.busDays[dayKey{b.Unit, b.Date}] = b
	}
	return s, nil
}

// CycleDays is a rotation's cycle length in days.
func (s *Source) CycleDays() int { return s.days }

// cycleDate maps date d to the date of the rotation's first cycle that it repeats.
func (s *Source) cycleDate(d medibus.Date) (medibus.Date, bool) {
	start := s.Plan.Start
	if d < start {
		return 0, false
	}
	return start + medibus.Date(int(d-start)%s.days), true
}

// DayOf returns the sessions (in half-day order) and the tour of unit on date d in
// this plan alone: a rotation's projected from its cycle, a change's on its dates.
func (s *Source) DayOf(unit string, d medibus.Date) ([]*medibus.Session, *medibus.BusDay) {
	if !s.Plan.IsChange() {
		cd, ok := s.cycleDate(d)
		if !ok {
			return nil, nil
		}
		d = cd
	}
	return s.byDay[dayKey{unit, d}], s.busDays[dayKey{unit, d}]
}

// AtSite lists the plan's sessions at site, by date and half-day.
func (s *Source) AtSite(site string) []*medibus.Session { return s.bySite[site] }

// SiteIDs lists the sites the plan holds sessions at, by id.
func (s *Source) SiteIDs() []string {
	out := make([]string, 0, len(s.bySite))
	for id := range s.bySite {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// Input is what a calendar is built from.
type Input struct {
	// Publications of rotations, in the order they were made (by id).
	Publications []medibus.Publication
	// Changes are the ids of the published changes, in the order they were made.
	Changes []int64
	// Load returns the source of plan id; it is called once per plan the calendar
	// needs.
	Load func(id int64) (*Source, error)
	// Closures are the closures declared by coordinators, besides the public holidays.
	Closures []medibus.Closure
	// From is the first date the calendar is asked about: what decides only earlier
	// dates is not loaded.
	From medibus.Date
}

// Calendar is the published state projected onto dates from Input.From on.
type Calendar struct {
	from     medibus.Date
	timeline map[string][]segment
	changed  map[dayKey]*Source
	sources  map[int64]*Source
	holidays *holiday.Calendar
	// cancelled lists, by site, the rotation sessions that a change cancels.
	cancelled map[string][]Occurrence
	// atSite lists, by site, the loaded sources with sessions there, by plan id.
	atSite map[string][]*Source
	units  []string
}

// segment: from date from on (until the next segment), bus runs rotation src, put in
// force by publication pub.
type segment struct {
	from medibus.Date
	src  *Source
	pub  medibus.Publication
}

// New builds the calendar of in.
func New(in Input) (*Calendar, error) {
	c := &Calendar{from: in.From, timeline: map[string][]segment{}, changed: map[dayKey]*Source{},
		sources: map[int64]*Source{}, holidays: holiday.New(in.Closures), cancelled: map[string][]Occurrence{}}
	pubs := slices.Clone(in.Publications)
	slices.SortStableFunc(pubs, func(a, b medibus.Publication) int { return cmp.Compare(a.ID, b.ID) })
	for _, p := range pubs {
		tl := c.timeline[p.Unit]
		tl = slices.DeleteFunc(tl, func(s segment) bool { return s.from >= p.Effective })
		c.timeline[p.Unit] = append(tl, segment{from: p.Effective, pub: p})
	}
	for unit, tl := range c.timeline {
		// Segments that end before From decide no date asked about.
		for len(tl) > 1 && tl[1].from <= in.From {
			tl = tl[1:]
		}
		for i := range tl {
			src, err := c.load(in.Load, tl[i].pub.Plan)
			if err != nil {
				return nil, fmt.Errorf("bus %s: %w", unit, err)
			}
			if src.Plan.IsChange() {
				return nil, fmt.Errorf("bus %s: publication %d names plan %d, a dated change, as a rotation", unit, tl[i].pub.ID, src.Plan.ID)
			}
			tl[i].src = src
		}
		c.timeline[unit] = tl
		c.units = append(c.units, unit)
	}
	slices.Sort(c.units)
	for _, id := range in.Changes {
		src, err := c.load(in.Load, id)
		if err != nil {
			return nil, err
		}
		if !src.Plan.IsChange() {
			return nil, fmt.Errorf("plan %d is listed as a change but is a rotation", id)
		}
		for _, d := range src.Plan.Change.Days {
			if d.Date >= in.From {
				c.changed[dayKey{d.Unit, d.Date}] = src
			}
		}
	}
	c.indexCancellations()
	c.atSite = map[string][]*Source{}
	for _, src := range c.sources {
		for site := range src.bySite {
			c.atSite[site] = append(c.atSite[site], src)
		}
	}
	for _, list := range c.atSite {
		slices.SortFunc(list, func(a, b *Source) int { return cmp.Compare(a.Plan.ID, b.Plan.ID) })
	}
	return c, nil
}

func (c *Calendar) load(load func(int64) (*Source, error), id int64) (*Source, error) {
	if s := c.sources[id]; s != nil {
		return s, nil
	}
	s, err := load(id)
	if err != nil {
		return nil, fmt.Errorf("load plan %d: %w", id, err)
	}
	c.sources[id] = s
	return s, nil
}

// indexCancellations lists, site by site, the sessions of the rotations that the
// changes leave out of the days they replace: cancelled, with the change's reason.
func (c *Calendar) indexCancellations() {
	for k, ch := range c.changed {
		rot, ok := c.rotation(k.unit, k.date)
		if !ok {
			continue
		}
		cd, _ := rot.cycleDate(k.date)
		for _, se := range rot.byDay[dayKey{k.unit, cd}] {
			if ch.held[heldKey{se.Site, se.Service, k.date, se.Half}] {
				continue
			}
			c.cancelled[se.Site] = append(c.cancelled[se.Site], Occurrence{Date: k.date, Session: se, Source: rot, Change: ch,
				Cancelled: true, Reason: ch.Plan.Change.Reason})
		}
	}
}

// Units lists the buses some publication decides, by id.
func (c *Calendar) Units() []string { return c.units }

// From is the first date the calendar answers for.
func (c *Calendar) From() medibus.Date { return c.from }

// Rotation returns the rotation in force for unit on date d, and the publication that
// put it in force.
func (c *Calendar) Rotation(unit string, d medibus.Date) (*Source, medibus.Publication, bool) {
	tl := c.timeline[unit]
	i := sort.Search(len(tl), func(i int) bool { return tl[i].from > d }) - 1
	if i < 0 || d < tl[i].src.Plan.Start {
		return nil, medibus.Publication{}, false
	}
	return tl[i].src, tl[i].pub, true
}

func (c *Calendar) rotation(unit string, d medibus.Date) (*Source, bool) {
	s, _, ok := c.Rotation(unit, d)
	return s, ok
}

// Schedule is what a bus's publications decide from now on: the segments of its
// timeline from From, each a rotation and the date it takes effect.
func (c *Calendar) Schedule(unit string) []medibus.Publication {
	var out []medibus.Publication
	for _, s := range c.timeline[unit] {
		out = append(out, s.pub)
	}
	return out
}

// Day is one bus's day as the calendar shows it.
type Day struct {
	Unit string
	Date medibus.Date
	// Rotation is the rotation in force that day (nil when none is published for the
	// bus), Change the published change that replaced the day (nil for none), and
	// Source the one whose sessions these are.
	Rotation, Change, Source *Source
	// Sessions are the day's sessions in half-day order, as stored in Source: a
	// rotation's carry the date of its first cycle. BusDay is their tour.
	Sessions []*medibus.Session
	BusDay   *medibus.BusDay
	// Closed says why the day's tour cannot happen: a public holiday or a closure at
	// one of its sites ("" when it can). One closed site stops the tour, whose times
	// were planned with it.
	Closed string
}

// Day returns the day of unit on date d.
func (c *Calendar) Day(unit string, d medibus.Date) Day {
	day := Day{Unit: unit, Date: d}
	day.Rotation, _ = c.rotation(unit, d)
	if ch := c.changed[dayKey{unit, d}]; ch != nil {
		day.Change, day.Source = ch, ch
	} else if day.Rotation != nil {
		day.Source = day.Rotation
	}
	if day.Source != nil {
		day.Sessions, day.BusDay = day.Source.DayOf(unit, d)
	}
	for _, se := range day.Sessions {
		if site := day.Source.Index.Sites[se.Site]; site != nil {
			if reason, closed := c.holidays.Closed(d, site.ID, site.INSEE); closed {
				day.Closed = reason
				break
			}
		}
	}
	return day
}

// Occurrence is one session on one date: a session of Source (a rotation's, projected
// from its cycle, or a change's), held or cancelled.
type Occurrence struct {
	Date    medibus.Date
	Session *medibus.Session
	Source  *Source
	// Change is the change the occurrence comes from, or the one that cancelled it.
	Change *Source
	// Cancelled marks an occurrence that does not happen: a public holiday, a closure
	// or a change; Reason says which, in French.
	Cancelled bool
	Reason    string
}

// At lists the occurrences at the sites with the given ids on the dates [from, to),
// cancelled ones included, by date, start time and site.
func (c *Calendar) At(sites []string, from, to medibus.Date) []Occurrence {
	from = max(from, c.from)
	var out []Occurrence
	for _, id := range sites {
		for _, src := range c.atSite[id] {
			if src.Plan.IsChange() {
				out = c.changeAt(out, src, id, from, to)
			} else {
				out = c.rotationAt(out, src, id, from, to)
			}
		}
		for _, o := range c.cancelled[id] {
			if o.Date >= from && o.Date < to {
				out = append(out, o)
			}
		}
	}
	slices.SortFunc(out, func(a, b Occurrence) int {
		x, y := a.Session, b.Session
		return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(x.Start, y.Start), cmp.Compare(x.Site, y.Site),
			cmp.Compare(x.Unit, y.Unit), cmp.Compare(x.Half, y.Half), cmp.Compare(x.Service, y.Service),
			cmp.Compare(a.Source.Plan.ID, b.Source.Plan.ID))
	})
	return out
}

// rotationAt adds the occurrences of rotation src's sessions at site on [from, to):
// those on the dates the rotation is in force for their bus and no change replaced.
func (c *Calendar) rotationAt(out []Occurrence, src *Source, site string, from, to medibus.Date) []Occurrence {
	for _, se := range src.bySite[site] {
		for d := nextOccurrence(se.Date, from, src.days); d < to; d = d.AddDays(src.days) {
			if rot, ok := c.rotation(se.Unit, d); !ok || rot != src || c.changed[dayKey{se.Unit, d}] != nil {
				continue
			}
			out = append(out, c.occurrence(src, nil, se, d))
		}
	}
	return out
}

// changeAt adds the sessions of change src at site on [from, to) on the bus-days it
// still decides.
func (c *Calendar) changeAt(out []Occurrence, src *Source, site string, from, to medibus.Date) []Occurrence {
	for _, se := range src.bySite[site] {
		if se.Date >= from && se.Date < to && c.changed[dayKey{se.Unit, se.Date}] == src {
			out = append(out, c.occurrence(src, src, se, se.Date))
		}
	}
	return out
}

func (c *Calendar) occurrence(src, change *Source, se *medibus.Session, d medibus.Date) Occurrence {
	o := Occurrence{Date: d, Session: se, Source: src, Change: change}
	if site := src.Index.Sites[se.Site]; site != nil {
		o.Reason, o.Cancelled = c.holidays.Closed(d, site.ID, site.INSEE)
	}
	return o
}

// nextOccurrence returns the first repetition of cycle date d on or after from.
func nextOccurrence(d, from medibus.Date, days int) medibus.Date {
	if from <= d {
		return d
	}
	k := (int(from-d) + days - 1) / days
	return d + medibus.Date(k*days)
}

// Site is a place some loaded plan holds sessions at, with the plan it is described by.
type Site struct {
	Site   *medibus.Site
	Source *Source
}

// Sites lists the sites of the loaded plans' sessions, by id, each once (described by
// the plan of lowest id that holds one).
func (c *Calendar) Sites() []Site {
	seen := map[string]bool{}
	ids := make([]int64, 0, len(c.sources))
	for id := range c.sources {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var out []Site
	for _, id := range ids {
		src := c.sources[id]
		for site := range src.bySite {
			if st := src.Index.Sites[site]; st != nil && !seen[site] {
				seen[site] = true
				out = append(out, Site{Site: st, Source: src})
			}
		}
	}
	slices.SortFunc(out, func(a, b Site) int { return cmp.Compare(a.Site.ID, b.Site.ID) })
	return out
}

// Closed says why nothing can happen at site on d ("" when it can).
func (c *Calendar) Closed(d medibus.Date, site *medibus.Site) string {
	reason, _ := c.holidays.Closed(d, site.ID, site.INSEE)
	return reason
}
