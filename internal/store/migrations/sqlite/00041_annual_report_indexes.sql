-- +goose Up
-- The annual report at volume (issue 16): its counts by year read indexes
-- only. The reports received in a year with their ids and whether they are
-- spam or a duplicate; each report's allegations by category, outcome and
-- own category. The ids come right after the column ranged over, so the
-- report facts, read in order of receipt and id, need no sort. Both
-- replace an index that is a prefix of the new one, so every query that
-- used the old one can use the new.
DROP INDEX reports_received;
CREATE INDEX reports_received ON reports (org_id, received_at, id, dismissed);
DROP INDEX allegations_report;
CREATE INDEX allegations_report ON allegations (report_id, id, category, outcome, own_category_id);
-- The people who started in a year (the basic norms' scorecard, Starters).
CREATE INDEX people_start ON people (org_id, start_on);

-- +goose Down
DROP INDEX people_start;
DROP INDEX allegations_report;
CREATE INDEX allegations_report ON allegations (report_id);
DROP INDEX reports_received;
CREATE INDEX reports_received ON reports (org_id, received_at);
