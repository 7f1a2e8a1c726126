package server_test

import (
	"html"
	"strings"
	"testing"
)

// TestDeskNamesAndReadOnly: the desk names a coordinator's scope (never its code) and
// marks each bus they may not change read-only, naming whose bus it is.
func TestDeskNamesAndReadOnly(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		name, org, region string
		note              string // in the page's scope note; "" for none
		mayChange         bool   // bus-23
		readOnly          string // bus-23's label when it may not
	}{
		{"national", "", "", "", true, ""},
		{"region of the Creuse", "", "75", "la région Nouvelle-Aquitaine", true, ""},
		{"another region", "", "84", "la région Auvergne-Rhône-Alpes", false, "lecture seule — bus de l'organisation "},
		{"another organisation", "org-none", "", "l'organisation « org-none »", false, "lecture seule — bus de l'organisation "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tok := e.coordinator
			if tc.org != "" || tc.region != "" {
				tok = e.scopedToken(tc.org, tc.region)
			}
			_, page := e.do("GET", "/plan", tok, "")
			page = html.UnescapeString(page)
			switch {
			case tc.note == "" && strings.Contains(page, `class="note scope"`):
				t.Errorf("a national coordinator's desk has a scope note")
			case tc.note != "" && !strings.Contains(page, "Votre accès est limité aux bus de "+tc.note):
				t.Errorf("scope note lacks %q", tc.note)
			}
			if tc.region != "" && strings.Contains(page, "région "+tc.region) {
				t.Errorf("the page names the region by its code %s", tc.region)
			}
			var detail struct {
				Units []struct {
					ID        string
					MayChange bool   `json:"may_change"`
					ReadOnly  string `json:"read_only"`
				}
			}
			_, body := e.do("GET", "/api/plans/1", tok, "")
			mustUnmarshal(t, body, &detail)
			for _, u := range detail.Units {
				if u.ID != "bus-23" {
					continue
				}
				if u.MayChange != tc.mayChange || !strings.HasPrefix(u.ReadOnly, tc.readOnly) || (tc.readOnly == "") != (u.ReadOnly == "") || strings.Contains(u.ReadOnly, "org-") {
					t.Errorf("bus-23: may_change %v, read_only %q", u.MayChange, u.ReadOnly)
				}
			}
		})
	}
}

// TestDeskIdleAndSites: the figures' empty half-days, in French, for a rotation and
// refused for a dated change; the sites a session may move to, by commune.
func TestDeskIdleAndSites(t *testing.T) {
	e := newEnv(t)
	var idle struct {
		Summary, Ceiling string
		Causes           []struct{ Label, Text string }
		Units            []struct{ Unit, Name, Ceiling, Causes string }
	}
	res, body := e.do("GET", "/api/plans/1/idle", e.coordinator, "")
	if res.StatusCode != 200 {
		t.Fatalf("idle: %d %s", res.StatusCode, body)
	}
	mustUnmarshal(t, body, &idle)
	if !strings.Contains(idle.Summary, "demi-journées") || !strings.Contains(idle.Ceiling, "séances possibles pour") || len(idle.Units) == 0 {
		t.Errorf("idle: %.500s", body)
	}
	for _, u := range idle.Units {
		if u.Name == "" || u.Name == u.Unit || !strings.Contains(u.Ceiling, "lieu") {
			t.Errorf("idle of %s: %+v", u.Unit, u)
		}
	}
	var sites struct {
		Sites []struct{ ID, Name, Commune, Department string }
	}
	_, body = e.do("GET", "/api/plans/1/sites?unit=bus-23", e.coordinator, "")
	mustUnmarshal(t, body, &sites)
	if len(sites.Sites) == 0 {
		t.Fatalf("no site for bus-23: %s", body)
	}
	for i, s := range sites.Sites {
		if s.Commune == "" || s.Commune == s.Department || (i > 0 && sites.Sites[i-1].Commune > s.Commune) {
			t.Errorf("site %d: %+v (sorted by commune)", i, s)
		}
	}
	if res, body := e.do("GET", "/api/plans/1/sites?unit=nope", e.coordinator, ""); res.StatusCode != 404 || !strings.Contains(body, "n'est pas dans le scénario") {
		t.Errorf("unknown bus: %d %s", res.StatusCode, body)
	}
}
