-- 009_rotations: a plan is a rotation of the buses it covers, published bus by bus from
-- an effective date, or a dated change that replaces some bus-days of the calendar; the
-- pins of a draft and the published state each carry a revision that writes are
-- checked against, and every such write is logged with who made it.

-- 'rotation' (the repeating cycle of some buses) or 'change' (bus-days on their dates).
ALTER TABLE plans ADD COLUMN kind TEXT NOT NULL DEFAULT 'rotation' CHECK (kind IN ('rotation', 'change'));
-- The buses a rotation covers, joined by ';' ('': every bus of its scenario).
ALTER TABLE plans ADD COLUMN units TEXT NOT NULL DEFAULT '';
-- A draft's pins revision: every pin set or removed adds one, and a write based on an
-- older revision is refused.
ALTER TABLE plans ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
-- The revision of the parent's pins that the run which made this plan read (0: none).
ALTER TABLE plans ADD COLUMN parent_revision INTEGER NOT NULL DEFAULT 0;
-- A dated change: the JSON of medibus.Change (kind, dates, reason, absences, the
-- bus-days it replaces and what they showed); '' for a rotation.
ALTER TABLE plans ADD COLUMN change TEXT NOT NULL DEFAULT '';
-- The published revision its publication made (0 while a draft), so that the calendar
-- as it was just before can be rebuilt for the notice of what changed.
ALTER TABLE plans ADD COLUMN published_revision INTEGER NOT NULL DEFAULT 0;

-- The immutability trigger of 006 lists the columns a publication may not change; the
-- new ones are added to it. Archiving is still the one change allowed.
DROP TRIGGER plans_published_no_update;
-- The plan a database made before this migration published is the published state of
-- revision 2 (see publishLegacyPlan).
UPDATE plans SET published_revision = 2 WHERE status = 'published' AND archived_at IS NULL;
CREATE TRIGGER plans_published_no_update BEFORE UPDATE ON plans
WHEN OLD.status = 'published' AND NOT (
    OLD.archived_at IS NULL AND NEW.archived_at IS NOT NULL
    AND NEW.id IS OLD.id AND NEW.scenario_id IS OLD.scenario_id AND NEW.scenario IS OLD.scenario
    AND NEW.version IS OLD.version AND NEW.status IS OLD.status AND NEW.start IS OLD.start
    AND NEW.seed IS OLD.seed AND NEW.engine IS OLD.engine AND NEW.created_at IS OLD.created_at
    AND NEW.published_at IS OLD.published_at AND NEW.kpis IS OLD.kpis
    AND NEW.parent_id IS OLD.parent_id AND NEW.travel IS OLD.travel
    AND NEW.kind IS OLD.kind AND NEW.units IS OLD.units AND NEW.revision IS OLD.revision
    AND NEW.parent_revision IS OLD.parent_revision AND NEW.change IS OLD.change
    AND NEW.published_revision IS OLD.published_revision)
BEGIN
    SELECT RAISE(ABORT, 'medibus: plan is published and immutable');
END;

-- From effective on, bus unit runs the rotation of plan_id. On a date, the publication
-- with the highest id among those already in force decides: a later publication from
-- an earlier date supersedes a pending one, and since none starts in the past, what
-- was shown on a past date stays. Rows are never changed nor removed.
CREATE TABLE publications (
    id           INTEGER PRIMARY KEY,
    plan_id      INTEGER NOT NULL REFERENCES plans (id),
    unit         TEXT    NOT NULL CHECK (unit <> ''),
    effective    TEXT    NOT NULL,
    published_at TEXT    NOT NULL,
    by           TEXT    NOT NULL DEFAULT '',
    -- The published revision the publication made.
    revision     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX publications_unit ON publications (unit, id);
CREATE INDEX publications_plan ON publications (plan_id);

CREATE TRIGGER publications_no_update BEFORE UPDATE ON publications
BEGIN
    SELECT RAISE(ABORT, 'medibus: plan is published and immutable');
END;

CREATE TRIGGER publications_no_delete BEFORE DELETE ON publications
BEGIN
    SELECT RAISE(ABORT, 'medibus: plan is published and immutable');
END;

-- Revisions of shared state: 'published' counts the publications (of rotations and of
-- changes). It starts at 1 so that 0 can mean "not checked".
CREATE TABLE revisions (
    name  TEXT    PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO revisions (name, value) VALUES ('published', 1);

-- Who changed what, for the refusal of a stale write: the plan whose pins changed, or
-- 0 for the published state; the revision the write made.
CREATE TABLE edits (
    id       INTEGER PRIMARY KEY,
    plan_id  INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    at       TEXT    NOT NULL,
    who      TEXT    NOT NULL,
    what     TEXT    NOT NULL
);
CREATE INDEX edits_plan ON edits (plan_id, revision);

-- The published plan of a database made before this migration becomes the published
-- rotation of its buses, from its start (in Go, after this file: the buses are those
-- of its scenario, stored gzipped).
