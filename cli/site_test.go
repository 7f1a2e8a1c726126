package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSiteCommand: `medibus site` refuses to write before anything is published, then
// writes the Creuse's pages (--departments 23), saying that the posters need
// --public-url for their QR code; with --if-changed leaves an up-to-date site as it
// is, and writes it again once --public-url is given; refuses an address without its
// scheme.
func TestSiteCommand(t *testing.T) {
	inTempDir(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	if _, errOut, code := run(t, "plan", "--scenario", "creuse", "--start", "2026-11-23", "--db", "s.db", "--engine", "greedy"); code != 0 {
		t.Fatalf("plan exit %d: %s", code, errOut)
	}
	site := []string{"site", "--db", "s.db", "--out", "www", "--departments", "23"}
	if _, errOut, code := run(t, site...); code != 1 || !strings.Contains(errOut, "nothing is published in s.db: run `medibus publish --db s.db` first") {
		t.Fatalf("before publishing: exit %d, %q", code, errOut)
	}
	if _, err := os.Stat("www"); err == nil {
		t.Fatal("a site was written with nothing published")
	}
	if _, errOut, code := run(t, "publish", "--db", "s.db"); code != 0 {
		t.Fatalf("publish: exit %d: %s", code, errOut)
	}
	out, errOut, code := run(t, site...)
	if code != 0 || !strings.Contains(out, "written to www") || !strings.Contains(out, "255 communes") {
		t.Fatalf("site: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	for _, f := range []string{"index.html", "site.json", "communes/23176/index.html", "communes/23176.ics", "static/search.js"} {
		if _, err := os.Stat(filepath.Join("www", filepath.FromSlash(f))); err != nil {
			t.Errorf("the site lacks %s: %v", f, err)
		}
	}
	if !strings.Contains(errOut, "the posters (communes/INSEE/affiche/) have no QR code: give the address the site is served at with --public-url") {
		t.Errorf("without a public URL, stderr %q does not say the posters lack their QR code", errOut)
	}
	out, _, code = run(t, append(site, "--if-changed")...)
	if code != 0 || !strings.Contains(out, "site in www is up to date") {
		t.Errorf("--if-changed: exit %d, %q", code, out)
	}
	// The site's address given, the site is written again and its posters lead there.
	out, errOut, code = run(t, append(site, "--if-changed", "--public-url", "https://medicobus.example.fr/")...)
	if code != 0 || !strings.Contains(out, "written to www") || strings.Contains(errOut, "no QR code") {
		t.Errorf("--public-url: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if b, err := os.ReadFile(filepath.Join("www", "communes", "23176", "affiche", "index.html")); err != nil || !strings.Contains(string(b), "medicobus.example.fr/communes/23176") || !strings.Contains(string(b), `<svg class="qr"`) {
		t.Errorf("the poster with --public-url: %v %.300s", err, b)
	}
	if _, errOut, code := run(t, append(site, "--public-url", "medicobus.example.fr")...); code == 0 || !strings.Contains(errOut, "public_url") || !strings.Contains(errOut, "https://medicobus.example.fr") {
		t.Errorf("--public-url without its scheme: exit %d, %q", code, errOut)
	}
	if _, errOut, code := run(t, "site", "--db", "s.db"); code != 2 || !strings.Contains(errOut, "--out") {
		t.Errorf("without --out: exit %d, %q", code, errOut)
	}
}
