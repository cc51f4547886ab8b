package notify

import (
	"context"
	"encoding/json"
	"time"

	"github.com/integer-nl/integer/internal/domain"
)

// Checkpoints sends the audit log's signed checkpoints out of the server,
// once at start and then every interval, until ctx ends: one line in the
// log stream with the installation's checkpoint, and an e-mail to the
// auditors of each organisation with the organisation's checkpoint. A
// checkpoint kept outside is what catches a cut tail, or a rewrite by
// someone who also holds the audit key (docs/security.md). Without the audit
// key it logs that once and returns.
func (s *Notifier) Checkpoints(ctx context.Context, interval time.Duration) {
	if s.store.AuditKey() == nil {
		s.log.Warn("audit checkpoints off: no audit key")
		return
	}
	s.every(ctx, interval, "audit checkpoint", s.CheckpointOnce)
}

// CheckpointOnce verifies the chain, logs the installation's checkpoint
// (an error line too when the chain is broken) and mails each
// organisation's auditors theirs.
func (s *Notifier) CheckpointOnce(ctx context.Context) error {
	n, brk, err := s.store.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	if brk != nil {
		s.log.Error("audit chain broken", "entry", brk.ID, "reason", brk.Reason, "intact_entries", n)
	}
	cp, err := s.store.AuditCheckpoint(ctx, "")
	if err != nil {
		return err
	}
	line, err := json.Marshal(cp)
	if err != nil {
		return err
	}
	s.log.Info("audit checkpoint", "sequence", cp.Seq, "head_hash", cp.Head, "key_id", cp.KeyID, "checkpoint", string(line))
	if !s.mail.Enabled() {
		return nil
	}
	orgs, err := s.store.Organisations(ctx)
	if err != nil {
		return err
	}
	for _, org := range orgs {
		if _, err := s.MailCheckpoint(ctx, org, brk); err != nil {
			s.log.Error("audit checkpoint not mailed", "org", org.Slug, "err", err)
		}
	}
	return nil
}

// MailCheckpoint e-mails a new checkpoint for the organisation to each of
// its auditors (brk: the chain's state when known, nil for intact) and
// returns how many it reached. The checkpoint goes in the text, as the
// file `integer audit verify --checkpoint` reads.
func (s *Notifier) MailCheckpoint(ctx context.Context, org *domain.Organisation, brk *domain.AuditBreak) (int, error) {
	to, err := s.store.AuditorAddresses(ctx, org.ID)
	if err != nil || len(to) == 0 || !s.mail.Enabled() {
		return 0, err
	}
	cp, err := s.store.AuditCheckpoint(ctx, org.Slug)
	if err != nil {
		return 0, err
	}
	s.log.Info("audit checkpoint", "org", org.Slug, "sequence", cp.Seq, "head_hash", cp.Head, "key_id", cp.KeyID)
	subject, text := s.compose("notify.checkpoint", "notify.footer_checkpoint", func(lang string) []any {
		state := s.cat.T(lang, "notify.checkpoint.intact")
		if brk != nil {
			state = s.cat.T(lang, "notify.checkpoint.broken", brk.ID, s.cat.T(lang, "audit.reason_"+brk.Reason))
		}
		return []any{org.Name, cp.Seq, s.mailDate(lang, cp.At), state}
	})
	text += "\n" + string(cp.Encode())
	return s.sendEach(ctx, "audit_checkpoint", 0, to, subject, text), nil
}
