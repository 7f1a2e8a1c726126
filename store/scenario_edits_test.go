package store_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"medibus"
	"medibus/store"
)

// withDesc returns a copy of sc with another description: another content.
func withDesc(sc *medibus.Scenario, d string) *medibus.Scenario {
	c := *sc
	c.Description = d
	return &c
}

// TestScenarioEditsAndUndo: each save is a new version from the latest; a save from
// an older one is refused with the versions since; undo stores the content the latest
// was made from as a new version, and undoing again goes one step further back.
func TestScenarioEditsAndUndo(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := context.Background()
	sc := sampleScenario(t, "creuse-sud")
	v1, err := db.CreateScenario(ctx, sc, "alice", "a créé le scénario")
	if err != nil || v1.Version != 1 {
		t.Fatalf("create: %+v %v", v1, err)
	}
	if _, err := db.CreateScenario(ctx, sc, "bob", "a créé le scénario"); !errors.Is(err, store.ErrNameTaken) {
		t.Fatalf("second create of the same name: %v, want ErrNameTaken", err)
	}
	if _, _, err := db.UndoScenario(ctx, store.ScenarioWrite{Base: v1.ID, By: "alice"}); !errors.Is(err, store.ErrNothingToUndo) {
		t.Fatalf("undo of the first version: %v", err)
	}
	v2, changed, err := db.EditScenario(ctx, withDesc(sc, "b"), store.ScenarioWrite{Base: v1.ID, By: "alice", What: "a ajouté le bus 1"})
	if err != nil || !changed || v2.Version != 2 {
		t.Fatalf("edit: %+v %v %v", v2, changed, err)
	}
	same, changed, err := db.EditScenario(ctx, withDesc(sc, "b"), store.ScenarioWrite{Base: v2.ID, By: "alice", What: "rien"})
	if err != nil || changed || same.ID != v2.ID {
		t.Fatalf("an edit that changes nothing: %+v %v %v", same, changed, err)
	}
	v3, _, err := db.EditScenario(ctx, withDesc(sc, "c"), store.ScenarioWrite{Base: v2.ID, By: "bob", What: "a ajouté le lieu Felletin"})
	if err != nil || v3.Version != 3 {
		t.Fatalf("edit: %+v %v", v3, err)
	}
	// Alice saves from version 2: refused, with Bob's edit.
	_, _, err = db.EditScenario(ctx, withDesc(sc, "d"), store.ScenarioWrite{Base: v2.ID, By: "alice", What: "x"})
	var stale *store.ScenarioStaleError
	if !errors.As(err, &stale) || !errors.Is(err, store.ErrStale) || stale.Based != 2 || stale.Current != 3 || stale.CurrentID != v3.ID ||
		len(stale.Edits) != 1 || stale.Edits[0].Who != "bob" || !strings.Contains(stale.Edits[0].What, "Felletin") {
		t.Fatalf("stale save: %v (%+v)", err, stale)
	}
	// Undo v3 → v4 = v2's content; undo v4 → v5 = v1's content.
	v4, restored, err := db.UndoScenario(ctx, store.ScenarioWrite{Base: v3.ID, By: "bob", What: "a annulé la version 3"})
	if err != nil || v4.Version != 4 || restored.ID != v2.ID || v4.Hash != v2.Hash {
		t.Fatalf("undo: %+v %+v %v", v4, restored, err)
	}
	if got, err := db.Scenario(ctx, v4.ID); err != nil || got.Description != "b" {
		t.Fatalf("version 4: %v %v", got, err)
	}
	v5, restored, err := db.UndoScenario(ctx, store.ScenarioWrite{Base: v4.ID, By: "bob"})
	if err != nil || restored.ID != v1.ID || v5.Hash != v1.Hash {
		t.Fatalf("second undo: %+v %+v %v", v5, restored, err)
	}
	if _, _, err := db.UndoScenario(ctx, store.ScenarioWrite{Base: v5.ID, By: "bob"}); !errors.Is(err, store.ErrNothingToUndo) {
		t.Fatalf("undo past the creation: %v", err)
	}
	// The undone versions stay, for the plans made on them.
	if got, err := db.Scenario(ctx, v3.ID); err != nil || got.Description != "c" {
		t.Fatalf("version 3 after the undo: %v %v", got, err)
	}
	hist, err := db.ScenarioHistory(ctx, "creuse-sud")
	if err != nil || len(hist) != 5 || hist[0].ID != v5.ID || hist[2].Who != "bob" || hist[2].UndoTo != v2.ID || !hist[4].Recorded {
		t.Fatalf("history: %+v %v", hist, err)
	}
}

