package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"medibus"
)

// SetPin records that the re-plan of plan planID must hold session s exactly, in the
// slot (s.Unit, s.Date, s.Half); a pin already in that slot is replaced. Pins are not set
// on published plans (ErrPublished): re-plan first, then pin on the draft.
func (d *DB) SetPin(ctx context.Context, planID int64, s medibus.Session) error {
	return d.SetMovedPin(ctx, planID, s, medibus.SlotKey{})
}

// SetMovedPin is SetPin for a session moved from the slot from (zero: pinned where it
// is), so that re-optimising holds it in its new slot and not in its old one as well.
func (d *DB) SetMovedPin(ctx context.Context, planID int64, s medibus.Session, from medibus.SlotKey) error {
	s.Pinned = true
	moved := ""
	if from != (medibus.SlotKey{}) && from != s.Key() {
		moved = from.Unit + " " + from.Date.String() + " " + from.Half.String()
	}
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
			`INSERT INTO pins (plan_id, unit, date, half, session, created_at, moved_from) VALUES (?, ?, ?, ?, ?, ?, ?)
			 ON CONFLICT (plan_id, unit, date, half) DO UPDATE SET session = excluded.session, created_at = excluded.created_at,
			 moved_from = excluded.moved_from`,
			planID, s.Unit, s.Date.String(), s.Half.String(), string(body), formatTime(d.now()), moved)
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

// PinOrigins returns, for each pin of plan planID that moved a session, the slot it was
// moved from, keyed by the pin's slot.
func (d *DB) PinOrigins(ctx context.Context, planID int64) (map[medibus.SlotKey]medibus.SlotKey, error) {
	rows, err := d.r.QueryContext(ctx, `SELECT unit, date, half, moved_from FROM pins WHERE plan_id = ? AND moved_from <> ''`, planID)
	if err != nil {
		return nil, fmt.Errorf("pins of plan %d: %w", planID, err)
	}
	defer rows.Close()
	out := map[medibus.SlotKey]medibus.SlotKey{}
	for rows.Next() {
		var unit, date, half, from string
		if err := rows.Scan(&unit, &date, &half, &from); err != nil {
			return nil, fmt.Errorf("pins of plan %d: %w", planID, err)
		}
		to, err1 := parseSlot(unit + " " + date + " " + half)
		origin, err2 := parseSlot(from)
		if err := errors.Join(err1, err2); err != nil {
			return nil, fmt.Errorf("pins of plan %d: %w", planID, err)
		}
		out[to] = origin
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("pins of plan %d: %w", planID, err)
	}
	return out, nil
}

// parseSlot reads "UNIT DATE HALF".
func parseSlot(s string) (medibus.SlotKey, error) {
	f := strings.Fields(s)
	if len(f) != 3 {
		return medibus.SlotKey{}, fmt.Errorf("slot %q: want UNIT DATE HALF", s)
	}
	d, err := medibus.ParseDate(f[1])
	if err != nil {
		return medibus.SlotKey{}, err
	}
	h, err := medibus.ParseHalf(f[2])
	if err != nil {
		return medibus.SlotKey{}, err
	}
	return medibus.SlotKey{Unit: f[0], Date: d, Half: h}, nil
}

// LatestPublishedID returns the id of the rotation published last that is not
// archived, or 0 if none is published.
func (d *DB) LatestPublishedID(ctx context.Context) (int64, error) {
	var id sql.NullInt64
	if err := d.r.QueryRowContext(ctx, `SELECT plan_id FROM publications p WHERE (SELECT archived_at FROM plans WHERE id = p.plan_id) IS NULL ORDER BY id DESC LIMIT 1`).Scan(&id); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("find published plan: %w", err)
	}
	return id.Int64, nil
}
