-- 008_token_scope: a coordinator's token may be limited to the buses of one
-- organisation or of one region ('' for none: a national coordinator).
ALTER TABLE tokens ADD COLUMN organisation TEXT NOT NULL DEFAULT '';
ALTER TABLE tokens ADD COLUMN region TEXT NOT NULL DEFAULT '';
