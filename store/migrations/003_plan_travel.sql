-- 003_plan_travel: the travel model each plan was made with, so that validate checks its
-- drives with the same model (empty for plans stored before it was recorded).
ALTER TABLE plans ADD COLUMN travel TEXT NOT NULL DEFAULT '';
