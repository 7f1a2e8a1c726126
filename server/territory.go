package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"medibus"
	"medibus/scenario"
	"medibus/store"
)

// The territory editor's JSON API: a coordinator creates a scenario (from a built-in
// one, or empty over a department) and edits its organisations, buses, professionals,
// sites and services one at a time. Every save names, by its URL, the version it was
// made from and is a new version (store.DB.EditScenario: a save made from an older
// version is refused 409 with the versions since, never lost); it is read with the
// problems at their fields (territory_apply.go) and then held to the readers' rules
// (scenario.Check). Undo stores the previous content as the next version.

// editKind is one kind of entity the editor changes: its path segment in the API, the
// prefix of the ids it makes, and its name in French.
type editKind struct {
	path, prefix, fr, checkKind string
}

var editKinds = []editKind{
	{"organisations", "org", "l'organisation", "organisation"},
	{"units", "bus", "le bus", "unit"},
	{"staff", "pro", "le professionnel", "staff"},
	{"sites", "site", "le lieu", "site"},
	{"services", "service", "le service", "service"},
}

// territoryRoutes are the editor's API routes and pages.
func (s *Server) territoryRoutes() []route {
	rs := []route{
		{"GET", "/plan/territoire", coordinator, true, s.territoryList},
		{"GET", "/plan/territoire/{id}/modifier", coordinator, true, s.territoryPage},
		{"POST", "/api/scenarios", coordinator, false, s.apiCreateScenario},
		{"GET", "/api/scenarios/{id}/territory", coordinator, false, s.apiTerritory},
		{"GET", "/api/scenarios/{id}/communes", coordinator, false, s.apiScenarioCommunes},
		{"POST", "/api/scenarios/{id}/undo", coordinator, false, s.apiUndoScenario},
	}
	for _, k := range editKinds {
		rs = append(rs,
			route{"POST", "/api/scenarios/{id}/" + k.path, coordinator, false, s.editEntity(k, false)},
			route{"PUT", "/api/scenarios/{id}/" + k.path + "/{item}", coordinator, false, s.editEntity(k, false)},
			route{"DELETE", "/api/scenarios/{id}/" + k.path + "/{item}", coordinator, false, s.editEntity(k, true)})
	}
	return rs
}

// createBody is the body of POST /api/scenarios.
type createBody struct {
	Name string `json:"name"`
	// From is a built-in scenario (france, a region or a department, as
	// `medibus scenario list` names them), or "empty" for Department's communes and
	// need alone.
	From       string `json:"from" bound:"id"`
	Department string `json:"department,omitempty" bound:"id"`
}

// writeMessage answers status with msg, a sentence in French, as the API's errors are.
func writeMessage(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, status, apiError{Error: msg, Status: status})
}

// problemsError is a save refused for its problems: 422 with each at its field.
type problemsError struct {
	Status   int            `json:"status"`
	Message  string         `json:"error"`
	Problems []fieldProblem `json:"problems"`
}

func writeProblems(w http.ResponseWriter, what string, ps problems) {
	msg := "Rien n'a été enregistré : " + what + " a un problème ; corrigez le champ signalé."
	if len(ps) > 1 {
		msg = fmt.Sprintf("Rien n'a été enregistré : %s a %d problèmes ; corrigez les champs signalés.", what, len(ps))
	}
	writeJSON(w, http.StatusUnprocessableEntity, problemsError{Status: http.StatusUnprocessableEntity, Message: msg, Problems: ps})
}

