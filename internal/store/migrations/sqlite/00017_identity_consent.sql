-- +goose Up
-- A request to see a reporter's identity on the ground of their consent
-- asks the reporter in the mailbox: their answer ('' while unanswered,
-- 'given' or 'refused') and when. A custodian who refuses gives a reason,
-- which the requesting handler reads.
ALTER TABLE identity_requests ADD COLUMN consent TEXT NOT NULL DEFAULT '';
ALTER TABLE identity_requests ADD COLUMN consent_at TIMESTAMP;
ALTER TABLE identity_requests ADD COLUMN refusal_reason TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE identity_requests DROP COLUMN refusal_reason;
ALTER TABLE identity_requests DROP COLUMN consent_at;
ALTER TABLE identity_requests DROP COLUMN consent;
