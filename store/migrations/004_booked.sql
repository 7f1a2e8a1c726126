-- 004_booked: who each session books, as the JSON object of medibus.Session.Booked (INSEE
-- code → consultations), so that every care figure can be recomputed from the stored
-- plan; empty for sessions stored before it was recorded.
ALTER TABLE sessions ADD COLUMN booked TEXT NOT NULL DEFAULT '';