// apiCreateScenario creates a scenario: 201 with its first version.
func (s *Server) apiCreateScenario(w http.ResponseWriter, r *http.Request, who principal) {
	var b createBody
	if !decodeBody(w, r, &b) {
		return
	}
	var ps problems
	b.Name = strings.TrimSpace(b.Name)
	ps.text("name", b.Name, "le nom du scénario", "Creuse 2027", true, medibus.MaxNameLen)
	var dept *medibus.Department
	if b.From == "empty" {
		for i := range s.fr.Departments {
			if s.fr.Departments[i].Code == b.Department {
				dept = &s.fr.Departments[i]
			}
		}
		if dept == nil {
			ps.add("department", "Choisissez le département du territoire dans la liste (par exemple Creuse, 23).")
		}
	} else if !slices.Contains(scenario.Names(s.fr), b.From) {
		ps.add("from", "Choisissez le point de départ dans la liste : un département vide, ou un scénario intégré (france, une région, un département).")
	}
	if who.scoped() && len(ps) == 0 {
		refuse := ""
		if dept == nil {
			refuse = "partir d'un scénario intégré, dont les bus ne sont pas tous les vôtres ; partez d'un département vide, puis ajoutez-y vos bus"
		} else if who.Region != "" && dept.Region != who.Region {
			refuse = fmt.Sprintf("créer un territoire en %s (%s), hors de votre région ; choisissez un département de votre région", dept.Name, dept.Code)
		}
		if refuse != "" {
			writeMessage(w, http.StatusForbidden, fmt.Sprintf("Votre accès de coordination est limité à %s : impossible de %s. Rien n'a été créé.", who.scopeFr(&medibus.Index{}), refuse))
			return
		}
	}
	if len(ps) > 0 {
		writeProblems(w, "le nouveau scénario", ps)
		return
	}
	var sc *medibus.Scenario
	var err error
	what := ""
	if dept != nil {
		sc, err = scenario.EmptyDepartment(r.Context(), b.Name, dept.Code, s.params, s.fr, s.planning.Travel)
		what = fmt.Sprintf("création du scénario « %s » : %s (%s), sans bus ni professionnel ni lieu", b.Name, dept.Name, dept.Code)
	} else {
		sc, err = scenario.Build(r.Context(), b.From, s.params, s.fr, s.planning.Travel, scenario.Imports{})
		what = fmt.Sprintf("création du scénario « %s » à partir du scénario intégré %s", b.Name, b.From)
	}
	if err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	sc.Name = b.Name
	sum, err := s.db.CreateScenario(r.Context(), sc, who.label(), what)
	if errors.Is(err, store.ErrNameTaken) {
		ps.add("name", "Un scénario s'appelle déjà « %s » : choisissez un autre nom (par exemple « %s 2 »).", b.Name, b.Name)
		writeJSON(w, http.StatusConflict, problemsError{Status: http.StatusConflict, Message: "Rien n'a été créé : ce nom est pris.", Problems: ps})
		return
	}
	if err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	s.log.Info("scenario created", "scenario", sc.Name, "id", sum.ID, "by", who.label())
	w.Header().Set("Location", fmt.Sprintf("/plan/territoire/%d/modifier", sum.ID))
	writeJSON(w, http.StatusCreated, map[string]any{"id": sum.ID, "name": sum.Name, "version": sum.Version,
		"message": fmt.Sprintf("Scénario « %s » créé (version 1).", sum.Name)})
}

// loadEdit loads scenario version {id} and its summary, answering the request itself
// when it cannot.
func (s *Server) loadEdit(w http.ResponseWriter, r *http.Request) (*medibus.Scenario, store.ScenarioSummary, bool) {
	id, err := pathID(r, "id")
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return nil, store.ScenarioSummary{}, false
	}
	sum, err := s.db.ScenarioSummaryOf(r.Context(), id)
	if err != nil {
		s.writeStoreError(w, r, err)
		return nil, sum, false
	}
	sc, err := s.db.Scenario(r.Context(), id)
	if err != nil {
		s.writeStoreError(w, r, err)
		return nil, sum, false
	}
	return sc, sum, true
}

// editEntity answers POST (a new entity), PUT (create or replace item) and DELETE
// (remove item) of kind k on scenario version {id}.
func (s *Server) editEntity(k editKind, remove bool) handler {
	return func(w http.ResponseWriter, r *http.Request, who principal) {
		sc, sum, ok := s.loadEdit(w, r)
		if !ok {
			return
		}
		item := r.PathValue("item")
		if item != "" {
			if p := idText(item); p != "" {
				writeError(w, http.StatusBadRequest, fmt.Errorf("identifiant « %.64s » dans l'adresse : il %s", item, p))
				return
			}
		}
		t := newEditTarget(sc)
		// What the coordinator may not change is refused before anything else is
		// said of it; what it becomes, once read.
		if item != "" {
			if msg := scopeRefusal(who, t, t, k, item); msg != "" {
				writeMessage(w, http.StatusForbidden, msg)
				return
			}
		}
		ed := &entityEdit{t: t, k: k, item: item, params: &s.params}
		if !remove && !ed.decode(w, r) {
			return
		}
		next, what, ps := ed.apply(remove)
		if len(ps) > 0 {
			writeProblems(w, k.fr, ps)
			return
		}
		if msg := scopeRefusal(who, t, newEditTarget(next), k, ed.item); msg != "" {
			writeMessage(w, http.StatusForbidden, msg)
			return
		}
		if ps := s.checkEdited(r, next, k, ed.item); len(ps) > 0 {
			writeProblems(w, k.fr, ps)
			return
		}
		s.saveEdit(w, r, who, next, sum, what, ed.item)
	}
}

