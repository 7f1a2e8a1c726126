package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"medibus"
)

// ErrStale reports a write based on a revision that another write has replaced since:
// nothing was changed. errors.As with *StaleError tells who changed what.
var ErrStale = errors.New("stale")

// Edit is one logged write: who made it, what it did, and the revision it made.
type Edit struct {
	Revision int64     `json:"revision"`
	At       time.Time `json:"at"`
	Who      string    `json:"who"`
	What     string    `json:"what"`
}

// StaleError is the refusal of a write based on revision Based when the state is at
// Current: Edits are the writes made in between, oldest first.
type StaleError struct {
	// Plan is the plan whose pins changed, or 0 for the published state.
	Plan           int64
	Based, Current int64
	Edits          []Edit
}

func (e *StaleError) Error() string {
	what := "the published state"
	if e.Plan != 0 {
		what = fmt.Sprintf("the pins of plan %d", e.Plan)
	}
	msg := fmt.Sprintf("%s changed since revision %d (now %d)", what, e.Based, e.Current)
	for _, ed := range e.Edits {
		msg += fmt.Sprintf("; %s: %s", ed.Who, ed.What)
	}
	return msg + ": nothing was changed, read it again and decide anew"
}

// Is makes errors.Is(err, ErrStale) hold.
func (e *StaleError) Is(target error) bool { return target == ErrStale }

// PublishOptions say how a plan is published (see medibus.PublishOptions).
type PublishOptions = medibus.PublishOptions

// Publish publishes plan id for every bus it covers, from its start, whatever was
// published since the caller looked (see PublishWith).
func (d *DB) Publish(ctx context.Context, id int64) error {
	_, err := d.PublishWith(ctx, id, PublishOptions{})
	return err
}

// PublishWith makes draft plan id published, in one transaction, and returns the new
// published revision. A rotation gets one publication per bus of o.Units from
// o.Effective; the rotations that no longer decide any bus from some date on are
// archived. A change is published as it is: its bus-days replace the calendar's on its
// dates. Publishing a published (or archived) plan returns ErrPublished.
func (d *DB) PublishWith(ctx context.Context, id int64, o PublishOptions) (int64, error) {
	var rev int64
	err := d.writeTx(ctx, func(tx *sql.Tx) error {
		var err error
		rev, err = d.publishTx(ctx, tx, id, o)
		return err
	})
	return rev, writeErr(err, id, "publish")
}

// publishTx publishes plan id within tx (see PublishWith).
func (d *DB) publishTx(ctx context.Context, tx *sql.Tx, id int64, o PublishOptions) (int64, error) {
	var status, kind, start string
	err := tx.QueryRowContext(ctx, `SELECT status, kind, start FROM plans WHERE id = ?`, id).Scan(&status, &kind, &start)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, planNotFound(id)
	}
	if err != nil {
		return 0, err
	}
	if status == medibus.StatusPublished {
		return 0, publishedError(id, "published again")
	}
	rev, err := d.checkRevision(ctx, tx, o.IfRevision)
	if err != nil {
		return 0, err
	}
	rev++
	now := formatTime(d.now())
	what := fmt.Sprintf("a publié le changement %d", id)
	if kind == medibus.KindRotation {
		if what, err = d.publishRotation(ctx, tx, id, start, o, now, rev); err != nil {
			return 0, err
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE plans SET status = 'published', published_at = ?, published_revision = ? WHERE id = ?`, now, rev, id); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE revisions SET value = ? WHERE name = 'published'`, rev); err != nil {
		return 0, err
	}
	return rev, logEdit(ctx, tx, 0, rev, now, o.By, what)
}

// checkRevision reads the published revision in tx and refuses if want (when not 0)
// is older.
func (d *DB) checkRevision(ctx context.Context, tx *sql.Tx, want int64) (int64, error) {
	var rev int64
	if err := tx.QueryRowContext(ctx, `SELECT value FROM revisions WHERE name = 'published'`).Scan(&rev); err != nil {
		return 0, fmt.Errorf("published revision: %w", err)
	}
	if want != 0 && want != rev {
		edits, err := editsSince(ctx, tx, 0, want)
		if err != nil {
			return 0, err
		}
		return 0, &StaleError{Based: want, Current: rev, Edits: edits}
	}
	return rev, nil
}

