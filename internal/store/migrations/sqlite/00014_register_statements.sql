-- +goose Up
-- A register that holds nothing for a year is "not registered" in the
-- annual report, not 0; an organisation can state that there was none
-- (then it prints 0), per register and year. And per register it chooses
-- whether an unregistered register is said to be so or left out.
CREATE TABLE register_statements (
    org_id    BIGINT NOT NULL REFERENCES organisations(id),
    register  TEXT NOT NULL,
    year      BIGINT NOT NULL,
    stated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, register, year)
);
CREATE TABLE annual_report_omit (
    org_id   BIGINT NOT NULL REFERENCES organisations(id),
    register TEXT NOT NULL,
    PRIMARY KEY (org_id, register)
);

-- +goose Down
DROP TABLE annual_report_omit;
DROP TABLE register_statements;
