-- 012_scenario_edits: who made each version of a scenario from the desk's territory
-- editor, from which version, and which version undoing it goes back to. A version
-- stored otherwise (a file uploaded, `medibus plan`) has no row: undoing it goes back
-- to the version before it. Versions themselves never change (001): an edit or an undo
-- is a new version, so the plans made on any version keep it.
CREATE TABLE scenario_edits (
    -- The version the edit made.
    scenario_id INTEGER PRIMARY KEY REFERENCES scenarios (id),
    -- The version it was made from (NULL: the scenario was created by it).
    base_id     INTEGER REFERENCES scenarios (id),
    -- The version whose content undoing this one restores (NULL: nothing to undo).
    undo_id     INTEGER REFERENCES scenarios (id),
    at          TEXT    NOT NULL,
    who         TEXT    NOT NULL,
    what        TEXT    NOT NULL
);

CREATE TRIGGER scenario_edits_no_update BEFORE UPDATE ON scenario_edits
BEGIN
    SELECT RAISE(ABORT, 'medibus: a stored scenario version is immutable; save a new version');
END;

CREATE TRIGGER scenario_edits_no_delete BEFORE DELETE ON scenario_edits
BEGIN
    SELECT RAISE(ABORT, 'medibus: a stored scenario version is immutable; save a new version');
END;