// publishRotation records the publications of rotation id and archives the rotations
// it replaces entirely; it returns what was done, for the log.
func (d *DB) publishRotation(ctx context.Context, tx *sql.Tx, id int64, start string, o PublishOptions, now string, rev int64) (string, error) {
	units := o.Units
	if units == nil {
		var err error
		if units, err = rotationUnits(ctx, tx, id); err != nil {
			return "", err
		}
	}
	if len(units) == 0 {
		return "", fmt.Errorf("plan %d covers no bus: nothing to publish", id)
	}
	effective := start
	if o.Effective != 0 {
		effective = o.Effective.String()
	}
	st, err := tx.PrepareContext(ctx, `INSERT INTO publications (plan_id, unit, effective, published_at, by, revision) VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return "", err
	}
	defer st.Close()
	for _, u := range units {
		if _, err := st.ExecContext(ctx, id, u, effective, now, o.By, rev); err != nil {
			return "", fmt.Errorf("publish bus %s: %w", u, err)
		}
	}
	// A rotation that is no longer the latest publication of any bus was replaced.
	if _, err := tx.ExecContext(ctx, `
		UPDATE plans SET archived_at = ?
		WHERE status = 'published' AND kind = 'rotation' AND archived_at IS NULL AND id <> ?
		  AND NOT EXISTS (SELECT 1 FROM publications p WHERE p.plan_id = plans.id
		                  AND p.id = (SELECT MAX(q.id) FROM publications q WHERE q.unit = p.unit))`, now, id); err != nil {
		return "", fmt.Errorf("archive the rotations replaced: %w", err)
	}
	return fmt.Sprintf("a publié le plan %d pour %s à partir du %s", id, unitsFr(units), effective), nil
}

// unitsFr names a few buses for the log.
func unitsFr(units []string) string {
	if len(units) > 4 {
		return fmt.Sprintf("%d bus (%s…)", len(units), strings.Join(units[:3], ", "))
	}
	return strings.Join(units, ", ")
}

// rotationUnits returns the buses plan id covers: its units column, or every bus of
// its scenario.
func rotationUnits(ctx context.Context, tx *sql.Tx, id int64) ([]string, error) {
	var units string
	var body []byte
	err := tx.QueryRowContext(ctx, `SELECT p.units, s.body FROM plans p JOIN scenarios s ON s.id = p.scenario_id WHERE p.id = ?`, id).Scan(&units, &body)
	if err != nil {
		return nil, fmt.Errorf("buses of plan %d: %w", id, err)
	}
	if units != "" {
		return strings.Split(units, staffSep), nil
	}
	sc, err := decodeScenario(body)
	if err != nil {
		return nil, fmt.Errorf("buses of plan %d: scenario: %w", id, err)
	}
	out := make([]string, len(sc.Units))
	for i := range sc.Units {
		out[i] = sc.Units[i].ID
	}
	return out, nil
}

// logEdit records a write: to the pins of plan (0: to the published state), making
// revision rev.
func logEdit(ctx context.Context, tx *sql.Tx, plan, rev int64, at, who, what string) error {
	if who == "" {
		who = "medibus (ligne de commande)"
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO edits (plan_id, revision, at, who, what) VALUES (?, ?, ?, ?, ?)`, plan, rev, at, who, what)
	if err != nil {
		return fmt.Errorf("log the edit: %w", err)
	}
	return nil
}

