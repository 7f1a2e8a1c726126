package server_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"medibus/server"
)

// liveOnly is what the live server's page has and the static one not (the login link)
// and the reverse (when it was written).
var liveOnly = regexp.MustCompile(`(?s)<nav aria-label="Navigation">.*?</nav>|<p class="note written">[^\n]*</p>`)

// TestSiteCreuse writes the static site of the Creuse's published plan: every commune
// of France gets a page and a feed; for every commune served (a site within its
// catchment), the page is the live server's page (but for the login link and when it
// was written) and the feed is byte for byte the live feed; the home page, the index of
// communes, the 404 page, the static files and site.json are there.
func TestSiteCreuse(t *testing.T) {
	dir, sum := sharedSite(t)
	e := newEnv(t)
	e.publish("1")
	if sum.Revision < 1 || sum.Today.String() != "2026-11-23" || sum.Communes != 34735 || sum.Served < 100 || sum.Served > 1000 {
		t.Fatalf("summary %+v", sum)
	}
	if want := 3*sum.Communes + 4; sum.Files < want {
		t.Errorf("%d files, want at least %d", sum.Files, want)
	}
	pages, err := filepath.Glob(filepath.Join(dir, "communes", "*", "index.html"))
	if err != nil || len(pages) != sum.Communes {
		t.Fatalf("%d pages of communes (%v), want %d", len(pages), err, sum.Communes)
	}
	served := 0
	for _, page := range pages {
		b, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "<h2>Prochaines consultations</h2>") {
			continue
		}
		served++
		insee := filepath.Base(filepath.Dir(page))
		checkSitePage(t, e, dir, insee, string(b))
	}
	if served != sum.Served {
		t.Errorf("%d pages list sessions within reach, the summary says %d communes are served", served, sum.Served)
	}
	// A commune far from the Creuse gets the live server's page too: no bus near.
	b, err := os.ReadFile(filepath.Join(dir, "communes", "67482", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	checkSitePage(t, e, dir, "67482", string(b))
	checkSiteFiles(t, dir, sum)
}

// checkSitePage compares the written page and feed of commune insee with the live
// server's.
func checkSitePage(t *testing.T, e *env, dir, insee, page string) {
	t.Helper()
	if !strings.Contains(page, `<p class="note written">Page mise à jour le lundi 23 novembre 2026 à 08:00, d'après le planning publié (révision`) {
		t.Errorf("commune %s: the page does not say when it was written", insee)
	}
	if strings.Contains(page, `href="/login"`) {
		t.Errorf("commune %s: the static page links to /login", insee)
	}
	res, live := e.do("GET", "/communes/"+insee, "", "")
	if res.StatusCode != 200 || liveOnly.ReplaceAllString(live, "") != liveOnly.ReplaceAllString(page, "") {
		t.Errorf("commune %s: the written page differs from the live one (%d)", insee, res.StatusCode)
	}
	feed, err := os.ReadFile(filepath.Join(dir, "communes", insee+".ics"))
	if err != nil {
		t.Fatal(err)
	}
	if res, live := e.do("GET", "/communes/"+insee+".ics", "", ""); res.StatusCode != 200 || live != string(feed) {
		t.Errorf("commune %s: the written feed differs from the live one (%d)", insee, res.StatusCode)
	}
}

// checkSiteFiles checks the files around the communes' pages.
func checkSiteFiles(t *testing.T, dir string, sum server.SiteSummary) {
	t.Helper()
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if home := read("index.html"); !strings.Contains(home, `data-index="/communes/index.json"`) || !strings.Contains(home, `src="/static/search.js"`) ||
		!strings.Contains(home, "Pages mises à jour le lundi 23 novembre 2026 à 08:00") {
		t.Errorf("home page:\n%s", home)
	}
	if nf := read("404.html"); !strings.Contains(nf, "404 — Page introuvable") {
		t.Errorf("404 page:\n%s", nf)
	}
	for _, name := range server.InfoPages {
		if page := read(name + "/index.html"); !strings.Contains(page, `href="/mentions-legales"`) || !strings.Contains(page, "<h1>") {
			t.Errorf("%s/index.html:\n%.500s", name, page)
		}
	}
	var ix struct {
		Revision int64       `json:"revision"`
		Communes [][5]string `json:"communes"`
		ByName   []int       `json:"by_name"`
	}
	mustUnmarshal(t, read("communes/index.json"), &ix)
	if len(ix.Communes) != sum.Communes || len(ix.ByName) != sum.Communes || ix.Revision != sum.Revision {
		t.Errorf("index: %d communes, %d by name, revision %d", len(ix.Communes), len(ix.ByName), ix.Revision)
	}
	var note struct {
		Revision int64  `json:"revision"`
		Version  string `json:"version"`
		Today    string `json:"today"`
		Served   int    `json:"served"`
	}
	mustUnmarshal(t, read("site.json"), &note)
	if note.Revision != sum.Revision || note.Version != sum.Version || note.Today != "2026-11-23" || note.Served != sum.Served {
		t.Errorf("site.json %+v, summary %+v", note, sum)
	}
	for _, f := range []string{"static/app.css", "static/map.js", "static/commune.js", "static/search.js",
		"static/departments-fr.geojson", "static/vendor/leaflet-1.9.4/leaflet.js", "static/vendor/leaflet-1.9.4/images/marker-icon.png"} {
		read(f)
	}
	for _, f := range []string{"static/desk.js", "static/planning.js", "static/driver.js"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			t.Errorf("the site holds %s, a script of logged-in users", f)
		}
	}
}

