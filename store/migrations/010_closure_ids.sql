-- 010_closure_ids: a closure's id is never given again. Without AUTOINCREMENT SQLite
-- gives a new row the largest id plus one, so deleting the latest closure and
-- declaring another reused its id, and a stale DELETE of the first removed the second.
-- AUTOINCREMENT needs the table rebuilt; the rows keep their ids, and the sequence
-- starts from the largest of them (an id deleted above it before this migration is
-- not known, and was already reusable).
CREATE TABLE closures_new (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    date_from  TEXT NOT NULL,
    date_to    TEXT NOT NULL CHECK (date_to >= date_from),
    department TEXT NOT NULL DEFAULT '',
    site       TEXT NOT NULL DEFAULT '',
    reason     TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
INSERT INTO closures_new (id, date_from, date_to, department, site, reason, created_at)
    SELECT id, date_from, date_to, department, site, reason, created_at FROM closures;
DROP TABLE closures;
ALTER TABLE closures_new RENAME TO closures;
