package server_test

import (
	"html"
	"medibus"
	"strings"
	"testing"

	"medibus/server"
)

// TestInfoPages: the help page, the accessibility statement and the legal notice
// answer every visitor in French, name the operator set in the configuration and,
// when none is, say so instead of inventing one; every page links to them.
func TestInfoPages(t *testing.T) {
	op := medibus.Operator{Name: "ARS Nouvelle-Aquitaine", Address: "103 bis rue Belleville, 33063 Bordeaux",
		Email: "medicobus@ars.example", Phone: "05 57 01 44 00", Director: "Jeanne Martin", Host: "OVH, 2 rue Kellermann, 59100 Roubaix"}
	named := newEnvWith(t, 0, func(c *server.Config) { c.Operator = op })
	blank := newEnv(t)
	for _, tc := range []struct {
		e          *env
		path       string
		want, lack []string
	}{
		{named, "/aide", []string{"<h1>Aide</h1>", "Trouver sa commune", "medicobus@ars.example", "05 57 01 44 00", "appelez le 15"}, nil},
		{blank, "/aide", []string{"n'a pas encore indiqué ses coordonnées"}, []string{"mailto:"}},
		{named, "/accessibilite", []string{"partiellement conforme", "RGAA", "ARS Nouvelle-Aquitaine s'engage", "mailto:medicobus@ars.example", "Défenseur des droits"}, nil},
		{blank, "/accessibilite", []string{"partiellement conforme", "ne sont pas encore indiquées"}, []string{"mailto:"}},
		{named, "/mentions-legales", []string{"ARS Nouvelle-Aquitaine", "33063 Bordeaux", "Jeanne Martin", "OVH, 2 rue Kellermann", "aucune donnée personnelle"}, []string{"pas encore indiqué"}},
		{blank, "/mentions-legales", []string{"n'a pas encore indiqué son nom", "Non indiqué par l'exploitant"}, nil},
	} {
		res, body := tc.e.do("GET", tc.path, "", "")
		body = html.UnescapeString(body)
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			t.Errorf("%s: %d %s", tc.path, res.StatusCode, res.Header.Get("Content-Type"))
		}
		if !strings.Contains(body, `<html lang="fr">`) {
			t.Errorf("%s: not declared French", tc.path)
		}
		for _, w := range tc.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s (operator set %v): lacks %q", tc.path, tc.e == named, w)
			}
		}
		for _, l := range tc.lack {
			if strings.Contains(body, l) {
				t.Errorf("%s (operator set %v): has %q", tc.path, tc.e == named, l)
			}
		}
		if got := res.Header.Get("Cache-Control"); got != "public, max-age=3600" {
			t.Errorf("%s: anonymous Cache-Control %q", tc.path, got)
		}
	}
	// A logged-in page's header is personal: no shared cache keeps it.
	if res, _ := named.do("GET", "/aide", named.coordinator, ""); res.Header.Get("Cache-Control") != "private, no-cache" {
		t.Errorf("coordinator's /aide: Cache-Control %q", res.Header.Get("Cache-Control"))
	}
	named.publish("1")
	for _, p := range []string{"/", "/communes/23096", "/aide"} {
		_, body := named.do("GET", p, "", "")
		for _, link := range []string{`href="/aide"`, `href="/accessibilite"`, `href="/mentions-legales"`} {
			if !strings.Contains(body, link) {
				t.Errorf("%s: footer lacks %s", p, link)
			}
		}
	}
}
