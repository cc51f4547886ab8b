-- +goose Up
-- The open report list reads the dates of every open report of a
-- coordinator's channels (OpenReportDates: id, number, received,
-- acknowledged, feedback); through the old index each row was then read
-- from the table. This index holds all that the list reads, so an
-- index-only scan serves it; dismissed comes before the dates because the
-- open list asks for dismissed = ''. It replaces reports_channel under the
-- same name: every query that used the old one uses its first three
-- columns, org_id, channel_id and state, which are unchanged. The closed
-- list (state = 'closed' AND dismissed = '', newest first by received_at
-- and id) reads it backward and now needs no sort of ties, as the id
-- follows the received date among the keys; the other dates and the
-- number are carried along (INCLUDE), not ordered by.
DROP INDEX reports_channel;
CREATE INDEX reports_channel ON reports (org_id, channel_id, state, dismissed, received_at, id)
    INCLUDE (acknowledged_at, feedback_at, number);

-- +goose Down
DROP INDEX reports_channel;
CREATE INDEX reports_channel ON reports (org_id, channel_id, state, received_at);
