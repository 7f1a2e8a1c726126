package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"medibus"
)

// The desk's territory editor changes a scenario one entity at a time. Every save is a
// new version of the scenario's name, made from the version the coordinator read: if
// another save came in between, nothing is written and a *ScenarioStaleError says
// who changed what (never a lost edit). Undoing the latest version stores, as the next
// version, the content it was made from: versions never change, so the plans made on
// the undone one keep it.

// ErrNameTaken reports a new scenario whose name is already stored.
var ErrNameTaken = errors.New("name taken")

// ErrNothingToUndo reports an undo of a scenario's first version.
var ErrNothingToUndo = errors.New("nothing to undo")

// ScenarioWrite is one save of the territory editor.
type ScenarioWrite struct {
	// Base is the id of the version the edit was made from. It must still be the
	// latest version of the scenario's name.
	Base int64
	// By and What say who made the edit and what it does, for the history and for the
	// refusal of a later stale save.
	By, What string
}

// ScenarioStaleError refuses a save made from version Based of scenario Name when the
// latest is Current: Edits are the versions stored in between, oldest first (Revision
// is their version; Who and What are empty for a version stored outside the editor).
type ScenarioStaleError struct {
	Name               string
	Based, Current     int
	BasedID, CurrentID int64
	Edits              []Edit
}

func (e *ScenarioStaleError) Error() string {
	msg := fmt.Sprintf("scenario %s changed since version %d (now %d)", e.Name, e.Based, e.Current)
	for _, ed := range e.Edits {
		if ed.Who != "" {
			msg += fmt.Sprintf("; version %d, %s: %s", ed.Revision, ed.Who, ed.What)
		}
	}
	return msg + ": nothing was changed, read it again and decide anew"
}

// Is makes errors.Is(err, ErrStale) hold.
func (e *ScenarioStaleError) Is(target error) bool { return target == ErrStale }

// ScenarioEdit is one version of a scenario as the editor's history shows it.
type ScenarioEdit struct {
	ScenarioSummary
	// Recorded is set for a version the editor made; Who, What and Base say who made
	// it, what it does and from which version (0: it created the scenario).
	Recorded  bool
	Who, What string
	Base      int64
	// UndoTo is the version whose content undoing this one restores (0: none).
	UndoTo int64
}

