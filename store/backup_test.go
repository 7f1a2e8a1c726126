package store_test

import (
	"context"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"medibus/store"
)

// TestBackupWhileWriting: a backup taken while plans are being saved holds every plan
// committed before it began, passes SQLite's checks, opens as a database, and never
// overwrites a file. Copying the file while the server wrote did not: 27 of 44 copies
// lacked the newest plan (it was still in the -wal file).
func TestBackupWhileWriting(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := context.Background()
	scID, _, err := db.SaveScenario(ctx, sampleScenario(t, "creuse"))
	if err != nil {
		t.Fatal(err)
	}
	var committed atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			p := samplePlan(t, scID, 40)
			if _, err := db.SavePlan(ctx, p); err != nil {
				t.Error(err)
				return
			}
			committed.Store(p.ID)
		}
	}()
	dir := t.TempDir()
	for i := range 5 {
		for committed.Load() < int64(3*(i+1)) {
			runtime.Gosched() // let the writer commit a few plans first
		}
		before := committed.Load()
		out := filepath.Join(dir, "copy"+string(rune('a'+i))+".db")
		n, err := db.Backup(ctx, out)
		if err != nil {
			t.Fatal(err)
		}
		if int64(n) < before {
			t.Errorf("backup %d holds %d plans, %d were committed before it began", i, n, before)
		}
		cp, err := store.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		if err := cp.Check(ctx); err != nil {
			t.Error(err)
		}
		if _, err := cp.PlanByID(ctx, before); err != nil {
			t.Errorf("backup %d lacks plan %d: %v", i, before, err)
		}
		cp.Close()
		if _, err := db.Backup(ctx, out); err == nil || !strings.Contains(err.Error(), "exists") {
			t.Errorf("a backup over an existing file: %v", err)
		}
	}
	close(stop)
	wg.Wait()
}
