package server

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"medibus"
	"medibus/holiday"
	"medibus/lang"
	"medibus/planning"
	"medibus/scenario"
	"medibus/store"
)

func (s *Server) apiMe(w http.ResponseWriter, _ *http.Request, who principal) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, who)
}

type scenarioJSON struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
}

func (s *Server) apiScenarios(w http.ResponseWriter, r *http.Request, _ principal) {
	list, err := s.db.ListScenarios(r.Context())
	if err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	out := []scenarioJSON{}
	for _, sc := range list {
		out = append(out, scenarioJSON{sc.ID, sc.Name, sc.Version, sc.CreatedAt})
	}
	writeJSON(w, http.StatusOK, map[string]any{"scenarios": out})
}

// apiScenario returns a stored scenario without its communes and demand, which for
// France weigh megabytes and which the UI does not need.
func (s *Server) apiScenario(w http.ResponseWriter, r *http.Request, _ principal) {
	id, err := pathID(r, "id")
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	sc, err := s.db.Scenario(r.Context(), id)
	if err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"id": id, "name": sc.Name, "description": sc.Description, "rules": sc.Rules,
		"depots": sc.Depots, "units": sc.Units, "staff": sc.Staff, "services": sc.Services, "sites": sc.Sites,
		"pins": nonNil(sc.Pins), "communes": len(sc.Communes),
	})
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

type planJSON struct {
	ID          int64        `json:"id"`
	ScenarioID  int64        `json:"scenario_id"`
	Scenario    string       `json:"scenario"`
	Version     int          `json:"version"`
	Status      string       `json:"status"`
	Start       medibus.Date `json:"start"`
	Seed        int64        `json:"seed"`
	Engine      string       `json:"engine"`
	CreatedAt   time.Time    `json:"created_at"`
	PublishedAt *time.Time   `json:"published_at,omitempty"`
	ArchivedAt  *time.Time   `json:"archived_at,omitempty"`
	ParentID    int64        `json:"parent_id,omitempty"`
	KPIs        medibus.KPIs `json:"kpis"`
	// Kind is "rotation" or "change"; Units the buses a rotation covers (none: every
	// bus of its scenario); Change what a dated change replaces.
	Kind   string          `json:"kind"`
	Units  []string        `json:"units,omitempty"`
	Change *medibus.Change `json:"change,omitempty"`
	// Revision is the revision of the plan's pins (its ETag is "pREVISION" in the
	// desk's writes); ParentRevision the revision of the parent's pins its run read.
	Revision       int64 `json:"revision"`
	ParentRevision int64 `json:"parent_revision,omitempty"`
}

func planOf(p store.PlanSummary) planJSON {
	j := planJSON{ID: p.ID, ScenarioID: p.ScenarioID, Scenario: p.Scenario, Version: p.Version, Status: p.Status,
		Start: p.Start, Seed: p.Seed, Engine: p.Engine, CreatedAt: p.CreatedAt, ParentID: p.ParentID, KPIs: p.KPIs,
		Kind: p.Kind, Units: p.Units, Change: p.Change, Revision: p.Revision, ParentRevision: p.ParentRevision}
	if !p.PublishedAt.IsZero() {
		t := p.PublishedAt
		j.PublishedAt = &t
	}
	if !p.ArchivedAt.IsZero() {
		t := p.ArchivedAt
		j.ArchivedAt = &t
	}
	return j
}

func (s *Server) apiPlans(w http.ResponseWriter, r *http.Request, _ principal) {
	list, err := s.db.ListPlans(r.Context())
	if err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	out := []planJSON{}
	for _, p := range list {
		out = append(out, planOf(p))
	}
	writeJSON(w, http.StatusOK, map[string]any{"plans": out})
}

// planInfo reads the summary of the plan named by the {id} path value.
// planView is planInfo with the plan's view (scenario, index, sessions), or an answer
// written and false.
func (s *Server) planView(w http.ResponseWriter, r *http.Request) (store.PlanSummary, *planView, bool) {
	p, ok := s.planInfo(w, r)
	if !ok {
		return p, nil, false
	}
	v, err := s.views.get(r.Context(), p.ID)
	if err != nil {
		s.writeStoreError(w, r, err)
		return p, nil, false
	}
	return p, v, true
}

func (s *Server) planInfo(w http.ResponseWriter, r *http.Request) (store.PlanSummary, bool) {
	id, err := pathID(r, "id")
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return store.PlanSummary{}, false
	}
	p, err := s.db.PlanInfo(r.Context(), id)
	if err != nil {
		s.writeStoreError(w, r, err)
		return store.PlanSummary{}, false
	}
	return p, true
}

