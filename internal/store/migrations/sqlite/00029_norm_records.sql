-- +goose Up
-- Evidence for the basic integrity norms that Integer's registers do not
-- hold (codes of conduct adopted, information security, procurement): the
-- controller records the state from a day on with the document that shows
-- it. Rows are a history: the scorecard of a year reads the latest record
-- on or before its end, so last year's scorecard stays what it was.
CREATE TABLE norm_records (
    id          INTEGER PRIMARY KEY,
    org_id      BIGINT NOT NULL REFERENCES organisations(id),
    norm        TEXT NOT NULL,
    status      TEXT NOT NULL,
    on_day      TIMESTAMP NOT NULL,
    document    TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX norm_records_org ON norm_records (org_id, norm, on_day);

-- +goose Down
DROP TABLE norm_records;
