package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// saved is the answer of a territory save.
type saved struct {
	ID       int64  `json:"id"`
	Version  int    `json:"version"`
	Item     string `json:"item"`
	Message  string `json:"message"`
	Error    string `json:"error"`
	Problems []struct {
		Field, Message string
	} `json:"problems"`
	CurrentID int64 `json:"current_id"`
}

// territorySave sends a save and reads its answer.
func territorySave(t *testing.T, e *env, token, method, path, body string) (int, saved) {
	t.Helper()
	res, b := e.do(method, path, token, body)
	var out saved
	if res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusBadRequest {
		mustUnmarshal(t, b, &out)
	} else {
		out.Error = b
	}
	return res.StatusCode, out
}

// mustSave sends a save that must be stored, and returns the new version's id.
func mustSave(t *testing.T, e *env, method, path, body string) saved {
	t.Helper()
	st, out := territorySave(t, e, e.coordinator, method, path, body)
	if st != 200 && st != 201 {
		t.Fatalf("%s %s: %d %+v", method, path, st, out)
	}
	return out
}

// emptyCreuse creates the empty Creuse with an organisation and a bus of it, and
// returns the latest version's id.
func emptyCreuse(t *testing.T, e *env, name string) int64 {
	t.Helper()
	v := mustSave(t, e, "POST", "/api/scenarios", `{"name":"`+name+`","from":"empty","department":"23"}`)
	v = mustSave(t, e, "PUT", fmt.Sprintf("/api/scenarios/%d/organisations/msp-felletin", v.ID),
		`{"name":"MSP de Felletin","kind":"msp","phone":"05 55 66 00 00","base":"23079"}`)
	v = mustSave(t, e, "POST", fmt.Sprintf("/api/scenarios/%d/units", v.ID),
		`{"name":"Médicobus 1","base":"23079","organisation":"msp-felletin","days":"Mon..Fri","shift_start":"07:00","shift_end":"19:00","max_drive_min":240,"equipment":["gyn_chair"]}`)
	return v.ID
}

// TestTerritoryFieldProblems: each save refused for its body names the field, in
// French, and stores nothing.
func TestTerritoryFieldProblems(t *testing.T) {
	e := newEnv(t)
	id := emptyCreuse(t, e, "Creuse test")
	for _, tc := range []struct {
		name, method, path, body string
		status                   int
		field, mentions          string
	}{
		{"no name", "POST", "/api/scenarios", `{"name":"","from":"empty","department":"23"}`, 422, "name", "Écrivez le nom du scénario"},
		{"name taken", "POST", "/api/scenarios", `{"name":"Creuse test","from":"empty","department":"23"}`, 409, "name", "s'appelle déjà"},
		{"overseas department", "POST", "/api/scenarios", `{"name":"x","from":"empty","department":"971"}`, 422, "department", "Choisissez le département"},
		{"professional with no day", "POST", "/staff", `{"name":"Dr A","role":"gp","availability":"","organisation":"msp-felletin"}`, 422, "availability", "Cochez au moins une demi-journée"},
		{"professional on no bus", "POST", "/staff", `{"name":"Dr A","role":"gp","availability":"Mon"}`, 422, "units", "Cochez au moins un bus"},
		{"unknown bus", "POST", "/staff", `{"name":"Dr A","role":"gp","availability":"Mon","units":["bus-9"]}`, 422, "units", "« bus-9 » n'existe pas"},
		{"absence ending before it starts", "POST", "/staff", `{"name":"Dr A","role":"gp","availability":"Mon","organisation":"msp-felletin","unavailable":[{"from":"2027-01-08","to":"2027-01-04"}]}`, 422, "unavailable.0.to", "précède son début"},
		{"placement ending before it starts", "POST", "/staff", `{"name":"Dr A","role":"gp","availability":"Mon","organisation":"msp-felletin","intern":true,"supervisor":"nobody","placement":{"from":"2027-03-01","to":"2027-02-01"}}`, 422, "placement.to", "La fin du stage"},
		{"intern without supervisor", "POST", "/staff", `{"name":"Dr A","role":"gp","availability":"Mon","organisation":"msp-felletin","intern":true}`, 422, "supervisor", "maître de stage"},
		{"shift ending before it starts", "POST", "/units", `{"name":"B","base":"23079","days":"Mon","shift_start":"19:00","shift_end":"07:00","max_drive_min":240}`, 422, "shift_end", "avant de commencer"},
		{"bus based outside the territory", "POST", "/units", `{"name":"B","base":"75056","days":"Mon","shift_start":"07:00","shift_end":"19:00","max_drive_min":240}`, 422, "base", "n'est pas du territoire"},
		{"site with more half-days a week than allowed", "POST", "/sites", `{"insee":"23096","allowed":"Tue-AM","per_week":2}`, 422, "per_week", "n'en accepte que 1"},
		{"site with no half-day", "POST", "/sites", `{"insee":"23096","allowed":""}`, 422, "allowed", "Cochez au moins une demi-journée"},
		{"phone in letters", "POST", "/organisations", `{"name":"CPTS","kind":"cpts","phone":"appelez-nous"}`, 422, "phone", "ne s'écrit pas comme un téléphone"},
		{"booking link without https", "POST", "/organisations", `{"name":"CPTS","kind":"cpts","booking":"www.example.fr"}`, 422, "booking", "https://"},
		{"service without a role", "POST", "/services", `{"name":"Gynécologie","roles":[],"consult_min":30,"rate_per_year":0.1}`, 422, "roles", "au moins un rôle"},
		{"organisation with buses removed", "DELETE", "/organisations/msp-felletin", "", 422, "", "appartient à cette organisation"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := tc.path
			if strings.HasPrefix(path, "/") && !strings.HasPrefix(path, "/api/") {
				path = fmt.Sprintf("/api/scenarios/%d%s", id, path)
			}
			st, out := territorySave(t, e, e.coordinator, tc.method, path, tc.body)
			if st != tc.status {
				t.Fatalf("%d %+v, want %d", st, out, tc.status)
			}
			found := false
			for _, p := range out.Problems {
				found = found || (p.Field == tc.field && strings.Contains(p.Message, tc.mentions))
			}
			if !found {
				t.Errorf("problems %+v, want one at %q mentioning %q", out.Problems, tc.field, tc.mentions)
			}
		})
	}
	var view struct {
		LatestID int64 `json:"latest_id"`
	}
	_, b := e.do("GET", fmt.Sprintf("/api/scenarios/%d/territory", id), e.coordinator, "")
	mustUnmarshal(t, b, &view)
	if view.LatestID != id {
		t.Errorf("a refused save stored version %d", view.LatestID)
	}
}

