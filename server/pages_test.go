package server_test

import (
	"encoding/json"
	"html"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"medibus/server"
)

func TestFrNumber(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		want string
	}{{85565.74, "85\u202f565,7"}, {99.94, "99,9"}, {12, "12"}, {-2760, "−2\u202f760"}, {0.04, "0"}} {
		if got := server.FrNumber(tc.x); got != tc.want {
			t.Errorf("FrNumber(%v) = %q, want %q", tc.x, got, tc.want)
		}
	}
	if got := server.RateBreaks(74.49); len(got) != 6 || got[2] != 19 || got[5] != 76 {
		t.Errorf("classes of 74.49: %v", got)
	}
}

// TestPagesInFrench: error pages, an unknown API path, a failed login, the élision in a
// commune's title.
func TestPagesInFrench(t *testing.T) {
	e := newEnv(t)
	e.publish("1")
	for _, tc := range []struct {
		path       string
		status     int
		want, ctyp string
	}{
		{"/nope", 404, "404 — Page introuvable", "text/html"},
		{"/communes/99999", 404, "aucune commune n'a le code INSEE", "text/html"},
		{"/api/nope", 404, `"error"`, "application/json"},
		{"/communes/2A004", 200, "Médicobus près d'Ajaccio", "text/html"},
	} {
		res, body := e.do("GET", tc.path, "", "")
		body = html.UnescapeString(body)
		if res.StatusCode != tc.status || !strings.Contains(body, tc.want) || !strings.HasPrefix(res.Header.Get("Content-Type"), tc.ctyp) {
			t.Errorf("%s: %d %s, lacks %q: %.300s", tc.path, res.StatusCode, res.Header.Get("Content-Type"), tc.want, body)
		}
	}
	res, err := http.PostForm(e.ts.URL+"/login", map[string][]string{"token": {"mb_wrong"}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 401 || strings.Contains(string(b), "Se déconnecter") || !strings.Contains(string(b), "Jeton inconnu") {
		t.Errorf("failed login: %d, page offers to log out or says nothing: %.500s", res.StatusCode, b)
	}
}

// TestUnservedCommune: a commune beyond the catchment of every site (Limoges) is told
// the nearest stop, how far it is beyond the catchment (never « within »), and its next
// sessions with their dates, and its feed carries them.
func TestUnservedCommune(t *testing.T) {
	e := newEnv(t)
	e.publish("1")
	res, body := e.do("GET", "/communes/87085", "", "")
	body = html.UnescapeString(body)
	if res.StatusCode != 200 || !strings.Contains(body, "Pas de médicobus tout près") ||
		!strings.Contains(body, "Aucun médicobus ne s'arrête à 20 minutes de route ou moins de Limoges. L'arrêt le plus proche est ") ||
		!strings.Contains(body, "minutes de route, au-delà de ces 20 minutes.") ||
		!strings.Contains(body, "Prochaines consultations à l'arrêt le plus proche") || !strings.Contains(body, "décembre 2026") {
		t.Fatalf("unserved commune: %d %.3000s", res.StatusCode, body)
	}
	for _, wrong := range []string{"à moins de 20 minutes", "environ", "les dates ci-dessus"} {
		if strings.Contains(body, wrong) {
			t.Errorf("the page of an unserved commune says %q", wrong)
		}
	}
	if _, feed := e.do("GET", "/communes/87085.ics", "", ""); strings.Count(feed, "BEGIN:VEVENT") < 2 {
		t.Errorf("the feed of an unserved commune is empty: %.500s", feed)
	}
}

// TestClosureOnPages: a closure declared for the Creuse on a Tuesday takes that day's
// sessions off the patient pages (listed as cancelled), cancels them in the feeds and
// the driver's sheet, and marks the day in the driver's next tours.
func TestClosureOnPages(t *testing.T) {
	e := newEnv(t)
	e.publish("1")
	if res, body := e.do("POST", "/api/closures", e.coordinator, `{"from":"2026-12-01","department":"23","reason":"neige"}`); res.StatusCode != 201 {
		t.Fatalf("closure: %d %s", res.StatusCode, body)
	}
	_, page := e.do("GET", "/driver/bus-23/2026-12-01", e.driver, "")
	if !strings.Contains(page, "Pas de tournée ce jour-là : fermeture : neige") {
		t.Errorf("driver sheet on the closed day: %.2000s", page)
	}
	_, index := e.do("GET", "/driver", e.driver, "")
	if !strings.Contains(index, "mardi 1 décembre 2026 : pas de tournée (fermeture : neige)") || !strings.Contains(index, `href="/driver/bus-23/2026-11-23"`) {
		t.Errorf("driver's next tours: %.3000s", index)
	}
	_, feed := e.do("GET", "/communes/23176.ics", "", "")
	if !strings.Contains(feed, "STATUS:CANCELLED") || !strings.Contains(feed, "fermeture : neige") {
		t.Errorf("feed does not cancel the closed day: %.2000s", feed)
	}
	// The patient's page keeps the closed day at its date, said cancelled with why.
	_, body := e.do("GET", "/communes/23176", "", "")
	if !regexp.MustCompile(`<li class="occurrence annulee">\s*<p class="when"><strong>mardi 1 décembre 2026</strong>, (matin|après-midi) — <strong class="status">annulée</strong> \(fermeture : neige\)</p>`).MatchString(body) {
		t.Errorf("patient page and the closed day: %.4000s", body)
	}
}

// upload posts a scenario file as the desk does.
func upload(t *testing.T, e *env, scenario, kind, name, content string) (int, map[string]any) {
	t.Helper()
	res, body := uploadAs(t, e, e.coordinator, scenario, kind, name, content)
	var out map[string]any
	json.Unmarshal([]byte(body), &out)
	return res.StatusCode, out
}

// TestUploadScenarioFiles: a good staff file gives a new version of the scenario; a bad
// one is refused with the command line's message (file, line, column) and nothing is
// stored; so is a bad APL file.
func TestUploadScenarioFiles(t *testing.T) {
	e := newEnv(t)
	staff := "id,name,role,availability,units,max_sessions_per_week,unavailable\n" +
		"gp-bus-23-1,Dr Claire Martin,gp,Mon Tue Wed Thu Fri,bus-23,8,\n" +
		"gp-bus-23b-1,Dr Paul Roux,gp,Mon Tue Wed Thu Fri,bus-23b,8,\n" +
		"midwife-r75-1,Anne Petit,midwife,Mon Tue Wed Thu Fri,bus-23;bus-23b,8,\n" +
		"orthoptist-r75-1,Léa Morel,orthoptist,Mon Tue Wed Thu Fri,bus-23;bus-23b,8,\n" +
		"nurse-r75-1,Hugo Blanc,nurse,Tue Fri,bus-23;bus-23b,4,\n" +
		"dermatologist-r75-1,Dr Inès Faure,dermatologist,Tue,,4,\n" +
		"cardiologist-r75-1,Dr Marc Henry,cardiologist,Fri,,4,\n"
	code, out := upload(t, e, "1", "staff", "mes-professionnels.csv", staff)
	if code != 201 || out["version"] != float64(2) || out["name"] != "creuse" {
		t.Fatalf("good staff file: %d %v", code, out)
	}
	bad := strings.Replace(staff, "bus-23b,8", "bus-99,8", 1)
	code, out = upload(t, e, "1", "staff", "mes-professionnels.csv", bad)
	probs, _ := json.Marshal(out["problems"])
	if code != 422 || !strings.Contains(string(probs), "mes-professionnels.csv:3") || !strings.Contains(string(probs), "bus-99") || strings.Contains(string(probs), "/tmp") {
		t.Errorf("bad staff file: %d %v", code, out)
	}
	code, out = upload(t, e, "1", "apl", "apl.csv", "insee,apl\n23176,abc\n")
	if code != 422 || !strings.Contains(toJSON(out), "apl.csv:2") {
		t.Errorf("bad APL file: %d %v", code, out)
	}
	code, out = upload(t, e, "1", "apl", "apl-2024.csv", "insee,apl\n23176,1.2\n23096,4.1\n")
	if code != 201 || out["version"] != float64(3) {
		t.Errorf("APL file: %d %v", code, out)
	}
	if code, out := upload(t, e, "1", "nope", "x.csv", "a\n"); code != 400 {
		t.Errorf("unknown kind: %d %v", code, out)
	}
	if _, body := e.do("GET", "/api/scenarios", e.coordinator, ""); strings.Count(body, `"name":"creuse"`) != 3 {
		t.Errorf("scenario versions: %s", body)
	}
}

func toJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestPatientPageNamesTheOrganisation: each session on a commune page says which
// organisation runs the bus; the built-in ones are synthetic and give no number, and
// the page says so.
func TestPatientPageNamesTheOrganisation(t *testing.T) {
	e := newEnv(t)
	e.publish("1")
	_, body := e.do("GET", "/communes/23176", "", "")
	if !strings.Contains(body, "Organisé par MSP de La Souterraine (fictive)") || !strings.Contains(body, "pas de numéro de réservation communiqué") {
		t.Errorf("commune page: %.3000s", body)
	}
}
