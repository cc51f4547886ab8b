package meldpunt

import (
	"context"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
	"github.com/integer-nl/integer/internal/throttle"
)

// OpenMailbox opens the reporter's mailbox with the code they typed, from
// the client from (the zero Client for none): the client's limits,
// derivation and the look-up in one call. Errors (refusing the code, see
// Refused): ETHROTTLED when the client is over its limits, EUNAUTHORIZED for
// a malformed, unknown or wrong code, each counted against the client.
func (s *Service) OpenMailbox(ctx context.Context, org *domain.Organisation, from throttle.Client, typed string) (Key, *store.Mailbox, error) {
	k, err := s.unlock(ctx, org, from, typed)
	if err != nil {
		return Key{}, nil, err
	}
	mb, err := s.open(ctx, k)
	return k, mb, err
}

// open reads the mailbox of an unlocked code, and audits the reading. A
// code the store does not know is counted and refused.
func (s *Service) open(ctx context.Context, k Key) (*store.Mailbox, error) {
	mb, err := s.store.OpenMailbox(ctx, k.Org.ID, k.receipt)
	if err = s.settle(k, err); err != nil {
		return nil, err
	}
	return mb, nil
}

// write adds the reporter's message, with files, to their report and tells
// the channel's handlers. The caller checks the message first (its rules
// differ per form). A code the store does not know is counted and refused;
// other errors: EINVALID ("message"), ECONFLICT for a closed report.
// It returns the report and, per file, what was done with its metadata.
func (s *Service) write(ctx context.Context, k Key, body string, files []Upload) (*domain.Report, []domain.AttachmentMeta, error) {
	stored := storable(files)
	rep, err := s.store.ReporterMessage(ctx, k.Org.ID, k.receipt, body, stored)
	if err = s.settle(k, err); err != nil {
		return nil, nil, err
	}
	s.notifyReporterMessage(ctx, k.Org, rep)
	return rep, records(stored), nil
}

// Checks are the rules of the reporter's form around a mailbox use case,
// which differ per door. Before runs once the code is unlocked and before
// the use case: an error skips the use case. Shown runs on an error of the
// use case that does not refuse the code, and tells whether the mailbox is
// shown again with it (true) or the error ends the request (false). Either
// may be nil.
type Checks struct {
	Before func() error
	Shown  func(error) bool
}

// A Reply is the mailbox after a use case of the reporter's mailbox form,
// to show again.
type Reply struct {
	Code    string // the code as 16 digits, for the hidden field of the mailbox's forms
	Mailbox *store.Mailbox
	Done    bool // false when Checks.Before or the use case refused what was asked
}

// attempt runs a use case within the form's checks; see Checks. It reports
// whether the use case was done, or the error that ends the request.
func (c Checks) attempt(do func() error) (bool, error) {
	if c.Before != nil && c.Before() != nil {
		return false, nil
	}
	err := do()
	switch {
	case err == nil:
		return true, nil
	case Refused(err) || c.Shown == nil || !c.Shown(err):
		return false, err
	}
	return false, nil
}

// WriteMessage adds the reporter's message, with files, to their report
// with the code they typed, within the form's checks, and returns the
// mailbox as it is now (read and audited with open): unlock, check, write,
// open. Errors that refuse the code (see Refused) or that the form does not
// show end it, the mailbox unread.
func (s *Service) WriteMessage(ctx context.Context, org *domain.Organisation, from throttle.Client, typed, body string, files []Upload, c Checks) (Reply, error) {
	k, err := s.unlock(ctx, org, from, typed)
	if err != nil {
		return Reply{}, err
	}
	done, err := c.attempt(func() error {
		_, _, err := s.write(ctx, k, body, files)
		return err
	})
	if err != nil {
		return Reply{}, err
	}
	mb, err := s.open(ctx, k)
	if err != nil {
		return Reply{}, err
	}
	return Reply{Code: k.Code, Mailbox: mb, Done: done}, nil
}

// Message adds the reporter's message, with files, to their report with
// the code they typed, and returns the report and, per file, what was done
// with its metadata; the mailbox is not read. The caller checks the
// message first. Errors: those of unlock and write.
func (s *Service) Message(ctx context.Context, org *domain.Organisation, from throttle.Client, typed, body string, files []Upload) (*domain.Report, []domain.AttachmentMeta, error) {
	k, err := s.unlock(ctx, org, from, typed)
	if err != nil {
		return nil, nil, err
	}
	return s.write(ctx, k, body, files)
}

// AnswerMinutes records the reporter's approval of the minutes of their
// oral report, or their correction, with the code they typed, within the
// form's checks, and returns the mailbox as it is now: unlock, check,
// answer (which reads the mailbox again) or, when not done, open. ENOTFOUND
// (for Checks.Shown) when the minutes are not awaiting an answer (any
// more).
func (s *Service) AnswerMinutes(ctx context.Context, org *domain.Organisation, from throttle.Client, typed string, messageID int64, approve bool, correction string, c Checks) (Reply, error) {
	k, err := s.unlock(ctx, org, from, typed)
	if err != nil {
		return Reply{}, err
	}
	var mb *store.Mailbox
	done, err := c.attempt(func() error {
		var err error
		mb, err = s.answerMinutes(ctx, k, messageID, approve, correction)
		return err
	})
	if err != nil {
		return Reply{}, err
	}
	if !done {
		if mb, err = s.open(ctx, k); err != nil {
			return Reply{}, err
		}
	}
	return Reply{Code: k.Code, Mailbox: mb, Done: done}, nil
}

// answerMinutes records the answer to the minutes, tells the channel's
// handlers, and returns the mailbox as it is now. A code the store does
// not know is counted and refused; ENOTFOUND when the minutes are not
// awaiting an answer (any more).
func (s *Service) answerMinutes(ctx context.Context, k Key, messageID int64, approve bool, correction string) (*store.Mailbox, error) {
	if err := s.settle(k, s.store.AnswerMinutes(ctx, k.Org.ID, k.receipt, messageID, approve, correction)); err != nil {
		return nil, err
	}
	mb, err := s.store.OpenMailbox(ctx, k.Org.ID, k.receipt)
	if err != nil {
		return nil, err
	}
	// An approval or a correction of the minutes is news for the handlers.
	s.notifyReporterMessage(ctx, k.Org, mb.Report)
	return mb, nil
}

// AnswerConsent records the reporter's yes or no to a request to see their
// identity on the ground of their consent, with the code they typed, within
// the form's checks, and returns the mailbox as it is now: unlock, check,
// answer, open. The channel's handlers are told there is news. ENOTFOUND
// (for Checks.Shown) when the request does not await an answer (any more).
func (s *Service) AnswerConsent(ctx context.Context, org *domain.Organisation, from throttle.Client, typed string, requestID int64, yes bool, c Checks) (Reply, error) {
	k, err := s.unlock(ctx, org, from, typed)
	if err != nil {
		return Reply{}, err
	}
	done, err := c.attempt(func() error {
		return s.settle(k, s.store.AnswerConsent(ctx, k.Org.ID, k.receipt, requestID, yes))
	})
	if err != nil {
		return Reply{}, err
	}
	mb, err := s.open(ctx, k)
	if err != nil {
		return Reply{}, err
	}
	if done {
		s.notifyReporterMessage(ctx, k.Org, mb.Report)
	}
	return Reply{Code: k.Code, Mailbox: mb, Done: done}, nil
}
