package store

import (
	"context"
	"database/sql"
	"fmt"

	"medibus"
)

// AddClosure records a closure (every site, one department's, or one site, from c.From
// to c.To inclusive) and returns its id.
func (d *DB) AddClosure(ctx context.Context, c medibus.Closure) (int64, error) {
	if c.To < c.From {
		return 0, fmt.Errorf("closure from %s to %s: the end comes before the start", c.From, c.To)
	}
	var id int64
	err := d.writeTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx,
			`INSERT INTO closures (date_from, date_to, department, site, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			c.From.String(), c.To.String(), c.Department, c.Site, c.Reason, formatTime(d.now()))
		if err != nil {
			return err
		}
		id, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("add closure: %w", err)
	}
	return id, nil
}

// DeleteClosure removes closure id; ErrNotFound if there is none.
func (d *DB) DeleteClosure(ctx context.Context, id int64) error {
	var n int64
	err := d.writeTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM closures WHERE id = ?`, id)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return fmt.Errorf("delete closure %d: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("closure %d %w", id, ErrNotFound)
	}
	return nil
}

// Closures lists the recorded closures by start date.
func (d *DB) Closures(ctx context.Context) ([]medibus.Closure, error) {
	rows, err := d.r.QueryContext(ctx, `SELECT id, date_from, date_to, department, site, reason FROM closures ORDER BY date_from, id`)
	if err != nil {
		return nil, fmt.Errorf("list closures: %w", err)
	}
	defer rows.Close()
	var out []medibus.Closure
	for rows.Next() {
		var c medibus.Closure
		var from, to string
		if err := rows.Scan(&c.ID, &from, &to, &c.Department, &c.Site, &c.Reason); err != nil {
			return nil, fmt.Errorf("list closures: %w", err)
		}
		if c.From, err = medibus.ParseDate(from); err != nil {
			return nil, fmt.Errorf("closure %d: %w", c.ID, err)
		}
		if c.To, err = medibus.ParseDate(to); err != nil {
			return nil, fmt.Errorf("closure %d: %w", c.ID, err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list closures: %w", err)
	}
	return out, nil
}
