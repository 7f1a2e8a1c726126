package server

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"medibus"
	"medibus/calendar"
	"medibus/csvtable"
	"medibus/planning"
	"medibus/scheduler"
	"medibus/store"
	"medibus/workbook"
)

// Publishing is a decision: the desk shows what changes against the published plan
// (sessions moved, cancelled, added; communes that lose or gain a visit; drivers
// affected) before asking for confirmation, and after it, who must be told: the town
// halls and the drivers, as a printable page and a CSV file.

// changeJSON is one session's fate between two plans, as a coordinator reads it.
type changeJSON struct {
	Kind        string       `json:"kind"`
	KindLabel   string       `json:"kind_label"`
	Date        medibus.Date `json:"date"`
	DateLabel   string       `json:"date_label"`
	Half        string       `json:"half"`
	Site        string       `json:"site"`
	SiteName    string       `json:"site_name"`
	INSEE       string       `json:"insee"`
	Commune     string       `json:"commune"`
	ServiceName string       `json:"service_name"`
	Before      *sideJSON    `json:"before,omitempty"`
	After       *sideJSON    `json:"after,omitempty"`
}

// sideJSON is a session before or after the change: who holds it, when.
type sideJSON struct {
	Unit     string   `json:"unit"`
	UnitName string   `json:"unit_name"`
	Staff    []string `json:"staff_names"`
	Start    string   `json:"start"`
	End      string   `json:"end"`
}

// communeChange counts a commune's sessions (at its sites) in both plans.
type communeChange struct {
	INSEE  string `json:"insee"`
	Name   string `json:"name"`
	Before int    `json:"before"`
	After  int    `json:"after"`
}

// driverChange is a bus whose days change, and which.
type driverChange struct {
	Unit    string   `json:"unit"`
	Name    string   `json:"name"`
	Driver  string   `json:"driver,omitempty"`
	Dates   []string `json:"dates"`
	Changes int      `json:"changes"`
}

// changesJSON is the body of GET /api/plans/{id}/changes: what a plan changes of
// what people see, date by date.
type changesJSON struct {
	PlanID int64 `json:"plan_id"`
	// Kind is the plan's: "rotation" or "change".
	Kind string `json:"kind"`
	// AgainstID is the plan compared with when one was (?against=ID); otherwise the
	// comparison is with the published calendar at Revision (Calendar set).
	AgainstID int64 `json:"against_id,omitempty"`
	Calendar  bool  `json:"against_calendar"`
	// Revision is the published revision compared with: publishing with it refuses
	// (409) if anything was published since.
	Revision int64 `json:"revision"`
	// From and To are the dates compared; Effective the date a rotation would be (or
	// was) published from; Units its buses.
	From      medibus.Date           `json:"from"`
	To        medibus.Date           `json:"to"`
	Effective medibus.Date           `json:"effective,omitempty"`
	Units     []string               `json:"units"`
	Replaces  []replacedJSON         `json:"replaces"`
	Summary   scheduler.ReplanReport `json:"summary"`
	Changes   []changeJSON           `json:"changes"`
	Communes  []communeChange        `json:"communes"`
	Drivers   []driverChange         `json:"drivers"`
	// ClosuresAhead are the road closures that begin within a year after a rotation's
	// cycle and that its drives cross: repeated from then, it cannot run as planned.
	ClosuresAhead []closureAheadJSON `json:"closures_ahead"`
}

// closureAheadJSON is a road closure ahead of a rotation, as the desk says it.
type closureAheadJSON struct {
	Name   string       `json:"name"`
	Starts medibus.Date `json:"starts"`
	Legs   int          `json:"legs"`
	Units  []string     `json:"units"`
	// Text says it all in French, ready for the page.
	Text string `json:"text"`
}

// replacedJSON is a published rotation that a publication replaces for some buses.
type replacedJSON struct {
	PlanID   int64    `json:"plan_id"`
	Scenario string   `json:"scenario"`
	Units    []string `json:"units"`
	By       string   `json:"by,omitempty"`
}

