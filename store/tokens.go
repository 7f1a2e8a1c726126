package store

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
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
	// Unit ties a driver to one bus; empty means every bus.
	Unit string
	// Organisation or Region limits what a coordinator may change to the buses of one
	// organisation or one region (they still see every plan); both empty: national.
	Organisation string
	Region       string
	CreatedAt    time.Time
	// LastUsedAt is when a server last let it in (zero: never), to within the server's
	// 30-second cache.
	LastUsedAt time.Time
	// ExpiresAt is when it stops working by itself (zero: never); RevokedAt when it was
	// revoked (zero: it was not).
	ExpiresAt time.Time
	RevokedAt time.Time
}

// Live reports whether the token still lets its holder in at now.
func (t *Token) Live(now time.Time) bool {
	return t.RevokedAt.IsZero() && (t.ExpiresAt.IsZero() || now.Before(t.ExpiresAt))
}

// HashSecret returns the sha256 (hex) under which a token's secret is stored.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// CreateToken makes a new token for role (and, for a driver, unit) that does not
// expire, and returns its secret, which is shown once: only its hash is stored.
func (d *DB) CreateToken(ctx context.Context, role, unit string) (string, Token, error) {
	return d.CreateTokenFor(ctx, TokenSpec{Role: role, Unit: unit})
}

// TokenSpec is what a new token allows: a role; for a driver, a bus (empty: every
// bus); for a coordinator, an organisation or a region it may change (empty: all);
// and when it stops working (zero: never).
type TokenSpec struct {
	Role, Unit           string
	Organisation, Region string
	Expires              time.Time
}

// check refuses a spec whose scope does not fit its role.
func (sp TokenSpec) check() error {
	switch sp.Role {
	case RoleCoordinator:
		if sp.Unit != "" {
			return fmt.Errorf("a coordinator sees every bus; drop --unit %s (limit what they may change with --organisation or --region)", sp.Unit)
		}
		if sp.Organisation != "" && sp.Region != "" {
			return fmt.Errorf("a coordinator is limited to an organisation or to a region, not both: drop --organisation or --region")
		}
	case RoleDriver:
		if sp.Organisation != "" || sp.Region != "" {
			return fmt.Errorf("a driver is tied to a bus (--unit), not to an organisation or region")
		}
	default:
		return fmt.Errorf("role %q: want %s or %s", sp.Role, RoleCoordinator, RoleDriver)
	}
	return nil
}

// CreateTokenFor makes a new token as sp says and returns its secret, shown once.
func (d *DB) CreateTokenFor(ctx context.Context, sp TokenSpec) (string, Token, error) {
	if err := sp.check(); err != nil {
		return "", Token{}, fmt.Errorf("create token: %w", err)
	}
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", Token{}, fmt.Errorf("create token: %w", err)
	}
	secret := "mb_" + base64.RawURLEncoding.EncodeToString(raw[:])
	t := Token{Role: sp.Role, Unit: sp.Unit, Organisation: sp.Organisation, Region: sp.Region, CreatedAt: d.now(), ExpiresAt: sp.Expires.UTC().Round(0)}
	err := d.writeTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO tokens (hash, role, unit, organisation, region, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			HashSecret(secret), t.Role, t.Unit, t.Organisation, t.Region, formatTime(t.CreatedAt), nullTime(t.ExpiresAt))
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

// tokenColumns are the columns scanToken reads, in its order.
const tokenColumns = `id, role, unit, organisation, region, created_at, last_used_at, expires_at, revoked_at`

func scanToken(r rowScanner) (Token, error) {
	var (
		t                      Token
		created                string
		used, expires, revoked sql.NullString
	)
	if err := r.Scan(&t.ID, &t.Role, &t.Unit, &t.Organisation, &t.Region, &created, &used, &expires, &revoked); err != nil {
		return Token{}, err
	}
	var err error
	if t.CreatedAt, err = parseTime(created); err != nil {
		return Token{}, fmt.Errorf("token %d: %w", t.ID, err)
	}
	for _, x := range []struct {
		s   sql.NullString
		dst *time.Time
	}{{used, &t.LastUsedAt}, {expires, &t.ExpiresAt}, {revoked, &t.RevokedAt}} {
		if x.s.Valid {
			if *x.dst, err = parseTime(x.s.String); err != nil {
				return Token{}, fmt.Errorf("token %d: %w", t.ID, err)
			}
		}
	}
	return t, nil
}