// TestUndoOfAnUploadedVersion: a version stored outside the editor (an uploaded file)
// is undone to the version before it.
func TestUndoOfAnUploadedVersion(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := context.Background()
	sc := sampleScenario(t, "cantal")
	v1, err := db.CreateScenario(ctx, sc, "alice", "a créé le scénario")
	if err != nil {
		t.Fatal(err)
	}
	id2, _, err := db.SaveScenario(ctx, withDesc(sc, "uploaded"))
	if err != nil {
		t.Fatal(err)
	}
	v3, restored, err := db.UndoScenario(ctx, store.ScenarioWrite{Base: id2, By: "alice"})
	if err != nil || restored.ID != v1.ID || v3.Hash != v1.Hash {
		t.Fatalf("undo of the upload: %+v %+v %v", v3, restored, err)
	}
}

// TestConcurrentEditsOneWins: of saves made from the same version at once, exactly
// one is stored; every other is refused as stale.
func TestConcurrentEditsOneWins(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := context.Background()
	v1, err := db.CreateScenario(ctx, sampleScenario(t, "correze"), "alice", "a créé le scénario")
	if err != nil {
		t.Fatal(err)
	}
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			_, _, errs[i] = db.EditScenario(ctx, withDesc(sampleScenario(t, "correze"), strings.Repeat("x", i+1)),
				store.ScenarioWrite{Base: v1.ID, By: "c", What: "edit"})
		})
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, store.ErrStale):
			t.Errorf("edit: %v", err)
		}
	}
	if hist, _ := db.ScenarioHistory(ctx, "correze"); ok != 1 || len(hist) != 2 {
		t.Errorf("%d saves stored, %d versions; want 1 and 2", ok, len(hist))
	}
}

// TestPlanKeepsItsOlderVersion: a plan made from an older version's content (a run
// that began before a save) is recorded against that version, and the latest stays
// the latest.
func TestPlanKeepsItsOlderVersion(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := context.Background()
	sc := sampleScenario(t, "creuse")
	v1, err := db.CreateScenario(ctx, sc, "alice", "a créé le scénario")
	if err != nil {
		t.Fatal(err)
	}
	v2, _, err := db.EditScenario(ctx, withDesc(sc, "edited"), store.ScenarioWrite{Base: v1.ID, By: "alice", What: "edit"})
	if err != nil {
		t.Fatal(err)
	}
	pl := samplePlan(t, 0, 2)
	if _, err := db.SavePlanWithScenario(ctx, sc, pl, 0); err != nil {
		t.Fatal(err)
	}
	latest, err := db.LatestScenario(ctx, "creuse")
	if pl.ScenarioID != v1.ID || err != nil || latest.ID != v2.ID {
		t.Errorf("plan on scenario %d (want %d), latest %d (want %d) %v", pl.ScenarioID, v1.ID, latest.ID, v2.ID, err)
	}
	// New content still makes a new version.
	if _, err := db.SavePlanWithScenario(ctx, withDesc(sc, "new"), samplePlan(t, 0, 2), 0); err != nil {
		t.Fatal(err)
	}
	if latest, _ := db.LatestScenario(ctx, "creuse"); latest.Version != 3 {
		t.Errorf("latest version %d after a plan of new content, want 3", latest.Version)
	}
}