// TestSiteRewrite, on the site of the Creuse's communes only: --if-changed leaves a
// site of the same version as it is; a closure gives a new version, written in place of
// the old site; a folder that holds something else is refused and left as it is; an
// unknown department is refused; nothing published, nothing written.
func TestSiteRewrite(t *testing.T) {
	e := newEnv(t)
	e.publish("1")
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "site")
	creuse := server.SiteOptions{Dir: dir, IfChanged: true, Departments: []string{"23"}}
	sum, err := e.srv.WriteSite(ctx, creuse)
	if err != nil || sum.Unchanged || sum.Communes != 255 || sum.Served < 200 || sum.Files != 3*255+4+len(server.InfoPages)+countStatic(t, dir) {
		t.Fatalf("the Creuse's site: %+v %v", sum, err)
	}
	var ix struct {
		Communes [][5]string `json:"communes"`
		ByName   []int       `json:"by_name"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "communes", "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	mustUnmarshal(t, string(b), &ix)
	if len(ix.Communes) != 255 || len(ix.ByName) != 255 || ix.Communes[0][0] != "23001" {
		t.Errorf("the Creuse's index: %d communes, %d by name", len(ix.Communes), len(ix.ByName))
	}
	if _, err := os.Stat(filepath.Join(dir, "communes", "87085", "index.html")); err == nil {
		t.Error("the Creuse's site has a page of the Haute-Vienne")
	}
	again, err := e.srv.WriteSite(ctx, creuse)
	if err != nil || !again.Unchanged || again.Version != sum.Version {
		t.Fatalf("same version: %+v %v", again, err)
	}
	// A closure changes the version: the site is written again, in place.
	if res, body := e.do("POST", "/api/closures", e.coordinator, `{"from":"2026-11-24","to":"2026-11-24","department":"23","reason":"neige"}`); res.StatusCode != 201 {
		t.Fatalf("closure: %d %s", res.StatusCode, body)
	}
	next, err := e.srv.WriteSite(ctx, creuse)
	if err != nil || next.Unchanged || next.Version == sum.Version {
		t.Fatalf("after a closure: %+v %v", next, err)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "communes", "23176", "index.html")); err != nil || !strings.Contains(string(b), "neige") {
		t.Errorf("the page rewritten after the closure does not list it (%v)", err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), ".site.new-*")); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, "keep.txt"), []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := e.srv.WriteSite(ctx, server.SiteOptions{Dir: other}); err == nil || !strings.Contains(err.Error(), "not a site written by medibus") {
		t.Errorf("a folder of other files: %v", err)
	}
	if b, err := os.ReadFile(filepath.Join(other, "keep.txt")); err != nil || string(b) != "mine" {
		t.Errorf("the other folder's file: %q %v", b, err)
	}
	if _, err := e.srv.WriteSite(ctx, server.SiteOptions{Dir: dir, Departments: []string{"99"}}); err == nil || !strings.Contains(err.Error(), `no department "99"`) {
		t.Errorf("department 99: %v", err)
	}
	empty := newEnv(t)
	if _, err := empty.srv.WriteSite(ctx, server.SiteOptions{Dir: filepath.Join(t.TempDir(), "s")}); !errors.Is(err, server.ErrNothingPublished) {
		t.Errorf("nothing published: %v", err)
	}
}

// countStatic counts the files under dir/static.
func countStatic(t *testing.T, dir string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(filepath.Join(dir, "static"), func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}
