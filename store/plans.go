package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"medibus"
)

// PlanSummary describes a stored plan without its sessions and bus-days. It also carries
// what medibus.Plan has no field for: when the plan was published and which plan it
// revises.
type PlanSummary struct {
	ID          int64
	ScenarioID  int64
	Scenario    string
	Version     int
	Status      string // medibus.StatusDraft, StatusPublished or StatusArchived
	Start       medibus.Date
	Seed        int64
	Engine      string
	Travel      string // the travel model the plan was made with
	CreatedAt   time.Time
	PublishedAt time.Time // zero while the plan is a draft
	ArchivedAt  time.Time // when a later publication replaced it; zero otherwise
	ParentID    int64     // the plan this one re-plans; 0 for none
	KPIs        medibus.KPIs
	// Kind is medibus.KindRotation or medibus.KindChange; Units the buses a rotation
	// covers (none: every bus of its scenario); Change what a dated change is.
	Kind   string
	Units  []string
	Change *medibus.Change
	// Revision is the revision of the plan's pins; ParentRevision the revision of the
	// parent's pins that the run which made this plan read.
	Revision       int64
	ParentRevision int64
	// PublishedRevision is the published revision the plan's publication made (0
	// while a draft).
	PublishedRevision int64
}

// Published reports whether the plan was published, and so is immutable: the published
// plan or an archived one.
func (s *PlanSummary) Published() bool {
	return s.Status == medibus.StatusPublished || s.Status == medibus.StatusArchived
}

// staffSep joins a session's staff ids in the staff column.
const staffSep = ";"

// SavePlan stores p as a new plan made from scenario p.ScenarioID, with its sessions and
// bus-days, in one transaction: on any error nothing of it is stored. It sets p.ID,
// p.Version (the next version for the scenario's name), p.CreatedAt, and p.Scenario and
// p.Status when they are empty. Saving a plan that already has an ID stores a new plan:
// stored plans are versions and are never overwritten. A plan saved with status
// published is published at once.
func (d *DB) SavePlan(ctx context.Context, p *medibus.Plan) (int64, error) {
	return d.savePlan(ctx, p, 0)
}

// SaveReplan is SavePlan for a plan that revises the stored plan parentID (after a bus
// breaks down, say); the link is kept in the plan's summary as ParentID.
func (d *DB) SaveReplan(ctx context.Context, p *medibus.Plan, parentID int64) (int64, error) {
	if parentID <= 0 {
		return 0, fmt.Errorf("save re-plan: parent plan id %d: want the id of a stored plan (run `medibus plans` to list plans)", parentID)
	}
	return d.savePlan(ctx, p, parentID)
}

// SavePlanWithScenario stores the scenario the plan was made from (a new version only
// if its content changed, as SaveScenario) and the plan (as SaveReplan when parentID is
// not 0, else SavePlan) in one transaction: on any error neither is stored. It sets
// p.ScenarioID.
func (d *DB) SavePlanWithScenario(ctx context.Context, sc *medibus.Scenario, p *medibus.Plan, parentID int64) (int64, error) {
	enc, err := encodeScenario(sc)
	if err != nil {
		return 0, err
	}
	var scID int64
	id, err := d.savePlanFn(ctx, p, parentID, func(tx *sql.Tx) (int64, error) {
		scID, _, err = d.saveScenarioTx(ctx, tx, enc)
		if err != nil {
			return 0, fmt.Errorf("scenario %s: %w", sc.Name, err)
		}
		return scID, nil
	})
	if err != nil {
		return 0, err
	}
	p.ScenarioID = scID
	return id, nil
}

func (d *DB) savePlan(ctx context.Context, p *medibus.Plan, parentID int64) (int64, error) {
	// The closure runs after savePlanFn has checked that p is not nil.
	return d.savePlanFn(ctx, p, parentID, func(*sql.Tx) (int64, error) { return p.ScenarioID, nil })
}

