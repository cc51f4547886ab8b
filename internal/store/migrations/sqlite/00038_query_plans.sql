-- +goose Up
-- What the plan test (internal/web/queryplan_test.go) asked for, so that no
-- page reads a table of every organisation's reports.
-- The number of allegations that name an own category (the categories page).
CREATE INDEX allegations_own_category ON allegations (own_category_id);
-- The custodian's list of the organisation's identity requests, read
-- through an index on the organisation instead of among every request of
-- the installation joined to its report.
ALTER TABLE identity_requests ADD COLUMN org_id BIGINT NOT NULL DEFAULT 0;
UPDATE identity_requests SET org_id = (SELECT r.org_id FROM reports r WHERE r.id = identity_requests.report_id);
CREATE INDEX identity_requests_org ON identity_requests (org_id, id);

-- +goose Down
DROP INDEX identity_requests_org;
ALTER TABLE identity_requests DROP COLUMN org_id;
DROP INDEX allegations_own_category;