// saveEdit stores next as the version after sum, answering 200 with it, or 409 with
// the versions stored since sum.
func (s *Server) saveEdit(w http.ResponseWriter, r *http.Request, who principal, next *medibus.Scenario, sum store.ScenarioSummary, what, item string) {
	out, changed, err := s.db.EditScenario(r.Context(), next, store.ScenarioWrite{Base: sum.ID, By: who.label(), What: what})
	if stale := (*store.ScenarioStaleError)(nil); errors.As(err, &stale) {
		writeStaleScenario(w, stale)
		return
	}
	if err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	msg := fmt.Sprintf("Enregistré : %s (version %d).", what, out.Version)
	if !changed {
		msg = "Rien n'a changé : la version " + fmt.Sprint(out.Version) + " reste la dernière."
	}
	s.log.Info("scenario edited", "scenario", out.Name, "version", out.Version, "by", who.label(), "what", what)
	writeJSON(w, http.StatusOK, map[string]any{"id": out.ID, "name": out.Name, "version": out.Version, "item": item, "changed": changed, "message": msg})
}

// writeStaleScenario answers 409: who saved what since the version the edit was made
// from.
func writeStaleScenario(w http.ResponseWriter, e *store.ScenarioStaleError) {
	var lines []string
	type edit struct {
		Version int64  `json:"version"`
		Who     string `json:"who"`
		What    string `json:"what"`
	}
	edits := []edit{}
	for _, ed := range e.Edits {
		who, what := ed.Who, ed.What
		if who == "" {
			who, what = "un envoi de fichier ou une planification", "nouvelle version"
		}
		edits = append(edits, edit{ed.Revision, who, what})
		lines = append(lines, fmt.Sprintf("version %d, %s : %s", ed.Revision, who, what))
	}
	msg := fmt.Sprintf("Le scénario « %s » a changé depuis la version %d que vous lisiez (%s). Rien n'a été enregistré : "+
		"rechargez la dernière version (%d), vérifiez-la et refaites votre modification si elle vaut toujours.",
		e.Name, e.Based, strings.Join(lines, " ; "), e.Current)
	writeJSON(w, http.StatusConflict, map[string]any{"status": http.StatusConflict, "error": msg, "current_id": e.CurrentID,
		"current_version": e.Current, "edits": edits})
}

// checkEdited holds next to the readers' rules: the problems of the edited entity at
// their field, the others said without one. A scenario that only lacks what a plan
// needs (no site yet) passes: a territory is built in any order.
func (s *Server) checkEdited(r *http.Request, next *medibus.Scenario, k editKind, item string) problems {
	found, err := scenario.Check(r.Context(), next, s.params, s.fr, s.planning.Travel)
	var ps problems
	if err != nil {
		ps.add("", "Le scénario modifié n'a pas pu être vérifié (%v) : rien n'a été enregistré, réessayez.", err)
		return ps
	}
	for _, p := range found {
		if p.Incomplete {
			continue
		}
		field := ""
		if p.Kind == k.checkKind && p.ID == item {
			field = checkField(k, p.Field)
		}
		ps.add(field, "Le scénario ne serait plus lisible comme un dossier de fichiers : %v. Corrigez-le avant d'enregistrer.", p.Err)
	}
	return ps
}

// checkField is the body's field of a scenario file's column.
func checkField(k editKind, col string) string {
	if col == "depot" && (k.path == "units" || k.path == "organisations") {
		return "base"
	}
	return col
}