// unitJSON is a bus with where it works: its depot's department and region, for the
// desk's filters.
type unitJSON struct {
	ID             string `json:"id"`
	Name           string `json:"name"`
	Depot          string `json:"depot"`
	Driver         string `json:"driver,omitempty"`
	Department     string `json:"department"`
	DepartmentName string `json:"department_name"`
	Region         string `json:"region"`
	RegionName     string `json:"region_name"`
	// Organisation runs the bus (its id and name), when the scenario says.
	Organisation     string `json:"organisation,omitempty"`
	OrganisationName string `json:"organisation_name,omitempty"`
	// Published lists the publications that decide the bus from today on: which
	// rotation its sessions come from, and from when.
	Published []busPublication `json:"published"`
	// PublishedLabel says it in French for the desk's grid.
	PublishedLabel string `json:"published_label"`
	// MayChange says whether the coordinator asking may move and pin the bus's
	// sessions; ReadOnly, when not, says whose bus it is: « lecture seule — bus de
	// l'organisation MSP de Felletin ».
	MayChange bool   `json:"may_change"`
	ReadOnly  string `json:"read_only,omitempty"`
}

// busPublication is a rotation in force for a bus from a date.
type busPublication struct {
	PlanID    int64        `json:"plan_id"`
	Scenario  string       `json:"scenario"`
	Effective medibus.Date `json:"effective"`
	By        string       `json:"by,omitempty"`
}

// publishedFor lists the publications of bus id from today on, with a French label.
func publishedFor(pv *publicView, id string) ([]busPublication, string) {
	out := []busPublication{}
	var parts []string
	for _, p := range pv.cal.Schedule(id) {
		rot, _, ok := pv.cal.Rotation(id, max(p.Effective, pv.today))
		if !ok || rot.Plan.ID != p.Plan {
			continue
		}
		out = append(out, busPublication{PlanID: p.Plan, Scenario: rot.Plan.Scenario, Effective: p.Effective, By: p.By})
		when := "depuis le"
		if p.Effective > pv.today {
			when = "à partir du"
		}
		parts = append(parts, fmt.Sprintf("plan n° %d (%s) %s %s", p.Plan, rot.Plan.Scenario, when, frDayShort(p.Effective)))
	}
	if len(parts) == 0 {
		return out, "rien de publié"
	}
	return out, "publié : " + strings.Join(parts, " ; ")
}

// staffJSON is a professional with their profession in French.
type staffJSON struct {
	ID           string           `json:"id"`
	Name         string           `json:"name"`
	Role         string           `json:"role"`
	RoleLabel    string           `json:"role_label"`
	Units        []string         `json:"units"`
	Availability medibus.HalfDays `json:"availability"`
}

// dateJSON is a working date of the cycle with its French label and, when it is one,
// the national public holiday it falls on.
type dateJSON struct {
	Date    medibus.Date `json:"date"`
	Label   string       `json:"label"`
	Holiday string       `json:"holiday,omitempty"`
}

func (s *Server) apiPlan(w http.ResponseWriter, r *http.Request, who principal) {
	p, v, ok := s.planView(w, r)
	if !ok {
		return
	}
	staff := []staffJSON{}
	for _, m := range v.sc.Staff {
		staff = append(staff, staffJSON{ID: m.ID, Name: m.Name, Role: m.Role, RoleLabel: roleFr(m.Role), Units: nonNil(m.Units), Availability: m.Availability})
	}
	services := []map[string]string{}
	for _, sv := range v.sc.Services {
		services = append(services, map[string]string{"id": sv.ID, "name": sv.Name})
	}
	dates := []dateJSON{}
	for d := 0; d < v.days; d++ {
		day := p.Start.AddDays(d)
		if v.sc.Rules.Days.Has(day.Weekday(), medibus.AM) || v.sc.Rules.Days.Has(day.Weekday(), medibus.PM) {
			name, _ := holiday.On(day, "")
			dates = append(dates, dateJSON{Date: day, Label: frDayShort(day), Holiday: name})
		}
	}
	sites := []map[string]string{}
	for _, st := range v.sites {
		sites = append(sites, map[string]string{"id": st.ID, "name": st.Name, "insee": st.INSEE})
	}
	// A run reads its parent's pins at one revision: the pins set on the parent since
	// are not in this plan, and the desk says so.
	since := []store.Edit{}
	if p.ParentID != 0 && p.ParentRevision != 0 {
		var err error
		if since, err = s.db.EditsSince(r.Context(), p.ParentID, p.ParentRevision); err != nil {
			s.writeStoreError(w, r, err)
			return
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"plan": planOf(p), "units": s.unitsJSON(r.Context(), v, who), "staff": staff, "services": services, "dates": dates, "sites": sites, "pins_since": nonNil(since),
		"cycle_weeks": v.sc.Rules.CycleWeeks, "windows": v.sc.Rules.Windows, "today": s.today(),
		"need": lang.Text(scenario.SourcesOf(v.sc).Sentence(), lang.French),
	})
}

