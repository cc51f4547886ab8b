package meldpunt

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/seal"
	"github.com/integer-nl/integer/internal/store"
	"github.com/integer-nl/integer/internal/throttle"
)

// Submission is a report to file, from whichever door it came in.
type Submission struct {
	Org *domain.Organisation
	// By is store.Reporter for a report the reporter sends (the form, the
	// API); the channel must then have handlers. Otherwise it is the handler
	// entering a report received by e-mail, phone, letter or in person (the
	// source must say which), into any channel of the organisation.
	By     store.Actor
	Report domain.NewReport
	// Files are stored without their metadata unless an Upload keeps it.
	Files []Upload
	// FormID is the public form's one-time id: the same form sent twice
	// (a reload of the receipt page) files one report.
	FormID string
	// Code is the receipt code; "" makes a random one. Only the demo and
	// the load tool fix theirs.
	Code string
	// From is the client a reporter's report came from (the zero Client
	// for staff, the demo and the load tool): reports from a client are
	// bounded per client and per organisation (submit_limits.go).
	From throttle.Client
}

// Submitted is the outcome of Submit.
type Submitted struct {
	Report *domain.Report
	Code   string // the receipt code, 16 digits: the only time it exists outside the reporter's note
	// Repeat: the form was sent before; nothing was stored and there is no
	// code. RepeatNumber is the first submission's number, "" while it is
	// still being stored.
	Repeat       bool
	RepeatNumber string
	// Files records per file, in order, what was done with its metadata.
	Files []domain.AttachmentMeta
}

// Submit files a report: it checks the channel and the report, claims the
// form's one-time id, makes and derives the receipt code, stores the report
// sealed (for the channel's handlers, the recovery key and the mailbox) and
// tells the channel's handlers. Errors: EINVALID with the field (the
// channel as "context"), EUNAVAILABLE when the argon2id slots stay full.
func (s *Service) Submit(ctx context.Context, sub Submission) (*Submitted, error) {
	in := sub.Report
	if err := s.checkChannel(ctx, sub); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var lim *filing
	if sub.By == store.Reporter {
		var err error
		if lim, err = s.admitFiling(ctx, sub.Org, sub.From); err != nil {
			return nil, err
		}
	}
	formKey := ""
	if id := sub.FormID; id != "" && len(id) <= 64 {
		formKey = "report:" + s.formMAC(strconv.FormatInt(sub.Org.ID, 10)+"\x00"+id)
		first, number, err := s.store.ClaimForm(ctx, formKey)
		if err != nil {
			lim.undo()
			return nil, err
		}
		if !first {
			lim.undo()
			return &Submitted{Repeat: true, RepeatNumber: number}, nil
		}
	}
	code := sub.Code
	if code == "" {
		code = seal.NewReceipt()
	}
	rc, err := s.derive(ctx, sub.Org.ID, code, false)
	if err != nil {
		lim.undo()
		return nil, err
	}
	var rep *domain.Report
	files := storable(sub.Files)
	if sub.By == store.Reporter {
		rep, err = s.store.CreateReport(ctx, sub.By, sub.Org.ID, in, rc, files...)
	} else {
		rep, err = s.store.StaffReport(ctx, sub.By, sub.Org.ID, in, rc, files...)
	}
	if err != nil {
		lim.undo()
		if formKey != "" {
			_ = s.store.ReleaseForm(ctx, formKey)
		}
		return nil, err
	}
	if formKey != "" {
		if err := s.store.CompleteForm(ctx, formKey, rep.Number); err != nil {
			s.log.Error("record the form of a new report", "report_id", rep.ID, "err", err)
		}
	}
	s.notifyNewReport(ctx, sub.Org, rep)
	return &Submitted{Report: rep, Code: code, Files: records(files)}, nil
}

// checkChannel checks the chosen channel: for a reporter's own report it
// must exist and have handlers, for a handler's entry it must exist.
func (s *Service) checkChannel(ctx context.Context, sub Submission) error {
	if sub.By == store.Reporter {
		return s.ChannelOpen(ctx, sub.Org.ID, sub.Report.Channel)
	}
	_, err := s.store.ChannelByCode(ctx, sub.Org.ID, sub.Report.Channel)
	return err
}

// Channels lists the channels a reporter may choose: those that have
// handlers. A report in a channel without one could be read by nobody but
// the custodian's recovery.
func (s *Service) Channels(ctx context.Context, orgID int64) ([]*domain.Channel, error) {
	chans, err := s.store.Channels(ctx, orgID)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(chans, func(c *domain.Channel) bool { return len(c.Handlers) == 0 }), nil
}

// ChannelOpen checks a reporter's choice of channel: it must exist and have
// handlers. Errors: EINVALID on the field "context".
func (s *Service) ChannelOpen(ctx context.Context, orgID int64, code string) error {
	if strings.TrimSpace(code) == "" {
		return domain.FieldError("context", "err.channel_required")
	}
	chans, err := s.Channels(ctx, orgID)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(chans, func(c *domain.Channel) bool { return c.Code == code }) {
		return domain.FieldError("context", "err.channel_closed")
	}
	return nil
}

func (s *Service) formMAC(msg string) string {
	m := hmac.New(sha256.New, s.formKey)
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}
