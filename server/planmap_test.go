package server_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"medibus"
	"medibus/server"
)

// svgNode is any element of an SVG document, for walking it with encoding/xml.
type svgNode struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Text    string     `xml:",chardata"`
	Nodes   []svgNode  `xml:",any"`
}

func (n *svgNode) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// walk calls fn for n and every element below it, depth first.
func (n *svgNode) walk(fn func(*svgNode)) {
	fn(n)
	for i := range n.Nodes {
		n.Nodes[i].walk(fn)
	}
}

// child returns n's first child element named local, or nil.
func (n *svgNode) child(local string) *svgNode {
	for i := range n.Nodes {
		if n.Nodes[i].XMLName.Local == local {
			return &n.Nodes[i]
		}
	}
	return nil
}

// allText is the text of n and its descendants, element by element.
func (n *svgNode) allText() string {
	var b strings.Builder
	n.walk(func(x *svgNode) { b.WriteString(x.Text + "\n") })
	return b.String()
}

// mapCommune is what the map says of one commune.
type mapCommune struct {
	class, title string
	share        float64
}

// parseMap parses a map and indexes its communes by INSEE code.
func parseMap(t *testing.T, body string) (*svgNode, map[string]mapCommune) {
	t.Helper()
	var root svgNode
	if err := xml.Unmarshal([]byte(body), &root); err != nil {
		t.Fatalf("map is not well-formed XML: %v\n%.300s", err, body)
	}
	communes := map[string]mapCommune{}
	root.walk(func(n *svgNode) {
		insee := n.attr("data-insee")
		if insee == "" {
			return
		}
		c := mapCommune{class: n.attr("class")}
		if ti := n.child("title"); ti != nil {
			c.title = ti.Text
		}
		var err error
		if c.share, err = strconv.ParseFloat(n.attr("data-share"), 64); err != nil {
			t.Errorf("commune %s: data-share: %v", insee, err)
		}
		communes[insee] = c
	})
	return &root, communes
}

// mapScenario is a small scenario on the 46th parallel, where a degree of longitude is
// 77 km: with a 10-minute catchment at 60 km/h and a detour of 1.3, a site reaches
// 7.7 km, so S1 (2.00°E) serves A (2.00) and B (2.06), S2 (2.12) serves B, E (2.16) and
// G (2.18), and nothing serves C (3.00). F has no need.
func mapScenario() *medibus.Scenario {
	pt := func(lon float64) orb.Point { return orb.Point{lon, 46} }
	commune := func(insee, name string, lon float64) medibus.Commune {
		return medibus.Commune{INSEE: insee, Name: name, Point: pt(lon), Population: 500, AccessMin: 30}
	}
	return &medibus.Scenario{
		Name:   "carte",
		Rules:  medibus.Rules{CycleWeeks: 1, CatchmentMin: 10},
		Depots: []medibus.Depot{{ID: "d1", Name: "Dépôt", Point: pt(2.0)}},
		Units:  []medibus.Unit{{ID: "u1", Name: "Bus 1", Depot: "d1"}, {ID: "u2", Name: "Bus 2", Depot: "d1"}},
		Services: []medibus.Service{
			{ID: "gp", Name: "Médecine générale", ConsultMin: 20},
			{ID: "eye", Name: "Ophtalmologie", ConsultMin: 20},
		},
		Sites: []medibus.Site{{ID: "s1", Name: "Site 1", Point: pt(2.00)}, {ID: "s2", Name: "Site 2", Point: pt(2.12)}},
		Communes: []medibus.Commune{
			commune("99001", "Aval", 2.00), commune("99002", "Belair", 2.06), commune("99003", "Cornac", 3.00),
			commune("99005", "Estrée", 2.16), commune("99006", "Fay", 2.02), commune("99007", "Gué", 2.18),
		},
		Demand: []medibus.Demand{
			{INSEE: "99001", Service: "gp", Need: 20}, {INSEE: "99001", Service: "gp", Need: 10}, // summed: 30
			{INSEE: "99002", Service: "gp", Need: 10}, {INSEE: "99003", Service: "gp", Need: 20},
			{INSEE: "99005", Service: "gp", Need: 10}, {INSEE: "99007", Service: "gp", Need: 100},
			{INSEE: "99001", Service: "eye", Need: 5},
			{INSEE: "00000", Service: "gp", Need: 50}, // not a commune of the scenario
		},
	}
}

