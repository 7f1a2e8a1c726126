package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"medibus/store"
)

// scopedToken makes a coordinator's token limited to an organisation or a region.
func (e *env) scopedToken(org, region string) string {
	e.t.Helper()
	s, _, err := e.db.CreateTokenFor(context.Background(), store.TokenSpec{Role: store.RoleCoordinator, Organisation: org, Region: region})
	if err != nil {
		e.t.Fatal(err)
	}
	return s
}

// sessionOf returns the date and half-day of a session of unit in plan id.
func sessionOf(t *testing.T, e *env, id, unit string) (string, string) {
	t.Helper()
	var out struct{ Sessions []struct{ Date, Half string } }
	_, body := e.do("GET", "/api/plans/"+id+"/sessions?unit="+unit, e.coordinator, "")
	mustUnmarshal(t, body, &out)
	if len(out.Sessions) == 0 {
		t.Fatalf("plan %s has no session of %s", id, unit)
	}
	return out.Sessions[0].Date, out.Sessions[0].Half
}

// TestScopedCoordinatorRefusedOnEveryWriteRoute: a coordinator limited to the
// organisation of bus-23b (or to another region) is refused, with 403 and a French
// message, every write that would change bus-23; every write route of the API is
// listed here (the test reads them from /openapi.json, so a new one must be added).
func TestScopedCoordinatorRefusedOnEveryWriteRoute(t *testing.T) {
	e := newEnv(t)
	aubusson := e.scopedToken("org-23008", "")
	elsewhere := e.scopedToken("", "11")
	date, half := sessionOf(t, e, "1", "bus-23")
	res, body := e.do("POST", "/api/closures", e.coordinator, `{"from":"2026-12-08","department":"23","reason":"neige"}`)
	if res.StatusCode != 201 {
		t.Fatalf("closure by the national coordinator: %d %s", res.StatusCode, body)
	}
	var closure struct{ ID int64 }
	mustUnmarshal(t, body, &closure)
	pin := fmt.Sprintf(`{"unit":"bus-23","date":%q,"half":%q}`, date, half)
	// The territory editor: a professional of bus-23, a site, bus-23's organisation,
	// and a version whose undo would remove a bus of no organisation.
	var terr struct {
		Units []struct{ ID, Organisation string }
		Staff []struct {
			ID    string
			Units []string
		}
		Sites []struct{ ID string }
	}
	_, tb := e.do("GET", "/api/scenarios/1/territory", e.coordinator, "")
	mustUnmarshal(t, tb, &terr)
	var pro, org string
	for _, m := range terr.Staff {
		if slices.Contains(m.Units, "bus-23") {
			pro = m.ID
		}
	}
	for _, u := range terr.Units {
		if u.ID == "bus-23" {
			org = u.Organisation
		}
	}
	site := terr.Sites[0].ID
	const bus = `{"name":"B","base":"23079","days":"Mon","shift_start":"07:00","shift_end":"19:00","max_drive_min":240}`
	res, body = e.do("POST", "/api/scenarios/1/units", e.coordinator, bus)
	var v2 struct{ ID int64 }
	mustUnmarshal(t, body, &v2)
	if res.StatusCode != 200 || pro == "" || org == "" {
		t.Fatalf("a bus added by the national coordinator: %d %s; professional of bus-23 %q, its organisation %q", res.StatusCode, body, pro, org)
	}
	const svc = `{"name":"Gynécologie","roles":["gynaecologist"],"consult_min":30,"rate_per_year":0.1}`
	rows := []struct {
		route, method, path, token, body string
		want                             string
	}{
		{"/api/plans/{id}/pins", "POST", "/api/plans/1/pins", aubusson, pin, "épingler ou déplacer une séance de ce bus"},
		{"/api/plans/{id}/pins/check", "POST", "/api/plans/1/pins/check", aubusson, pin, "Médicobus Creuse (bus-23)"},
		{"/api/plans/{id}/pins/{unit}/{date}/{half}", "DELETE", "/api/plans/1/pins/bus-23/" + date + "/" + half, aubusson, "", "retirer une épingle"},
		{"/api/plans/{id}/replan", "POST", "/api/plans/1/replan", aubusson, `{"unavailable":[{"id":"bus-23","from":"` + date + `"}]}`, "déclarer cette panne"},
		{"/api/plans/{id}/publish", "POST", "/api/plans/1/publish", aubusson, "", "publier le plan 1"},
		// Planning a scenario with some of their buses is allowed (the plan covers
		// those); with none, it is refused.
		{"/api/runs", "POST", "/api/runs", elsewhere, `{"scenario_id":1}`, "planifier le scénario creuse, dont aucun bus"},
		{"/api/scenarios/{id}/files", "POST", "/api/scenarios/1/files", aubusson, "", "changer les fichiers du scénario creuse"},
		{"/api/closures", "POST", "/api/closures", aubusson, `{"from":"2026-12-09","department":"23","reason":"neige"}`, "tous les bus du lieu"},
		{"/api/closures/{id}", "DELETE", fmt.Sprintf("/api/closures/%d", closure.ID), elsewhere, "", "limité à la région Île-de-France"},
		// Re-optimising a plan with some of their buses is allowed, the others frozen
		// (TestScopedCoordinatorChangesTheirBuses); with none, it is refused.
		{"/api/plans/{id}/reoptimise", "POST", "/api/plans/1/reoptimise", elsewhere, "", "ré-optimiser ce plan, dont aucun bus"},
		{"/api/plans/{id}/publish", "POST", "/api/plans/1/publish", elsewhere, "", "limité à la région Île-de-France"},
		{"/api/scenarios", "POST", "/api/scenarios", aubusson, `{"name":"x","from":"creuse"}`, "partir d'un scénario intégré"},
		{"/api/scenarios", "POST", "/api/scenarios", elsewhere, `{"name":"x","from":"empty","department":"23"}`, "hors de votre région"},
		{"/api/scenarios/{id}/organisations", "POST", "/api/scenarios/1/organisations", elsewhere, `{"name":"CPTS","kind":"cpts"}`, "qui n'est pas la vôtre"},
		{"/api/scenarios/{id}/organisations/{item}", "PUT", "/api/scenarios/1/organisations/" + org, aubusson, `{"name":"CPTS","kind":"cpts"}`, "qui n'est pas la vôtre"},
		{"/api/scenarios/{id}/organisations/{item}", "DELETE", "/api/scenarios/1/organisations/" + org, aubusson, "", "qui n'est pas la vôtre"},
		{"/api/scenarios/{id}/units", "POST", "/api/scenarios/1/units", aubusson, bus, "qui n'est pas un de vos bus"},
		{"/api/scenarios/{id}/units/{item}", "PUT", "/api/scenarios/1/units/bus-23", aubusson, bus, "qui n'est pas un de vos bus"},
		{"/api/scenarios/{id}/units/{item}", "DELETE", "/api/scenarios/1/units/bus-23", aubusson, "", "qui n'est pas un de vos bus"},
		{"/api/scenarios/{id}/staff", "POST", "/api/scenarios/1/staff", aubusson, `{"name":"Dr","role":"gp","availability":"Mon","units":["bus-23"]}`, "pas les vôtres"},
		{"/api/scenarios/{id}/staff/{item}", "PUT", "/api/scenarios/1/staff/" + pro, aubusson, `{"name":"Dr","role":"gp","availability":"Mon","units":["bus-23b"]}`, "pas les vôtres"},
		{"/api/scenarios/{id}/staff/{item}", "DELETE", "/api/scenarios/1/staff/" + pro, aubusson, "", "pas les vôtres"},
		{"/api/scenarios/{id}/sites", "POST", "/api/scenarios/1/sites", elsewhere, `{"insee":"23079","allowed":"Mon"}`, "hors de votre région"},
		{"/api/scenarios/{id}/sites/{item}", "PUT", "/api/scenarios/1/sites/" + site, elsewhere, `{"insee":"23079","allowed":"Mon"}`, "hors de votre région"},
		{"/api/scenarios/{id}/sites/{item}", "DELETE", "/api/scenarios/1/sites/" + site, elsewhere, "", "hors de votre région"},
		{"/api/scenarios/{id}/services", "POST", "/api/scenarios/1/services", aubusson, svc, "qui concerne tous les bus"},
		{"/api/scenarios/{id}/services/{item}", "PUT", "/api/scenarios/1/services/gp", aubusson, svc, "qui concerne tous les bus"},
		{"/api/scenarios/{id}/services/{item}", "DELETE", "/api/scenarios/1/services/gp", aubusson, "", "qui concerne tous les bus"},
		{"/api/scenarios/{id}/undo", "POST", fmt.Sprintf("/api/scenarios/%d/undo", v2.ID), aubusson, "", "qui n'est pas un de vos bus"},
	}
	var covered []string
	for _, row := range rows {
		covered = append(covered, row.method+" "+row.route)
		var res *http.Response
		var body string
		if row.route == "/api/scenarios/{id}/files" {
			res, body = uploadAs(t, e, row.token, "1", "staff", "staff.csv", "id,role,availability,units\n")
		} else {
			res, body = e.do(row.method, row.path, row.token, row.body)
		}
		if res.StatusCode != http.StatusForbidden || !strings.Contains(body, row.want) {
			t.Errorf("%s %s: %d %.300s, want 403 saying %q", row.method, row.path, res.StatusCode, body, row.want)
		}
	}
	for _, w := range writeRoutes(t) {
		if !slices.Contains(covered, w) && w != "POST /login" && w != "POST /logout" {
			t.Errorf("write route %s has no row here: add what a scoped coordinator may and may not do there", w)
		}
	}
}