// CreateScenario stores sc as the first version of a new name, recording who created
// it; ErrNameTaken when a version of that name is stored already.
func (d *DB) CreateScenario(ctx context.Context, sc *medibus.Scenario, by, what string) (ScenarioSummary, error) {
	enc, err := encodeScenario(sc)
	if err != nil {
		return ScenarioSummary{}, err
	}
	var out ScenarioSummary
	err = d.writeTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM scenarios WHERE name = ?`, sc.Name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("scenario %q: %w", sc.Name, ErrNameTaken)
		}
		out, err = d.insertVersion(ctx, tx, enc, 1, 0, 0, by, what)
		return err
	})
	if err != nil {
		return ScenarioSummary{}, fmt.Errorf("create scenario %s: %w", sc.Name, err)
	}
	return out, nil
}

// EditScenario stores sc as the next version of its name, made from version w.Base,
// in one transaction that checks w.Base is still the latest (else a
// *ScenarioStaleError, nothing written). When sc's content is the base's, nothing is
// written and the base is returned with changed false.
func (d *DB) EditScenario(ctx context.Context, sc *medibus.Scenario, w ScenarioWrite) (out ScenarioSummary, changed bool, err error) {
	enc, err := encodeScenario(sc)
	if err != nil {
		return ScenarioSummary{}, false, err
	}
	err = d.writeTx(ctx, func(tx *sql.Tx) error {
		latest, err := d.checkLatest(ctx, tx, sc.Name, w.Base)
		if err != nil {
			return err
		}
		if latest.Hash == enc.hash {
			out = latest
			return nil
		}
		out, err = d.insertVersion(ctx, tx, enc, latest.Version+1, w.Base, w.Base, w.By, w.What)
		changed = err == nil
		return err
	})
	if err != nil {
		return ScenarioSummary{}, false, fmt.Errorf("save scenario %s: %w", sc.Name, err)
	}
	return out, changed, nil
}

// UndoScenario stores, as the next version of the scenario whose latest version is
// w.Base, the content that version was made from (checked as EditScenario checks; a
// first version has nothing to undo: ErrNothingToUndo). Undoing it in turn goes one
// step further back. It returns the new version and the one whose content it restores.
func (d *DB) UndoScenario(ctx context.Context, w ScenarioWrite) (out ScenarioSummary, restored ScenarioSummary, err error) {
	err = d.writeTx(ctx, func(tx *sql.Tx) error {
		name, err := scenarioName(ctx, tx, w.Base)
		if err != nil {
			return err
		}
		latest, err := d.checkLatest(ctx, tx, name, w.Base)
		if err != nil {
			return err
		}
		target, err := undoTarget(ctx, tx, latest)
		if err != nil {
			return err
		}
		var body []byte
		err = tx.QueryRowContext(ctx, `SELECT id, name, version, hash, created_at, body FROM scenarios WHERE id = ?`, target).
			Scan(&restored.ID, &restored.Name, &restored.Version, &restored.Hash, new(string), &body)
		if err != nil {
			return fmt.Errorf("version to restore: %w", err)
		}
		// Undoing the undo goes back one step further: the restored version's own target.
		further, err := undoTarget(ctx, tx, restored)
		if err != nil && !errors.Is(err, ErrNothingToUndo) {
			return err
		}
		enc := encodedScenario{name: name, hash: restored.Hash, body: body}
		out, err = d.insertVersion(ctx, tx, enc, latest.Version+1, w.Base, further, w.By, w.What)
		return err
	})
	if err != nil {
		return ScenarioSummary{}, ScenarioSummary{}, fmt.Errorf("undo scenario version %d: %w", w.Base, err)
	}
	return out, restored, nil
}

// LatestScenario returns the summary of the latest version of the scenario called name.
func (d *DB) LatestScenario(ctx context.Context, name string) (ScenarioSummary, error) {
	var s ScenarioSummary
	err := d.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		s, err = latestVersion(ctx, tx, name)
		return err
	})
	return s, err
}

// ScenarioSummaryOf returns the summary of the scenario version with the given id.
func (d *DB) ScenarioSummaryOf(ctx context.Context, id int64) (ScenarioSummary, error) {
	var s ScenarioSummary
	var created string
	err := d.r.QueryRowContext(ctx, `SELECT id, name, version, hash, created_at FROM scenarios WHERE id = ?`, id).
		Scan(&s.ID, &s.Name, &s.Version, &s.Hash, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return s, fmt.Errorf("scenario %d %w: GET /api/scenarios lists them", id, ErrNotFound)
	}
	if err != nil {
		return s, fmt.Errorf("load scenario %d: %w", id, err)
	}
	s.CreatedAt, err = parseTime(created)
	return s, err
}

// ScenarioHistory lists the versions of the scenario called name, newest first, with
// who made each one in the editor and what undoing it restores.
func (d *DB) ScenarioHistory(ctx context.Context, name string) ([]ScenarioEdit, error) {
	var out []ScenarioEdit
	err := d.readTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT s.id, s.name, s.version, s.hash, s.created_at,
			e.scenario_id IS NOT NULL, COALESCE(e.who, ''), COALESCE(e.what, ''), COALESCE(e.base_id, 0), COALESCE(e.undo_id, 0)
			FROM scenarios s LEFT JOIN scenario_edits e ON e.scenario_id = s.id
			WHERE s.name = ? ORDER BY s.version DESC`, name)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e ScenarioEdit
			var created string
			if err := rows.Scan(&e.ID, &e.Name, &e.Version, &e.Hash, &created, &e.Recorded, &e.Who, &e.What, &e.Base, &e.UndoTo); err != nil {
				return err
			}
			if e.CreatedAt, err = parseTime(created); err != nil {
				return err
			}
			out = append(out, e)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		// A version stored outside the editor is undone to the one before it.
		for i := range out {
			if !out[i].Recorded && i+1 < len(out) {
				out[i].UndoTo = out[i+1].ID
			}
		}
		if len(out) == 0 {
			return fmt.Errorf("scenario %q %w", name, ErrNotFound)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("history of scenario %s: %w", name, err)
	}
	return out, nil
}

// checkLatest returns the latest version of name, or a *ScenarioStaleError when it is
// not base.
func (d *DB) checkLatest(ctx context.Context, tx *sql.Tx, name string, base int64) (ScenarioSummary, error) {
	latest, err := latestVersion(ctx, tx, name)
	if err != nil {
		return latest, err
	}
	if latest.ID == base {
		return latest, nil
	}
	var based int
	err = tx.QueryRowContext(ctx, `SELECT version FROM scenarios WHERE id = ? AND name = ?`, base, name).Scan(&based)
	if errors.Is(err, sql.ErrNoRows) {
		return latest, fmt.Errorf("version %d is not a version of scenario %s: %w", base, name, ErrNotFound)
	}
	if err != nil {
		return latest, err
	}
	edits, err := versionsSince(ctx, tx, name, based)
	if err != nil {
		return latest, err
	}
	return latest, &ScenarioStaleError{Name: name, Based: based, Current: latest.Version, BasedID: base, CurrentID: latest.ID, Edits: edits}
}

