package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSiteCommand: `medibus site` refuses to write before anything is published, then
// writes the Creuse's pages (--departments 23), and with --if-changed leaves an
// up-to-date site as it is.
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
	out, _, code = run(t, append(site, "--if-changed")...)
	if code != 0 || !strings.Contains(out, "site in www is up to date") {
		t.Errorf("--if-changed: exit %d, %q", code, out)
	}
	if _, errOut, code := run(t, "site", "--db", "s.db"); code != 2 || !strings.Contains(errOut, "--out") {
		t.Errorf("without --out: exit %d, %q", code, errOut)
	}
}