// writeRoutes lists "METHOD path" of every write operation of /openapi.json.
func writeRoutes(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("web/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var out []string
	for path, ops := range doc.Paths {
		for m := range ops {
			if m == "post" || m == "delete" || m == "put" || m == "patch" {
				out = append(out, strings.ToUpper(m)+" "+path)
			}
		}
	}
	slices.Sort(out)
	return out
}

// uploadAs posts a file of scenario as the desk does, with token.
func uploadAs(t *testing.T, e *env, token, scenario, kind, name, content string) (*http.Response, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("kind", kind)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write([]byte(content))
	mw.Close()
	req, _ := http.NewRequest("POST", e.ts.URL+"/api/scenarios/"+scenario+"/files", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(res.Body)
	return res, b.String()
}

// TestScopedCoordinatorChangesTheirBuses: limited to bus-23b's organisation, a
// coordinator declares its breakdown (a dated change of bus-23b's days only) and
// publishes it; re-optimises the national plan, which gives a rotation of bus-23b
// alone, with bus-23's sessions held for that run only (the scenario stays as it was:
// no new version, no pin), publishes it for bus-23b, and the national plan stays in
// force for bus-23; checks a pin on their bus. Limited to the Creuse's region, one
// declares a closure there.
func TestScopedCoordinatorChangesTheirBuses(t *testing.T) {
	e := newEnv(t)
	aubusson := e.scopedToken("org-23008", "")
	e.publish("1")
	date, _ := sessionOf(t, e, "1", "bus-23b")
	res, body := e.do("POST", "/api/plans/1/replan", aubusson, `{"unavailable":[{"id":"bus-23b","from":"`+date+`"}],"fill":true}`)
	if res.StatusCode != 202 {
		t.Fatalf("breakdown of their bus: %d %s", res.StatusCode, body)
	}
	waitRunDone(t, e, 1)
	var change struct {
		Plan struct {
			Kind   string
			Change struct{ Days []struct{ Unit string } }
		}
	}
	_, body = e.do("GET", "/api/plans/2", e.coordinator, "")
	mustUnmarshal(t, body, &change)
	if change.Plan.Kind != "change" || len(change.Plan.Change.Days) == 0 {
		t.Fatalf("the breakdown is not a dated change: %.500s", body)
	}
	for _, d := range change.Plan.Change.Days {
		if d.Unit != "bus-23b" {
			t.Errorf("the change replaces a day of %s, outside the coordinator's organisation", d.Unit)
		}
	}
	if res, body := e.do("POST", "/api/plans/2/publish", aubusson, ""); res.StatusCode != 200 {
		t.Errorf("publishing a change of their bus only: %d %s", res.StatusCode, body)
	}
	date, half := sessionOf(t, e, "1", "bus-23b")
	if res, body := e.do("POST", "/api/plans/1/reoptimise", aubusson, `{"time_limit_s":3}`); res.StatusCode != 202 {
		t.Fatalf("reoptimise: %d %s", res.StatusCode, body)
	}
	waitRunDone(t, e, 2)
	if a, b := sessionsOf(t, e, "1", "bus-23"), sessionsOf(t, e, "3", "bus-23"); a != b {
		t.Errorf("re-optimising changed bus-23, outside the coordinator's organisation:\n%s\n%s", a, b)
	}
	_, body = e.do("GET", "/api/scenarios", e.coordinator, "")
	if strings.Count(body, `"version"`) != 1 {
		t.Errorf("a scoped run stored a new scenario version: %s", body)
	}
	_, body = e.do("GET", "/api/scenarios/1", e.coordinator, "")
	if !strings.Contains(body, `"pins":[]`) {
		t.Errorf("a scoped run left pins in the scenario: %.300s", body)
	}
	_, body = e.do("GET", "/api/plans/3", e.coordinator, "")
	if !strings.Contains(body, `"units":["bus-23b"]`) {
		t.Errorf("the scoped plan does not cover bus-23b alone: %.300s", body)
	}
	_, body = e.do("POST", "/api/plans/3/pins/check", aubusson, fmt.Sprintf(`{"unit":"bus-23b","date":%q,"half":%q}`, date, half))
	if !strings.Contains(body, `"ok"`) {
		t.Errorf("checking a pin on their bus: %s", body)
	}
	res, body = e.do("POST", "/api/plans/3/publish", aubusson, "")
	if res.StatusCode != 200 || !strings.Contains(body, `"units":["bus-23b"]`) {
		t.Errorf("publishing their rotation: %d %s", res.StatusCode, body)
	}
	if _, body := e.do("GET", "/api/plans/1", e.coordinator, ""); !strings.Contains(body, `"status":"published"`) {
		t.Errorf("the national plan is no longer in force for bus-23: %.300s", body)
	}
	if res, body := e.do("POST", "/api/closures", e.scopedToken("", "75"), `{"from":"2026-12-09","department":"23","reason":"neige"}`); res.StatusCode != 201 {
		t.Errorf("closure in their region: %d %s", res.StatusCode, body)
	}
}

// sessionsOf is the sessions of unit in plan id, as slot, site and service lines.
func sessionsOf(t *testing.T, e *env, id, unit string) string {
	t.Helper()
	var out struct {
		Sessions []struct{ Date, Half, Site, Service string }
	}
	_, body := e.do("GET", "/api/plans/"+id+"/sessions?unit="+unit, e.coordinator, "")
	mustUnmarshal(t, body, &out)
	var lines []string
	for _, s := range out.Sessions {
		lines = append(lines, s.Date+" "+s.Half+" "+s.Site+" "+s.Service)
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}
