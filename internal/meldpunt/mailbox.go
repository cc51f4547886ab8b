package meldpunt

import (
	"context"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// OpenMailbox opens the reporter's mailbox with the code they typed:
// throttling, derivation and the look-up in one call. Errors (refusing the
// code, see Refused): ETHROTTLED while blocked, EUNAUTHORIZED for a
// malformed, unknown or wrong code, each counted.
func (s *Service) OpenMailbox(ctx context.Context, org *domain.Organisation, typed string) (Key, *store.Mailbox, error) {
	k, err := s.Unlock(ctx, org, typed)
	if err != nil {
		return Key{}, nil, err
	}
	mb, err := s.Open(ctx, k)
	return k, mb, err
}

// Open reads the mailbox of an unlocked code, and audits the reading. A
// code the store does not know is counted and refused.
func (s *Service) Open(ctx context.Context, k Key) (*store.Mailbox, error) {
	mb, err := s.store.OpenMailbox(ctx, k.Org.ID, k.receipt)
	if err != nil {
		return nil, s.wrongCode(ctx, k, err)
	}
	return mb, nil
}

// Write adds the reporter's message, with files, to their report and tells
// the channel's handlers. The caller checks the message first (its rules
// differ per form). A code the store does not know is counted and refused;
// other errors: EINVALID ("message"), ECONFLICT for a closed report.
func (s *Service) Write(ctx context.Context, k Key, body string, files []store.File) (*domain.Report, error) {
	rep, err := s.store.ReporterMessage(ctx, k.Org.ID, k.receipt, body, files)
	if err != nil {
		return nil, s.wrongCode(ctx, k, err)
	}
	s.notifyReporterMessage(ctx, k.Org, rep)
	return rep, nil
}

// AnswerMinutes records the reporter's approval of the minutes of their
// oral report, or their correction, tells the channel's handlers, and
// returns the mailbox as it is now. A code the store does not know is
// counted and refused; ENOTFOUND when the minutes are not awaiting an
// answer (any more).
func (s *Service) AnswerMinutes(ctx context.Context, k Key, messageID int64, approve bool, correction string) (*store.Mailbox, error) {
	if err := s.store.AnswerMinutes(ctx, k.Org.ID, k.receipt, messageID, approve, correction); err != nil {
		return nil, s.wrongCode(ctx, k, err)
	}
	mb, err := s.store.OpenMailbox(ctx, k.Org.ID, k.receipt)
	if err != nil {
		return nil, err
	}
	// An approval or a correction of the minutes is news for the handlers.
	s.notifyReporterMessage(ctx, k.Org, mb.Report)
	return mb, nil
}