// savePlanFn stores p in one transaction, taking its scenario id from scenario, which
// runs first in the same transaction.
func (d *DB) savePlanFn(ctx context.Context, p *medibus.Plan, parentID int64, scenario func(*sql.Tx) (int64, error)) (int64, error) {
	if p == nil {
		return 0, errors.New("save plan: no plan")
	}
	status := p.Status
	if status == "" {
		status = medibus.StatusDraft
	}
	if status != medibus.StatusDraft && status != medibus.StatusPublished {
		return 0, fmt.Errorf("save plan: status %q: want %q or %q", p.Status, medibus.StatusDraft, medibus.StatusPublished)
	}
	if err := checkSessions(p.Sessions); err != nil {
		return 0, fmt.Errorf("save plan: %w", err)
	}
	kpis, err := json.Marshal(p.KPIs)
	if err != nil {
		return 0, fmt.Errorf("save plan: encode KPIs: %w", err)
	}
	kind, units, change, err := planKind(p)
	if err != nil {
		return 0, fmt.Errorf("save plan: %w", err)
	}
	var (
		id, scID int64
		version  int
		name     string
		now      = d.now()
	)
	err = d.writeTx(ctx, func(tx *sql.Tx) error {
		var err error
		if scID, err = scenario(tx); err != nil {
			return err
		}
		if name, err = planScenario(ctx, tx, p, scID, parentID); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx,
			`SELECT COALESCE(MAX(version), 0) + 1 FROM plans WHERE scenario = ?`, name).Scan(&version); err != nil {
			return fmt.Errorf("next version: %w", err)
		}
		parent := sql.NullInt64{Int64: parentID, Valid: parentID != 0}
		// Inserted as a draft even when it is to be published: the triggers refuse rows
		// added to a published plan, so the status changes last.
		res, err := tx.ExecContext(ctx,
			`INSERT INTO plans (scenario_id, scenario, version, status, start, seed, engine, travel, created_at, kpis, parent_id,
			   kind, units, change, parent_revision)
			 VALUES (?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			scID, name, version, p.Start.String(), p.Seed, p.Engine, p.Travel, formatTime(now), string(kpis), parent,
			kind, units, change, p.ReferenceRevision)
		if err != nil {
			return fmt.Errorf("insert plan: %w", err)
		}
		if id, err = res.LastInsertId(); err != nil {
			return fmt.Errorf("insert plan: %w", err)
		}
		if err := d.insertSessions(ctx, tx, id, p.Sessions); err != nil {
			return fmt.Errorf("save plan %d sessions: %w", id, err)
		}
		if err := insertBusDays(ctx, tx, id, p.BusDays); err != nil {
			return fmt.Errorf("save plan %d bus-days: %w", id, err)
		}
		if status == medibus.StatusPublished {
			// For every bus it covers, from its start.
			if _, err := d.publishTx(ctx, tx, id, PublishOptions{}); err != nil {
				return fmt.Errorf("publish plan %d: %w", id, err)
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("save plan (nothing stored): %w", err)
	}
	// Only now that the plan is committed does the caller's copy change.
	p.ID, p.Version, p.CreatedAt, p.Scenario, p.Status, p.Kind = id, version, now, name, status, kind
	return id, nil
}

// planKind returns the kind, units and change columns of p, checking that a change
// says what it changes and a rotation does not.
func planKind(p *medibus.Plan) (kind, units, change string, err error) {
	kind = p.Kind
	if kind == "" {
		kind = medibus.KindRotation
	}
	switch {
	case kind != medibus.KindRotation && kind != medibus.KindChange:
		return "", "", "", fmt.Errorf("kind %q: want %q or %q", p.Kind, medibus.KindRotation, medibus.KindChange)
	case (kind == medibus.KindChange) != (p.Change != nil):
		return "", "", "", fmt.Errorf("a plan of kind %s with change %v: a change, and only a change, says which bus-days it replaces", kind, p.Change != nil)
	}
	for _, u := range p.Units {
		if u == "" || strings.Contains(u, staffSep) {
			return "", "", "", fmt.Errorf("bus id %q must be non-empty and free of %q", u, staffSep)
		}
	}
	if p.Change != nil {
		b, err := json.Marshal(p.Change)
		if err != nil {
			return "", "", "", fmt.Errorf("encode the change: %w", err)
		}
		change = string(b)
	}
	return kind, strings.Join(p.Units, staffSep), change, nil
}

// planScenario checks, within tx, that scenario scID exists and is the one the plan
// names, and that the parent plan (if any) exists; it returns the scenario's name.
func planScenario(ctx context.Context, tx *sql.Tx, p *medibus.Plan, scID, parentID int64) (string, error) {
	var name string
	err := tx.QueryRowContext(ctx, `SELECT name FROM scenarios WHERE id = ?`, scID).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("scenario %d %w: save the scenario first (SaveScenario) and set the plan's ScenarioID to its id", scID, ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("scenario %d: %w", scID, err)
	}
	if p.Scenario != "" && p.Scenario != name {
		return "", fmt.Errorf("the plan names scenario %q but scenario %d is %q: set ScenarioID to a version of %q", p.Scenario, scID, name, p.Scenario)
	}
	if parentID != 0 {
		var one int
		err := tx.QueryRowContext(ctx, `SELECT 1 FROM plans WHERE id = ?`, parentID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return "", fmt.Errorf("parent plan %d %w: run `medibus plans` to list plans", parentID, ErrNotFound)
		}
		if err != nil {
			return "", fmt.Errorf("parent plan %d: %w", parentID, err)
		}
	}
	return name, nil
}

// checkSessions refuses what the columns could not give back unchanged.
func checkSessions(ss []medibus.Session) error {
	for i := range ss {
		s := &ss[i]
		if s.Half != medibus.AM && s.Half != medibus.PM {
			return fmt.Errorf("session %d (unit %s, %s): half-day %d is neither AM nor PM", i, s.Unit, s.Date, s.Half)
		}
		for _, id := range append(slices.Clone(s.Staff), s.Remote...) {
			if id == "" || strings.Contains(id, staffSep) {
				return fmt.Errorf("session %d (unit %s, %s %s): staff id %q must be non-empty and free of %q", i, s.Unit, s.Date, s.Half, id, staffSep)
			}
		}
	}
	return nil
}

func (d *DB) insertSessions(ctx context.Context, tx *sql.Tx, planID int64, ss []medibus.Session) error {
	// One prepared statement for thousands of rows: parsing the SQL once is most of the
	// difference between milliseconds and a second here.
	st, err := tx.PrepareContext(ctx,
		`INSERT INTO sessions (plan_id, unit, date, half, site, service, staff, arrive, start, "end", depart,
		   expected_patients, drive_km_from_previous, drive_min_from_previous, pinned, booked, remote, ferry)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("prepare: %w", err)
	}
	defer st.Close()
	for i := range ss {
		if d.failAfter > 0 && i == d.failAfter {
			return fmt.Errorf("session %d: injected failure (test hook failAfter)", i)
		}
		s := &ss[i]
		booked := ""
		if len(s.Booked) > 0 {
			b, err := json.Marshal(s.Booked)
			if err != nil {
				return fmt.Errorf("session %d (unit %s, %s %s): bookings: %w", i, s.Unit, s.Date, s.Half, err)
			}
			booked = string(b)
		}
		if _, err := st.ExecContext(ctx, planID, s.Unit, s.Date.String(), s.Half.String(), s.Site, s.Service,
			strings.Join(s.Staff, staffSep), int(s.Arrive), int(s.Start), int(s.End), int(s.Depart),
			s.ExpectedPatients, s.DriveKmFromPrevious, s.DriveMinFromPrevious, s.Pinned, booked,
			strings.Join(s.Remote, staffSep), s.Ferry); err != nil {
			return fmt.Errorf("session %d (unit %s, %s %s): %w", i, s.Unit, s.Date, s.Half, err)
		}
	}
	return nil
}

func insertBusDays(ctx context.Context, tx *sql.Tx, planID int64, bds []medibus.BusDay) error {
	st, err := tx.PrepareContext(ctx,
		`INSERT INTO bus_days (plan_id, unit, date, leave, "return", return_km, return_min, drive_km, drive_min, sessions)
		 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("prepare: %w", err)
	}
	defer st.Close()
	for i := range bds {
		b := &bds[i]
		if _, err := st.ExecContext(ctx, planID, b.Unit, b.Date.String(), int(b.Leave), int(b.Return),
			b.ReturnKm, b.ReturnMin, b.DriveKm, b.DriveMin, b.Sessions); err != nil {
			return fmt.Errorf("bus-day %d (unit %s, %s): %w", i, b.Unit, b.Date, err)
		}
	}
	return nil
}

// planColumns are the columns scanned by scanPlan, in its order.
const planColumns = `id, scenario_id, scenario, version, status, start, seed, engine, travel, created_at, published_at, parent_id, kpis, archived_at,
	kind, units, revision, parent_revision, change, published_revision`

// rowScanner is *sql.Row or *sql.Rows.
type rowScanner interface{ Scan(dest ...any) error }

func scanPlan(r rowScanner) (PlanSummary, error) {
	var (
		s              PlanSummary
		start, created string
		published      sql.NullString
		archived       sql.NullString
		parent         sql.NullInt64
		kpis           string
		units, change  string
	)
	if err := r.Scan(&s.ID, &s.ScenarioID, &s.Scenario, &s.Version, &s.Status, &start, &s.Seed, &s.Engine, &s.Travel,
		&created, &published, &parent, &kpis, &archived, &s.Kind, &units, &s.Revision, &s.ParentRevision, &change, &s.PublishedRevision); err != nil {
		return PlanSummary{}, err
	}
	if units != "" {
		s.Units = strings.Split(units, staffSep)
	}
	if change != "" {
		s.Change = &medibus.Change{}
		if err := json.Unmarshal([]byte(change), s.Change); err != nil {
			return PlanSummary{}, fmt.Errorf("plan %d change: %w", s.ID, err)
		}
	}
	var err error
	if s.Start, err = medibus.ParseDate(start); err != nil {
		return PlanSummary{}, fmt.Errorf("plan %d start: %w", s.ID, err)
	}
	if s.CreatedAt, err = parseTime(created); err != nil {
		return PlanSummary{}, fmt.Errorf("plan %d: %w", s.ID, err)
	}
	if published.Valid {
		if s.PublishedAt, err = parseTime(published.String); err != nil {
			return PlanSummary{}, fmt.Errorf("plan %d: %w", s.ID, err)
		}
	}
	if archived.Valid {
		if s.ArchivedAt, err = parseTime(archived.String); err != nil {
			return PlanSummary{}, fmt.Errorf("plan %d: %w", s.ID, err)
		}
		s.Status = medibus.StatusArchived
	}
	s.ParentID = parent.Int64
	if err := json.Unmarshal([]byte(kpis), &s.KPIs); err != nil {
		return PlanSummary{}, fmt.Errorf("plan %d KPIs: %w", s.ID, err)
	}
	return s, nil
}

// notFound is an error that reads as its message and is ErrNotFound to errors.Is.
type notFound string

func (e notFound) Error() string        { return string(e) }
func (e notFound) Is(target error) bool { return target == ErrNotFound }

func planNotFound(id int64) error {
	return fmt.Errorf("plan %d %w: run `medibus plans` to list plans", id, ErrNotFound)
}

// PlanInfo returns the summary of plan id: what Plan returns less the sessions and
// bus-days, plus the publication time and parent plan.
func (d *DB) PlanInfo(ctx context.Context, id int64) (PlanSummary, error) {
	s, err := scanPlan(d.r.QueryRowContext(ctx, `SELECT `+planColumns+` FROM plans WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return PlanSummary{}, planNotFound(id)
	}
	if err != nil {
		return PlanSummary{}, fmt.Errorf("load plan %d: %w", id, err)
	}
	return s, nil
}

// PlanByID loads plan id in full, its sessions ordered by unit, date and half-day and its
// bus-days by unit and date.
func (d *DB) PlanByID(ctx context.Context, id int64) (*medibus.Plan, error) {
	var p *medibus.Plan
	// One read transaction, so that the plan and its rows come from the same snapshot.
	err := d.readTx(ctx, func(tx *sql.Tx) error {
		s, err := scanPlan(tx.QueryRowContext(ctx, `SELECT `+planColumns+` FROM plans WHERE id = ?`, id))
		if errors.Is(err, sql.ErrNoRows) {
			return planNotFound(id)
		}
		if err != nil {
			return err
		}
		p = &medibus.Plan{
			ID: s.ID, Scenario: s.Scenario, ScenarioID: s.ScenarioID, Version: s.Version, Status: s.Status,
			Start: s.Start, Seed: s.Seed, Engine: s.Engine, Travel: s.Travel, CreatedAt: s.CreatedAt, KPIs: s.KPIs,
			Kind: s.Kind, Units: s.Units, Change: s.Change, ReferenceID: s.ParentID, ReferenceRevision: s.ParentRevision,
		}
		if p.Sessions, err = loadSessions(ctx, tx, id); err != nil {
			return fmt.Errorf("sessions: %w", err)
		}
		if p.BusDays, err = loadBusDays(ctx, tx, id); err != nil {
			return fmt.Errorf("bus-days: %w", err)
		}
		return nil
	})
	if errors.Is(err, ErrNotFound) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("load plan %d: %w", id, err)
	}
	return p, nil
}

