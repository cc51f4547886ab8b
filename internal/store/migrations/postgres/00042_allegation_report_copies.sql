-- +goose Up
-- The annual report at volume (issue 16): each allegation carries copies of
-- the facts of its report that the trend by code counts by, so that a
-- range of years is one range of the index below, without reading a report
-- (the server hashed all allegations once per year at 15 years). The
-- copies: the report's organisation; the year it was received in Amsterdam
-- (the year of domain.DateOf, recYearRange's year); its mark as spam or
-- duplicate ('' when it counts). Kept right by the Go write paths, not by
-- triggers (they would slow the import's COPY): AddAllegation,
-- MarkReports, the import (insert and re-import) and the generator (see
-- allegationCopies in internal/store/allegation_years.go). No defaults
-- once filled: an insert that forgets the copies fails.
ALTER TABLE allegations ADD COLUMN org_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE allegations ADD COLUMN received_year INTEGER NOT NULL DEFAULT 0;
ALTER TABLE allegations ADD COLUMN report_dismissed TEXT NOT NULL DEFAULT '';
UPDATE allegations SET org_id = r.org_id,
    received_year = EXTRACT(YEAR FROM r.received_at AT TIME ZONE 'Europe/Amsterdam')::integer,
    report_dismissed = r.dismissed
    FROM reports r WHERE r.id = allegations.report_id;
ALTER TABLE allegations ALTER COLUMN org_id DROP DEFAULT, ALTER COLUMN received_year DROP DEFAULT,
    ALTER COLUMN report_dismissed DROP DEFAULT;
-- The counts of a range of years in index order, from the index alone.
CREATE INDEX allegations_year ON allegations (org_id, report_dismissed, received_year, category, own_category_id, outcome);

-- +goose Down
DROP INDEX allegations_year;
ALTER TABLE allegations DROP COLUMN report_dismissed;
ALTER TABLE allegations DROP COLUMN received_year;
ALTER TABLE allegations DROP COLUMN org_id;
