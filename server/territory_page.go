package server

import (
	"cmp"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"medibus"
	"medibus/scenario"
	"medibus/store"
)

// The territory editor's pages: /plan/territoire lists the scenarios and creates one;
// /plan/territoire/{id}/modifier edits version {id} of one (server-rendered, with
// web/static/territory.js saving through the JSON API and showing each problem at its
// field).

// territoryView is one version of a scenario as the editor shows it: GET
// /api/scenarios/{id}/territory, and the data of its page.
type territoryView struct {
	ID            int64        `json:"id"`
	Name          string       `json:"name"`
	Version       int          `json:"version"`
	Description   string       `json:"description"`
	LatestID      int64        `json:"latest_id"`
	LatestVersion int          `json:"latest_version"`
	Organisations []orgItem    `json:"organisations"`
	Units         []busItem    `json:"units"`
	Staff         []proItem    `json:"staff"`
	Sites         []siteItem   `json:"sites"`
	Services      []svcItem    `json:"services"`
	Templates     []svcItem    `json:"service_templates"`
	Roles         []string     `json:"roles"`
	Equipment     []string     `json:"equipment"`
	Missing       []string     `json:"missing"`
	History       []historyRow `json:"history"`
	// Departments are the codes of the scenario's departments, for the map.
	Departments []string `json:"departments"`
	Communes    int      `json:"communes"`
}

type orgItem struct {
	ID string `json:"id"`
	orgBody
}
type busItem struct {
	ID string `json:"id"`
	busBody
	BaseName    string `json:"base_name"`
	DaysFr      string `json:"days_fr"`
	EquipmentFr string `json:"equipment_fr"`
}
type proItem struct {
	ID string `json:"id"`
	proBody
	AvailabilityFr string `json:"availability_fr"`
}
type siteItem struct {
	ID string `json:"id"`
	siteBody
	Commune   string `json:"commune"`
	AllowedFr string `json:"allowed_fr"`
}
type svcItem struct {
	ID string `json:"id"`
	serviceBody
}

// historyRow is one version in the editor's history.
type historyRow struct {
	ID      int64     `json:"id"`
	Version int       `json:"version"`
	At      time.Time `json:"at"`
	Who     string    `json:"who"`
	What    string    `json:"what"`
	UndoTo  int64     `json:"undo_to,omitempty"`
}

// newTerritoryView builds the view of version sum of sc.
func (s *Server) newTerritoryView(r *http.Request, sc *medibus.Scenario, sum store.ScenarioSummary) (*territoryView, error) {
	hist, err := s.db.ScenarioHistory(r.Context(), sum.Name)
	if err != nil {
		return nil, err
	}
	ix := medibus.NewIndex(sc)
	v := &territoryView{ID: sum.ID, Name: sum.Name, Version: sum.Version, Description: sc.Description, LatestID: hist[0].ID,
		LatestVersion: hist[0].Version, Communes: len(sc.Communes), Roles: []string{}, Equipment: []string{}, Missing: []string{}}
	for i := range sc.Organisations {
		v.Organisations = append(v.Organisations, orgItem{sc.Organisations[i].ID, orgBodyOf(&sc.Organisations[i], ix)})
	}
	for i := range sc.Units {
		b := busItem{ID: sc.Units[i].ID, busBody: busBodyOf(&sc.Units[i], ix), DaysFr: frHalfDays(sc.Units[i].Days)}
		var eq []string
		for _, e := range sc.Units[i].Equipment {
			eq = append(eq, cmp.Or(equipmentFr[e], e))
		}
		b.EquipmentFr = strings.Join(eq, ", ")
		if c := ix.Communes[b.Base]; c != nil {
			b.BaseName = c.Name
		}
		v.Units = append(v.Units, b)
	}
	for i := range sc.Staff {
		v.Staff = append(v.Staff, proItem{sc.Staff[i].ID, proBodyOf(&sc.Staff[i]), frHalfDays(sc.Staff[i].Availability)})
	}
	for i := range sc.Sites {
		it := siteItem{ID: sc.Sites[i].ID, siteBody: siteBodyOf(&sc.Sites[i]), AllowedFr: frHalfDays(sc.Sites[i].Allowed)}
		if c := ix.Communes[it.INSEE]; c != nil {
			it.Commune = c.Name
		}
		v.Sites = append(v.Sites, it)
	}
	add := func(list *[]string, vs ...string) {
		for _, x := range vs {
			if !slices.Contains(*list, x) {
				*list = append(*list, x)
			}
		}
	}
	for i := range sc.Services {
		v.Services = append(v.Services, svcItem{sc.Services[i].ID, serviceBodyOf(&sc.Services[i])})
		add(&v.Roles, sc.Services[i].Roles...)
		add(&v.Equipment, sc.Services[i].Equipment...)
	}
	add(&v.Roles, medibus.RoleAssistant)
	for _, t := range scenario.ServiceTemplates(&s.params) {
		add(&v.Equipment, t.Equipment...)
		if ix.Services[t.ID] == nil {
			v.Templates = append(v.Templates, svcItem{t.ID, serviceBodyOf(&t)})
		}
	}
	for i := range sc.Units {
		add(&v.Equipment, sc.Units[i].Equipment...)
	}
	for i := range sc.Staff {
		add(&v.Roles, sc.Staff[i].Role)
	}
	for _, c := range sc.Communes {
		add(&v.Departments, c.Department)
	}
	v.Missing = missingFr(sc)
	for _, h := range hist {
		who, what := h.Who, h.What
		if !h.Recorded {
			who, what = "hors de l'éditeur", "version enregistrée par un envoi de fichier ou une planification"
		}
		v.History = append(v.History, historyRow{ID: h.ID, Version: h.Version, At: h.CreatedAt, Who: who, What: what, UndoTo: h.UndoTo})
	}
	return v, nil
}

