-- 001_init: scenarios, plans, their sessions and bus-days.
--
-- Dates are ISO text (2026-11-23) and clock times integer minutes after midnight, so the
-- database reads well in the sqlite3 shell and sorts correctly. Instants are RFC 3339 UTC.

CREATE TABLE scenarios (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL CHECK (name <> ''),
    version    INTEGER NOT NULL CHECK (version >= 1),
    hash       TEXT    NOT NULL, -- sha256 (hex) of the canonical JSON
    created_at TEXT    NOT NULL,
    body       BLOB    NOT NULL, -- gzip of the canonical JSON
    UNIQUE (name, version)
);

CREATE TABLE plans (
    id           INTEGER PRIMARY KEY,
    scenario_id  INTEGER NOT NULL REFERENCES scenarios (id),
    scenario     TEXT    NOT NULL,
    version      INTEGER NOT NULL CHECK (version >= 1),
    status       TEXT    NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
    start        TEXT    NOT NULL,
    seed         INTEGER NOT NULL,
    engine       TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    published_at TEXT,
    kpis         TEXT    NOT NULL,
    -- A re-plan points at the plan it revises; that plan cannot be deleted while it does.
    parent_id    INTEGER REFERENCES plans (id),
    UNIQUE (scenario, version),
    CHECK ((status = 'published') = (published_at IS NOT NULL))
);

CREATE INDEX plans_status ON plans (status, id);
CREATE INDEX plans_scenario_id ON plans (scenario_id);
CREATE INDEX plans_parent_id ON plans (parent_id);

CREATE TABLE sessions (
    plan_id                 INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    unit                    TEXT    NOT NULL,
    date                    TEXT    NOT NULL,
    half                    TEXT    NOT NULL CHECK (half IN ('AM', 'PM')),
    site                    TEXT    NOT NULL,
    service                 TEXT    NOT NULL,
    staff                   TEXT    NOT NULL, -- staff ids joined by ';'
    arrive                  INTEGER NOT NULL,
    start                   INTEGER NOT NULL,
    "end"                   INTEGER NOT NULL,
    depart                  INTEGER NOT NULL,
    expected_patients       INTEGER NOT NULL,
    drive_km_from_previous  REAL    NOT NULL,
    drive_min_from_previous INTEGER NOT NULL,
    pinned                  INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1))
);

-- Unique because a bus is in one place per half-day; its (plan_id, unit, date) prefix
-- serves the per-bus look-ups and the ordered read of a whole plan.
CREATE UNIQUE INDEX sessions_plan_unit_date ON sessions (plan_id, unit, date, half);
CREATE INDEX sessions_plan_site ON sessions (plan_id, site);

CREATE TABLE bus_days (
    plan_id    INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    unit       TEXT    NOT NULL,
    date       TEXT    NOT NULL,
    leave      INTEGER NOT NULL,
    "return"   INTEGER NOT NULL,
    return_km  REAL    NOT NULL,
    return_min INTEGER NOT NULL,
    drive_km   REAL    NOT NULL,
    drive_min  INTEGER NOT NULL,
    sessions   INTEGER NOT NULL,
    PRIMARY KEY (plan_id, unit, date)
);

-- A stored scenario version is what its plans were made from: it never changes.
CREATE TRIGGER scenarios_immutable BEFORE UPDATE ON scenarios
BEGIN
    SELECT RAISE(ABORT, 'medibus: a stored scenario version is immutable; save a new version');
END;

-- A published plan is immutable, whoever writes: the store's methods check first and
-- return ErrPublished, these triggers stop raw SQL and races. Draft → published is the
-- one allowed change (OLD.status is then 'draft').
CREATE TRIGGER plans_published_no_update BEFORE UPDATE ON plans
WHEN OLD.status = 'published'
BEGIN
    SELECT RAISE(ABORT, 'medibus: plan is published and immutable');
END;

CREATE TRIGGER plans_published_no_delete BEFORE DELETE ON plans
WHEN OLD.status = 'published'
BEGIN
    SELECT RAISE(ABORT, 'medibus: plan is published and immutable');
END;

-- Rows are only ever added to a plan while it is a draft, so inserts are blocked too.
CREATE TRIGGER sessions_published_no_insert BEFORE INSERT ON sessions
WHEN (SELECT status FROM plans WHERE id = NEW.plan_id) = 'published'
BEGIN
    SELECT RAISE(ABORT, 'medibus: plan is published and immutable');
END;

CREATE TRIGGER sessions_published_no_update BEFORE UPDATE ON sessions
WHEN (SELECT status FROM plans WHERE id = OLD.plan_id) = 'published'
  OR (SELECT status FROM plans WHERE id = NEW.plan_id) = 'published'
BEGIN
    SELECT RAISE(ABORT, 'medibus: plan is published and immutable');
END;

CREATE TRIGGER sessions_published_no_delete BEFORE DELETE ON sessions
WHEN (SELECT status FROM plans WHERE id = OLD.plan_id) = 'published'
BEGIN
    SELECT RAISE(ABORT, 'medibus: plan is published and immutable');
END;

CREATE TRIGGER bus_days_published_no_insert BEFORE INSERT ON bus_days
WHEN (SELECT status FROM plans WHERE id = NEW.plan_id) = 'published'
BEGIN
    SELECT RAISE(ABORT, 'medibus: plan is published and immutable');
END;

CREATE TRIGGER bus_days_published_no_update BEFORE UPDATE ON bus_days
WHEN (SELECT status FROM plans WHERE id = OLD.plan_id) = 'published'
  OR (SELECT status FROM plans WHERE id = NEW.plan_id) = 'published'
BEGIN
    SELECT RAISE(ABORT, 'medibus: plan is published and immutable');
END;

CREATE TRIGGER bus_days_published_no_delete BEFORE DELETE ON bus_days
WHEN (SELECT status FROM plans WHERE id = OLD.plan_id) = 'published'
BEGIN
    SELECT RAISE(ABORT, 'medibus: plan is published and immutable');
END;