// scanEdits reads rows of (revision, at, who, what) as edits, and closes them.
func scanEdits(rows *sql.Rows) ([]Edit, error) {
	defer rows.Close()
	var out []Edit
	for rows.Next() {
		var e Edit
		var at string
		if err := rows.Scan(&e.Revision, &at, &e.Who, &e.What); err != nil {
			return nil, err
		}
		var err error
		if e.At, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// editsSince lists the edits of plan (0: the published state) after revision rev.
func editsSince(ctx context.Context, tx *sql.Tx, plan, rev int64) ([]Edit, error) {
	rows, err := tx.QueryContext(ctx, `SELECT revision, at, who, what FROM edits WHERE plan_id = ? AND revision > ? ORDER BY revision, id`, plan, rev)
	if err != nil {
		return nil, fmt.Errorf("edits: %w", err)
	}
	return scanEdits(rows)
}

// PublishedRevision returns the revision of the published state: it changes with every
// publication, of a rotation or of a change. One indexed read, cheap enough to poll.
func (d *DB) PublishedRevision(ctx context.Context) (int64, error) {
	var rev int64
	if err := d.r.QueryRowContext(ctx, `SELECT value FROM revisions WHERE name = 'published'`).Scan(&rev); err != nil {
		return 0, fmt.Errorf("published revision: %w", err)
	}
	return rev, nil
}

// Published is the published state at one revision (see medibus.PublishedState).
type Published = medibus.PublishedState

// PublishedState reads the published state in one snapshot.
func (d *DB) PublishedState(ctx context.Context) (Published, error) {
	return d.PublishedStateAt(ctx, 0)
}

// PublishedStateAt reads the published state as it was at revision rev (0: now): the
// publications and changes made up to it.
func (d *DB) PublishedStateAt(ctx context.Context, rev int64) (Published, error) {
	var out Published
	err := d.readTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT value FROM revisions WHERE name = 'published'`).Scan(&out.Revision); err != nil {
			return err
		}
		if rev > 0 && rev < out.Revision {
			out.Revision = rev
		}
		rows, err := tx.QueryContext(ctx, `SELECT id, plan_id, unit, effective, published_at, by FROM publications WHERE revision <= ? ORDER BY id`, out.Revision)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p medibus.Publication
			var eff, at string
			if err := rows.Scan(&p.ID, &p.Plan, &p.Unit, &eff, &at, &p.By); err != nil {
				return err
			}
			if p.Effective, err = medibus.ParseDate(eff); err != nil {
				return fmt.Errorf("publication %d: %w", p.ID, err)
			}
			if p.PublishedAt, err = parseTime(at); err != nil {
				return fmt.Errorf("publication %d: %w", p.ID, err)
			}
			out.Publications = append(out.Publications, p)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		crows, err := tx.QueryContext(ctx, `SELECT id FROM plans WHERE kind = 'change' AND status = 'published' AND published_revision <= ?
			ORDER BY published_revision, id`, out.Revision)
		if err != nil {
			return err
		}
		defer crows.Close()
		for crows.Next() {
			var id int64
			if err := crows.Scan(&id); err != nil {
				return err
			}
			out.Changes = append(out.Changes, id)
		}
		return crows.Err()
	})
	if err != nil {
		return Published{}, fmt.Errorf("read the published state: %w", err)
	}
	return out, nil
}

// publishLegacyPlan is migration 9's step in Go: the plan a database made before
// rotations showed, the latest published, becomes the published rotation of every bus
// of its scenario, from its start and as of its publication.
func publishLegacyPlan(ctx context.Context, tx *sql.Tx) error {
	var id int64
	var start, at string
	err := tx.QueryRowContext(ctx, `SELECT id, start, published_at FROM plans
		WHERE status = 'published' AND archived_at IS NULL ORDER BY id DESC LIMIT 1`).Scan(&id, &start, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("find the published plan: %w", err)
	}
	units, err := rotationUnits(ctx, tx, id)
	if err != nil {
		return err
	}
	slices.Sort(units)
	for _, u := range units {
		if _, err := tx.ExecContext(ctx, `INSERT INTO publications (plan_id, unit, effective, published_at, by, revision) VALUES (?, ?, ?, ?, 'migration 009', 2)`,
			id, u, start, at); err != nil {
			return fmt.Errorf("publish plan %d for bus %s: %w", id, u, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE revisions SET value = 2 WHERE name = 'published'`); err != nil {
		return err
	}
	return logEdit(ctx, tx, 0, 2, at, "migration 009", fmt.Sprintf("le plan %d publié devient la rotation publiée de %s", id, unitsFr(units)))
}
