-- 007_trust: a published plan's pins are as immutable as its sessions, and tokens
-- record when they were last used and when they expire.

-- 002 guarded only inserts: a DELETE racing a publish removed pins of a published plan.
-- The store's methods check the status inside their transaction; these stop raw SQL.
CREATE TRIGGER pins_published_no_update BEFORE UPDATE ON pins
WHEN (SELECT status FROM plans WHERE id = OLD.plan_id) = 'published'
  OR (SELECT status FROM plans WHERE id = NEW.plan_id) = 'published'
BEGIN
    SELECT RAISE(ABORT, 'medibus: plan is published and immutable');
END;

CREATE TRIGGER pins_published_no_delete BEFORE DELETE ON pins
WHEN (SELECT status FROM plans WHERE id = OLD.plan_id) = 'published'
BEGIN
    SELECT RAISE(ABORT, 'medibus: plan is published and immutable');
END;

-- When a token was last used (NULL: never), shown by `medibus token list`; and when it
-- stops working by itself (NULL: never). Instants are RFC 3339 UTC, as elsewhere.
ALTER TABLE tokens ADD COLUMN last_used_at TEXT;
ALTER TABLE tokens ADD COLUMN expires_at TEXT;
