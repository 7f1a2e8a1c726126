package server_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/paulmach/orb/geojson"
	gpxgo "github.com/tkrajina/gpxgo/gpx"
)

func TestAccess(t *testing.T) {
	e := newEnv(t)
	e.publish("1")
	for _, tc := range []struct {
		name, method, path, token string
		want                      int
	}{
		{"health is public", "GET", "/healthz", "", 200},
		{"metrics need a token", "GET", "/metrics", "", 401},
		{"metrics not for drivers", "GET", "/metrics", e.driver, 403},
		{"metrics for coordinators", "GET", "/metrics", e.coordinator, 200},
		{"patient page is public", "GET", "/communes/23176", "", 200},
		{"API needs a token", "GET", "/api/plans", "", 401},
		{"bad token", "GET", "/api/plans", "mb_nope", 401},
		{"driver may not list plans", "GET", "/api/plans", e.driver, 403},
		{"coordinator lists plans", "GET", "/api/plans", e.coordinator, 200},
		{"driver sees own bus", "GET", "/driver/bus-23/2026-11-23", e.driver, 200},
		{"driver not another bus", "GET", "/driver/bus-23b/2026-11-23", e.driver, 403},
		{"organisation driver sees every bus", "GET", "/driver/bus-23b/2026-11-23", e.allDriver, 200},
		{"driver page redirects to login", "GET", "/driver/bus-23/2026-11-23", "", 303},
		{"planning UI redirects to login", "GET", "/plan", "", 303},
		{"planning UI not for drivers", "GET", "/plan", e.driver, 403},
		{"driver sessions of own bus", "GET", "/api/plans/1/sessions?unit=bus-23", e.driver, 200},
		{"driver sessions of all buses refused", "GET", "/api/plans/1/sessions", e.driver, 403},
		{"driver may not publish", "POST", "/api/plans/1/publish", e.driver, 403},
		{"unknown route", "GET", "/nope", "", 404},
		{"wrong method", "DELETE", "/healthz", "", 405},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, body := e.do(tc.method, tc.path, tc.token, "")
			if res.StatusCode != tc.want {
				t.Fatalf("%s %s: %d, want %d: %.200s", tc.method, tc.path, res.StatusCode, tc.want, body)
			}
			if tc.want == 401 && res.Header.Get("WWW-Authenticate") == "" {
				t.Error("401 without WWW-Authenticate")
			}
		})
	}
}

func TestPublishIsFinal(t *testing.T) {
	e := newEnv(t)
	e.publish("1")
	for _, tc := range []struct{ method, path, body string }{
		{"POST", "/api/plans/1/publish", ""},
		{"POST", "/api/plans/1/pins", `{"unit":"bus-23","date":"2026-11-23","half":"AM"}`},
		{"DELETE", "/api/plans/1/pins/bus-23/2026-11-23/AM", ""},
	} {
		res, body := e.do(tc.method, tc.path, e.coordinator, tc.body)
		if res.StatusCode != http.StatusConflict {
			t.Errorf("%s %s on a published plan: %d %s, want 409", tc.method, tc.path, res.StatusCode, body)
		}
	}
}

