package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"time"
)

// Token roles.
const (
	RoleCoordinator = "coordinator"
	RoleDriver      = "driver"
)

// Token is a stored API token: who may do what. The secret itself is not kept.
type Token struct {
	ID   int64
	Role string // RoleCoordinator or RoleDriver
	// Unit ties a driver to one bus; empty means every bus of the organisation.
	Unit      string
	CreatedAt time.Time
}

// HashSecret returns the sha256 (hex) under which a token's secret is stored.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// CreateToken makes a new token for role (and, for a driver, unit) and returns its secret,
// which is shown once: only its hash is stored.
func (d *DB) CreateToken(ctx context.Context, role, unit string) (string, Token, error) {
	switch role {
	case RoleCoordinator:
		if unit != "" {
			return "", Token{}, fmt.Errorf("create token: a coordinator sees every bus; drop --unit %s", unit)
		}
	case RoleDriver:
	default:
		return "", Token{}, fmt.Errorf("create token: role %q: want %s or %s", role, RoleCoordinator, RoleDriver)
	}
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", Token{}, fmt.Errorf("create token: %w", err)
	}
	secret := "mb_" + base64.RawURLEncoding.EncodeToString(raw[:])
	t := Token{Role: role, Unit: unit, CreatedAt: d.now()}
	err := d.writeTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO tokens (hash, role, unit, created_at) VALUES (?, ?, ?, ?)`,
			HashSecret(secret), role, unit, formatTime(t.CreatedAt))
		if err != nil {
			return err
		}
		t.ID, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return "", Token{}, fmt.Errorf("create token: %w", err)
	}
	return secret, t, nil
}

// LookupToken returns the live token whose secret is secret, or ErrNotFound.
func (d *DB) LookupToken(ctx context.Context, secret string) (Token, error) {
	var (
		t       Token
		created string
	)
	err := d.r.QueryRowContext(ctx,
		`SELECT id, role, unit, created_at FROM tokens WHERE hash = ? AND revoked_at IS NULL`,
		HashSecret(secret)).Scan(&t.ID, &t.Role, &t.Unit, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return Token{}, fmt.Errorf("token %w or revoked: create one with `medibus token create`", ErrNotFound)
	}
	if err != nil {
		return Token{}, fmt.Errorf("look up token: %w", err)
	}
	if t.CreatedAt, err = parseTime(created); err != nil {
		return Token{}, fmt.Errorf("look up token %d: %w", t.ID, err)
	}
	return t, nil
}

// RevokeToken makes token id unusable from now on.
func (d *DB) RevokeToken(ctx context.Context, id int64) error {
	err := d.writeTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`,
			formatTime(d.now()), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("token %d %w or already revoked", id, ErrNotFound)
		}
		return nil
	})
	if err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("revoke token %d: %w", id, err)
	}
	return err
}
