package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"medibus"
	"medibus/store"
)

// TestClosureIDsNeverReused: the id of a deleted closure is never given to a new one,
// in a new database and in one made before migration 010 (whose closure keeps its
// id), so a stale DELETE cannot remove a newer closure. Before, deleting the latest
// closure and declaring another gave the new one the same id.
func TestClosureIDsNeverReused(t *testing.T) {
	for _, tc := range []struct {
		name string
		open func(t *testing.T) *store.DB
	}{
		{"new database", func(t *testing.T) *store.DB { db, _ := mustOpen(t); return db }},
		{"database of c6623d0", func(t *testing.T) *store.DB {
			db, err := store.Open(legacyCopy(t))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			return db
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db := tc.open(t)
			ctx := context.Background()
			before, err := db.Closures(ctx)
			if err != nil {
				t.Fatal(err)
			}
			c := medibus.Closure{From: mustDate(t, "2026-12-01"), To: mustDate(t, "2026-12-01"), Department: "23", Reason: "neige"}
			first, err := db.AddClosure(ctx, c)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.DeleteClosure(ctx, first); err != nil {
				t.Fatal(err)
			}
			second, err := db.AddClosure(ctx, c)
			if err != nil {
				t.Fatal(err)
			}
			if second == first {
				t.Fatalf("the deleted closure's id %d was given again", first)
			}
			if err := db.DeleteClosure(ctx, first); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("a stale delete of %d: %v, want ErrNotFound", first, err)
			}
			after, err := db.Closures(ctx)
			if err != nil || len(after) != len(before)+1 || !slices.ContainsFunc(after, func(a medibus.Closure) bool { return a.ID == second }) {
				t.Fatalf("closures %+v, %v: want those before and %d", after, err, second)
			}
			for _, b := range before {
				if !slices.Contains(after, b) {
					t.Errorf("closure %+v is gone or changed: %+v", b, after)
				}
			}
		})
	}
}
