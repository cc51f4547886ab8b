-- +goose Up
-- Facts about the organisation per year that the annual report puts its
-- figures against: the number of employees (for the reports per 1,000
-- employees that organisations compare), internal and external
-- confidential advisers and integrity coordinators. Entered by the
-- controller or imported (organisation_facts.csv); a year without a row
-- for a measure does not know it.
CREATE TABLE organisation_facts (
    org_id  BIGINT NOT NULL REFERENCES organisations(id),
    year    BIGINT NOT NULL,
    measure TEXT NOT NULL,
    count   BIGINT NOT NULL,
    PRIMARY KEY (org_id, year, measure)
);

-- +goose Down
DROP TABLE organisation_facts;
