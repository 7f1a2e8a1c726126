package store_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"medibus"
	"medibus/store"
)

// TestLegacyDatabaseUpgrades opens a copy of a database made by main c6623d0 (before
// rotations): a Creuse plan published, re-planned, published again (so the first is
// archived), a draft with a pin, a closure. Migration 009 makes the published plan the
// published rotation of both its buses from its start, and keeps everything else.
func TestLegacyDatabaseUpgrades(t *testing.T) {
	path := legacyCopy(t)
	var version int
	if err := rawDB(t, path).QueryRow(`PRAGMA user_version`).Scan(&version); err != nil || version != 8 {
		t.Fatalf("fixture schema version %d, %v; want 8 (made by c6623d0)", version, err)
	}
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	st, err := db.PublishedState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var units []string
	for _, p := range st.Publications {
		if p.Plan != 2 || p.Effective.String() != "2026-11-23" || p.PublishedAt.IsZero() {
			t.Errorf("publication %+v: want plan 2 from 2026-11-23, as published", p)
		}
		units = append(units, p.Unit)
	}
	if !slices.Equal(units, []string{"bus-23", "bus-23b"}) || st.Revision != 2 || len(st.Changes) != 0 {
		t.Errorf("published state %+v: want plan 2 for bus-23 and bus-23b at revision 2", st)
	}
	plans, err := db.ListPlans(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{medibus.StatusArchived, medibus.StatusPublished, medibus.StatusDraft}
	for i, p := range plans {
		if p.Status != want[i] || p.Kind != medibus.KindRotation || p.Revision != 1 {
			t.Errorf("plan %d: status %s kind %s revision %d, want %s rotation 1", p.ID, p.Status, p.Kind, p.Revision, want[i])
		}
	}
	if pl, err := db.ResolvePlan(ctx, "published"); err != nil || pl.ID != 2 || len(pl.Sessions) == 0 {
		t.Errorf("the published plan: %v, %v", pl, err)
	}
	if pins, err := db.Pins(ctx, 3); err != nil || len(pins) != 1 {
		t.Errorf("pins of the draft: %d, %v", len(pins), err)
	}
	if cl, err := db.Closures(ctx); err != nil || len(cl) != 1 || cl[0].Reason != "neige" {
		t.Errorf("closures: %v, %v", cl, err)
	}
}

// legacyCopy copies the database made by main c6623d0 into a temporary directory and
// returns its path.
func legacyCopy(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "legacy.db")
	src, err := os.Open(filepath.Join("testdata", "legacy-c6623d0.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	dst, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestPublishOwners: rotations are published bus by bus. A department's rotation of one
// bus leaves the national plan in force for the others (and not archived); once every
// bus of the national plan is published anew, it is archived. Publications cannot be
// changed or removed.
func TestPublishOwners(t *testing.T) {
	db, path := mustOpen(t)
	ctx := context.Background()
	scID, _, err := db.SaveScenario(ctx, sampleScenario(t, "france"))
	if err != nil {
		t.Fatal(err)
	}
	save := func(units ...string) int64 {
		p := samplePlan(t, scID, 10)
		p.Units = units
		if _, err := db.SavePlan(ctx, p); err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	national, dept, rest := save("U01", "U02"), save("U02"), save("U01")
	if _, err := db.PublishWith(ctx, national, store.PublishOptions{}); err != nil {
		t.Fatal(err)
	}
	eff := mustDate(t, "2027-01-04")
	if _, err := db.PublishWith(ctx, dept, store.PublishOptions{Effective: eff, By: "coordinateur 2"}); err != nil {
		t.Fatal(err)
	}
	status := func(id int64) string {
		info, err := db.PlanInfo(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return info.Status
	}
	if status(national) != medibus.StatusPublished || status(dept) != medibus.StatusPublished {
		t.Errorf("after the department: national %s, department %s; both published", status(national), status(dept))
	}
	st, err := db.PublishedState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if last := st.Publications[len(st.Publications)-1]; len(st.Publications) != 3 || last.Unit != "U02" || last.Effective != eff || last.By != "coordinateur 2" {
		t.Errorf("publications %+v", st.Publications)
	}
	if _, err := db.PublishWith(ctx, rest, store.PublishOptions{}); err != nil {
		t.Fatal(err)
	}
	if status(national) != medibus.StatusArchived {
		t.Errorf("national plan %s once both its buses are published anew, want archived", status(national))
	}
	raw := rawDB(t, path)
	for _, stmt := range []string{`UPDATE publications SET effective = '2020-01-01'`, `DELETE FROM publications`} {
		if _, err := raw.Exec(stmt); err == nil || !strings.Contains(err.Error(), "immutable") {
			t.Errorf("%s: %v, want the trigger's refusal", stmt, err)
		}
	}
}

// TestPublishStaleRevision: a publication decided on an older published state is
// refused with what was published since and by whom, and nothing is published.
func TestPublishStaleRevision(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := context.Background()
	scID, _, err := db.SaveScenario(ctx, sampleScenario(t, "france"))
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for range 2 {
		p := samplePlan(t, scID, 4)
		if _, err := db.SavePlan(ctx, p); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	rev, err := db.PublishedRevision(ctx)
	if err != nil || rev != 1 {
		t.Fatalf("revision of an empty database %d, %v; want 1", rev, err)
	}
	next, err := db.PublishWith(ctx, ids[0], store.PublishOptions{IfRevision: rev, By: "Creuse"})
	if err != nil || next != 2 {
		t.Fatalf("publish at the right revision: %d, %v", next, err)
	}
	_, err = db.PublishWith(ctx, ids[1], store.PublishOptions{IfRevision: rev, By: "national"})
	var stale *store.StaleError
	if !errors.As(err, &stale) || !errors.Is(err, store.ErrStale) || stale.Current != 2 || len(stale.Edits) != 1 || stale.Edits[0].Who != "Creuse" {
		t.Fatalf("stale publish: %v (%+v)", err, stale)
	}
	if info, _ := db.PlanInfo(ctx, ids[1]); info.Published() {
		t.Error("a stale publication was stored")
	}
}