// TestTerritoryUndo: undo brings the previous content back as a new version, and the
// plan made on the undone version keeps it.
func TestTerritoryUndo(t *testing.T) {
	e := newEnv(t)
	id := emptyCreuse(t, e, "Creuse undo")
	withPro := mustSave(t, e, "POST", fmt.Sprintf("/api/scenarios/%d/staff", id), `{"name":"Dr Claire Martin","role":"gp","availability":"Mon Tue-AM","organisation":"msp-felletin","max_sessions_per_week":4}`)
	if withPro.Item != "pro-dr-claire-martin" {
		t.Errorf("new professional's id %q", withPro.Item)
	}
	undone := mustSave(t, e, "POST", fmt.Sprintf("/api/scenarios/%d/undo", withPro.ID), "")
	var before, after, kept struct {
		Staff   []struct{ ID, Availability string } `json:"staff"`
		History []struct{ What string }             `json:"history"`
	}
	for _, v := range []struct {
		id  int64
		out any
	}{{id, &before}, {undone.ID, &after}, {withPro.ID, &kept}} {
		_, b := e.do("GET", fmt.Sprintf("/api/scenarios/%d/territory", v.id), e.coordinator, "")
		mustUnmarshal(t, b, v.out)
	}
	if len(after.Staff) != len(before.Staff) || len(kept.Staff) != 1 || kept.Staff[0].Availability != "Mon Tue-AM" {
		t.Errorf("after undo %d professionals (before %d); the undone version keeps %+v", len(after.Staff), len(before.Staff), kept.Staff)
	}
	if !strings.Contains(after.History[0].What, "annulation de la version") {
		t.Errorf("history after undo: %+v", after.History)
	}
	// A second undo goes one step further back: the bus goes.
	mustSave(t, e, "POST", fmt.Sprintf("/api/scenarios/%d/undo", undone.ID), "")
	// Undoing the first version: nothing to undo.
	if st, out := territorySave(t, e, e.coordinator, "POST", fmt.Sprintf("/api/scenarios/%d/undo", withPro.ID), ""); st != 409 || !strings.Contains(out.Error, "a changé depuis la version") {
		t.Errorf("undo of an old version: %d %+v", st, out)
	}
}