// apiUndoScenario undoes version {id}, the latest of its scenario: the content it was
// made from becomes the next version; plans made on {id} keep it.
func (s *Server) apiUndoScenario(w http.ResponseWriter, r *http.Request, who principal) {
	cur, sum, ok := s.loadEdit(w, r)
	if !ok {
		return
	}
	hist, err := s.db.ScenarioHistory(r.Context(), sum.Name)
	if err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	var to int64
	var what string
	for _, h := range hist {
		if h.ID == sum.ID {
			to, what = h.UndoTo, h.What
		}
	}
	if to == 0 {
		writeMessage(w, http.StatusConflict, fmt.Sprintf("La version %d de « %s » est la première : il n'y a rien à annuler.", sum.Version, sum.Name))
		return
	}
	prev, err := s.db.Scenario(r.Context(), to)
	if err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	if who.scoped() {
		a, b := newEditTarget(cur), newEditTarget(prev)
		for _, k := range editKinds {
			for _, id := range changedIDs(cur, prev, k) {
				if msg := scopeRefusal(who, a, b, k, id); msg != "" {
					writeMessage(w, http.StatusForbidden, msg)
					return
				}
			}
		}
	}
	if what == "" {
		what = "la dernière version"
	}
	out, restored, err := s.db.UndoScenario(r.Context(), store.ScenarioWrite{Base: sum.ID, By: who.label(),
		What: fmt.Sprintf("annulation de la version %d (%s)", sum.Version, what)})
	if stale := (*store.ScenarioStaleError)(nil); errors.As(err, &stale) {
		writeStaleScenario(w, stale)
		return
	}
	if errors.Is(err, store.ErrNothingToUndo) {
		writeMessage(w, http.StatusConflict, fmt.Sprintf("La version %d de « %s » est la première : il n'y a rien à annuler.", sum.Version, sum.Name))
		return
	}
	if err != nil {
		s.writeStoreError(w, r, err)
		return
	}
	s.log.Info("scenario edit undone", "scenario", out.Name, "version", out.Version, "restores", restored.Version, "by", who.label())
	writeJSON(w, http.StatusOK, map[string]any{"id": out.ID, "name": out.Name, "version": out.Version, "restored_version": restored.Version,
		"message": fmt.Sprintf("Version %d annulée : la version %d reprend le contenu de la version %d. Les plans faits sur la version %d la gardent.",
			sum.Version, out.Version, restored.Version, sum.Version)})
}

// changedIDs lists the ids of kind k whose entity differs between a and b, or is in
// one only.
func changedIDs(a, b *medibus.Scenario, k editKind) []string {
	ma, mb := entitiesJSON(a, k), entitiesJSON(b, k)
	var out []string
	for id, v := range ma {
		if mb[id] != v {
			out = append(out, id)
		}
	}
	for id := range mb {
		if _, ok := ma[id]; !ok {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// entitiesJSON maps each entity of kind k in sc to its JSON.
func entitiesJSON(sc *medibus.Scenario, k editKind) map[string]string {
	out := map[string]string{}
	put := func(id string, v any) {
		b, _ := json.Marshal(v)
		out[id] = string(b)
	}
	switch k.path {
	case "organisations":
		for _, x := range sc.Organisations {
			put(x.ID, x)
		}
	case "units":
		for _, x := range sc.Units {
			put(x.ID, x)
		}
	case "staff":
		for _, x := range sc.Staff {
			put(x.ID, x)
		}
	case "sites":
		for _, x := range sc.Sites {
			put(x.ID, x)
		}
	case "services":
		for _, x := range sc.Services {
			put(x.ID, x)
		}
	}
	return out
}

// scopeRefusal says, in French, why who may not change entity id of kind k from its
// state in before to its state in after (either may lack it), or "".
func scopeRefusal(who principal, before, after *editTarget, k editKind, id string) string {
	if !who.scoped() {
		return ""
	}
	scopeRegion := who.Region
	if who.Organisation != "" {
		for _, t := range []*editTarget{before, after} {
			if o := t.ix.Organisations[who.Organisation]; o != nil && o.Region != "" {
				scopeRegion = o.Region
			}
		}
	}
	in := func(t *editTarget) bool {
		switch k.path {
		case "organisations":
			o := t.ix.Organisations[id]
			return o == nil || o.ID == who.Organisation || (who.Region != "" && o.Region == who.Region)
		case "units":
			u := t.ix.Units[id]
			return u == nil || who.mayChange(u)
		case "staff":
			m := t.ix.Staff[id]
			if m == nil {
				return true
			}
			return len(m.Units) > 0 && !slices.ContainsFunc(m.Units, func(u string) bool { return !who.mayChange(t.ix.Units[u]) })
		case "sites":
			st := t.ix.Sites[id]
			if st == nil {
				return true
			}
			c := t.ix.Communes[st.INSEE]
			return c != nil && scopeRegion != "" && c.Region == scopeRegion
		}
		return false // services concern every bus
	}
	if in(before) && in(after) {
		return ""
	}
	why := map[string]string{
		"organisations": "qui n'est pas la vôtre",
		"units":         "qui n'est pas un de vos bus",
		"staff":         "qui monte dans des bus qui ne sont pas les vôtres",
		"sites":         "qui est hors de votre région",
		"services":      "qui concerne tous les bus du scénario",
	}[k.path]
	return fmt.Sprintf("Votre accès de coordination est limité à %s : impossible de modifier %s « %s », %s. "+
		"Seule la coordination nationale, ou celle dont il relève, peut le faire ; rien n'a été enregistré.", who.scopeFr(after.ix), k.fr, id, why)
}