var kindLabels = map[string]string{
	scheduler.ChangeRestaffed: "autre professionnel", scheduler.ChangeMoved: "autre bus",
	scheduler.ChangeRetimed: "autres horaires", scheduler.ChangeCancelled: "annulée", scheduler.ChangeAdded: "ajoutée",
}

// side is one side of a comparison: sessions on real dates, each described by the
// index of the plan it comes from.
type side struct {
	plan *medibus.Plan
	ix   map[*medibus.Session]*medibus.Index
	def  *medibus.Index // for sessions without an entry
}

func newSide() *side { return &side{plan: &medibus.Plan{}, ix: map[*medibus.Session]*medibus.Index{}} }

func (sd *side) index(se *medibus.Session) *medibus.Index {
	if ix := sd.ix[se]; ix != nil {
		return ix
	}
	return sd.def
}

// add puts copies of ss, dated d, on the side; their names come from ix.
func (sd *side) add(ss []*medibus.Session, d medibus.Date, ix *medibus.Index) {
	for _, se := range ss {
		c := *se
		c.Date = d
		sd.plan.Sessions = append(sd.plan.Sessions, c)
	}
	if sd.def == nil {
		sd.def = ix
	}
}

// seal indexes the side's sessions once they are all added (the slice no longer moves).
func (sd *side) seal(ixOf func(se *medibus.Session) *medibus.Index) {
	for i := range sd.plan.Sessions {
		se := &sd.plan.Sessions[i]
		sd.ix[se] = ixOf(se)
	}
}

// comparison is what planChanges compares: the plan's side, the side before, and the
// dates and buses concerned.
type comparison struct {
	after, before *side
	out           changesJSON
}

// calendarSide is the calendar cal on the buses units over [from, to).
func calendarSide(cal *calendar.Calendar, units []string, from, to medibus.Date) *side {
	sd := newSide()
	var ixs []*medibus.Index
	for _, u := range units {
		for d := from; d < to; d++ {
			day := cal.Day(u, d)
			if day.Source == nil || day.Closed != "" {
				continue
			}
			sd.add(day.Sessions, d, day.Source.Index)
			for range day.Sessions {
				ixs = append(ixs, day.Source.Index)
			}
		}
	}
	i := 0
	sd.seal(func(*medibus.Session) *medibus.Index { i++; return ixs[i-1] })
	return sd
}

// planSide is plan v on the buses units over [from, to): a rotation projected from its
// cycle, a change on its dates.
func planSide(v *planView, units []string, from, to medibus.Date) *side {
	sd := newSide()
	sd.def = v.ix
	for _, u := range units {
		for d := from; d < to; d++ {
			ss, _ := v.src.DayOf(u, d)
			sd.add(ss, d, v.ix)
		}
	}
	sd.seal(func(*medibus.Session) *medibus.Index { return v.ix })
	return sd
}

// coveredUnits lists the buses rotation v covers.
func coveredUnits(v *planView) []string {
	if len(v.plan.Units) > 0 {
		return v.plan.Units
	}
	return unitIDs(v.sc)
}

