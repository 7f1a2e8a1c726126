package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strings"
)

// Backup writes a consistent copy of the database to the file out, which must not
// exist, while it is in use: SQLite's VACUUM INTO reads one snapshot (a read
// transaction, which in WAL mode never blocks the writers) and writes it compacted.
// The copy holds every write committed before Backup began and none half-done;
// copying the database file while the server writes does not (its newest commits may
// still be in the -wal file). It returns how many plans the copy holds.
func (d *DB) Backup(ctx context.Context, out string) (int, error) {
	if out == "" || strings.ContainsRune(out, '?') {
		return 0, fmt.Errorf("backup to %q: want a file name without '?'", out)
	}
	if _, err := os.Stat(out); err == nil {
		return 0, fmt.Errorf("backup to %s: the file exists; give a new name (a backup never overwrites)", out)
	} else if !errors.Is(err, os.ErrNotExist) {
		return 0, fmt.Errorf("backup to %s: %w", out, err)
	}
	// A connection of its own: the reading pool is query-only, which VACUUM INTO
	// refuses, and the writer must stay free for the server.
	src, err := sql.Open("sqlite3", d.path+"?_busy_timeout="+fmt.Sprint(d.busy.Milliseconds()))
	if err != nil {
		return 0, fmt.Errorf("backup: open %s: %w", d.path, err)
	}
	defer src.Close()
	var plans int
	err = func() error {
		conn, err := src.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, out); err != nil {
			return err
		}
		return nil
	}()
	if err != nil {
		_ = os.Remove(out) // a partial copy is no backup
		return 0, fmt.Errorf("backup %s to %s: %w", d.path, out, d.classify(err))
	}
	copyDB, err := sql.Open("sqlite3", out+"?_query_only=on")
	if err != nil {
		return 0, fmt.Errorf("backup: open the copy %s: %w", out, err)
	}
	defer copyDB.Close()
	if err := integrity(ctx, copyDB); err != nil {
		return 0, fmt.Errorf("backup %s: the copy fails its check: %w", out, err)
	}
	if err := copyDB.QueryRowContext(ctx, `SELECT COUNT(*) FROM plans`).Scan(&plans); err != nil {
		return 0, fmt.Errorf("backup %s: count plans: %w", out, err)
	}
	return plans, nil
}

// integrity runs SQLite's integrity_check and foreign_key_check on db.
func integrity(ctx context.Context, db *sql.DB) error {
	var res string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil {
		return err
	}
	if res != "ok" {
		return fmt.Errorf("integrity_check: %s", res)
	}
	rows, err := db.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return err
	}
	defer rows.Close()
	if rows.Next() {
		return errors.New("foreign_key_check: rows refer to missing ones")
	}
	return rows.Err()
}

// Check runs SQLite's integrity and foreign-key checks on the open database.
func (d *DB) Check(ctx context.Context) error {
	if err := integrity(ctx, d.r); err != nil {
		return fmt.Errorf("check %s: %w", d.path, err)
	}
	return nil
}
