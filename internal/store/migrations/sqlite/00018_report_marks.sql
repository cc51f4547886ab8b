-- +goose Up
-- A coordinator can mark a report as spam or as a duplicate ('' when
-- not): a marked report leaves the deadline list and the reminders, and
-- the annual report counts it apart. Unmarking sets it back to ''.
ALTER TABLE reports ADD COLUMN dismissed TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN dismissed_at TIMESTAMP;

-- +goose Down
ALTER TABLE reports DROP COLUMN dismissed_at;
ALTER TABLE reports DROP COLUMN dismissed;