// compare builds the comparison of plan p (view v): with plan against when not 0;
// else with the published calendar, as it is for a draft or as it was just before p's
// publication.
func (s *Server) compare(ctx context.Context, p store.PlanSummary, v *planView, against int64) (comparison, error) {
	c := comparison{out: changesJSON{PlanID: p.ID, Kind: p.Kind}}
	if against != 0 {
		av, err := s.views.get(ctx, against)
		if err != nil {
			return c, err
		}
		units := unitIDs(v.sc)
		from, to := p.Start, p.Start.AddDays(v.days)
		if v.plan.IsChange() {
			units, from, to = changeUnits(v.plan.Change), v.plan.Change.From, v.plan.Change.To+1
		}
		c.after, c.before = planSide(v, units, from, to), planSide(av, units, from, to)
		c.out.AgainstID, c.out.Units, c.out.From, c.out.To = against, units, from, to-1
		return c, nil
	}
	rev := int64(0)
	if p.Published() {
		rev = p.PublishedRevision - 1
	}
	cal, at, err := s.calendarAt(ctx, rev)
	if err != nil {
		return c, err
	}
	c.out.Calendar, c.out.Revision = true, at
	if v.plan.IsChange() {
		units := changeUnits(v.plan.Change)
		c.out.From, c.out.To, c.out.Units = v.plan.Change.From, v.plan.Change.To, units
		c.before = newSide()
		c.after = newSide()
		var bix, aix []*medibus.Index
		for _, d := range v.plan.Change.Days {
			day := cal.Day(d.Unit, d.Date)
			if day.Source != nil && day.Source.Plan.ID != p.ID && day.Closed == "" {
				c.before.add(day.Sessions, d.Date, day.Source.Index)
				for range day.Sessions {
					bix = append(bix, day.Source.Index)
				}
			}
			ss, _ := v.src.DayOf(d.Unit, d.Date)
			c.after.add(ss, d.Date, v.ix)
			for range ss {
				aix = append(aix, v.ix)
			}
		}
		i, j := 0, 0
		c.before.seal(func(*medibus.Session) *medibus.Index { i++; return bix[i-1] })
		c.after.seal(func(*medibus.Session) *medibus.Index { j++; return aix[j-1] })
		return c, nil
	}
	units := coveredUnits(v)
	eff, err := planning.EffectiveDate(v.plan, v.days, 0, s.today())
	if err != nil {
		return c, err
	}
	if p.Published() {
		if e, ok := s.publishedFrom(ctx, p.ID); ok {
			eff = e
		}
	}
	to := eff.AddDays(v.days)
	c.out.From, c.out.To, c.out.Effective, c.out.Units = eff, to-1, eff, units
	c.before, c.after = calendarSide(cal, units, eff, to), planSide(v, units, eff, to)
	c.out.Replaces = replaced(cal, units, eff, p.ID)
	return c, nil
}

// changeUnits lists the buses whose days change ch replaces.
func changeUnits(ch *medibus.Change) []string {
	var out []string
	for _, d := range ch.Days {
		if !slices.Contains(out, d.Unit) {
			out = append(out, d.Unit)
		}
	}
	return out
}

// replaced lists the published rotations that publishing plan id from eff replaces,
// with their buses.
func replaced(cal *calendar.Calendar, units []string, eff medibus.Date, id int64) []replacedJSON {
	out := []replacedJSON{}
	for _, u := range units {
		rot, pub, ok := cal.Rotation(u, eff)
		if !ok || rot.Plan.ID == id {
			continue
		}
		i := slices.IndexFunc(out, func(r replacedJSON) bool { return r.PlanID == rot.Plan.ID })
		if i < 0 {
			out = append(out, replacedJSON{PlanID: rot.Plan.ID, Scenario: rot.Plan.Scenario, By: pub.By})
			i = len(out) - 1
		}
		out[i].Units = append(out[i].Units, u)
	}
	return out
}

// publishedFrom returns the effective date of the publications of plan id.
func (s *Server) publishedFrom(ctx context.Context, id int64) (medibus.Date, bool) {
	st, err := s.db.PublishedState(ctx)
	if err != nil {
		return 0, false
	}
	for _, p := range st.Publications {
		if p.Plan == id {
			return p.Effective, true
		}
	}
	return 0, false
}

// calendarAt builds the published calendar at revision rev (0: now) from today on.
func (s *Server) calendarAt(ctx context.Context, rev int64) (*calendar.Calendar, int64, error) {
	if rev == 0 {
		v, err := s.published.view(ctx)
		if err != nil {
			return nil, 0, err
		}
		return v.cal, v.rev, nil
	}
	st, err := s.db.PublishedStateAt(ctx, rev)
	if err != nil {
		return nil, 0, err
	}
	closures, err := s.closures.closures(ctx)
	if err != nil {
		return nil, 0, err
	}
	cal, err := calendar.New(calendar.Input{Publications: st.Publications, Changes: st.Changes, Closures: closures, From: s.today().AddDays(-pastDays),
		Load: func(id int64) (*calendar.Source, error) { return s.views.source(ctx, id) }})
	return cal, st.Revision, err
}

