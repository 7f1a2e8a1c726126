package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"medibus"
)

// TestFailedSaveRemovesNewDatabase: when saving fails in a database the run created
// (here the store refuses a staff id holding its separator), no database is left
// behind; an existing database is left as it was.
func TestFailedSaveRemovesNewDatabase(t *testing.T) {
	dir := t.TempDir()
	sc := &medibus.Scenario{Name: "x", Depots: []medibus.Depot{{ID: "d", INSEE: "23096", Point: orb.Point{1.87, 46.17}}}}
	bad := &medibus.Plan{Start: 20000, Sessions: []medibus.Session{{Unit: "u", Date: 20000, Half: medibus.AM, Staff: []string{"a;b"}}}}
	path := filepath.Join(dir, "new.db")
	if _, err := (&deferredStore{path: path}).SavePlanWithScenario(context.Background(), sc, bad, 0); err == nil || !strings.Contains(err.Error(), "free of") {
		t.Fatalf("err = %v, want the store's refusal", err)
	}
	if files, _ := filepath.Glob(path + "*"); len(files) > 0 {
		t.Fatalf("left behind: %v", files)
	}
	good := &medibus.Plan{Start: 20000}
	if _, err := (&deferredStore{path: path}).SavePlanWithScenario(context.Background(), sc, good, 0); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	if _, err := (&deferredStore{path: path}).SavePlanWithScenario(context.Background(), sc, bad, 0); err == nil {
		t.Fatal("the bad plan was saved")
	}
	if after, err := os.ReadFile(path); err != nil || string(after) != string(before) {
		t.Fatalf("the existing database changed (%v)", err)
	}
}