func loadSessions(ctx context.Context, tx *sql.Tx, planID int64) ([]medibus.Session, error) {
	var n int
	// Counting first sizes the slice once; the index makes the count cheap.
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sessions WHERE plan_id = ?`, planID).Scan(&n); err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, nil
	}
	rows, err := tx.QueryContext(ctx,
		`SELECT unit, date, half, site, service, staff, arrive, start, "end", depart,
		   expected_patients, drive_km_from_previous, drive_min_from_previous, pinned, booked, remote, ferry
		 FROM sessions WHERE plan_id = ? ORDER BY unit, date, half`, planID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]medibus.Session, 0, n)
	for rows.Next() {
		var (
			s                          medibus.Session
			date, half, staff, booked  string
			remote                     string
			arrive, start, end, depart int
		)
		if err := rows.Scan(&s.Unit, &date, &half, &s.Site, &s.Service, &staff, &arrive, &start, &end, &depart,
			&s.ExpectedPatients, &s.DriveKmFromPrevious, &s.DriveMinFromPrevious, &s.Pinned, &booked, &remote, &s.Ferry); err != nil {
			return nil, err
		}
		if booked != "" {
			if err := json.Unmarshal([]byte(booked), &s.Booked); err != nil {
				return nil, fmt.Errorf("unit %s %s %s bookings: %w", s.Unit, date, half, err)
			}
		}
		if s.Date, err = medibus.ParseDate(date); err != nil {
			return nil, fmt.Errorf("unit %s: %w", s.Unit, err)
		}
		if s.Half, err = medibus.ParseHalf(half); err != nil {
			return nil, fmt.Errorf("unit %s %s: %w", s.Unit, date, err)
		}
		if staff != "" {
			s.Staff = strings.Split(staff, staffSep)
		}
		if remote != "" {
			s.Remote = strings.Split(remote, staffSep)
		}
		s.Arrive, s.Start, s.End, s.Depart = medibus.Clock(arrive), medibus.Clock(start), medibus.Clock(end), medibus.Clock(depart)
		out = append(out, s)
	}
	return out, rows.Err()
}

func loadBusDays(ctx context.Context, tx *sql.Tx, planID int64) ([]medibus.BusDay, error) {
	rows, err := tx.QueryContext(ctx,
		`SELECT unit, date, leave, "return", return_km, return_min, drive_km, drive_min, sessions
		 FROM bus_days WHERE plan_id = ? ORDER BY unit, date`, planID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []medibus.BusDay
	for rows.Next() {
		var (
			b          medibus.BusDay
			date       string
			leave, ret int
		)
		if err := rows.Scan(&b.Unit, &date, &leave, &ret, &b.ReturnKm, &b.ReturnMin, &b.DriveKm, &b.DriveMin, &b.Sessions); err != nil {
			return nil, err
		}
		if b.Date, err = medibus.ParseDate(date); err != nil {
			return nil, fmt.Errorf("unit %s: %w", b.Unit, err)
		}
		b.Leave, b.Return = medibus.Clock(leave), medibus.Clock(ret)
		out = append(out, b)
	}
	return out, rows.Err()
}

// LatestPlan loads the most recently saved plan (the highest id).
func (d *DB) LatestPlan(ctx context.Context) (*medibus.Plan, error) {
	return d.planWhere(ctx, `SELECT MAX(id) FROM plans`,
		fmt.Errorf("no plan %w: run `medibus plan` to make one", ErrNotFound))
}

// LatestPublishedPlan loads the rotation published last that still decides some bus
// from some date on (not archived).
func (d *DB) LatestPublishedPlan(ctx context.Context) (*medibus.Plan, error) {
	return d.planWhere(ctx, `SELECT plan_id FROM publications p WHERE (SELECT archived_at FROM plans WHERE id = p.plan_id) IS NULL ORDER BY id DESC LIMIT 1`,
		notFound("no plan is published yet: run `medibus plans` to list plans and `medibus publish --plan ID` to publish one"))
}

// planWhere loads the plan whose id query returns, or returns notFound if it returns NULL.
func (d *DB) planWhere(ctx context.Context, query string, notFound error) (*medibus.Plan, error) {
	var id sql.NullInt64
	if err := d.r.QueryRowContext(ctx, query).Scan(&id); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("find plan: %w", err)
	}
	if !id.Valid {
		return nil, notFound
	}
	return d.PlanByID(ctx, id.Int64)
}

// ResolvePlan loads the plan that ref names: "latest" (the last saved), "published" (the
// last published) or a plan id such as "7".
func (d *DB) ResolvePlan(ctx context.Context, ref string) (*medibus.Plan, error) {
	switch r := strings.ToLower(strings.TrimSpace(ref)); r {
	case "latest":
		return d.LatestPlan(ctx)
	case "published":
		return d.LatestPublishedPlan(ctx)
	default:
		id, err := strconv.ParseInt(r, 10, 64)
		if err != nil || id <= 0 {
			return nil, fmt.Errorf("plan %q: want latest, published or a plan id such as 7 (run `medibus plans` to list plans)", ref)
		}
		return d.PlanByID(ctx, id)
	}
}

// ListPlans lists every stored plan, oldest first, without sessions and bus-days.
func (d *DB) ListPlans(ctx context.Context) ([]PlanSummary, error) {
	rows, err := d.r.QueryContext(ctx, `SELECT `+planColumns+` FROM plans ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("list plans: %w", err)
	}
	defer rows.Close()
	var out []PlanSummary
	for rows.Next() {
		s, err := scanPlan(rows)
		if err != nil {
			return nil, fmt.Errorf("list plans: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list plans: %w", err)
	}
	return out, nil
}