// LookupToken returns the live token whose secret is secret, or ErrNotFound for an
// unknown, revoked or expired one.
func (d *DB) LookupToken(ctx context.Context, secret string) (Token, error) {
	t, err := scanToken(d.r.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM tokens WHERE hash = ?`, HashSecret(secret)))
	return d.live(t, err, "token")
}

// TokenByID returns token id if it is live, or ErrNotFound: a server re-checks the
// token behind each login session with it.
func (d *DB) TokenByID(ctx context.Context, id int64) (Token, error) {
	t, err := scanToken(d.r.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM tokens WHERE id = ?`, id))
	return d.live(t, err, fmt.Sprintf("token %d", id))
}

// live turns a token read (t, err) into the token if it is live, ErrNotFound if not.
func (d *DB) live(t Token, err error, what string) (Token, error) {
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Token{}, fmt.Errorf("%s %w: create one with `medibus token create`", what, ErrNotFound)
	case err != nil:
		return Token{}, fmt.Errorf("look up %s: %w", what, d.classify(err))
	case !t.RevokedAt.IsZero():
		return Token{}, fmt.Errorf("%s was revoked (%w): create another with `medibus token create`", what, ErrNotFound)
	case !t.Live(d.now()):
		return Token{}, fmt.Errorf("%s expired on %s (%w): create another with `medibus token create`", what, t.ExpiresAt.Format(time.DateTime), ErrNotFound)
	}
	return t, nil
}

// TouchToken records that token id was just used.
func (d *DB) TouchToken(ctx context.Context, id int64) error {
	err := d.writeTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE tokens SET last_used_at = ? WHERE id = ?`, formatTime(d.now()), id)
		return err
	})
	if err != nil {
		return fmt.Errorf("record the use of token %d: %w", id, err)
	}
	return nil
}

// ListTokens lists every token, live or not, oldest first; never their secrets, which
// are not stored.
func (d *DB) ListTokens(ctx context.Context) ([]Token, error) {
	rows, err := d.r.QueryContext(ctx, `SELECT `+tokenColumns+` FROM tokens ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("list tokens: %w", err)
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	return out, nil
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

// Scope is what tokens may be tied to: the buses, organisations and regions of every
// stored scenario version, each sorted and once.
type Scope struct {
	Units, Organisations, Regions []string
}

// StoredScope returns the buses, organisations and regions of every stored scenario
// version.
func (d *DB) StoredScope(ctx context.Context) (Scope, error) {
	var out Scope
	rows, err := d.r.QueryContext(ctx, `SELECT body FROM scenarios`)
	if err != nil {
		return out, fmt.Errorf("list stored buses: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var body []byte
		if err := rows.Scan(&body); err != nil {
			return out, fmt.Errorf("list stored buses: %w", err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			return out, fmt.Errorf("list stored buses: %w", err)
		}
		// Only the units and organisations are decoded; communes and demand are skipped.
		var sc struct {
			Units []struct {
				ID     string `json:"id"`
				Region string `json:"region"`
			} `json:"units"`
			Organisations []struct {
				ID string `json:"id"`
			} `json:"organisations"`
		}
		if err := json.NewDecoder(zr).Decode(&sc); err != nil {
			return out, fmt.Errorf("list stored buses: %w", err)
		}
		for _, u := range sc.Units {
			out.Units = append(out.Units, u.ID)
			if u.Region != "" {
				out.Regions = append(out.Regions, u.Region)
			}
		}
		for _, o := range sc.Organisations {
			out.Organisations = append(out.Organisations, o.ID)
		}
	}
	if err := rows.Err(); err != nil {
		return out, fmt.Errorf("list stored buses: %w", err)
	}
	for _, l := range []*[]string{&out.Units, &out.Organisations, &out.Regions} {
		slices.Sort(*l)
		*l = slices.Compact(*l)
	}
	return out, nil
}

// nullTime stores a zero time as NULL.
func nullTime(t time.Time) sql.NullString {
	if t.IsZero() {
		return sql.NullString{}
	}
	return sql.NullString{String: formatTime(t), Valid: true}
}
