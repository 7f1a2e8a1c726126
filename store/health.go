package store

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3"
)

// classify marks SQLite's errors that callers act on: "database is locked" as ErrBusy
// (another process holds the write lock; try again), a full disk, a read-only file or
// an I/O error as ErrUnavailable (the disk or the file must be seen to), each saying
// what happened and that nothing was changed.
func (d *DB) classify(err error) error {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code {
	case sqlite3.ErrBusy, sqlite3.ErrLocked:
		return fmt.Errorf("%w: another process has held the write lock for over %s; nothing was changed, try again: %w", ErrBusy, d.busy, err)
	case sqlite3.ErrFull:
		return fmt.Errorf("%w: the disk of %s is full; nothing was changed, make room and try again: %w", ErrUnavailable, d.path, err)
	case sqlite3.ErrIoErr, sqlite3.ErrReadonly, sqlite3.ErrCantOpen:
		return fmt.Errorf("%w: %s cannot be written (read-only, moved or failing disk); nothing was changed: %w", ErrUnavailable, d.path, err)
	}
	return err
}

// WriteHealth says whether the database takes writes, from the outcome of the latest
// writes this process made (every write transaction: a coordinator's, a token's last
// use, a run's plan). It is a record of what happened, not a probe: /healthz reads it
// without writing, and a failure stays reported until a write succeeds again.
type WriteHealth struct {
	// FailedAt is when the latest write failed with ErrUnavailable, Err its error;
	// zero when a write succeeded since (or none failed since Open).
	FailedAt time.Time
	Err      error
	// LastOK is when a write last succeeded (zero: none since Open).
	LastOK time.Time
}

// WriteHealth returns the outcome of the latest writes.
func (d *DB) WriteHealth() WriteHealth {
	d.writes.mu.Lock()
	defer d.writes.mu.Unlock()
	return d.writes.h
}

// writeRecord keeps the WriteHealth of a DB.
type writeRecord struct {
	mu sync.Mutex
	h  WriteHealth
}

// record notes the outcome of one write transaction at now: a success clears the
// failure; ErrUnavailable records it; any other error (a refusal, a stale revision,
// a busy lock) says nothing of the disk and is not recorded.
func (w *writeRecord) record(err error, now time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	switch {
	case err == nil:
		w.h = WriteHealth{LastOK: now}
	case errors.Is(err, ErrUnavailable):
		w.h.FailedAt, w.h.Err = now, err
	}
}

// bound sets maxPages from a size in bytes (Options.MaxSize).
func (d *DB) bound(size int64) error {
	if size <= 0 {
		return nil
	}
	var page int64
	if err := d.w.QueryRow("PRAGMA page_size").Scan(&page); err != nil {
		return fmt.Errorf("read the page size: %w", err)
	}
	d.maxPages = max(1, size/page)
	return nil
}
