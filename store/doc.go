// Package store keeps scenarios and plans in a SQLite database (github.com/mattn/go-sqlite3).
//
// The database runs in WAL mode with foreign keys on and a busy timeout, and its schema
// comes from the embedded migrations/NNN_name.sql files, applied in order and counted by
// PRAGMA user_version. Scenarios are stored as versions per name, a new version only when
// the content changes; a plan is written with its sessions and bus-days in one
// transaction, so a failed save leaves nothing behind. A published plan is immutable:
// the methods return ErrPublished and SQLite triggers refuse even raw SQL changes.
package store