// mapPlan holds, out of date order, three gp sessions that book (booked_by_commune): S1
// 20 patients on Monday (Aval 30 → 15, Belair 10 → 5), S2 23 on Tuesday (Belair 5,
// Estrée 10, Gué 100: a fifth of each), S1 15 on Wednesday (Aval 15 and Belair 4: 15/19
// of each); and an eye session of 2 patients of Aval at S1.
func mapPlan(start medibus.Date) *medibus.Plan {
	se := func(unit string, day int, half medibus.Half, site, svc string, booked map[string]float64) medibus.Session {
		patients := 0.0
		for _, b := range booked {
			patients += b
		}
		return medibus.Session{Unit: unit, Date: start.AddDays(day), Half: half, Site: site, Service: svc,
			Start: medibus.Clock(9 * 60), End: medibus.Clock(12 * 60), ExpectedPatients: int(math.Round(patients)), Booked: booked}
	}
	return &medibus.Plan{Start: start, Seed: 1, Engine: "test", Sessions: []medibus.Session{
		se("u1", 2, medibus.AM, "s1", "gp", map[string]float64{"99001": 15 * 15.0 / 19, "99002": 4 * 15.0 / 19}),
		se("u2", 1, medibus.AM, "s2", "gp", map[string]float64{"99002": 1, "99005": 2, "99007": 20}),
		se("u1", 0, medibus.PM, "s1", "eye", map[string]float64{"99001": 2}),
		se("u1", 0, medibus.AM, "s1", "gp", map[string]float64{"99001": 15, "99002": 5}),
	}}
}

// saveMapPlan stores the hand-made scenario and plan in e's database and returns the
// plan's id.
func saveMapPlan(t *testing.T, e *env) int64 {
	t.Helper()
	ctx := context.Background()
	start, _ := medibus.ParseDate("2026-11-23")
	scID, _, err := e.db.SaveScenario(ctx, mapScenario())
	if err != nil {
		t.Fatal(err)
	}
	pl := mapPlan(start)
	pl.ScenarioID = scID
	id, err := e.db.SavePlan(ctx, pl)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestMapNeedServed(t *testing.T) {
	e := newEnv(t)
	id := saveMapPlan(t, e)
	aval := 1 - (15*4.0/19)/30  // what Wednesday leaves of Aval's 30
	belair := 1 - (4*4.0/19)/10 // of Belair's 10
	for _, tc := range []struct {
		name, query, insee, class, title string
		share                            float64
	}{
		{"default service is the first", "", "99001", "cov-4", "besoin de 30 consultations en Médecine générale, 89 % servi", aval},
		{"two catchments, date order", "?service=gp", "99002", "cov-4", "Belair (99002) : besoin de 10 consultations en Médecine générale, 92 % servi", belair},
		{"a fifth", "?service=gp", "99005", "cov-1", "besoin de 10 consultations en Médecine générale, 20 % servi", 0.2},
		{"big need, a fifth", "?service=gp", "99007", "cov-1", "besoin de 100 consultations", 0.2},
		{"out of reach", "?service=gp", "99003", "cov-0", "besoin de 20 consultations en Médecine générale, 0 % servi", 0},
		{"no need", "?service=gp", "99006", "cov-none", "Fay (99006) : pas de besoin en Médecine générale", 0},
		{"other service", "?service=eye", "99001", "cov-2", "besoin de 5 consultations en Ophtalmologie, 40 % servi", 0.4},
		{"no need for the other service", "?service=eye", "99002", "cov-none", "pas de besoin en Ophtalmologie", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, body := e.do("GET", fmt.Sprintf("/api/plans/%d/map.svg%s", id, tc.query), e.coordinator, "")
			if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/svg+xml" {
				t.Fatalf("%d %s: %.300s", res.StatusCode, res.Header.Get("Content-Type"), body)
			}
			_, communes := parseMap(t, body)
			c, ok := communes[tc.insee]
			if !ok {
				t.Fatalf("commune %s is not on the map", tc.insee)
			}
			if c.class != tc.class || !strings.Contains(c.title, tc.title) || math.Abs(c.share-tc.share) > 0.001 {
				t.Errorf("commune %s: class %q, share %.3f, title %q; want %q, %.3f, %q", tc.insee, c.class, c.share, c.title, tc.class, tc.share, tc.title)
			}
			if _, ok := communes["00000"]; ok || len(communes) != 6 {
				t.Errorf("%d communes on the map, want the scenario's 6", len(communes))
			}
		})
	}
}

func TestMapLegend(t *testing.T) {
	e := newEnv(t)
	id := saveMapPlan(t, e)
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"", []string{"Part du besoin servi", "Médecine générale", "0 % (1 commune)", "moins de 25 % (2 communes)",
			"25 à 50 % (0 communes)", "50 à 75 % (0 communes)", "75 % et plus (2 communes)", "sans besoin (1 commune)",
			"site utilisé", "dépôt", "Total : 34 % du besoin servi"}},
		{"?service=eye", []string{"Ophtalmologie", "0 % (0 communes)", "25 à 50 % (1 commune)", "sans besoin (5 communes)",
			"Total : 40 % du besoin servi"}},
	} {
		t.Run("service="+tc.query, func(t *testing.T) {
			_, body := e.do("GET", fmt.Sprintf("/api/plans/%d/map.svg%s", id, tc.query), e.coordinator, "")
			root, _ := parseMap(t, body)
			var legend *svgNode
			root.walk(func(n *svgNode) {
				if legend == nil && n.attr("class") == "legend" {
					legend = n
				}
			})
			if legend == nil {
				t.Fatal("no legend")
			}
			text := legend.allText()
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("legend lacks %q:\n%s", w, text)
				}
			}
			if d := root.child("desc"); d == nil || !strings.Contains(d.Text, "Communes selon la part de leur besoin") {
				t.Errorf("no description of the map for screen readers")
			}
		})
	}
}

