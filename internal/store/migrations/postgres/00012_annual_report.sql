-- +goose Up
-- The editable prose of the annual integrity report (foreword, plans), per
-- organisation and year. Every figure of the report is computed from the
-- records when it is generated; only these texts are stored.
CREATE TABLE annual_report_texts (
    org_id     BIGINT NOT NULL REFERENCES organisations(id),
    year       BIGINT NOT NULL,
    section    TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (org_id, year, section)
);
-- The annual report counts reports by the day they were received.
CREATE INDEX reports_received ON reports (org_id, received_at);

-- +goose Down
DROP INDEX reports_received;
DROP TABLE annual_report_texts;