// TestTerritoryScope: a coordinator limited to an organisation edits its bus and
// professionals, and is refused in French what belongs to another.
func TestTerritoryScope(t *testing.T) {
	e := newEnv(t)
	id := emptyCreuse(t, e, "Creuse scope")
	felletin := e.scopedToken("msp-felletin", "")
	other := e.scopedToken("cpts-gueret", "")
	v := mustSave(t, e, "POST", fmt.Sprintf("/api/scenarios/%d/staff", id), `{"name":"Dr B","role":"gp","availability":"Mon","organisation":"msp-felletin"}`)
	st, out := territorySave(t, e, felletin, "PUT", fmt.Sprintf("/api/scenarios/%d/staff/%s", v.ID, v.Item), `{"name":"Dr B","role":"gp","availability":"Tue","organisation":"msp-felletin"}`)
	if st != 200 {
		t.Fatalf("organisation's coordinator editing its professional: %d %+v", st, out)
	}
	for _, tc := range []struct{ method, path, body, mentions string }{
		{"PUT", "/staff/" + v.Item, `{"name":"Dr B","role":"gp","availability":"Wed","organisation":"msp-felletin"}`, "qui monte dans des bus qui ne sont pas les vôtres"},
		{"DELETE", "/units/bus-medicobus-1", "", "qui n'est pas un de vos bus"},
		{"PUT", "/organisations/msp-felletin", `{"name":"MSP","kind":"msp"}`, "qui n'est pas la vôtre"},
		{"POST", "/services", `{"name":"Gynécologie","roles":["gynaecologist"],"consult_min":30,"rate_per_year":0.1}`, "qui concerne tous les bus"},
		{"POST", "/undo", "", "qui monte dans des bus qui ne sont pas les vôtres"},
	} {
		st, out := territorySave(t, e, other, tc.method, fmt.Sprintf("/api/scenarios/%d%s", out.ID, tc.path), tc.body)
		if st != 403 || !strings.Contains(out.Error, tc.mentions) || !strings.Contains(out.Error, "limité à l'organisation") {
			t.Errorf("%s %s by another organisation: %d %.300s", tc.method, tc.path, st, out.Error)
		}
	}
}

