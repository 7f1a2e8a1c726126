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

// PinWrite is a write to a draft's pins: who makes it and what it does (for the log
// that a later stale write cites), and the revision of the pins it was decided on.
type PinWrite struct {
	// IfRevision, when not 0, is the revision of the plan's pins the write was based
	// on: if they changed since, nothing is written and a *StaleError says who changed
	// what.
	IfRevision int64
	By, What   string
}

// SetPin records that the re-plan of plan planID must hold session s exactly, in the
// slot (s.Unit, s.Date, s.Half); a pin already in that slot is replaced. Pins are not set
// on published plans (ErrPublished): re-plan first, then pin on the draft.
func (d *DB) SetPin(ctx context.Context, planID int64, s medibus.Session) error {
	_, err := d.MovePin(ctx, planID, s, medibus.SlotKey{}, PinWrite{})
	return err
}

// SetMovedPin is SetPin for a session moved from the slot from (zero: pinned where it
// is), so that re-optimising holds it in its new slot and not in its old one as well.
func (d *DB) SetMovedPin(ctx context.Context, planID int64, s medibus.Session, from medibus.SlotKey) error {
	_, err := d.MovePin(ctx, planID, s, from, PinWrite{})
	return err
}

// MovePin pins session s in its slot, moved from the slot from (zero or s's own: pinned
// where it is), in one transaction: a pin in s's slot is replaced, a pin left in from
// is removed, the plan's pins revision goes up by one and the write is logged. It
// returns the new revision.
func (d *DB) MovePin(ctx context.Context, planID int64, s medibus.Session, from medibus.SlotKey, w PinWrite) (int64, error) {
	s.Pinned = true
	moved := ""
	if from != (medibus.SlotKey{}) && from != s.Key() {
		moved = from.Unit + " " + from.Date.String() + " " + from.Half.String()
	}
	body, err := json.Marshal(s)
	if err != nil {
		return 0, fmt.Errorf("pin on plan %d: encode: %w", planID, err)
	}
	if w.What == "" {
		w.What = fmt.Sprintf("a épinglé la séance de %s le %s %s", s.Unit, s.Date, s.Half)
	}
	rev, err := d.pinTx(ctx, planID, w, "pinned", func(tx *sql.Tx) error {
		if moved != "" {
			if _, err := tx.ExecContext(ctx, `DELETE FROM pins WHERE plan_id = ? AND unit = ? AND date = ? AND half = ?`,
				planID, from.Unit, from.Date.String(), from.Half.String()); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx,
			`INSERT INTO pins (plan_id, unit, date, half, session, created_at, moved_from) VALUES (?, ?, ?, ?, ?, ?, ?)
			 ON CONFLICT (plan_id, unit, date, half) DO UPDATE SET session = excluded.session, created_at = excluded.created_at,
			 moved_from = excluded.moved_from`,
			planID, s.Unit, s.Date.String(), s.Half.String(), string(body), formatTime(d.now()), moved)
		return err
	})
	return rev, writeErr(err, planID, "pin on")
}

// DeletePin removes the pin of slot (unit, date, half) from plan planID, if any. The pins
// of a published plan stay (ErrPublished): the status is read in the same transaction
// as the delete, so a publish cannot slip between them.
func (d *DB) DeletePin(ctx context.Context, planID int64, unit string, date medibus.Date, half medibus.Half) error {
	_, err := d.Unpin(ctx, planID, medibus.SlotKey{Unit: unit, Date: date, Half: half}, PinWrite{})
	return err
}

// Unpin removes the pin of slot from plan planID, as DeletePin, checked against and
// bumping the plan's pins revision like MovePin; it returns the new revision.
func (d *DB) Unpin(ctx context.Context, planID int64, slot medibus.SlotKey, w PinWrite) (int64, error) {
	if w.What == "" {
		w.What = fmt.Sprintf("a retiré l'épingle de %s le %s %s", slot.Unit, slot.Date, slot.Half)
	}
	rev, err := d.pinTx(ctx, planID, w, "unpinned", func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM pins WHERE plan_id = ? AND unit = ? AND date = ? AND half = ?`,
			planID, slot.Unit, slot.Date.String(), slot.Half.String())
		return err
	})
	return rev, writeErr(err, planID, "unpin on")
}

// pinTx runs fn, a write to the pins of draft plan planID, in a transaction that checks
// the plan is a draft and its pins are at w.IfRevision (when not 0), then bumps the
// revision and logs the edit.
func (d *DB) pinTx(ctx context.Context, planID int64, w PinWrite, verb string, fn func(*sql.Tx) error) (int64, error) {
	var rev int64
	err := d.writeTx(ctx, func(tx *sql.Tx) error {
		var status string
		err := tx.QueryRowContext(ctx, `SELECT status, revision FROM plans WHERE id = ?`, planID).Scan(&status, &rev)
		if errors.Is(err, sql.ErrNoRows) {
			return planNotFound(planID)
		}
		if err != nil {
			return err
		}
		if status == medibus.StatusPublished {
			return publishedError(planID, verb)
		}
		if w.IfRevision != 0 && w.IfRevision != rev {
			edits, err := editsSince(ctx, tx, planID, w.IfRevision)
			if err != nil {
				return err
			}
			return &StaleError{Plan: planID, Based: w.IfRevision, Current: rev, Edits: edits}
		}
		if err := fn(tx); err != nil {
			return err
		}
		rev++
		if _, err := tx.ExecContext(ctx, `UPDATE plans SET revision = ? WHERE id = ?`, rev, planID); err != nil {
			return err
		}
		return logEdit(ctx, tx, planID, rev, formatTime(d.now()), w.By, w.What)
	})
	return rev, err
}

// PinState is a draft's pins at one revision: the pins, and for those that moved a
// session, the slot it came from.
type PinState struct {
	Revision int64
	Pins     []medibus.Session
	Origins  map[medibus.SlotKey]medibus.SlotKey
}

// PinStateOf reads the pins of plan planID, their origins and their revision in one
// snapshot, so that a run knows exactly which pins it holds.
func (d *DB) PinStateOf(ctx context.Context, planID int64) (PinState, error) {
	out := PinState{Origins: map[medibus.SlotKey]medibus.SlotKey{}}
	err := d.readTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT revision FROM plans WHERE id = ?`, planID).Scan(&out.Revision)
		if errors.Is(err, sql.ErrNoRows) {
			return planNotFound(planID)
		}
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT unit, date, half, session, moved_from FROM pins WHERE plan_id = ? ORDER BY unit, date, half`, planID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var unit, date, half, body, from string
			if err := rows.Scan(&unit, &date, &half, &body, &from); err != nil {
				return err
			}
			var s medibus.Session
			if err := json.Unmarshal([]byte(body), &s); err != nil {
				return fmt.Errorf("decode: %w", err)
			}
			out.Pins = append(out.Pins, s)
			if from != "" {
				origin, err := parseSlot(from)
				if err != nil {
					return err
				}
				out.Origins[s.Key()] = origin
			}
		}
		return rows.Err()
	})
	if err != nil && !errors.Is(err, ErrNotFound) {
		return PinState{}, fmt.Errorf("pins of plan %d: %w", planID, err)
	}
	return out, err
}

// EditsSince lists the edits of plan planID's pins (0: of the published state) after
// revision rev, oldest first.
func (d *DB) EditsSince(ctx context.Context, planID, rev int64) ([]Edit, error) {
	var out []Edit
	err := d.readTx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = editsSince(ctx, tx, planID, rev)
		return err
	})
	return out, err
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