// unitsJSON lists the plan's buses with their depot's department and region, what is
// published for each, and whether who may change it.
func (s *Server) unitsJSON(ctx context.Context, v *planView, who principal) []unitJSON {
	out := []unitJSON{}
	pv, _ := s.published.view(ctx)
	for _, u := range v.sc.Units {
		j := unitJSON{ID: u.ID, Name: u.Name, Depot: u.Depot, Driver: u.Driver, Region: u.Region, Organisation: u.Organisation}
		j.Published, j.PublishedLabel = []busPublication{}, ""
		if pv != nil {
			j.Published, j.PublishedLabel = publishedFor(pv, u.ID)
		}
		if o := v.ix.Organisations[u.Organisation]; o != nil {
			j.OrganisationName = o.Name
		}
		if dp := v.ix.Depots[u.Depot]; dp != nil {
			j.Department = holiday.Department(dp.INSEE)
			if c, ok := s.search.commune(dp.INSEE); ok {
				j.Department = c.Department
			}
		}
		if d, ok := s.fr.Department(j.Department); ok {
			j.DepartmentName, j.Region, j.RegionName = d.Name, d.Region, d.RegionName
		}
		if j.MayChange = who.mayChange(&u); !j.MayChange {
			j.ReadOnly = "lecture seule — bus " + ownerFr(j)
		}
		out = append(out, j)
	}
	return out
}

// ownerFr names whose bus j is, after « bus »: « de l'organisation MSP de Felletin »,
// « de la région Nouvelle-Aquitaine ».
func ownerFr(j unitJSON) string {
	switch {
	case j.OrganisationName != "":
		return "de l'organisation " + j.OrganisationName
	case j.Organisation != "":
		return "de l'organisation " + j.Organisation
	case j.RegionName != "":
		return "de la région " + j.RegionName
	}
	return "d'une autre coordination"
}

func (s *Server) apiKPIs(w http.ResponseWriter, r *http.Request, _ principal) {
	p, ok := s.planInfo(w, r)
	if !ok {
		return
	}
	writeJSON(w, http.StatusOK, p.KPIs)
}

// sessionJSON is a session with the names a person reads.
type sessionJSON struct {
	medibus.Session
	Weekday     string   `json:"weekday"`
	ServiceName string   `json:"service_name"`
	SiteName    string   `json:"site_name"`
	SiteCommune string   `json:"site_commune"`
	SiteINSEE   string   `json:"site_insee"`
	Lat         float64  `json:"lat"`
	Lon         float64  `json:"lon"`
	StaffNames  []string `json:"staff_names"`
	// RemoteNames are the specialists of a tele-consultation, taking part from afar.
	RemoteNames []string `json:"remote_names"`
	UnitName    string   `json:"unit_name"`
}

