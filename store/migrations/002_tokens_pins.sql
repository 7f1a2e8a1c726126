-- 002_tokens_pins: API tokens for the HTTP server, and the pins coordinators set on a plan
-- before re-optimising it.

-- A token's secret is never stored: only its sha256, so a copy of the database gives no
-- access. Drivers may be tied to one bus (unit); '' means every bus of the organisation.
CREATE TABLE tokens (
    id         INTEGER PRIMARY KEY,
    hash       TEXT    NOT NULL UNIQUE, -- sha256 (hex) of the secret
    role       TEXT    NOT NULL CHECK (role IN ('coordinator', 'driver')),
    unit       TEXT    NOT NULL DEFAULT '',
    created_at TEXT    NOT NULL,
    revoked_at TEXT
);

-- A pin fixes one session of a re-plan: the slot (unit, date, half) and the session to
-- hold there, as the JSON of medibus.Session. Pins are an overlay: the plan they are set
-- on is not changed, re-optimising makes a new plan that holds them.
CREATE TABLE pins (
    plan_id    INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    unit       TEXT    NOT NULL,
    date       TEXT    NOT NULL,
    half       TEXT    NOT NULL CHECK (half IN ('AM', 'PM')),
    session    TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    PRIMARY KEY (plan_id, unit, date, half)
);

CREATE TRIGGER pins_published_no_insert BEFORE INSERT ON pins
WHEN (SELECT status FROM plans WHERE id = NEW.plan_id) = 'published'
BEGIN
    SELECT RAISE(ABORT, 'medibus: plan is published and immutable');
END;