// changes fills c.out with the changes from c.before to c.after.
func (s *Server) changes(c comparison) changesJSON {
	out := c.out
	out.Changes, out.Communes, out.Drivers = []changeJSON{}, []communeChange{}, []driverChange{}
	if out.Units == nil {
		out.Units = []string{}
	}
	if out.Replaces == nil {
		out.Replaces = []replacedJSON{}
	}
	rep := scheduler.Diff(c.before.plan, c.after.plan)
	drivers := map[string]*driverChange{}
	for _, ch := range rep.Changes {
		cj := s.changeOf(c, ch)
		out.Changes = append(out.Changes, cj)
		for i, sd := range []*sideJSON{cj.Before, cj.After} {
			if sd == nil {
				continue
			}
			dc := drivers[sd.Unit]
			if dc == nil {
				dc = &driverChange{Unit: sd.Unit, Name: sd.UnitName}
				se := ch.Before
				if i == 1 {
					se = ch.After
				}
				if u := []*side{c.before, c.after}[i].index(se).Units[sd.Unit]; u != nil {
					dc.Driver = u.Driver
				}
				drivers[sd.Unit] = dc
			}
			dc.Changes++
			if label := frDayShort(cj.Date); !slices.Contains(dc.Dates, label) {
				dc.Dates = append(dc.Dates, label)
			}
		}
	}
	rep.Changes = nil
	out.Summary = rep
	for _, dc := range drivers {
		out.Drivers = append(out.Drivers, *dc)
	}
	sort.Slice(out.Drivers, func(i, j int) bool { return out.Drivers[i].Unit < out.Drivers[j].Unit })
	out.Communes = communeChanges(c)
	return out
}

// changeOf describes change ch with the names a person reads.
func (s *Server) changeOf(c comparison, ch scheduler.Change) changeJSON {
	ref, sd := ch.After, c.after
	if ref == nil {
		ref, sd = ch.Before, c.before
	}
	ix := sd.index(ref)
	cj := changeJSON{Kind: ch.Kind, KindLabel: kindLabels[ch.Kind], Date: ref.Date, DateLabel: frDay(ref.Date), Half: halfFr(ref.Half),
		Site: ref.Site, SiteName: ref.Site, ServiceName: ref.Service}
	if site := ix.Sites[ref.Site]; site != nil {
		cj.SiteName, cj.INSEE = site.Name, site.INSEE
		cj.Commune = s.communeName(ix, site.INSEE)
	}
	if sv := ix.Services[ref.Service]; sv != nil {
		cj.ServiceName = sv.Name
	}
	for i, se := range []*medibus.Session{ch.Before, ch.After} {
		if se == nil {
			continue
		}
		six := []*side{c.before, c.after}[i].index(se)
		name := "Le bus " + se.Unit
		if u := six.Units[se.Unit]; u != nil && u.Name != "" {
			name = u.Name
		}
		out := &sideJSON{Unit: se.Unit, UnitName: name, Start: se.Start.String(), End: se.End.String(), Staff: []string{}}
		for _, id := range se.Staff {
			if m := six.Staff[id]; m != nil {
				out.Staff = append(out.Staff, m.Name)
			}
		}
		if i == 0 {
			cj.Before = out
		} else {
			cj.After = out
		}
	}
	return cj
}

func (s *Server) communeName(ix *medibus.Index, insee string) string {
	if c := ix.Communes[insee]; c != nil {
		return c.Name
	}
	if c, ok := s.search.commune(insee); ok {
		return c.Name
	}
	return insee
}