// planStatus reads the status of plan id inside tx.
func planStatus(ctx context.Context, tx *sql.Tx, id int64) (string, error) {
	var status string
	err := tx.QueryRowContext(ctx, `SELECT status FROM plans WHERE id = ?`, id).Scan(&status)
	if errors.Is(err, sql.ErrNoRows) {
		return "", planNotFound(id)
	}
	if err != nil {
		return "", fmt.Errorf("plan %d status: %w", id, err)
	}
	return status, nil
}

func publishedError(id int64, what string) error {
	return fmt.Errorf("plan %d is already %w and cannot be %s: save a re-plan instead (run `medibus plans` to list plans)", id, ErrPublished, what)
}

// DeletePlan deletes draft plan id with its sessions and bus-days. A published plan
// cannot be deleted (ErrPublished), nor a plan that a stored re-plan revises.
func (d *DB) DeletePlan(ctx context.Context, id int64) error {
	err := d.writeTx(ctx, func(tx *sql.Tx) error {
		status, err := planStatus(ctx, tx, id)
		if err != nil {
			return err
		}
		if status == medibus.StatusPublished {
			return publishedError(id, "deleted")
		}
		var children int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM plans WHERE parent_id = ?`, id).Scan(&children); err != nil {
			return err
		}
		if children > 0 {
			return fmt.Errorf("%d stored re-plans revise it: delete them first (run `medibus plans` to list plans)", children)
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM plans WHERE id = ?`, id)
		return err
	})
	return writeErr(err, id, "delete")
}

// writeErr wraps the error of a change to plan id, keeping the sentinels visible and
// turning a trigger's refusal (a race with Publish) into ErrPublished.
func writeErr(err error, id int64, verb string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrNotFound), errors.Is(err, ErrPublished), errors.Is(err, ErrBusy):
		return err
	case isPublishedTrigger(err):
		return fmt.Errorf("%s plan %d: %w: %w", verb, id, ErrPublished, err)
	default:
		return fmt.Errorf("%s plan %d: %w", verb, id, err)
	}
}
