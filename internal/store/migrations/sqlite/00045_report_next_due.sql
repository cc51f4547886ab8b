-- +goose Up
-- The open report list at volume (issue 16): each report carries the day
-- its first open deadline falls due (domain.NextDue, stored as a date is:
-- midnight UTC of the day in Amsterdam; 9999-12-31 once feedback was
-- given), so that the database orders and counts a coordinator's open
-- reports by their deadlines and the list reads one page of them, where it
-- read the dates of every open report and ordered them in Go. It follows
-- from the dates and is kept by the Go write paths (nextDue in
-- internal/store/open_reports.go). Migration 00046 fills it for the
-- reports not closed; a closed report is not listed by it and is never
-- reopened, so closed reports keep NULL.
ALTER TABLE reports ADD COLUMN next_due TIMESTAMP;
-- The open reports only, in the list's order per channel and state: the
-- index holds all that the list orders, counts and filters by, so no
-- report is read from the table (dismissed too, which the partial index's
-- condition fixes but which SQLite must still find in the index to call it
-- covering). The terms of the condition are those of the store's open
-- report condition (openReport), which is what lets a query use it.
CREATE INDEX reports_open_due ON reports (org_id, channel_id, state, next_due, received_at, number, dismissed)
    WHERE state IN ('received', 'acknowledged') AND dismissed = '';

-- +goose Down
DROP INDEX reports_open_due;
ALTER TABLE reports DROP COLUMN next_due;