// communeChanges lists the communes whose sites hold fewer or more sessions after than
// before, most lost first.
func communeChanges(c comparison) []communeChange {
	count := func(sd *side) (map[string]int, map[string]string) {
		n, names := map[string]int{}, map[string]string{}
		for i := range sd.plan.Sessions {
			se := &sd.plan.Sessions[i]
			ix := sd.index(se)
			if site := ix.Sites[se.Site]; site != nil {
				n[site.INSEE]++
				if cm := ix.Communes[site.INSEE]; cm != nil {
					names[site.INSEE] = cm.Name
				}
			}
		}
		return n, names
	}
	before, nb := count(c.before)
	after, na := count(c.after)
	var out []communeChange
	for _, m := range []map[string]int{before, after} {
		for insee := range m {
			if before[insee] == after[insee] || containsCommune(out, insee) {
				continue
			}
			name := cmp.Or(na[insee], nb[insee], insee)
			out = append(out, communeChange{INSEE: insee, Name: name, Before: before[insee], After: after[insee]})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		di, dj := out[i].After-out[i].Before, out[j].After-out[j].Before
		if di != dj {
			return di < dj
		}
		return out[i].Name < out[j].Name
	})
	if out == nil {
		return []communeChange{}
	}
	return out
}

func containsCommune(cs []communeChange, insee string) bool {
	for _, c := range cs {
		if c.INSEE == insee {
			return true
		}
	}
	return false
}

// planChanges loads plan {id} and compares it (see compare).
func (s *Server) planChanges(w http.ResponseWriter, r *http.Request, page bool) (changesJSON, store.PlanSummary, bool) {
	fail := func(status int, err error) {
		if page {
			s.errorPage(w, r, status, err)
		} else if status == http.StatusInternalServerError || status == http.StatusNotFound {
			s.writeStoreError(w, r, err)
		} else {
			writeError(w, status, err)
		}
	}
	id, err := pathID(r, "id")
	if err != nil {
		fail(http.StatusBadRequest, err)
		return changesJSON{}, store.PlanSummary{}, false
	}
	p, err := s.db.PlanInfo(r.Context(), id)
	if err != nil {
		fail(statusOf(err), err)
		return changesJSON{}, p, false
	}
	var against int64
	if a := r.URL.Query().Get("against"); a != "" {
		if against, err = strconv.ParseInt(a, 10, 64); err != nil || against <= 0 {
			fail(http.StatusBadRequest, fmt.Errorf("against %q: want a plan id", a))
			return changesJSON{}, p, false
		}
	}
	v, err := s.views.get(r.Context(), id)
	if err != nil {
		fail(statusOf(err), err)
		return changesJSON{}, p, false
	}
	c, err := s.compare(r.Context(), p, v, against)
	if err != nil {
		fail(statusOf(err), err)
		return changesJSON{}, p, false
	}
	out := s.changes(c)
	out.ClosuresAhead = []closureAheadJSON{}
	if v.plan.Kind != medibus.KindChange {
		ahead, err := scheduler.ClosuresAhead(r.Context(), v.sc, v.plan, s.planning.Travel)
		if err != nil {
			fail(http.StatusInternalServerError, err)
			return changesJSON{}, p, false
		}
		for _, a := range ahead {
			out.ClosuresAhead = append(out.ClosuresAhead, closureAheadOf(a, v.ix))
		}
	}
	return out, p, true
}

// closureAheadOf says a closure ahead in French.
func closureAheadOf(a scheduler.ClosureAhead, ix *medibus.Index) closureAheadJSON {
	names := make([]string, len(a.Units))
	for i, u := range a.Units {
		names[i] = u
		if bus := ix.Units[u]; bus != nil && bus.Name != "" {
			names[i] = bus.Name
		}
	}
	text := fmt.Sprintf("%s ferme le %s (%s) : %s par cycle de %s %s. Préparez un plan pour ces dates et publiez-le pour qu'il prenne effet d'ici là.",
		a.Closure.Name, frDayFirst(a.Starts), periodFr(a.Closure.Closed), plural(a.Legs, "trajet", "trajets"), strings.Join(names, ", "),
		map[bool]string{true: "le franchit", false: "le franchissent"}[a.Legs == 1])
	return closureAheadJSON{Name: a.Closure.Name, Starts: a.Starts, Legs: a.Legs, Units: a.Units, Text: text}
}