// missingFr says, in French, what keeps sc from being planned.
func missingFr(sc *medibus.Scenario) []string {
	out := []string{}
	if len(sc.Units) == 0 {
		out = append(out, "Aucun bus : ajoutez-en au moins un (section « Bus »).")
	}
	if len(sc.Staff) == 0 {
		out = append(out, "Aucun professionnel : ajoutez ceux qui montent à bord (section « Professionnels »).")
	}
	if len(sc.Sites) == 0 {
		out = append(out, "Aucun lieu : ajoutez les communes où le bus stationne (section « Lieux »).")
	}
	for i := range sc.Services {
		sv := &sc.Services[i]
		equipped, missing := scenario.ServiceGaps(sc, sv)
		if len(sc.Units) > 0 && !equipped {
			out = append(out, fmt.Sprintf("Service « %s » : aucun bus n'a l'équipement %s ; cochez-le sur un bus.", sv.Name, strings.Join(sv.Equipment, ", ")))
		}
		if len(sc.Staff) > 0 && len(missing) > 0 {
			out = append(out, fmt.Sprintf("Service « %s » : personne n'a le rôle %s ; ajoutez un professionnel de ce rôle.", sv.Name, strings.Join(missing, ", ")))
		}
	}
	return out
}

// apiTerritory returns the editor's view of scenario version {id}.
func (s *Server) apiTerritory(w http.ResponseWriter, r *http.Request, _ principal) {
	sc, sum, ok := s.loadEdit(w, r)
	if !ok {
		return
	}
	v, err := s.newTerritoryView(r, sc, sum)
	if err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// communeJSON is a commune found by the editor's search.
type communeJSON struct {
	INSEE       string   `json:"insee"`
	Name        string   `json:"name"`
	Department  string   `json:"department"`
	PostalCodes []string `json:"postal_codes"`
	Population  int      `json:"population"`
	InNeed      bool     `json:"in_need"`
	Lat         float64  `json:"lat"`
	Lon         float64  `json:"lon"`
}

// apiScenarioCommunes finds communes of scenario {id}'s territory: by name or postal
// code (q, as the patient search reads it), or the nearest to a point (lat, lon).
func (s *Server) apiScenarioCommunes(w http.ResponseWriter, r *http.Request, _ principal) {
	sc, _, ok := s.loadEdit(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	var found []*medibus.Commune
	if q.Has("lat") || q.Has("lon") {
		lat, e1 := strconv.ParseFloat(q.Get("lat"), 64)
		lon, e2 := strconv.ParseFloat(q.Get("lon"), 64)
		if e1 != nil || e2 != nil || math.IsNaN(lat+lon) {
			writeError(w, http.StatusBadRequest, fmt.Errorf("lat et lon : deux nombres en degrés (lat=46.1&lon=2.1)"))
			return
		}
		best, bd := -1, math.Inf(1)
		for i := range sc.Communes {
			p := sc.Communes[i].Point
			dx, dy := (p.Lon()-lon)*math.Cos(lat*math.Pi/180), p.Lat()-lat
			if d := dx*dx + dy*dy; d < bd {
				best, bd = i, d
			}
		}
		if best >= 0 && math.Sqrt(bd)*111 < 15 {
			found = append(found, &sc.Communes[best])
		}
	} else {
		query := strings.TrimSpace(q.Get("q"))
		if query == "" || len(query) > 100 {
			writeError(w, http.StatusBadRequest, fmt.Errorf("q : écrivez le début du nom d'une commune ou son code postal (1 à 100 caractères)"))
			return
		}
		found = newCommuneIndex(sc.Communes).find(query, 10)
	}
	out := []communeJSON{}
	for _, c := range found {
		out = append(out, communeJSON{INSEE: c.INSEE, Name: c.Name, Department: c.Department, PostalCodes: c.PostalCodes,
			Population: c.Population, InNeed: c.InNeed, Lat: c.Point.Lat(), Lon: c.Point.Lon()})
	}
	writeJSON(w, http.StatusOK, map[string]any{"communes": out})
}

// scenarioRow is a scenario in the list of /plan/territoire: its latest version.
type scenarioRow struct {
	ID      int64
	Name    string
	Version int
	At      time.Time
}

// territoryList serves /plan/territoire: the scenarios, newest first, and the form
// that creates one.
func (s *Server) territoryList(w http.ResponseWriter, r *http.Request, who principal) {
	list, err := s.db.ListScenarios(r.Context())
	if err != nil {
		s.errorPage(w, r, statusOf(err), err)
		return
	}
	latest := map[string]scenarioRow{}
	for _, sc := range list {
		if cur, ok := latest[sc.Name]; !ok || sc.Version > cur.Version {
			latest[sc.Name] = scenarioRow{sc.ID, sc.Name, sc.Version, sc.CreatedAt}
		}
	}
	rows := make([]scenarioRow, 0, len(latest))
	for _, row := range latest {
		rows = append(rows, row)
	}
	slices.SortFunc(rows, func(a, b scenarioRow) int { return int(b.ID - a.ID) })
	type dept struct{ Code, Name string }
	var depts []dept
	for _, d := range s.fr.Departments {
		depts = append(depts, dept{d.Code, d.Name})
	}
	w.Header().Set("Cache-Control", "private, no-cache")
	s.writePage(w, r, http.StatusOK, "territory-list.html", struct {
		Who         principal
		Scenarios   []scenarioRow
		Departments []dept
		Builtins    []string
	}{who, rows, depts, scenario.Names(s.fr)})
}

// territoryPage serves /plan/territoire/{id}/modifier: the editor of scenario version {id}.
func (s *Server) territoryPage(w http.ResponseWriter, r *http.Request, who principal) {
	id, err := pathID(r, "id")
	if err != nil {
		s.errorPage(w, r, http.StatusNotFound, fmt.Errorf("aucun scénario à l'adresse %s : choisissez-en un dans la liste des territoires", r.URL.Path))
		return
	}
	sum, err := s.db.ScenarioSummaryOf(r.Context(), id)
	if err != nil {
		s.errorPage(w, r, statusOf(err), fmt.Errorf("aucun scénario n° %d : choisissez-en un dans la liste des territoires (/plan/territoire)", id))
		return
	}
	sc, err := s.db.Scenario(r.Context(), id)
	if err != nil {
		s.errorPage(w, r, statusOf(err), err)
		return
	}
	v, err := s.newTerritoryView(r, sc, sum)
	if err != nil {
		s.errorPage(w, r, statusOf(err), err)
		return
	}
	filter := strings.TrimSpace(r.URL.Query().Get("filtre"))
	shown, hidden := v.shown(filter, shownMax)
	type kindFr struct{ ID, Name string }
	kinds := make([]kindFr, len(organisationKindsFr))
	for i, k := range organisationKindsFr {
		kinds[i] = kindFr(k)
	}
	w.Header().Set("Cache-Control", "private, no-cache")
	s.writePage(w, r, http.StatusOK, "territory.html", struct {
		Who      principal
		V        *territoryView
		OrgKinds []kindFr
		Days     []dayFr
		CanUndo  bool
		IsLatest bool
		RolesFr  map[string]string
		EquipFr  map[string]string
		Grids    map[string]formPart
		Picks    map[string]formPart
		Shown    *territoryView
		Hidden   map[string]string
		Filter   string
	}{who, v, kinds, weekDaysFr, v.LatestID == v.ID && len(v.History) > 0 && v.History[0].UndoTo != 0, v.LatestID == v.ID, roleNames, equipmentFr,
		map[string]formPart{
			"units": {"units-days", "days", "Jours et demi-journées de route", weekDaysFr},
			"staff": {"staff-availability", "availability", "Demi-journées où il ou elle peut être à bord", weekDaysFr},
			"sites": {"sites-allowed", "allowed", "Demi-journées où le lieu accueille le bus", weekDaysFr},
		},
		map[string]formPart{
			"organisations": {Prefix: "organisations-base", Field: "base", Legend: "Commune de son siège (facultatif)"},
			"units":         {Prefix: "units-base", Field: "base", Legend: "Base : la commune où le bus dort"},
			"sites":         {Prefix: "sites-insee", Field: "insee", Legend: "Commune du lieu"},
		}, shown, hidden, filter})
}

// shownMax bounds each list of the editor's page: France has 14,201 sites.
const shownMax = 300

// shown returns the entities of v the page lists: those whose name, id or commune
// holds filter (folded as the commune search folds names), at most max of each kind,
// and how many more each kind has, in French figures, by kind.
func (v *territoryView) shown(filter string, max int) (*territoryView, map[string]string) {
	key := normalize(filter)
	match := func(texts ...string) bool {
		if key == "" {
			return true
		}
		for _, t := range texts {
			if strings.Contains(normalize(t), key) {
				return true
			}
		}
		return false
	}
	hidden := map[string]string{}
	out := &territoryView{}
	count := func(kind string, n int) {
		if n > 0 {
			hidden[kind] = frNumber(float64(n))
		}
	}
	var n int
	out.Organisations, n = keep(v.Organisations, max, func(x orgItem) bool { return match(x.ID, x.Name) })
	count("Organisations", n)
	out.Units, n = keep(v.Units, max, func(x busItem) bool { return match(x.ID, x.Name, x.BaseName) })
	count("Units", n)
	out.Staff, n = keep(v.Staff, max, func(x proItem) bool { return match(x.ID, x.Name, x.Role, roleFr(x.Role)) })
	count("Staff", n)
	out.Sites, n = keep(v.Sites, max, func(x siteItem) bool { return match(x.ID, x.Name, x.Commune, x.INSEE) })
	count("Sites", n)
	out.Services, n = keep(v.Services, max, func(x svcItem) bool { return match(x.ID, x.Name) })
	count("Services", n)
	return out, hidden
}

// keep returns the first max items of list that ok accepts, and how many more it
// accepts.
func keep[T any](list []T, max int, ok func(T) bool) ([]T, int) {
	var out []T
	more := 0
	for _, x := range list {
		switch {
		case !ok(x):
		case len(out) < max:
			out = append(out, x)
		default:
			more++
		}
	}
	return out, more
}

// formPart is what a shared part of the editor's forms (half-day boxes, a commune
// search) needs: the id prefix of its elements, its body field and its legend.
type formPart struct {
	Prefix, Field, Legend string
	Days                  []dayFr
}

// dayFr is a weekday as the forms' half-day boxes show it.
type dayFr struct{ Code, Name string }

var weekDaysFr = []dayFr{{"Mon", "lundi"}, {"Tue", "mardi"}, {"Wed", "mercredi"}, {"Thu", "jeudi"}, {"Fri", "vendredi"}, {"Sat", "samedi"}}

// equipmentFr names the built-in equipment in French; other items show their id.
var (
	equipmentFr = map[string]string{"gyn_chair": "fauteuil de gynécologie", "ultrasound": "échographe", "eye_kit": "kit d'ophtalmologie",
		"dental_chair": "fauteuil dentaire", "ramp": "rampe d'accès", "ecg": "électrocardiographe", "tele_kit": "kit de télémédecine"}
)