func TestLoginCookie(t *testing.T) {
	e := newEnv(t)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.PostForm(e.ts.URL+"/login", url.Values{"token": {e.coordinator}, "next": {"/plan"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/plan" {
		t.Fatalf("login: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	var cookie *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == "medibus_session" {
			cookie = c
		}
	}
	if cookie == nil || !cookie.HttpOnly || cookie.SameSite == http.SameSiteNoneMode || cookie.SameSite == http.SameSiteDefaultMode {
		t.Fatalf("session cookie %+v: want HttpOnly and SameSite", cookie)
	}
	if strings.Contains(cookie.Value, e.coordinator) {
		t.Error("the cookie carries the token itself")
	}
	req, _ := http.NewRequest("GET", e.ts.URL+"/plan", nil)
	req.AddCookie(cookie)
	res, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("/plan with the cookie: %d", res.StatusCode)
	}
	// A cross-site POST with the cookie is refused.
	req, _ = http.NewRequest("POST", e.ts.URL+"/api/plans/1/publish", nil)
	req.AddCookie(cookie)
	req.Header.Set("Origin", "https://evil.example")
	res, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: %d, want 403", res.StatusCode)
	}
	res, err = client.PostForm(e.ts.URL+"/login", url.Values{"token": {"mb_wrong"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Errorf("bad login: %d, want 401", res.StatusCode)
	}
}

func TestPatientSearch(t *testing.T) {
	e := newEnv(t)
	e.publish("1")
	for _, tc := range []struct{ q, want string }{
		{"GUERET", "Guéret"},
		{"saint medard la rochette", "/communes/23220"},
		{"23000", "/communes/23096"},
	} {
		res, body := e.do("GET", "/?q="+url.QueryEscape(tc.q), "", "")
		if res.StatusCode == http.StatusSeeOther {
			body = res.Header.Get("Location")
		}
		if !strings.Contains(body, tc.want) {
			t.Errorf("search %q: %d, lacks %q", tc.q, res.StatusCode, tc.want)
		}
	}
	// La Souterraine (4,978 inhabitants, 30 min from Guéret) is in need and a base.
	res, body := e.do("GET", "/communes/23176", "", "")
	if res.StatusCode != 200 || !strings.Contains(body, `lang="fr"`) || !strings.Contains(body, "Médecine générale") ||
		!strings.Contains(body, "plannings publiés") || !strings.Contains(body, `class="occurrence"`) {
		t.Fatalf("commune page: %d\n%.2000s", res.StatusCode, body)
	}
	// The first session listed is on or after "today" (2026-12-07), projected from the cycle.
	if !strings.Contains(body, "décembre 2026") {
		t.Errorf("no session projected into December:\n%.3000s", body)
	}
	etag := res.Header.Get("ETag")
	req, _ := http.NewRequest("GET", e.ts.URL+"/communes/23176", nil)
	req.Header.Set("If-None-Match", etag)
	res2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res2.Body.Close()
	if etag == "" || res2.StatusCode != http.StatusNotModified {
		t.Errorf("ETag %q, revalidation %d, want 304", etag, res2.StatusCode)
	}
	var sessions struct {
		Sessions []struct {
			Date string `json:"date"`
		} `json:"sessions"`
	}
	res, body = e.do("GET", "/api/public/communes/23176/sessions", "", "")
	if err := json.Unmarshal([]byte(body), &sessions); res.StatusCode != 200 || err != nil || len(sessions.Sessions) == 0 {
		t.Fatalf("public sessions: %d %v %.300s", res.StatusCode, err, body)
	}
	if sessions.Sessions[0].Date < "2026-11-23" {
		t.Errorf("first session %s is before today", sessions.Sessions[0].Date)
	}
}

// TestCalendarFeed reads the commune feed with github.com/arran4/golang-ical.
func TestCalendarFeed(t *testing.T) {
	e := newEnv(t)
	if res, _ := e.do("GET", "/communes/23176.ics", "", ""); res.StatusCode != 404 {
		t.Errorf("feed without a published plan: %d, want 404", res.StatusCode)
	}
	e.publish("1")
	res, body := e.do("GET", "/communes/23176.ics", "", "")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("feed: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	cal, err := ics.ParseCalendar(strings.NewReader(body))
	if err != nil {
		t.Fatalf("golang-ical: %v", err)
	}
	evs := cal.Events()
	if len(evs) < 5 {
		t.Fatalf("%d events", len(evs))
	}
	uids := map[string]bool{}
	for _, ev := range evs {
		if uids[ev.Id()] {
			t.Errorf("duplicate UID %s", ev.Id())
		}
		uids[ev.Id()] = true
		start, err := ev.GetStartAt()
		if err != nil {
			t.Fatal(err)
		}
		if start.Before(testNow.Add(-24 * time.Hour)) {
			t.Errorf("event in the past: %v", start)
		}
		if h := start.In(mustParis(t)).Hour(); h < 8 || h > 17 {
			t.Errorf("event at %v Paris time", start)
		}
	}
	// The same feed fetched again has the same UIDs: calendars update, not duplicate.
	_, again := e.do("GET", "/communes/23176.ics", "", "")
	if again != body {
		t.Error("the feed changed between two fetches on the same day")
	}
}

func mustParis(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestDriverDownloads reads the day's GPX with github.com/tkrajina/gpxgo and its GeoJSON
// with orb/geojson.
func TestDriverDownloads(t *testing.T) {
	e := newEnv(t)
	e.publish("1")
	res, page := e.do("GET", "/driver/bus-23/2026-11-23", e.driver, "")
	if res.StatusCode != 200 || !strings.Contains(page, "Départ") || !strings.Contains(page, `id="day-map"`) || !strings.Contains(page, "km") {
		t.Fatalf("day sheet: %d\n%.1500s", res.StatusCode, page)
	}
	res, body := e.do("GET", "/driver/bus-23/2026-11-23.gpx", e.driver, "")
	if res.StatusCode != 200 {
		t.Fatalf("gpx: %d %s", res.StatusCode, body)
	}
	g, err := gpxgo.ParseBytes([]byte(body))
	if err != nil {
		t.Fatalf("gpxgo: %v", err)
	}
	if g.Version != "1.1" || len(g.Waypoints) < 3 || len(g.Routes) != 1 {
		t.Fatalf("gpx: version %s, %d waypoints, %d routes", g.Version, len(g.Waypoints), len(g.Routes))
	}
	first, last := g.Waypoints[0], g.Waypoints[len(g.Waypoints)-1]
	if first.Latitude != last.Latitude || first.Longitude != last.Longitude {
		t.Error("the day does not end at its depot")
	}
	if !sort.SliceIsSorted(g.Waypoints, func(i, j int) bool { return g.Waypoints[i].Timestamp.Before(g.Waypoints[j].Timestamp) }) {
		t.Error("waypoints out of time order")
	}
	res, body = e.do("GET", "/driver/bus-23/2026-11-23.geojson", e.driver, "")
	if res.StatusCode != 200 {
		t.Fatalf("geojson: %d", res.StatusCode)
	}
	fc, err := geojson.UnmarshalFeatureCollection([]byte(body))
	if err != nil {
		t.Fatalf("orb/geojson: %v", err)
	}
	var route *geojson.Feature
	stops := 0
	for _, f := range fc.Features {
		switch f.Properties["kind"] {
		case "route":
			route = f
		case "session":
			stops++
		}
	}
	if route == nil || stops == 0 {
		t.Fatalf("geojson: route %v, %d session stops", route != nil, stops)
	}
	if math.Abs(route.Properties.MustFloat64("drive_km")) == 0 {
		t.Error("route without distance")
	}
	// The cycle repeats: two weeks later is the same day.
	_, later := e.do("GET", "/driver/bus-23/2026-12-07.geojson", e.driver, "")
	if strings.ReplaceAll(later, "2026-12-07", "2026-11-23") != body {
		t.Error("the day two weeks later differs from the cycle's day")
	}
}

func TestPinReoptimiseCompare(t *testing.T) {
	e := newEnv(t)
	_, body := e.do("GET", "/api/plans/1/sessions?unit=bus-23", e.coordinator, "")
	var ss struct {
		Sessions []struct {
			Unit, Date, Half, Site string
		} `json:"sessions"`
	}
	if err := json.Unmarshal([]byte(body), &ss); err != nil || len(ss.Sessions) == 0 {
		t.Fatalf("sessions: %v %.200s", err, body)
	}
	s0 := ss.Sessions[0]
	res, body := e.do("POST", "/api/plans/1/pins", e.coordinator, `{"unit":"`+s0.Unit+`","date":"`+s0.Date+`","half":"`+s0.Half+`"}`)
	if res.StatusCode != 201 {
		t.Fatalf("pin: %d %s", res.StatusCode, body)
	}
	if res, body := e.do("POST", "/api/plans/1/pins", e.coordinator, `{"unit":"bus-23","date":"2026-11-28","half":"AM"}`); res.StatusCode != 422 {
		t.Errorf("pin of an empty slot: %d %s, want 422", res.StatusCode, body)
	}
	res, body = e.do("POST", "/api/plans/1/reoptimise", e.coordinator, `{"time_limit_s":5}`)
	if res.StatusCode != 202 {
		t.Fatalf("reoptimise: %d %s", res.StatusCode, body)
	}
	// Follow the run's events to the end.
	req, _ := http.NewRequest("GET", e.ts.URL+res.Header.Get("Location")+"/events", nil)
	req.Header.Set("Authorization", "Bearer "+e.coordinator)
	sse, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer sse.Body.Close()
	if ct := sse.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events content type %q", ct)
	}
	var last string
	var events []string
	sc := bufio.NewScanner(sse.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if ev, ok := strings.CutPrefix(line, "event: "); ok {
			events = append(events, ev)
		}
		if d, ok := strings.CutPrefix(line, "data: "); ok {
			last = d
		}
	}
	var st struct {
		Status string `json:"status"`
		PlanID int64  `json:"plan_id"`
		Error  string `json:"error"`
	}
	if err := json.Unmarshal([]byte(last), &st); err != nil || st.Status != "done" || st.PlanID != 2 {
		t.Fatalf("last event %s (%v); events %v", last, err, events)
	}
	if events[len(events)-1] != "done" {
		t.Errorf("events %v do not end with done", events)
	}
	_, body = e.do("GET", "/api/plans/2/sessions?unit="+s0.Unit+"&date="+s0.Date, e.coordinator, "")
	if !strings.Contains(body, `"pinned":true`) || !strings.Contains(body, `"site":"`+s0.Site+`"`) {
		t.Errorf("the re-plan does not hold the pin: %s", body)
	}
	res, body = e.do("GET", "/api/plans/compare?a=1&b=2", e.coordinator, "")
	var cmp struct {
		Plans []struct {
			ID       int64 `json:"id"`
			ParentID int64 `json:"parent_id"`
		} `json:"plans"`
		Changes map[string]int `json:"changes"`
	}
	if err := json.Unmarshal([]byte(body), &cmp); res.StatusCode != 200 || err != nil || len(cmp.Plans) != 2 || cmp.Plans[1].ParentID != 1 {
		t.Fatalf("compare: %d %v %s", res.StatusCode, err, body)
	}
	if cmp.Changes["same"] == 0 {
		t.Errorf("compare: no session kept: %v", cmp.Changes)
	}
}

func TestMetricsExposition(t *testing.T) {
	e := newEnv(t)
	e.do("GET", "/communes/23096", "", "")
	e.do("GET", "/nope", "", "")
	_, body := e.do("GET", "/metrics", e.coordinator, "")
	for _, want := range []string{
		`medibus_http_requests_total{code="2xx",route="GET /communes/{file}"} 1`,
		`medibus_http_requests_total{code="4xx",route="unmatched"} 1`,
		`# TYPE medibus_http_request_duration_seconds histogram`,
		`medibus_http_request_duration_seconds_bucket{route="GET /communes/{file}",le="+Inf"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	// Every sample line is "name{labels} value" or "name value".
	for _, l := range strings.Split(strings.TrimSpace(body), "\n") {
		if strings.HasPrefix(l, "#") {
			continue
		}
		if f := strings.Fields(l); len(f) < 2 {
			t.Errorf("bad sample line %q", l)
		}
	}
	if !bytes.Contains([]byte(body), []byte("go_goroutines")) {
		t.Error("no go_goroutines")
	}
}

// TestDriverSheetCrew: over the cycle, the driver's sheets name the organisation that
// runs the bus and everyone of each session: the assistant on board, and the remote
// specialist of a tele-consultation.
func TestDriverSheetCrew(t *testing.T) {
	e := newEnv(t)
	e.publish("1")
	all := ""
	for _, unit := range []string{"bus-23", "bus-23b"} {
		for day := 0; day < 14; day++ {
			d := time.Date(2026, 11, 23+day, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
			_, page := e.do("GET", "/driver/"+unit+"/"+d, e.coordinator, "")
			all += page
		}
	}
	for _, want := range []string{"MSP de La Souterraine (fictive)", "MSP d&#39;Aubusson (fictive)", "assistant médical",
		"<dt>À distance</dt>", "dermatologue", "cardiologue", "(téléconsultation)"} {
		if !strings.Contains(all, want) {
			t.Errorf("no sheet of the cycle shows %q", want)
		}
	}
}
