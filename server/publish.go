package server

import (
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"medibus"
	"medibus/scheduler"
	"medibus/store"
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

// changesJSON is the body of GET /api/plans/{id}/changes.
type changesJSON struct {
	PlanID    int64                  `json:"plan_id"`
	AgainstID int64                  `json:"against_id,omitempty"`
	Summary   scheduler.ReplanReport `json:"summary"`
	Changes   []changeJSON           `json:"changes"`
	Communes  []communeChange        `json:"communes"`
	Drivers   []driverChange         `json:"drivers"`
}

var kindLabels = map[string]string{
	scheduler.ChangeRestaffed: "autre professionnel", scheduler.ChangeMoved: "autre bus",
	scheduler.ChangeRetimed: "autres horaires", scheduler.ChangeCancelled: "annulée", scheduler.ChangeAdded: "ajoutée",
}

// against returns the plan that plan p is compared with: ?against=ID, or by default the
// plan its publication would replace (for a draft, the published plan) or did replace
// (for a published or archived plan), else its parent; 0 for none.
func (s *Server) against(ctx context.Context, r *http.Request, p store.PlanSummary) (int64, error) {
	if a := r.URL.Query().Get("against"); a != "" {
		id, err := strconv.ParseInt(a, 10, 64)
		if err != nil || id <= 0 {
			return 0, fmt.Errorf("against %q: want a plan id", a)
		}
		return id, nil
	}
	if !p.Published() {
		id, err := s.db.LatestPublishedID(ctx)
		if err != nil || id != 0 {
			return id, err
		}
		return p.ParentID, nil
	}
	plans, err := s.db.ListPlans(ctx)
	if err != nil {
		return 0, err
	}
	for i := len(plans) - 1; i >= 0; i-- {
		if q := plans[i]; q.ID != p.ID && !q.ArchivedAt.IsZero() && q.ArchivedAt.Equal(p.PublishedAt) {
			return q.ID, nil
		}
	}
	return p.ParentID, nil
}

// changes compares plan v with the plan against (nil: an empty plan).
func (s *Server) changes(v, against *planView) changesJSON {
	out := changesJSON{PlanID: v.plan.ID, Changes: []changeJSON{}, Communes: []communeChange{}, Drivers: []driverChange{}}
	ref := &medibus.Plan{Start: v.plan.Start}
	if against != nil {
		out.AgainstID, ref = against.plan.ID, against.plan
	}
	rep := scheduler.Diff(ref, v.plan)
	drivers := map[string]*driverChange{}
	for _, c := range rep.Changes {
		cj := s.changeOf(v, against, c)
		out.Changes = append(out.Changes, cj)
		for _, side := range []*sideJSON{cj.Before, cj.After} {
			if side == nil {
				continue
			}
			dc := drivers[side.Unit]
			if dc == nil {
				dc = &driverChange{Unit: side.Unit, Name: side.UnitName}
				if u := v.ix.Units[side.Unit]; u != nil {
					dc.Driver = u.Driver
				}
				drivers[side.Unit] = dc
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
	out.Communes = communeChanges(v, against)
	return out
}

// changeOf describes change c with the names a person reads.
func (s *Server) changeOf(v, against *planView, c scheduler.Change) changeJSON {
	ref := c.After
	if ref == nil {
		ref = c.Before
	}
	views := [2]*planView{against, v}
	cj := changeJSON{Kind: c.Kind, KindLabel: kindLabels[c.Kind], Date: ref.Date, DateLabel: frDay(ref.Date), Half: halfFr(ref.Half),
		Site: ref.Site, SiteName: ref.Site, ServiceName: ref.Service}
	pv := v
	if c.After == nil {
		pv = against
	}
	if site := pv.ix.Sites[ref.Site]; site != nil {
		cj.SiteName, cj.INSEE = site.Name, site.INSEE
		cj.Commune = s.communeName(pv, site.INSEE)
	}
	if sv := pv.ix.Services[ref.Service]; sv != nil {
		cj.ServiceName = sv.Name
	}
	for i, se := range []*medibus.Session{c.Before, c.After} {
		if se == nil || views[i] == nil {
			continue
		}
		side := &sideJSON{Unit: se.Unit, UnitName: unitName(views[i], se.Unit), Start: se.Start.String(), End: se.End.String(), Staff: []string{}}
		for _, id := range se.Staff {
			if m := views[i].ix.Staff[id]; m != nil {
				side.Staff = append(side.Staff, m.Name)
			}
		}
		if i == 0 {
			cj.Before = side
		} else {
			cj.After = side
		}
	}
	return cj
}

func (s *Server) communeName(v *planView, insee string) string {
	if c := v.ix.Communes[insee]; c != nil {
		return c.Name
	}
	if c, ok := s.search.commune(insee); ok {
		return c.Name
	}
	return insee
}

// communeChanges lists the communes whose sites hold fewer or more sessions in v than
// in against, most lost first.
func communeChanges(v, against *planView) []communeChange {
	count := func(pv *planView) map[string]int {
		out := map[string]int{}
		if pv == nil {
			return out
		}
		for _, se := range pv.plan.Sessions {
			if site := pv.ix.Sites[se.Site]; site != nil {
				out[site.INSEE]++
			}
		}
		return out
	}
	before, after := count(against), count(v)
	var out []communeChange
	for _, pair := range []struct {
		m  map[string]int
		pv *planView
	}{{before, against}, {after, v}} {
		for insee := range pair.m {
			if before[insee] == after[insee] || containsCommune(out, insee) {
				continue
			}
			name := insee
			if c := pair.pv.ix.Communes[insee]; c != nil {
				name = c.Name
			}
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

// planChanges loads plan {id} and the plan it is compared with, and compares them.
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
	aid, err := s.against(r.Context(), r, p)
	if err != nil {
		fail(http.StatusBadRequest, err)
		return changesJSON{}, p, false
	}
	v, err := s.views.get(r.Context(), id)
	if err != nil {
		fail(statusOf(err), err)
		return changesJSON{}, p, false
	}
	var av *planView
	if aid != 0 && aid != id {
		if av, err = s.views.get(r.Context(), aid); err != nil {
			fail(statusOf(err), err)
			return changesJSON{}, p, false
		}
	}
	return s.changes(v, av), p, true
}

// apiChanges answers what changes between a plan and the one it is compared with.
func (s *Server) apiChanges(w http.ResponseWriter, r *http.Request, _ principal) {
	ch, _, ok := s.planChanges(w, r, false)
	if ok {
		writeJSON(w, http.StatusOK, ch)
	}
}

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
	_, _ = w.Write([]byte("\uFEFF"))
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	_ = cw.Write([]string{"destinataire", "nom", "code", "date", "demi_journee", "changement", "message"})
	for _, c := range ch.Changes {
		_ = cw.Write([]string{"mairie", "Mairie " + deName(c.Commune), c.INSEE, c.Date.String(), c.Half, c.KindLabel, noticeLine(c)})
		for _, side := range []*sideJSON{c.Before, c.After} {
			if side != nil && (side == c.Before || c.Before == nil || side.Unit != c.Before.Unit) {
				_ = cw.Write([]string{"conducteur", side.UnitName, side.Unit, c.Date.String(), c.Half, c.KindLabel, noticeLine(c)})
			}
		}
	}
	cw.Flush()
}
