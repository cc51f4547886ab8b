-- +goose Up
-- Who runs the next pass of each background job (deadline reminders, audit
-- checkpoints, maintenance), so that several servers on one database run
-- each pass once per period: a server takes the row with one conditional
-- upsert when it holds it already or its lease ran out, and runs the pass
-- only when that statement changed the row. holder names a process
-- (host, process id and a random part); nothing else is kept.
CREATE TABLE job_leases (
    job        TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    taken_at   TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE job_leases;
