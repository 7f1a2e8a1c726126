package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"
)

// Sentinel errors, usable with errors.Is. The errors returned around them say what was
// not found or refused and how to list what exists.
var (
	// ErrNotFound reports a scenario or plan that is not stored.
	ErrNotFound = errors.New("not found")
	// ErrPublished reports an attempt to change a published plan, or to publish it again.
	ErrPublished = errors.New("published")
	// ErrBusy reports that another process held the database's write lock for longer
	// than the busy timeout: nothing was changed, and trying again later may succeed.
	ErrBusy = errors.New("database busy")
	// ErrUnavailable reports that SQLite could not write or read the database file: the
	// disk is full (SQLITE_FULL), the file or its folder is read-only, or an I/O error.
	// Nothing was changed; trying again once the disk has room may succeed.
	ErrUnavailable = errors.New("database unavailable")
)

// DefaultBusyTimeout is how long a statement waits for another writer (another medibus
// process on the same file) before giving up with ErrBusy.
const DefaultBusyTimeout = 10 * time.Second

// Options tune Open; zero values take the defaults.
type Options struct {
	// BusyTimeout is how long to wait for another process's write lock
	// (DefaultBusyTimeout).
	BusyTimeout time.Duration
	// MaxSize bounds the database file, in bytes (0: no bound): a write that would
	// grow it beyond fails with ErrUnavailable, exactly as on a full disk (SQLite's
	// max_page_count; never below the size the file already has). It keeps room on a
	// shared disk for the logs and the backups, and lets tests fill the "disk".
	MaxSize int64
}

// triggerMarker starts the messages of the schema's immutability triggers, so that a
// trigger's refusal can be told from other constraint failures and reported as ErrPublished.
const triggerMarker = "medibus: plan is published"

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is a medibus database. Its methods are safe for concurrent use.
type DB struct {
	// Now gives the time stamps of saved scenarios and plans; tests set it to fix the
	// clock. Open sets it to time.Now.
	Now func() time.Time

	// w writes: one connection whose transactions begin IMMEDIATE, so that writers queue
	// on the busy timeout up front instead of failing when a read would upgrade to a write.
	w *sql.DB
	// r reads: a pool of query-only connections; in WAL mode they never block the writer.
	r *sql.DB

	// busy is the busy timeout, for messages; path the database file.
	busy time.Duration
	path string
	// maxPages is Options.MaxSize in pages (0: no bound), set on every write
	// transaction's connection.
	maxPages int64

	// failAfter, when positive, makes SavePlan fail after writing that many sessions;
	// tests use it to check that a failed save leaves nothing behind.
	failAfter int

	// writes remembers how the latest writes went, for /healthz (health.go).
	writes writeRecord
}

// Open opens the database at path, creating it if needed, and brings its schema up to
// date. Close it when done.
func Open(path string) (*DB, error) { return OpenWith(path, Options{}) }

// OpenWith is Open with options.
func OpenWith(path string, o Options) (*DB, error) {
	if path == "" || strings.ContainsRune(path, '?') {
		// The driver reads everything after '?' as connection parameters.
		return nil, fmt.Errorf("open database %q: want a file name without '?', for example medibus.db", path)
	}
	busy := o.BusyTimeout
	if busy <= 0 {
		busy = DefaultBusyTimeout
	}
	params := fmt.Sprintf("_journal_mode=WAL&_foreign_keys=on&_busy_timeout=%d", busy.Milliseconds())
	w, err := sql.Open("sqlite3", path+"?"+params+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	// One writer connection: SQLite allows one writer at a time anyway, and queueing in
	// Go is cheaper than spinning on the busy timeout.
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	d := &DB{Now: time.Now, w: w, busy: busy, path: path}
	if err := d.setUp(path); err != nil {
		w.Close()
		return nil, err
	}
	if err := d.bound(o.MaxSize); err != nil {
		w.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	r, err := sql.Open("sqlite3", path+"?"+params+"&_query_only=on")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open database %s for reading: %w", path, err)
	}
	d.r = r
	return d, nil
}

// setUp checks the connection settings, which the driver ignores silently when
// misspelt, and applies the pending migrations.
func (d *DB) setUp(path string) error {
	ctx := context.Background()
	var mode string
	if err := d.w.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("open database %s: journal mode is %q, want wal (is the file on a network share?)", path, mode)
	}
	var fk int
	if err := d.w.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	if fk != 1 {
		return fmt.Errorf("open database %s: foreign keys are off", path)
	}
	if err := d.migrate(ctx); err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	return nil
}

