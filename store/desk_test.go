package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"medibus"
	"medibus/store"
)

// TestPublishArchivesThePrevious: publishing a plan archives the one published before;
// the archived plan keeps every row and stays immutable, and the triggers let through
// the archiving alone.
func TestPublishArchivesThePrevious(t *testing.T) {
	db, path := mustOpen(t)
	ctx := context.Background()
	scID, _, err := db.SaveScenario(ctx, sampleScenario(t, "creuse"))
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for range 3 {
		p := samplePlan(t, scID, 10)
		if _, err := db.SavePlan(ctx, p); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	for _, id := range ids[:2] {
		if err := db.Publish(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	wantStatus := []string{medibus.StatusArchived, medibus.StatusPublished, medibus.StatusDraft}
	for i, id := range ids {
		info, err := db.PlanInfo(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if info.Status != wantStatus[i] || info.ArchivedAt.IsZero() != (i != 0) || info.Published() != (i < 2) {
			t.Errorf("plan %d: status %s archived %v published %v", id, info.Status, info.ArchivedAt, info.Published())
		}
	}
	if got, err := db.LatestPublishedID(ctx); err != nil || got != ids[1] {
		t.Errorf("LatestPublishedID = %d, %v; want %d", got, err, ids[1])
	}
	if pl, err := db.ResolvePlan(ctx, "published"); err != nil || pl.ID != ids[1] {
		t.Errorf("published plan: %v %v", pl, err)
	}
	if pl, err := db.PlanByID(ctx, ids[0]); err != nil || pl.Status != medibus.StatusArchived || len(pl.Sessions) != 10 {
		t.Errorf("archived plan: %v, %v", pl, err)
	}
	for _, tc := range []struct{ name, stmt string }{
		{"change an archived plan", `UPDATE plans SET seed = 7 WHERE id = ?`},
		{"un-archive", `UPDATE plans SET archived_at = NULL WHERE id = ?`},
		{"re-archive", `UPDATE plans SET archived_at = '2030-01-01T00:00:00Z' WHERE id = ?`},
		{"change its sessions", `UPDATE sessions SET expected_patients = 0 WHERE plan_id = ?`},
		{"archive and change at once", `UPDATE plans SET archived_at = '2030-01-01T00:00:00Z', seed = 9 WHERE id = ?`},
	} {
		id := ids[0]
		if tc.name == "archive and change at once" {
			id = ids[1]
		}
		if _, err := rawDB(t, path).Exec(tc.stmt, id); err == nil || !strings.Contains(err.Error(), "immutable") {
			t.Errorf("%s: %v, want the trigger's refusal", tc.name, err)
		}
	}
	if _, err := rawDB(t, path).Exec(`UPDATE plans SET archived_at = '2030-01-01T00:00:00Z' WHERE id = ?`, ids[2]); err == nil {
		t.Error("a draft was archived")
	}
	if err := db.Publish(ctx, ids[0]); !errors.Is(err, store.ErrPublished) {
		t.Errorf("publish an archived plan: %v, want ErrPublished", err)
	}
}

func TestNoPublishedPlanMessage(t *testing.T) {
	db, _ := mustOpen(t)
	_, err := db.ResolvePlan(context.Background(), "published")
	if !errors.Is(err, store.ErrNotFound) || strings.Contains(err.Error(), "plan not found") || !strings.Contains(err.Error(), "no plan is published yet") {
		t.Errorf("error %q", err)
	}
}

func TestClosures(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := context.Background()
	a := medibus.Closure{From: mustDate(t, "2026-12-01"), To: mustDate(t, "2026-12-02"), Department: "23", Reason: "neige"}
	b := medibus.Closure{From: mustDate(t, "2026-11-30"), To: mustDate(t, "2026-11-30"), Site: "s-23176", Reason: "travaux"}
	ida, err := db.AddClosure(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddClosure(ctx, b); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddClosure(ctx, medibus.Closure{From: a.To, To: a.From}); err == nil {
		t.Error("a closure that ends before it starts was stored")
	}
	got, err := db.Closures(ctx)
	if err != nil || len(got) != 2 || got[0].Site != "s-23176" || got[1].Reason != "neige" || got[1].ID != ida {
		t.Fatalf("Closures = %+v, %v", got, err)
	}
	if err := db.DeleteClosure(ctx, ida); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteClosure(ctx, ida); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("delete twice: %v", err)
	}
}

func TestPinOrigins(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := context.Background()
	scID, _, err := db.SaveScenario(ctx, sampleScenario(t, "creuse"))
	if err != nil {
		t.Fatal(err)
	}
	p := samplePlan(t, scID, 10)
	if _, err := db.SavePlan(ctx, p); err != nil {
		t.Fatal(err)
	}
	moved := p.Sessions[0]
	from := moved.Key()
	moved.Date = moved.Date.AddDays(1)
	if err := db.SetMovedPin(ctx, p.ID, moved, from); err != nil {
		t.Fatal(err)
	}
	if err := db.SetPin(ctx, p.ID, p.Sessions[3]); err != nil {
		t.Fatal(err)
	}
	got, err := db.PinOrigins(ctx, p.ID)
	if err != nil || len(got) != 1 || got[moved.Key()] != from {
		t.Fatalf("PinOrigins = %v, %v; want %v → %v", got, err, moved.Key(), from)
	}
}
