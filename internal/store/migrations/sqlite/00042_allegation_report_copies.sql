-- +goose Up
-- The annual report at volume (issue 16): each allegation carries copies of
-- the facts of its report that the trend by code counts by, so that a
-- range of years is one range of the index below, without reading a report
-- (a join per year was most of the report's time at 15 years). The copies:
-- the report's organisation; the year it was received in Amsterdam (the
-- year of domain.DateOf, recYearRange's year; 1 January 00:00 in Amsterdam
-- is always CET, UTC+1, so the year of received_at + 1 hour, the fraction
-- of a second left out: SQLite's date functions round it to milliseconds,
-- which would put 23:59:59.9995 in the next year); its mark as
-- spam or duplicate ('' when it counts). Kept right by the Go write paths,
-- not by triggers (they would slow the import's bulk inserts):
-- AddAllegation, MarkReports, the import (insert and re-import) and the
-- generator (see allegationCopies in internal/store/allegation_years.go).
ALTER TABLE allegations ADD COLUMN org_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE allegations ADD COLUMN received_year INTEGER NOT NULL DEFAULT 0;
ALTER TABLE allegations ADD COLUMN report_dismissed TEXT NOT NULL DEFAULT '';
UPDATE allegations SET org_id = r.org_id, received_year = CAST(strftime('%Y', substr(r.received_at, 1, 19) || substr(r.received_at, -6), '+1 hour') AS INTEGER),
    report_dismissed = r.dismissed
    FROM reports r WHERE r.id = allegations.report_id;
-- The counts of a range of years in index order: no sort, no table row.
CREATE INDEX allegations_year ON allegations (org_id, report_dismissed, received_year, category, own_category_id, outcome);

-- +goose Down
DROP INDEX allegations_year;
ALTER TABLE allegations DROP COLUMN report_dismissed;
ALTER TABLE allegations DROP COLUMN received_year;
ALTER TABLE allegations DROP COLUMN org_id;