// frDayFirst is frDay with the first of a month written as French writes it: « 1er ».
func frDayFirst(d medibus.Date) string {
	if d.Time(time.UTC).Day() == 1 {
		return strings.Replace(frDay(d), " 1 ", " 1er ", 1)
	}
	return frDay(d)
}

// periodFr says when a road is closed: "fermé du 1 novembre au 30 juin chaque année".
func periodFr(p medibus.Period) string {
	day := func(s string) string {
		if len(s) == len("2006-01-02") {
			d, _ := medibus.ParseDate(s)
			return frDay(d)
		}
		m, _ := strconv.Atoi(s[:2])
		d, _ := strconv.Atoi(s[3:])
		if d == 1 {
			return "1er " + frMonths[m-1]
		}
		return fmt.Sprintf("%d %s", d, frMonths[m-1])
	}
	switch {
	case p.Always():
		return "fermé toute l'année"
	case len(p.From) == len("01-02"):
		return "fermé du " + day(p.From) + " au " + day(p.To) + " chaque année"
	}
	return "fermé du " + day(p.From) + " au " + day(p.To)
}

// apiChanges answers what a plan changes of what people see.
func (s *Server) apiChanges(w http.ResponseWriter, r *http.Request, _ principal) {
	ch, _, ok := s.planChanges(w, r, false)
	if ok {
		w.Header().Set("ETag", revisionTag(ch.Revision))
		writeJSON(w, http.StatusOK, ch)
	}
}

// revisionTag is the ETag of the published state at revision rev.
func revisionTag(rev int64) string { return fmt.Sprintf(`"r%d"`, rev) }

// noticeData is the printable notice of a publication.
type noticeData struct {
	Plan    store.PlanSummary
	Changes changesJSON
	Towns   []townNotice
	Who     principal
}

// townNotice is what one town hall must be told.
type townNotice struct {
	Commune string
	INSEE   string
	Lines   []string
}

// noticePage serves /plan/{id}/notice: the town halls and the drivers to tell.
func (s *Server) noticePage(w http.ResponseWriter, r *http.Request, who principal) {
	ch, p, ok := s.planChanges(w, r, true)
	if !ok {
		return
	}
	w.Header().Set("Cache-Control", "private, no-cache")
	s.writePage(w, r, http.StatusOK, "notice.html", noticeData{Plan: p, Changes: ch, Towns: townNotices(ch), Who: who})
}

// townNotices groups the changes by the commune of their site.
func townNotices(ch changesJSON) []townNotice {
	by := map[string]*townNotice{}
	var order []string
	for _, c := range ch.Changes {
		t := by[c.INSEE]
		if t == nil {
			t = &townNotice{Commune: c.Commune, INSEE: c.INSEE}
			by[c.INSEE] = t
			order = append(order, c.INSEE)
		}
		t.Lines = append(t.Lines, noticeLine(c))
	}
	sort.Slice(order, func(i, j int) bool { return by[order[i]].Commune < by[order[j]].Commune })
	out := make([]townNotice, 0, len(order))
	for _, k := range order {
		out = append(out, *by[k])
	}
	return out
}

// noticeLine says one change in a sentence for a town hall.
func noticeLine(c changeJSON) string {
	when := c.DateLabel + ", " + c.Half
	switch c.Kind {
	case scheduler.ChangeCancelled:
		return fmt.Sprintf("%s : la séance « %s » à %s est annulée.", when, c.ServiceName, c.SiteName)
	case scheduler.ChangeAdded:
		return fmt.Sprintf("%s : nouvelle séance « %s » à %s, %s–%s.", when, c.ServiceName, c.SiteName, c.After.Start, c.After.End)
	case scheduler.ChangeRetimed:
		return fmt.Sprintf("%s : la séance « %s » à %s passe de %s–%s à %s–%s.", when, c.ServiceName, c.SiteName, c.Before.Start, c.Before.End, c.After.Start, c.After.End)
	case scheduler.ChangeRestaffed:
		return fmt.Sprintf("%s : la séance « %s » à %s est assurée par %s.", when, c.ServiceName, c.SiteName, strings.Join(c.After.Staff, ", "))
	default:
		return fmt.Sprintf("%s : la séance « %s » à %s est assurée par un autre bus (%s).", when, c.ServiceName, c.SiteName, c.After.UnitName)
	}
}

