-- +goose Up
-- The register template's import (internal/register): a report's ref from
-- the template is its key, so importing the same files again updates it;
-- rows without a ref are marked imported, and a new import of their file
-- replaces the imported rows of the years it covers (never rows typed in).
ALTER TABLE reports ADD COLUMN import_ref TEXT;
CREATE UNIQUE INDEX reports_import_ref ON reports (org_id, import_ref);
ALTER TABLE reports ADD COLUMN imported BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE advice_requests ADD COLUMN imported BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE aggression_incidents ADD COLUMN imported BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE activities ADD COLUMN imported BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE council_questions ADD COLUMN imported BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE adviser_cases ADD COLUMN imported BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE adviser_contacts ADD COLUMN imported BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE adviser_activities ADD COLUMN imported BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE outside_activities ADD COLUMN imported BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE gifts ADD COLUMN imported BOOLEAN NOT NULL DEFAULT FALSE;

-- Figures of the years before the system was used (yearly_counts.csv), for
-- the annual report's trends: measure is reports, adviser_first_contacts,
-- aggression_incidents or advice_requests.
CREATE TABLE yearly_counts (
    org_id  BIGINT NOT NULL REFERENCES organisations(id),
    year    BIGINT NOT NULL,
    measure TEXT NOT NULL,
    count   BIGINT NOT NULL,
    PRIMARY KEY (org_id, year, measure)
);

-- +goose Down
DROP TABLE yearly_counts;
ALTER TABLE gifts DROP COLUMN imported;
ALTER TABLE outside_activities DROP COLUMN imported;
ALTER TABLE adviser_activities DROP COLUMN imported;
ALTER TABLE adviser_contacts DROP COLUMN imported;
ALTER TABLE adviser_cases DROP COLUMN imported;
ALTER TABLE council_questions DROP COLUMN imported;
ALTER TABLE activities DROP COLUMN imported;
ALTER TABLE aggression_incidents DROP COLUMN imported;
ALTER TABLE advice_requests DROP COLUMN imported;
ALTER TABLE reports DROP COLUMN imported;
DROP INDEX reports_import_ref;
ALTER TABLE reports DROP COLUMN import_ref;
