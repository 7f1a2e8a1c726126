-- 006_desk: what the coordinators' desk records: which published plans were replaced
-- by a later publication (archived), where a pinned session was moved from, and the
-- days coordinators declare closed.

-- A published plan that a later publication replaced is archived: it stays published
-- and immutable (its rows never change), archived_at is set once and never cleared.
ALTER TABLE plans ADD COLUMN archived_at TEXT;

-- The immutability trigger of 001 now lets exactly one change through on a published
-- plan: archiving it, every other column unchanged. Everything else still aborts.
DROP TRIGGER plans_published_no_update;
CREATE TRIGGER plans_published_no_update BEFORE UPDATE ON plans
WHEN OLD.status = 'published' AND NOT (
    OLD.archived_at IS NULL AND NEW.archived_at IS NOT NULL
    AND NEW.id IS OLD.id AND NEW.scenario_id IS OLD.scenario_id AND NEW.scenario IS OLD.scenario
    AND NEW.version IS OLD.version AND NEW.status IS OLD.status AND NEW.start IS OLD.start
    AND NEW.seed IS OLD.seed AND NEW.engine IS OLD.engine AND NEW.created_at IS OLD.created_at
    AND NEW.published_at IS OLD.published_at AND NEW.kpis IS OLD.kpis
    AND NEW.parent_id IS OLD.parent_id AND NEW.travel IS OLD.travel)
BEGIN
    SELECT RAISE(ABORT, 'medibus: plan is published and immutable');
END;

-- Only a published plan is archived.
CREATE TRIGGER plans_archive_published_only BEFORE UPDATE OF archived_at ON plans
WHEN NEW.archived_at IS NOT NULL AND NEW.status <> 'published'
BEGIN
    SELECT RAISE(ABORT, 'medibus: only a published plan can be archived');
END;

-- Databases with several published plans keep the latest as the published one.
UPDATE plans SET archived_at = published_at
WHERE status = 'published' AND id < (SELECT MAX(id) FROM plans WHERE status = 'published');

-- The slot a pinned session was moved from, 'UNIT DATE HALF' ('' when it was pinned
-- where it was), so that re-optimising moves it rather than copies it.
ALTER TABLE pins ADD COLUMN moved_from TEXT NOT NULL DEFAULT '';

-- Days declared closed (a strike, snow, works): every site, one department's, or one
-- site, from date_from to date_to inclusive. Plans made afterwards avoid them; the
-- patient pages, feeds and driver sheets leave them out of every plan at once.
CREATE TABLE closures (
    id         INTEGER PRIMARY KEY,
    date_from  TEXT NOT NULL,
    date_to    TEXT NOT NULL CHECK (date_to >= date_from),
    department TEXT NOT NULL DEFAULT '',
    site       TEXT NOT NULL DEFAULT '',
    reason     TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