// apiNoticeCSV serves the notice as a CSV file for a spreadsheet in French: one row per
// person to tell and change.
func (s *Server) apiNoticeCSV(w http.ResponseWriter, r *http.Request, _ principal) {
	ch, p, ok := s.planChanges(w, r, false)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="avis-plan-%d.csv"`, p.ID))
	if err := writeNoticeCSV(w, ch); err != nil {
		s.log.Warn("notice CSV", "plan", p.ID, "err", err)
	}
}

// noticeHeader names the columns of the notice's CSV and workbook.
var noticeHeader = []string{"destinataire", "nom", "code", "date", "demi_journee", "changement", "message"}

// noticeRows are the notice's rows, one per person to tell and change: the town hall,
// and each bus's driver concerned.
func noticeRows(ch changesJSON) [][]string {
	var out [][]string
	for _, c := range ch.Changes {
		out = append(out, []string{"mairie", "Mairie " + deName(c.Commune), c.INSEE, c.Date.String(), c.Half, c.KindLabel, noticeLine(c)})
		for _, side := range []*sideJSON{c.Before, c.After} {
			if side != nil && (side == c.Before || c.Before == nil || side.Unit != c.Before.Unit) {
				out = append(out, []string{"conducteur", side.UnitName, side.Unit, c.Date.String(), c.Half, c.KindLabel, noticeLine(c)})
			}
		}
	}
	return out
}

// writeNoticeCSV writes the notice for a spreadsheet in French (BOM, ';', every field
// holding a comma quoted), every text cell safe to open (csvtable.Writer): a site
// named =HYPERLINK(…) stays text.
func writeNoticeCSV(w io.Writer, ch changesJSON) error {
	cw := csvtable.NewFrenchWriter(w)
	_ = cw.Write(noticeHeader)
	for _, r := range noticeRows(ch) {
		_ = cw.Write(r)
	}
	cw.Flush()
	return cw.Error()
}

// writeNoticeXLSX writes the notice as a workbook: codes as text, dates as dates.
func writeNoticeXLSX(w io.Writer, ch changesJSON) error {
	sh := workbook.Sheet{Name: "avis"}
	for _, h := range noticeHeader {
		k := workbook.Text
		if h == "date" {
			k = workbook.Date
		}
		sh.Columns = append(sh.Columns, workbook.Column{Name: h, Kind: k})
	}
	for _, r := range noticeRows(ch) {
		row := make([]any, len(r))
		for i, v := range r {
			row[i] = v
		}
		if d, err := medibus.ParseDate(r[3]); err == nil {
			row[3] = d.Time(time.UTC)
		}
		sh.Rows = append(sh.Rows, row)
	}
	return workbook.Write(w, sh)
}

// apiNoticeXLSX serves the notice as an Excel workbook.
func (s *Server) apiNoticeXLSX(w http.ResponseWriter, r *http.Request, _ principal) {
	ch, p, ok := s.planChanges(w, r, false)
	if !ok {
		return
	}
	var b bytes.Buffer
	if err := writeNoticeXLSX(&b, ch); err != nil {
		writeError(w, http.StatusInternalServerError, fmt.Errorf("avis du plan %d : %w", p.ID, err))
		return
	}
	w.Header().Set("Content-Type", xlsxType)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="avis-plan-%d.xlsx"`, p.ID))
	_, _ = w.Write(b.Bytes())
}