// versionsSince lists the versions of name after version v, oldest first, as edits.
func versionsSince(ctx context.Context, tx *sql.Tx, name string, v int) ([]Edit, error) {
	rows, err := tx.QueryContext(ctx, `SELECT s.version, COALESCE(e.at, s.created_at), COALESCE(e.who, ''), COALESCE(e.what, '')
		FROM scenarios s LEFT JOIN scenario_edits e ON e.scenario_id = s.id
		WHERE s.name = ? AND s.version > ? ORDER BY s.version`, name, v)
	if err != nil {
		return nil, fmt.Errorf("versions since %d: %w", v, err)
	}
	return scanEdits(rows)
}

func latestVersion(ctx context.Context, tx *sql.Tx, name string) (ScenarioSummary, error) {
	var s ScenarioSummary
	var created string
	err := tx.QueryRowContext(ctx, `SELECT id, name, version, hash, created_at FROM scenarios WHERE name = ? ORDER BY version DESC LIMIT 1`, name).
		Scan(&s.ID, &s.Name, &s.Version, &s.Hash, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return s, fmt.Errorf("scenario %q %w", name, ErrNotFound)
	}
	if err != nil {
		return s, fmt.Errorf("latest version of %s: %w", name, err)
	}
	s.CreatedAt, err = parseTime(created)
	return s, err
}

func scenarioName(ctx context.Context, tx *sql.Tx, id int64) (string, error) {
	var name string
	err := tx.QueryRowContext(ctx, `SELECT name FROM scenarios WHERE id = ?`, id).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("scenario %d %w", id, ErrNotFound)
	}
	return name, err
}

// undoTarget returns the id of the version whose content undoing v restores: the one
// its edit recorded, or for a version stored outside the editor the one before it.
func undoTarget(ctx context.Context, tx *sql.Tx, v ScenarioSummary) (int64, error) {
	var undo sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT undo_id FROM scenario_edits WHERE scenario_id = ?`, v.ID).Scan(&undo)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		var prev int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM scenarios WHERE name = ? AND version < ? ORDER BY version DESC LIMIT 1`, v.Name, v.Version).Scan(&prev)
		if errors.Is(err, sql.ErrNoRows) {
			return 0, fmt.Errorf("version %d of %s: %w", v.Version, v.Name, ErrNothingToUndo)
		}
		return prev, err
	case err != nil:
		return 0, err
	case !undo.Valid:
		return 0, fmt.Errorf("version %d of %s: %w", v.Version, v.Name, ErrNothingToUndo)
	}
	return undo.Int64, nil
}

// insertVersion stores enc as version of its name, with the editor's record of it.
func (d *DB) insertVersion(ctx context.Context, tx *sql.Tx, enc encodedScenario, version int, base, undo int64, by, what string) (ScenarioSummary, error) {
	now := d.now()
	res, err := tx.ExecContext(ctx, `INSERT INTO scenarios (name, version, hash, created_at, body) VALUES (?, ?, ?, ?, ?)`,
		enc.name, version, enc.hash, formatTime(now), enc.body)
	if err != nil {
		return ScenarioSummary{}, fmt.Errorf("insert version %d: %w", version, err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return ScenarioSummary{}, err
	}
	if by == "" {
		by = "medibus"
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO scenario_edits (scenario_id, base_id, undo_id, at, who, what) VALUES (?, ?, ?, ?, ?, ?)`,
		id, nullID(base), nullID(undo), formatTime(now), by, what)
	if err != nil {
		return ScenarioSummary{}, fmt.Errorf("record the edit: %w", err)
	}
	return ScenarioSummary{ID: id, Name: enc.name, Version: version, Hash: enc.hash, CreatedAt: now}, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// planVersionTx returns the stored version of enc's name with enc's content, the
// newest if several, or stores enc as the next version when none has it. A plan made
// from an older version (a run started before a coordinator saved) is recorded against
// that version rather than stored again as the latest, which would undo the save.
func (d *DB) planVersionTx(ctx context.Context, tx *sql.Tx, enc encodedScenario) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM scenarios WHERE name = ? AND hash = ? ORDER BY version DESC LIMIT 1`, enc.name, enc.hash).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("find version: %w", err)
	}
	id, _, err = d.saveScenarioTx(ctx, tx, enc)
	return id, err
}