// Close closes the database.
func (d *DB) Close() error {
	var errs []error
	if d.r != nil {
		errs = append(errs, d.r.Close())
	}
	if d.w != nil {
		errs = append(errs, d.w.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close database: %w", err)
	}
	return nil
}

// migration is one embedded schema step.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations in order. Their numbers must run 1, 2, 3…
// without gaps, since user_version records only the last one applied.
func migrations() ([]migration, error) {
	files, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, fmt.Errorf("list migrations: %w", err)
	}
	var ms []migration
	for _, f := range files {
		base := path.Base(f)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v < 1 {
			return nil, fmt.Errorf("migration %s: name it NNN_name.sql, for example 002_add_index.sql", base)
		}
		b, err := migrationFS.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", base, err)
		}
		ms = append(ms, migration{version: v, name: base, sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected number %03d, the numbers must run from 001 without gaps or repeats", m.name, i+1)
		}
	}
	return ms, nil
}

// migrationHooks are the steps of a migration that SQL cannot take alone, run in its
// transaction after its file.
var migrationHooks = map[int]func(context.Context, *sql.Tx) error{
	9: publishLegacyPlan,
}

// migrate applies the migrations newer than the database's user_version, each in its own
// transaction together with the user_version bump, so a failed step leaves the schema at
// the previous version.
func (d *DB) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	var current int
	if err := d.w.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if current > len(ms) {
		return fmt.Errorf("schema version %d is newer than this program knows (%d): upgrade medibus", current, len(ms))
	}
	for _, m := range ms[current:] {
		err := d.writeTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return err
			}
			if hook := migrationHooks[m.version]; hook != nil {
				if err := hook(ctx, tx); err != nil {
					return err
				}
			}
			// PRAGMA takes no parameters; the version is an integer we made.
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version))
			return err
		})
		if err != nil {
			return fmt.Errorf("apply migration %s: %w", m.name, err)
		}
	}
	return nil
}

// writeTx runs fn in a write transaction, committed if fn returns nil and rolled back
// otherwise.
func (d *DB) writeTx(ctx context.Context, fn func(*sql.Tx) error) (err error) {
	defer func() {
		err = d.classify(err)
		d.writes.record(err, d.now())
	}()
	tx, err := d.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	defer func() {
		if err != nil {
			// The rollback error adds nothing: the transaction is abandoned either way.
			_ = tx.Rollback()
		}
	}()
	if d.maxPages > 0 {
		// PRAGMA takes no parameters; the bound is an integer we computed.
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA max_page_count = %d", d.maxPages)); err != nil {
			return fmt.Errorf("bound the database: %w", err)
		}
	}
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// readTx runs fn in a read transaction, so that its queries see one snapshot.
func (d *DB) readTx(ctx context.Context, fn func(*sql.Tx) error) error {
	// The reading pool is query-only already; the driver ignores TxOptions.ReadOnly.
	tx, err := d.r.BeginTx(ctx, nil)
	if err != nil {
		return d.classify(fmt.Errorf("begin read: %w", err))
	}
	// Nothing was written: rolling back just ends the snapshot.
	defer func() { _ = tx.Rollback() }()
	return d.classify(fn(tx))
}

// now returns the current time in UTC without its monotonic reading, exactly as it will
// read back from the database.
func (d *DB) now() time.Time {
	now := time.Now
	if d.Now != nil {
		now = d.Now
	}
	return now().UTC().Round(0)
}

// isPublishedTrigger reports whether err is the refusal of one of the schema's
// immutability triggers.
func isPublishedTrigger(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.Code == sqlite3.ErrConstraint && strings.Contains(se.Error(), triggerMarker)
}

const timeLayout = time.RFC3339Nano

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s, err)
	}
	return t.UTC(), nil
}
