package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"medibus"
	"medibus/store"
)

// TestUnwritableDatabase: a full disk (SQLite refuses to grow the file past
// max_page_count, as when the disk has no room: SQLITE_FULL) and a read-only database
// (SQLITE_READONLY) fail a write with ErrUnavailable, which WriteHealth reports until a
// write succeeds again. Before, the error was SQLite's bare message, which the server
// answered 500, and /healthz said 200.
func TestUnwritableDatabase(t *testing.T) {
	for _, tc := range []struct {
		name, fail, heal, want string
	}{
		{"full disk", "PRAGMA max_page_count = 1", "PRAGMA max_page_count = 1073741823", "disk of"},
		{"read-only", "PRAGMA query_only = 1", "PRAGMA query_only = 0", "cannot be written"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, _ := mustOpen(t)
			ctx := context.Background()
			if h := db.WriteHealth(); !h.FailedAt.IsZero() || h.LastOK.IsZero() {
				t.Fatalf("a new database: %+v, want a write done (the migrations) and none failed", h)
			}
			if _, err := store.Writer(db).ExecContext(ctx, tc.fail); err != nil {
				t.Fatal(err)
			}
			c := medibus.Closure{From: mustDate(t, "2026-12-01"), To: mustDate(t, "2026-12-01"), Reason: strings.Repeat("neige ", 30)}
			var err error
			for range 1000 { // until the database must grow
				if _, err = db.AddClosure(ctx, c); err != nil {
					break
				}
			}
			if !errors.Is(err, store.ErrUnavailable) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("write: %v, want ErrUnavailable saying %q", err, tc.want)
			}
			if h := db.WriteHealth(); h.FailedAt.IsZero() || !errors.Is(h.Err, store.ErrUnavailable) {
				t.Fatalf("WriteHealth after the failure: %+v", h)
			}
			if _, err := store.Writer(db).ExecContext(ctx, tc.heal); err != nil {
				t.Fatal(err)
			}
			if _, err := db.AddClosure(ctx, c); err != nil {
				t.Fatal(err)
			}
			if h := db.WriteHealth(); !h.FailedAt.IsZero() || h.Err != nil || h.LastOK.IsZero() {
				t.Fatalf("WriteHealth after a good write: %+v", h)
			}
		})
	}
}

// TestMaxSize: a database opened with Options.MaxSize refuses to grow beyond it with
// ErrUnavailable, as on a full disk, and reads go on.
func TestMaxSize(t *testing.T) {
	_, path := mustOpen(t)
	db, err := store.OpenWith(path, store.Options{MaxSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	c := medibus.Closure{From: mustDate(t, "2026-12-01"), To: mustDate(t, "2026-12-01"), Reason: strings.Repeat("neige ", 30)}
	n := 0
	for ; n < 1000; n++ {
		if _, err = db.AddClosure(ctx, c); err != nil {
			break
		}
	}
	if !errors.Is(err, store.ErrUnavailable) || !strings.Contains(err.Error(), "is full") {
		t.Fatalf("after %d closures: %v, want ErrUnavailable (full)", n, err)
	}
	if list, err := db.Closures(ctx); err != nil || len(list) != n {
		t.Fatalf("reads: %d closures, %v; want %d", len(list), err, n)
	}
}
