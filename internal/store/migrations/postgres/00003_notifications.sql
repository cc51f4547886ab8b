-- +goose Up
-- Deadline reminders already sent, one row per report, deadline and stage,
-- so that several servers and restarts send each reminder once: a server
-- claims the row (INSERT ... ON CONFLICT DO NOTHING) and sends only when its
-- insert inserted. No content, no recipients.
CREATE TABLE report_reminders (
    report_id BIGINT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    kind      TEXT NOT NULL,
    stage     TEXT NOT NULL,
    sent_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (report_id, kind, stage)
);

-- +goose Down
DROP TABLE report_reminders;