// TestTerritoryConcurrentSaves: coordinators saving from the same version at once, on
// a live server: one is stored, the others get 409 naming what changed, and no save
// is lost (each retried from the version it names is stored in turn).
func TestTerritoryConcurrentSaves(t *testing.T) {
	e := newEnv(t)
	id := emptyCreuse(t, e, "Creuse race")
	const n = 6
	var wg sync.WaitGroup
	status := make([]int, n)
	outs := make([]saved, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := fmt.Sprintf(`{"name":"Dr %d","role":"gp","availability":"Mon","organisation":"msp-felletin"}`, i)
			req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/scenarios/%d/staff", e.ts.URL, id), strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+e.coordinator)
			req.Header.Set("Content-Type", "application/json")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			defer res.Body.Close()
			status[i] = res.StatusCode
			if err := json.NewDecoder(res.Body).Decode(&outs[i]); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	stored := 0
	for i := range n {
		switch status[i] {
		case 200:
			stored++
		case 409:
			if !strings.Contains(outs[i].Error, "a changé depuis la version") || !strings.Contains(outs[i].Error, "professionnel Dr ") || outs[i].CurrentID == 0 {
				t.Errorf("409 without what changed: %+v", outs[i])
			}
		default:
			t.Errorf("save %d: %d %+v", i, status[i], outs[i])
		}
	}
	if stored != 1 {
		t.Fatalf("%d saves stored from the same version, want 1", stored)
	}
	// Each refused coordinator reloads and saves again: every professional is kept.
	latest := int64(0)
	for i := range n {
		if status[i] == 200 {
			latest = outs[i].ID
		}
	}
	for i := range n {
		if status[i] == 409 {
			latest = mustSave(t, e, "POST", fmt.Sprintf("/api/scenarios/%d/staff", latest), fmt.Sprintf(`{"name":"Dr %d","role":"gp","availability":"Mon","organisation":"msp-felletin"}`, i)).ID
		}
	}
	var view struct{ Staff []struct{ Name string } }
	_, b := e.do("GET", fmt.Sprintf("/api/scenarios/%d/territory", latest), e.coordinator, "")
	mustUnmarshal(t, b, &view)
	if len(view.Staff) != n {
		t.Errorf("%d professionals in the end, want %d: %+v", len(view.Staff), n, view.Staff)
	}
}

// TestTerritoryPages: the list and the editor render in French with the territory's
// entities and their forms; an unknown version is a French 404.
func TestTerritoryPages(t *testing.T) {
	e := newEnv(t)
	id := emptyCreuse(t, e, "Creuse pages")
	for _, tc := range []struct {
		path   string
		status int
		wants  []string
	}{
		{"/plan/territoire", 200, []string{"Créer un territoire", "Creuse pages", "Creuse (23)"}},
		{fmt.Sprintf("/plan/territoire/%d/modifier", id), 200, []string{"Territoire « Creuse pages »", "MSP de Felletin", "Médicobus 1",
			`id="staff-availability-err"`, "Aucun professionnel", "Annuler la dernière modification", `href="/plan?scenario=`}},
		{fmt.Sprintf("/plan/territoire/%d/modifier", id-1), 200, []string{"Vous lisez une ancienne version"}},
		{"/plan/territoire/999/modifier", 404, []string{"aucun scénario n° 999"}},
		{fmt.Sprintf("/plan/territoire/%d/modifier?scoped", id), 200, []string{"Votre accès est limité à l'organisation msp-felletin"}},
	} {
		token := e.coordinator
		if strings.HasSuffix(tc.path, "?scoped") {
			token = e.scopedToken("msp-felletin", "")
		}
		res, body := e.do("GET", tc.path, token, "")
		if res.StatusCode != tc.status {
			t.Errorf("%s: %d", tc.path, res.StatusCode)
		}
		for _, w := range tc.wants {
			if !strings.Contains(body, w) {
				t.Errorf("%s lacks %q", tc.path, w)
			}
		}
	}
}

// TestTerritoryUndoKeepsPlans: a plan made on a version keeps it when the version is
// undone, and a plan made after the undo is made on the restored content.
func TestTerritoryUndoKeepsPlans(t *testing.T) {
	e := newEnv(t)
	id := emptyCreuse(t, e, "Creuse plans")
	v := mustSave(t, e, "POST", fmt.Sprintf("/api/scenarios/%d/staff", id), `{"name":"Dr C","role":"gp","availability":"Mon Tue","organisation":"msp-felletin"}`)
	v = mustSave(t, e, "POST", fmt.Sprintf("/api/scenarios/%d/sites", v.ID), `{"insee":"23069","allowed":"Mon Tue"}`)
	withSite := mustSave(t, e, "POST", fmt.Sprintf("/api/scenarios/%d/sites", v.ID), `{"insee":"23013","allowed":"Mon Tue"}`)
	plan := func(scenarioID int64) (planID, onScenario int64) {
		t.Helper()
		res, body := e.do("POST", "/api/runs", e.coordinator, fmt.Sprintf(`{"scenario_id":%d,"start":"2026-11-23","time_limit_s":2}`, scenarioID))
		if res.StatusCode != 202 {
			t.Fatalf("run: %d %s", res.StatusCode, body)
		}
		var run struct {
			ID     int64  `json:"id"`
			Status string `json:"status"`
			PlanID int64  `json:"plan_id"`
			Error  string `json:"error"`
		}
		mustUnmarshal(t, body, &run)
		for range 400 {
			_, body = e.do("GET", fmt.Sprintf("/api/runs/%d", run.ID), e.coordinator, "")
			mustUnmarshal(t, body, &run)
			if run.Status != "running" {
				break
			}
			sleep()
		}
		if run.PlanID == 0 {
			t.Fatalf("run on scenario %d: %s", scenarioID, body)
		}
		return run.PlanID, planScenario(t, e, run.PlanID)
	}
	planned, on := plan(withSite.ID)
	if on != withSite.ID {
		t.Fatalf("plan %d made on version %d, want %d", planned, on, withSite.ID)
	}
	undone := mustSave(t, e, "POST", fmt.Sprintf("/api/scenarios/%d/undo", withSite.ID), "")
	if _, again := plan(withSite.ID); again != withSite.ID {
		t.Errorf("a plan of the undone version's content is recorded on version %d, want %d", again, withSite.ID)
	}
	on = planScenario(t, e, planned)
	var kept struct{ Sites []struct{ INSEE string } }
	_, b := e.do("GET", fmt.Sprintf("/api/scenarios/%d/territory", on), e.coordinator, "")
	mustUnmarshal(t, b, &kept)
	if on != withSite.ID || len(kept.Sites) != 2 {
		t.Errorf("after undo, plan %d is on version %d with %d sites", planned, on, len(kept.Sites))
	}
	if _, after := plan(undone.ID); after != undone.ID {
		t.Errorf("a plan after the undo is on version %d, want the restored %d", after, undone.ID)
	}
}

// planScenario is the scenario version plan id was made on.
func planScenario(t *testing.T, e *env, id int64) int64 {
	t.Helper()
	var list struct {
		Plans []struct {
			ID         int64 `json:"id"`
			ScenarioID int64 `json:"scenario_id"`
		} `json:"plans"`
	}
	_, body := e.do("GET", "/api/plans", e.coordinator, "")
	mustUnmarshal(t, body, &list)
	for _, p := range list.Plans {
		if p.ID == id {
			return p.ScenarioID
		}
	}
	t.Fatalf("plan %d not listed", id)
	return 0
}
