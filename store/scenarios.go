package store

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"medibus"
)

// ScenarioSummary describes a stored scenario version without its body.
type ScenarioSummary struct {
	ID        int64
	Name      string
	Version   int
	Hash      string // sha256 (hex) of the scenario's canonical JSON
	CreatedAt time.Time
}

// canonical returns the scenario's canonical JSON and its sha256. encoding/json writes
// struct fields in declaration order and the scenario holds no maps, so equal scenarios
// give equal bytes.
func canonical(sc *medibus.Scenario) ([]byte, string, error) {
	b, err := json.Marshal(sc)
	if err != nil {
		return nil, "", fmt.Errorf("encode scenario %s: %w", sc.Name, err)
	}
	sum := sha256.Sum256(b)
	return b, hex.EncodeToString(sum[:]), nil
}

// SaveScenario stores sc as the next version of its name and returns its id and version.
// If the latest version of that name has the same content, it is returned instead and
// nothing is written, so saving the same scenario before every plan costs nothing.
func (d *DB) SaveScenario(ctx context.Context, sc *medibus.Scenario) (id int64, version int, err error) {
	enc, err := encodeScenario(sc)
	if err != nil {
		return 0, 0, err
	}
	err = d.writeTx(ctx, func(tx *sql.Tx) error {
		id, version, err = d.saveScenarioTx(ctx, tx, enc)
		return err
	})
	if err != nil {
		return 0, 0, fmt.Errorf("save scenario %s: %w", sc.Name, err)
	}
	return id, version, nil
}

// encodedScenario is a scenario ready to store: its name, hash and gzipped JSON.
type encodedScenario struct {
	name, hash string
	body       []byte
}

func encodeScenario(sc *medibus.Scenario) (encodedScenario, error) {
	if sc == nil || sc.Name == "" {
		return encodedScenario{}, errors.New("save scenario: the scenario has no name; give it one")
	}
	body, hash, err := canonical(sc)
	if err != nil {
		return encodedScenario{}, fmt.Errorf("save scenario: %w", err)
	}
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	if _, err := zw.Write(body); err != nil {
		return encodedScenario{}, fmt.Errorf("save scenario %s: compress: %w", sc.Name, err)
	}
	if err := zw.Close(); err != nil {
		return encodedScenario{}, fmt.Errorf("save scenario %s: compress: %w", sc.Name, err)
	}
	return encodedScenario{name: sc.Name, hash: hash, body: zipped.Bytes()}, nil
}

// saveScenarioTx stores enc as the next version of its name within tx, or returns the
// latest version when it has the same content.
func (d *DB) saveScenarioTx(ctx context.Context, tx *sql.Tx, enc encodedScenario) (id int64, version int, err error) {
	var lastID int64
	var lastVersion int
	var lastHash string
	err = tx.QueryRowContext(ctx,
		`SELECT id, version, hash FROM scenarios WHERE name = ? ORDER BY version DESC LIMIT 1`,
		enc.name).Scan(&lastID, &lastVersion, &lastHash)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return 0, 0, fmt.Errorf("latest version: %w", err)
	case lastHash == enc.hash:
		return lastID, lastVersion, nil
	}
	version = lastVersion + 1
	res, err := tx.ExecContext(ctx,
		`INSERT INTO scenarios (name, version, hash, created_at, body) VALUES (?, ?, ?, ?, ?)`,
		enc.name, version, enc.hash, formatTime(d.now()), enc.body)
	if err != nil {
		return 0, 0, fmt.Errorf("insert version %d: %w", version, err)
	}
	id, err = res.LastInsertId()
	return id, version, err
}

// Scenario loads the scenario version with the given id.
func (d *DB) Scenario(ctx context.Context, id int64) (*medibus.Scenario, error) {
	var name string
	var body []byte
	err := d.r.QueryRowContext(ctx, `SELECT name, body FROM scenarios WHERE id = ?`, id).Scan(&name, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("scenario %d %w: run `medibus plans` to see the scenario of each plan", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("load scenario %d: %w", id, err)
	}
	sc, err := decodeScenario(body)
	if err != nil {
		return nil, fmt.Errorf("load scenario %d (%s): %w", id, name, err)
	}
	return sc, nil
}

// ScenarioByName loads the latest version of the scenario called name, with its summary
// (the scenario itself carries no id or version).
func (d *DB) ScenarioByName(ctx context.Context, name string) (*medibus.Scenario, ScenarioSummary, error) {
	var s ScenarioSummary
	var created string
	var body []byte
	err := d.r.QueryRowContext(ctx,
		`SELECT id, name, version, hash, created_at, body FROM scenarios
		 WHERE name = ? ORDER BY version DESC LIMIT 1`, name).
		Scan(&s.ID, &s.Name, &s.Version, &s.Hash, &created, &body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ScenarioSummary{}, fmt.Errorf("scenario %q %w in the database: it is stored when a plan is made from it (`medibus plan --scenario %s`)", name, ErrNotFound, name)
	}
	if err != nil {
		return nil, ScenarioSummary{}, fmt.Errorf("load scenario %s: %w", name, err)
	}
	if s.CreatedAt, err = parseTime(created); err != nil {
		return nil, ScenarioSummary{}, fmt.Errorf("load scenario %s: %w", name, err)
	}
	sc, err := decodeScenario(body)
	if err != nil {
		return nil, ScenarioSummary{}, fmt.Errorf("load scenario %s version %d: %w", name, s.Version, err)
	}
	return sc, s, nil
}

// ListScenarios lists every stored scenario version, by name then version.
func (d *DB) ListScenarios(ctx context.Context) ([]ScenarioSummary, error) {
	rows, err := d.r.QueryContext(ctx,
		`SELECT id, name, version, hash, created_at FROM scenarios ORDER BY name, version`)
	if err != nil {
		return nil, fmt.Errorf("list scenarios: %w", err)
	}
	defer rows.Close()
	var out []ScenarioSummary
	for rows.Next() {
		var s ScenarioSummary
		var created string
		if err := rows.Scan(&s.ID, &s.Name, &s.Version, &s.Hash, &created); err != nil {
			return nil, fmt.Errorf("list scenarios: %w", err)
		}
		if s.CreatedAt, err = parseTime(created); err != nil {
			return nil, fmt.Errorf("list scenarios: scenario %d: %w", s.ID, err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list scenarios: %w", err)
	}
	return out, nil
}

func decodeScenario(body []byte) (*medibus.Scenario, error) {
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("decompress: %w", err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("decompress: %w", err)
	}
	var sc medibus.Scenario
	if err := json.Unmarshal(raw, &sc); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	return &sc, nil
}
