-- 011_session_ferry: the ferry a session's bus crossed on to reach it
-- (medibus.Session.Ferry); empty for a session reached by road.
ALTER TABLE sessions ADD COLUMN ferry TEXT NOT NULL DEFAULT '';
