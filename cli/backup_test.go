package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBackupAndRestore: a backup of a database with a published plan restores to a
// database that validates; a backup of the previous release (main c6623d0) restores
// too, its schema brought up to date; a file that is no database is refused and
// nothing is replaced; an existing database is replaced only with --force.
func TestBackupAndRestore(t *testing.T) {
	wd := inTempDir(t)
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("MEDIBUS_TODAY", "2026-11-23")
	if _, errOut, code := run(t, "plan", "--scenario", "creuse", "--start", "2026-11-23", "--engine", "greedy", "--db", "a.db"); code != 0 {
		t.Fatalf("plan: %s", errOut)
	}
	if _, errOut, code := run(t, "publish", "--db", "a.db"); code != 0 {
		t.Fatalf("publish: %s", errOut)
	}
	out, errOut, code := run(t, "backup", "--db", "a.db", "--out", "b.db")
	if code != 0 || !strings.Contains(out, "1 plans, integrity ok") {
		t.Fatalf("backup: %d %s %s", code, out, errOut)
	}
	if _, errOut, code := run(t, "backup", "--db", "a.db", "--out", "b.db"); code == 0 || !strings.Contains(errOut, "exists") {
		t.Errorf("a backup over an existing file: %d %s", code, errOut)
	}
	out, errOut, code = run(t, "restore", "--from", "b.db", "--db", "r.db")
	if code != 0 || !strings.Contains(out, "published plan 1 holds every hard constraint") {
		t.Fatalf("restore: %d %s %s", code, out, errOut)
	}
	if out, errOut, code := run(t, "validate", "--db", "r.db", "--plan", "published"); code != 0 {
		t.Errorf("the restored database does not validate: %s %s", out, errOut)
	}
	if _, errOut, code := run(t, "restore", "--from", "b.db", "--db", "r.db"); code != 2 || !strings.Contains(errOut, "--force") {
		t.Errorf("restore over a database without --force: %d %s", code, errOut)
	}
	legacy := filepath.Join(wd, "..", "store", "testdata", "legacy-c6623d0.db")
	// Its plans were made before the travel model kept to land: they are checked with
	// the model they were made with, as README's upgrade note says.
	t.Setenv("MEDIBUS_TRAVEL_LAND", "false")
	out, errOut, code = run(t, "restore", "--from", legacy, "--db", "r.db", "--force")
	if code != 0 || !strings.Contains(out, "published plan 2 holds every hard constraint") {
		t.Errorf("restore of the previous release's database: %d %s %s", code, out, errOut)
	}
	if err := os.WriteFile("junk.db", []byte("not a database, just text long enough to look like a file"), 0o600); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile("r.db")
	if _, errOut, code := run(t, "restore", "--from", "junk.db", "--db", "r.db", "--force"); code == 0 || !strings.Contains(errOut, "nothing was replaced") {
		t.Errorf("restore of a file that is no database: %d %s", code, errOut)
	}
	if after, _ := os.ReadFile("r.db"); string(after) != string(before) {
		t.Error("a refused restore changed the database")
	}
}
