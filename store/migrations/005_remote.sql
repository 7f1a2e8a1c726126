-- 005_remote: the remote specialists of a tele-consultation session (medibus.Session.Remote),
-- joined by ";" like staff; empty for sessions with nobody remote.
ALTER TABLE sessions ADD COLUMN remote TEXT NOT NULL DEFAULT '';
