package store

import "database/sql"

// Test hooks, compiled only into this package's tests.

// SetFailAfter makes SavePlan fail after writing n sessions (0 turns it off).
func SetFailAfter(d *DB, n int) { d.failAfter = n }

// Writer returns the store's own writing connection pool, whose per-connection settings
// (foreign keys, busy timeout) raw connections opened by a test would not share.
func Writer(d *DB) *sql.DB { return d.w }
