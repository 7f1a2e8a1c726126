package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"medibus"
)

// SetPin records that the re-plan of plan planID must hold session s exactly, in the
// slot (s.Unit, s.Date, s.Half); a pin already in that slot is replaced. Pins are not set
// on published plans (ErrPublished): re-plan first, then pin on the draft.
func (d *DB) SetPin(ctx context.Context, planID int64, s medibus.Session) error {
	s.Pinned = true
	body, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("pin on plan %d: encode: %w", planID, err)
	}
	err = d.writeTx(ctx, func(tx *sql.Tx) error {
		status, err := planStatus(ctx, tx, planID)
		if err != nil {
			return err
		}
		if status == medibus.StatusPublished {
			return publishedError(planID, "pinned")
		}
		_, err = tx.ExecContext(ctx,
			`INSERT INTO pins (plan_id, unit, date, half, session, created_at) VALUES (?, ?, ?, ?, ?, ?)
			 ON CONFLICT (plan_id, unit, date, half) DO UPDATE SET session = excluded.session, created_at = excluded.created_at`,
			planID, s.Unit, s.Date.String(), s.Half.String(), string(body), formatTime(d.now()))
		return err
	})
	return writeErr(err, planID, "pin on")
}

// DeletePin removes the pin of slot (unit, date, half) from plan planID, if any. The pins
// of a published plan stay (ErrPublished): the status is read in the same transaction
// as the delete, so a publish cannot slip between them.
func (d *DB) DeletePin(ctx context.Context, planID int64, unit string, date medibus.Date, half medibus.Half) error {
	err := d.writeTx(ctx, func(tx *sql.Tx) error {
		status, err := planStatus(ctx, tx, planID)
		if err != nil {
			return err
		}
		if status == medibus.StatusPublished {
			return publishedError(planID, "unpinned")
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM pins WHERE plan_id = ? AND unit = ? AND date = ? AND half = ?`,
			planID, unit, date.String(), half.String())
		return err
	})
	return writeErr(err, planID, "unpin on")
}

// Pins returns the pins set on plan planID, by unit, date and half-day.
func (d *DB) Pins(ctx context.Context, planID int64) ([]medibus.Session, error) {
	rows, err := d.r.QueryContext(ctx, `SELECT session FROM pins WHERE plan_id = ? ORDER BY unit, date, half`, planID)
	if err != nil {
		return nil, fmt.Errorf("pins of plan %d: %w", planID, err)
	}
	defer rows.Close()
	var out []medibus.Session
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, fmt.Errorf("pins of plan %d: %w", planID, err)
		}
		var s medibus.Session
		if err := json.Unmarshal([]byte(body), &s); err != nil {
			return nil, fmt.Errorf("pins of plan %d: decode: %w", planID, err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pins of plan %d: %w", planID, err)
	}
	return out, nil
}

// LatestPublishedID returns the id of the most recently saved published plan, or 0 if
// none is published. It is one indexed read, cheap enough to poll.
func (d *DB) LatestPublishedID(ctx context.Context) (int64, error) {
	var id sql.NullInt64
	if err := d.r.QueryRowContext(ctx, `SELECT MAX(id) FROM plans WHERE status = 'published'`).Scan(&id); err != nil {
		return 0, fmt.Errorf("find published plan: %w", err)
	}
	return id.Int64, nil
}