func TestMapServiceParameter(t *testing.T) {
	e := newEnv(t)
	id := saveMapPlan(t, e)
	etags := map[string]string{}
	for _, tc := range []struct {
		path, want string
		status     int
	}{
		{fmt.Sprintf("/api/plans/%d/map.svg", id), "part du besoin servi en Médecine générale", 200},
		{fmt.Sprintf("/api/plans/%d/map.svg?service=gp", id), "part du besoin servi en Médecine générale", 200},
		{fmt.Sprintf("/api/plans/%d/map.svg?service=eye", id), "part du besoin servi en Ophtalmologie", 200},
		{fmt.Sprintf("/api/plans/%d/map.svg?service=dentist", id), fmt.Sprintf(`service \"dentist\" is not offered by plan %d (scenario carte): use one of gp, eye`, id), 400},
		{"/api/plans/1/map.svg?service=dentist", "use one of gp,", 400},
		{"/api/plans/1/map.svg?service=gyn", "part du besoin servi en Gynécologie", 200},
		{"/api/plans/99/map.svg?service=gp", "", 404},
	} {
		t.Run(tc.path, func(t *testing.T) {
			res, body := e.do("GET", tc.path, e.coordinator, "")
			if res.StatusCode != tc.status || !strings.Contains(body, tc.want) {
				t.Fatalf("%d, want %d with %q: %.300s", res.StatusCode, tc.status, tc.want, body)
			}
			if tc.status != 200 {
				var msg struct{ Error string }
				if err := json.Unmarshal([]byte(body), &msg); err != nil || msg.Error == "" {
					t.Errorf("error is not JSON: %v %.200s", err, body)
				}
				return
			}
			root, _ := parseMap(t, body)
			if ti := root.child("title"); ti == nil || !strings.Contains(ti.Text, tc.want) {
				t.Errorf("map title %v, want %q", ti, tc.want)
			}
			etags[tc.path] = res.Header.Get("ETag")
		})
	}
	gp, dflt, eye := etags[fmt.Sprintf("/api/plans/%d/map.svg?service=gp", id)], etags[fmt.Sprintf("/api/plans/%d/map.svg", id)],
		etags[fmt.Sprintf("/api/plans/%d/map.svg?service=eye", id)]
	if gp == "" || gp != dflt || gp == eye {
		t.Errorf("ETags: gp %s, default %s, eye %s: want the default to be gp's, and eye's to differ", gp, dflt, eye)
	}
}

// TestMapFixture checks the map of the planned creuse fixture: every commune is drawn
// in one class with a title, and some need is served.
func TestMapFixture(t *testing.T) {
	e := newEnv(t)
	res, body := e.do("GET", "/api/plans/1/map.svg", e.coordinator, "")
	if res.StatusCode != 200 {
		t.Fatalf("%d %.300s", res.StatusCode, body)
	}
	_, communes := parseMap(t, body)
	classes := map[string]int{}
	for insee, c := range communes {
		classes[c.class]++
		if !strings.HasPrefix(c.class, "cov-") || !strings.Contains(c.title, "("+insee+")") {
			t.Errorf("commune %s: class %q, title %q", insee, c.class, c.title)
		}
	}
	if len(communes) < 100 || classes["cov-0"]+classes["cov-none"] == len(communes) {
		t.Errorf("%d communes by class %v: want many, some with need served", len(communes), classes)
	}
}

func TestCoverageClasses(t *testing.T) {
	for _, tc := range []struct {
		need, served float64
		want         string
	}{
		{0, 0, "cov-none"},
		{10, 0, "cov-0"},
		{10, 0.01, "cov-1"},
		{10, 2.49, "cov-1"},
		{10, 2.5, "cov-2"},
		{10, 4.99, "cov-2"},
		{10, 5, "cov-3"},
		{10, 7.49, "cov-3"},
		{10, 7.5, "cov-4"},
		{10, 10, "cov-4"},
		{10, 12, "cov-4"},
	} {
		if got := server.CoverageClass(tc.need, tc.served); got != tc.want {
			t.Errorf("need %g, served %g: class %s, want %s", tc.need, tc.served, got, tc.want)
		}
	}
}