// apiSessions lists a plan's sessions, optionally for one unit and date. Drivers see
// published plans only, and only their bus unless their token covers every bus.
func (s *Server) apiSessions(w http.ResponseWriter, r *http.Request, who principal) {
	p, ok := s.planInfo(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	unit := q.Get("unit")
	if !who.isCoordinator() {
		if !p.Published() {
			writeError(w, http.StatusForbidden, fmt.Errorf("plan %d is a draft: drivers see published plans only", p.ID))
			return
		}
		if who.Unit != "" && unit != who.Unit {
			writeError(w, http.StatusForbidden, fmt.Errorf("your token covers bus %s: add ?unit=%s", who.Unit, who.Unit))
			return
		}
	}
	var date medibus.Date
	if ds := q.Get("date"); ds != "" {
		var err error
		if date, err = medibus.ParseDate(ds); err != nil {
			writeError(w, http.StatusBadRequest, err)
			return
		}
	}
	v, err := s.views.get(r.Context(), p.ID)
	if err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	out := []sessionJSON{}
	for i := range v.plan.Sessions {
		se := &v.plan.Sessions[i]
		if (unit != "" && se.Unit != unit) || (date != 0 && se.Date != date) {
			continue
		}
		j := sessionJSON{Session: *se, Weekday: se.Date.Weekday().String(), StaffNames: []string{}, RemoteNames: []string{}, ServiceName: se.Service}
		if site := v.ix.Sites[se.Site]; site != nil {
			j.SiteName, j.SiteINSEE, j.Lat, j.Lon = site.Name, site.INSEE, site.Point.Lat(), site.Point.Lon()
			j.SiteCommune = s.communeName(v.ix, site.INSEE)
		}
		if sv := v.ix.Services[se.Service]; sv != nil {
			j.ServiceName = sv.Name
		}
		for _, id := range se.Staff {
			if m := v.ix.Staff[id]; m != nil {
				j.StaffNames = append(j.StaffNames, crewName(m))
			}
		}
		for _, id := range se.Remote {
			if m := v.ix.Staff[id]; m != nil {
				j.RemoteNames = append(j.RemoteNames, m.Name+" ("+roleFr(m.Role)+")")
			}
		}
		if u := v.ix.Units[se.Unit]; u != nil {
			j.UnitName = u.Name
		}
		out = append(out, j)
	}
	writeJSON(w, http.StatusOK, map[string]any{"plan_id": p.ID, "sessions": out})
}

// publishRequest is the optional body of POST /api/plans/{id}/publish.
type publishRequest struct {
	// Effective is the first date a rotation is shown on (default: the first start of
	// its cycle from today).
	Effective string `json:"effective,omitempty"`
	// Units are the buses a rotation is published for (default: every bus it covers).
	Units []string `json:"units,omitempty" bound:"id"`
	// Revision is the published revision of the summary the coordinator read
	// (GET /api/plans/{id}/changes); If-Match with its ETag says the same.
	Revision int64 `json:"revision,omitempty"`
}

func (s *Server) apiPublish(w http.ResponseWriter, r *http.Request, who principal) {
	p, ok := s.planInfo(w, r)
	if !ok {
		return
	}
	var req publishRequest
	if r.ContentLength != 0 {
		if !decodeBody(w, r, &req) {
			return
		}
	}
	pr := planning.PublishRequest{Plan: p.ID, Units: req.Units, IfRevision: req.Revision, By: who.label(), Today: s.today()}
	if rev, ok := ifMatchRevision(r); ok {
		pr.IfRevision = rev
	}
	if req.Effective != "" {
		d, err := medibus.ParseDate(req.Effective)
		if err != nil {
			writeError(w, http.StatusBadRequest, fmt.Errorf("effective : %w", err))
			return
		}
		pr.Effective = d
	}
	v, err := s.views.get(r.Context(), p.ID)
	if err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	units := pr.Units
	if units == nil {
		units = coveredUnits(v)
	}
	if p.Change != nil {
		units = changeUnits(p.Change)
	}
	if refuseOutside(w, who, v.ix, fmt.Sprintf("publier le plan %d", p.ID), units) {
		return
	}
	done, err := s.planning.Publish(r.Context(), s.db, pr)
	if err != nil {
		s.writePlanningError(w, r, err)
		return
	}
	s.published.invalidate()
	if p, err = s.db.PlanInfo(r.Context(), p.ID); err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	s.log.Info("plan published", "plan", p.ID, "units", len(done.Units), "effective", done.Effective.String(), "revision", done.Revision)
	w.Header().Set("ETag", revisionTag(done.Revision))
	writeJSON(w, http.StatusOK, map[string]any{"plan": planOf(p), "units": nonNil(done.Units), "effective": done.Effective, "revision": done.Revision})
}

// ifMatchRevision reads a revision from the If-Match header ("r12", quoted or not).
func ifMatchRevision(r *http.Request) (int64, bool) {
	h := strings.Trim(strings.TrimPrefix(strings.TrimSpace(r.Header.Get("If-Match")), "W/"), `"`)
	if !strings.HasPrefix(h, "r") {
		return 0, false
	}
	rev, err := strconv.ParseInt(h[1:], 10, 64)
	return rev, err == nil && rev > 0
}

// compareJSON puts two plans' figures side by side with the changes between them.
type compareJSON struct {
	A, B    planJSON           `json:"-"`
	Plans   [2]planJSON        `json:"plans"`
	Delta   map[string]float64 `json:"delta"` // b − a for each headline figure
	Changes struct {
		Same    int `json:"same"`    // same slot, site, service and staff
		Changed int `json:"changed"` // same slot, something else differs
		Added   int `json:"added"`   // slot only in b
		Removed int `json:"removed"` // slot only in a
	} `json:"changes"`
}

// kpiFigures lists the headline figures compared, in display order.
func kpiFigures(k medibus.KPIs) []struct {
	Name  string
	Value float64
} {
	return []struct {
		Name  string
		Value float64
	}{
		{"per_1000_in_need", k.Per1000}, {"worst_decile_per_1000", k.WorstDecilePer1000},
		{"worst_department_per_1000", k.WorstDepartmentPer1000}, {"gini", k.Gini},
		{"share_to_need", k.ShareToNeed}, {"need_met", k.NeedMet}, {"population_in_need", float64(k.PopulationInNeed)},
		{"population_covered", float64(k.PopulationCovered)}, {"coverage_share", k.CoverageShare},
		{"sessions", float64(k.Sessions)}, {"bus_days", float64(k.BusDays)}, {"sites_used", float64(k.SitesUsed)},
		{"communes_served", float64(k.CommunesServed)}, {"consultation_slots", float64(k.ConsultationSlots)},
		{"expected_patients", float64(k.ExpectedPatients)}, {"slots_booked", k.SlotsBooked},
		{"buses_used", float64(k.BusesUsed)}, {"half_days_used", k.HalfDaysUsed},
		{"drive_min_p95", float64(k.DriveMinP95)}, {"longest_leg_min", float64(k.LongestLegMin)},
		{"fixed_rhythm_share", k.FixedRhythmShare}, {"drive_km", k.DriveKm}, {"drive_hours", k.DriveHours},
		{"co2_kg", k.CO2Kg}, {"staff_utilisation", k.StaffUtilisation},
		{"assisted_sessions", float64(k.AssistedSessions)}, {"assistant_consultations", float64(k.AssistantConsults)},
		{"intern_sessions", float64(k.InternSessions)}, {"objective", objectiveOf(k)},
	}
}

// objectiveOf is the planner's objective of a plan (0 when it was not recorded).
func objectiveOf(k medibus.KPIs) float64 {
	if k.Search == nil {
		return 0
	}
	return k.Search.Objective
}

func (s *Server) apiCompare(w http.ResponseWriter, r *http.Request, _ principal) {
	var ids [2]int64
	for i, name := range []string{"a", "b"} {
		id, err := strconv.ParseInt(r.URL.Query().Get(name), 10, 64)
		if err != nil || id <= 0 {
			writeError(w, http.StatusBadRequest, fmt.Errorf("%s: want a plan id, for example ?a=1&b=2", name))
			return
		}
		ids[i] = id
	}
	var out compareJSON
	var views [2]*planView
	for i, id := range ids {
		p, err := s.db.PlanInfo(r.Context(), id)
		if err != nil {
			s.writeStoreError(w, r, err)
			return
		}
		out.Plans[i] = planOf(p)
		if views[i], err = s.views.get(r.Context(), id); err != nil {
			s.writeStoreError(w, r, err)
			return
		}
	}
	out.Delta = map[string]float64{}
	fa, fb := kpiFigures(out.Plans[0].KPIs), kpiFigures(out.Plans[1].KPIs)
	for i := range fa {
		out.Delta[fa[i].Name] = fb[i].Value - fa[i].Value
	}
	slots := map[medibus.SlotKey]*medibus.Session{}
	for i := range views[0].plan.Sessions {
		se := &views[0].plan.Sessions[i]
		slots[se.Key()] = se
	}
	for i := range views[1].plan.Sessions {
		se := &views[1].plan.Sessions[i]
		old, ok := slots[se.Key()]
		switch {
		case !ok:
			out.Changes.Added++
		case old.Site == se.Site && old.Service == se.Service && sameStaff(old.Staff, se.Staff):
			out.Changes.Same++
		default:
			out.Changes.Changed++
		}
		delete(slots, se.Key())
	}
	out.Changes.Removed = len(slots)
	writeJSON(w, http.StatusOK, out)
}

func sameStaff(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	x, y := append([]string(nil), a...), append([]string(nil), b...)
	sort.Strings(x)
	sort.Strings(y)
	for i := range x {
		if x[i] != y[i] {
			return false
		}
	}
	return true
}
