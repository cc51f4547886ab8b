package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/i18n"
	"github.com/integer-nl/integer/internal/meldpunt"
	"github.com/integer-nl/integer/internal/store"
)

// The reporter's mailbox: opened with the receipt code, which every form
// carries in a hidden field because the reporter has no account and no cookie.

type mailboxCodePage struct {
	Form *form
}

// LanguageSwitch returns to the code form, whatever form post showed it.
func (mailboxCodePage) LanguageSwitch(org *domain.Organisation) languageSwitch {
	return languageSwitch{Action: "/lang", Hidden: []hiddenField{{"next", "/" + org.Slug + "/mailbox"}}}
}

// LanguageSwitch opens the mailbox again in the other language with the
// code the page already carries, so the reporter types nothing again
// (issue 12, point 17).
func (p mailboxPage) LanguageSwitch(org *domain.Organisation) languageSwitch {
	return languageSwitch{Action: "/" + org.Slug + "/mailbox", Hidden: []hiddenField{{"receipt", p.Receipt}}}
}

func (s *Server) mailboxForm(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	s.render(w, r, http.StatusOK, "mailbox_form", s.cat.T(rs.lang, "reporter.mailbox_title"), mailboxCodePage{Form: &form{Errors: map[string]string{}}})
	return nil
}

// refuseMailbox shows the code form again with the one message for an
// unknown, wrong or malformed code, or the throttling message (429 with
// Retry-After). The typed code is not shown again.
func (s *Server) refuseMailbox(w http.ResponseWriter, r *http.Request, err error) error {
	rs := state(r)
	f := &form{Errors: map[string]string{}}
	if !s.fail(f, rs.lang, err) {
		return err
	}
	if f.Error == "" && f.Errors["receipt"] == "" {
		// a field error of another form: not about the code
		return err
	}
	setRetryAfter(w, err)
	s.render(w, r, statusFor[domain.ErrorCode(err)], "mailbox_form", s.cat.T(rs.lang, "reporter.mailbox_title"), mailboxCodePage{Form: f})
	return nil
}

// typedReceipt reads the receipt code a mailbox form carries. Nothing typed
// is refused here, without counting: it is not a guess.
func typedReceipt(r *http.Request) (string, error) {
	typed := r.PostFormValue("receipt")
	if strings.TrimSpace(typed) == "" {
		return "", domain.FieldError("receipt", "err.receipt_required")
	}
	return typed, nil
}

// errFormRefused marks a mailbox form that its own checks refused: the
// messages are on the form.
var errFormRefused = errors.New("web: mailbox form refused")

// refusedForm is the check of a mailbox form for meldpunt.Checks.Before:
// errFormRefused once the form has a message.
func refusedForm(f *form) error {
	if len(f.Errors) > 0 || f.Error != "" {
		return errFormRefused
	}
	return nil
}

func (s *Server) openMailbox(w http.ResponseWriter, r *http.Request) error {
	_ = r.ParseForm()
	if lang := i18n.Supported(r.PostFormValue("lang")); lang != "" { // the mailbox's language switch
		s.setLanguageCookie(w, r, lang)
		state(r).lang = lang
	}
	typed, err := typedReceipt(r)
	if err != nil {
		return s.refuseMailbox(w, r, err)
	}
	k, mb, err := s.meldpunt.OpenMailbox(r.Context(), state(r).org, s.client(r), typed)
	if err != nil {
		return s.refuseMailbox(w, r, err)
	}
	s.renderMailbox(w, r, http.StatusOK, mb, k.Code, mailboxExtras{})
	return nil
}

// mailboxExtras is what a mailbox page shows after a form of its own: a
// confirmation, or the rejected form with its messages.
type mailboxExtras struct {
	Notice    string
	Message   *form // the message form as typed, with its errors
	FilesLost bool
	Minutes   *form // the minutes answer as typed, with its errors
	MinutesID int64
	// ConsentError is why an answer to a request for consent was refused.
	ConsentError string
}

type mailboxPage struct {
	mailboxExtras
	Receipt       string // the code, for the hidden field of every form
	Number        string
	State         string
	Channel       string
	ReceivedAt    time.Time
	Ack           mailboxDeadline
	Feedback      mailboxDeadline
	ClosedAt      time.Time // zero while open
	Closed        bool
	Anonymous     bool
	Whistleblower bool
	Content       *domain.ReportContent
	HowKnown      string
	Messages      []mailboxMessageView
	Disclosures   []mailboxDisclosure
	Consents      []mailboxConsent // requests to see the identity that wait for the reporter's yes or no
	Files         []string         // names of the reporter's own files
	MaxFiles      int
	MaxFileMB     int
}

type mailboxDeadline struct {
	Due    time.Time
	Done   time.Time // zero while open
	Status string    // label in the page's language
	Late   bool
}

type mailboxMessageView struct {
	ID           int64
	FromReporter bool
	From         string
	Kind         string // label
	Minutes      bool
	Pending      bool // minutes awaiting the reporter's answer
	Approval     string
	Body         string
	At           time.Time
	Files        []string
}

type mailboxDisclosure struct {
	To    string
	On    time.Time
	Basis string // the ground, worded for the reporter
}

// mailboxConsent is a request to see the reporter's identity on the
// ground of their consent: who asks, why, since when.
type mailboxConsent struct {
	ID     int64
	To     string
	Reason string
	At     time.Time
}

func (s *Server) renderMailbox(w http.ResponseWriter, r *http.Request, status int, mb *store.Mailbox, code string, x mailboxExtras) {
	rs := state(r)
	if x.Message == nil {
		x.Message = &form{Errors: map[string]string{}}
	}
	if x.Minutes == nil {
		x.Minutes = &form{Errors: map[string]string{}}
	}
	s.render(w, r, status, "mailbox", s.cat.T(rs.lang, "reporter.mailbox_title"), s.mailboxView(r, rs.lang, mb, code, x))
}

func (s *Server) mailboxView(r *http.Request, lang string, mb *store.Mailbox, code string, x mailboxExtras) mailboxPage {
	rep := mb.Report
	now := s.store.Now()
	p := mailboxPage{mailboxExtras: x, Receipt: code, Number: rep.Number, State: s.cat.T(lang, "reporter.state."+string(rep.State)),
		Channel: rep.ChannelCode, ReceivedAt: rep.ReceivedAt, Closed: rep.State == domain.StateClosed,
		Anonymous: rep.Anonymous, Whistleblower: rep.Whistleblower, Content: rep.Content,
		MaxFiles: domain.MaxAttachments, MaxFileMB: domain.MaxAttachmentBytes >> 20}
	if ch, err := s.store.ChannelByCode(r.Context(), rep.OrgID, rep.ChannelCode); err == nil {
		p.Channel = ch.Name(lang)
	}
	if rep.ClosedAt != nil {
		p.ClosedAt = *rep.ClosedAt
	}
	if rep.Content != nil && rep.Content.HowKnown != "" {
		p.HowKnown = s.cat.T(lang, "reporter.how."+string(rep.Content.HowKnown))
	}
	ackDue := domain.AcknowledgementDue(rep.ReceivedAt)
	p.Ack = s.mailboxDeadlineView(lang, ackDue, rep.AcknowledgedAt, now)
	p.Feedback = s.mailboxDeadlineView(lang, domain.FeedbackDue(rep.ReceivedAt, rep.AcknowledgedAt), rep.FeedbackAt, now)
	for _, a := range mb.Attachments {
		if a.MessageID == 0 && a.FromReporter { // sent with the report itself
			p.Files = append(p.Files, a.Name)
		}
	}
	for _, m := range mb.Messages {
		v := mailboxMessageView{ID: m.ID, FromReporter: m.FromReporter, Body: m.Body, At: m.At,
			Minutes: m.Kind == domain.KindMinutes, Pending: m.Kind == domain.KindMinutes && m.Approval == domain.MinutesApprovalPending}
		v.From = s.cat.T(lang, "reporter.from_point")
		if m.FromReporter {
			v.From = s.cat.T(lang, "reporter.from_you")
		}
		v.Kind = s.cat.T(lang, "reporter.msgkind."+string(m.Kind))
		if v.Minutes && m.Approval != "" {
			v.Approval = s.cat.T(lang, "reporter.approval."+string(m.Approval))
		}
		for _, a := range m.Attachments {
			if a.FromReporter {
				v.Files = append(v.Files, a.Name)
				p.Files = append(p.Files, a.Name)
			}
		}
		p.Messages = append(p.Messages, v)
	}
	for _, d := range mb.Disclosures {
		v := mailboxDisclosure{To: d.Requester, Basis: s.cat.T(lang, "reporter.basis."+string(d.Basis))}
		if d.DecidedAt != nil {
			v.On = *d.DecidedAt
		}
		p.Disclosures = append(p.Disclosures, v)
	}
	for _, q := range mb.Consents {
		p.Consents = append(p.Consents, mailboxConsent{ID: q.ID, To: q.Requester, Reason: q.Reason, At: q.At})
	}
	return p
}

func (s *Server) mailboxDeadlineView(lang string, due time.Time, done *time.Time, now time.Time) mailboxDeadline {
	st := domain.StatusOf(due, done, now)
	v := mailboxDeadline{Due: due, Status: s.cat.T(lang, "reporter.deadline."+string(st)),
		Late: st == domain.DeadlineOverdue || st == domain.DeadlineDoneLate}
	if done != nil {
		v.Done = *done
	}
	return v
}

// mailboxMessage adds the reporter's message, with files, and shows the
// mailbox again.
func (s *Server) mailboxMessage(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	f, files, sent, err := s.readReporterUpload(w, r)
	if errors.Is(err, errReporterUploadTooLarge) {
		// The code went down with the rest of the body: start again from it.
		f.Error = s.cat.T(rs.lang, "err.upload_too_large_mailbox", domain.MaxAttachments, domain.MaxAttachmentBytes>>20)
		s.render(w, r, http.StatusRequestEntityTooLarge, "mailbox_form", s.cat.T(rs.lang, "reporter.mailbox_title"), mailboxCodePage{Form: f})
		return nil
	}
	if err != nil {
		return err
	}
	typed, err := typedReceipt(r)
	if err != nil {
		return s.refuseMailbox(w, r, err)
	}
	body := f.Values.Get("message")
	// Files held by the review page (review.go) come back with the
	// reporter's choices; new files with metadata are shown first, once
	// the code is known to be right.
	context := "mailbox:" + strconv.FormatInt(rs.org.ID, 10)
	if f.Values.Has(heldField) {
		held, err := s.heldFiles(context, f.Values)
		if err != nil && !s.fail(f, rs.lang, err) {
			return err
		}
		files = append(held, files...)
		sent += len(held)
	}
	var review *reviewPage
	check := func() error {
		switch {
		case strings.TrimSpace(body) == "" && sent == 0:
			f.Errors["message"] = s.cat.T(rs.lang, "err.message_required")
		case len([]rune(body)) > domain.MaxTextRunes:
			f.Errors["message"] = s.cat.T(rs.lang, "err.too_long")
		}
		if err := refusedForm(f); err != nil || f.Values.Has(heldField) {
			return err
		}
		if review = s.reviewStep(rs.lang, context, "/"+rs.org.Slug+"/mailbox/message", f, files); review != nil {
			review.Mailbox = true
			return errFormRefused
		}
		return nil
	}
	shown := func(err error) bool { return s.fail(f, rs.lang, err) }
	rp, err := s.meldpunt.WriteMessage(r.Context(), rs.org, s.client(r), typed, body, files, meldpunt.Checks{Before: check, Shown: shown})
	if err != nil {
		return s.refuseMailbox(w, r, err)
	}
	if review != nil {
		s.render(w, r, http.StatusOK, "attachments_review", s.cat.T(rs.lang, "clean.review_title"), review)
		return nil
	}
	if rp.Done {
		s.renderMailbox(w, r, http.StatusOK, rp.Mailbox, rp.Code, mailboxExtras{Notice: s.cat.T(rs.lang, "reporter.message_sent")})
		return nil
	}
	s.renderMailbox(w, r, http.StatusBadRequest, rp.Mailbox, rp.Code, mailboxExtras{Message: f, FilesLost: sent > 0})
	return nil
}

// mailboxMinutes records the reporter's approval of the minutes of their
// oral report, or their correction.
func (s *Server) mailboxMinutes(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	f := newForm(r)
	typed, err := typedReceipt(r)
	if err != nil {
		return s.refuseMailbox(w, r, err)
	}
	id, _ := strconv.ParseInt(f.Values.Get("message_id"), 10, 64)
	action, correction := f.Values.Get("action"), f.Values.Get("correction")
	check := func() error {
		switch {
		case action != "approve" && action != "correct":
			f.Error = s.cat.T(rs.lang, "err.choice_invalid")
		case action == "correct" && strings.TrimSpace(correction) == "":
			f.Errors["correction"] = s.cat.T(rs.lang, "err.correction_required")
		case len([]rune(correction)) > domain.MaxTextRunes:
			f.Errors["correction"] = s.cat.T(rs.lang, "err.too_long")
		}
		return refusedForm(f)
	}
	shown := func(err error) bool {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			f.Error = s.cat.T(rs.lang, "err.minutes_answered")
			return true
		}
		if !s.fail(f, rs.lang, err) {
			return false
		}
		if msg, ok := f.Errors["message"]; ok {
			delete(f.Errors, "message")
			f.Errors["correction"] = msg
		}
		return true
	}
	rp, err := s.meldpunt.AnswerMinutes(r.Context(), rs.org, s.client(r), typed, id, action == "approve", correction, meldpunt.Checks{Before: check, Shown: shown})
	if err != nil {
		return s.refuseMailbox(w, r, err)
	}
	if rp.Done {
		notice := "reporter.minutes_approved"
		if action == "correct" {
			notice = "reporter.minutes_corrected"
		}
		s.renderMailbox(w, r, http.StatusOK, rp.Mailbox, rp.Code, mailboxExtras{Notice: s.cat.T(rs.lang, notice)})
		return nil
	}
	s.renderMailbox(w, r, http.StatusBadRequest, rp.Mailbox, rp.Code, mailboxExtras{Minutes: f, MinutesID: id})
	return nil
}

// mailboxConsent records the reporter's yes or no to a request to see
// their identity on the ground of their consent, and shows the mailbox
// again with what it changed.
func (s *Server) mailboxConsent(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	f := newForm(r)
	typed, err := typedReceipt(r)
	if err != nil {
		return s.refuseMailbox(w, r, err)
	}
	id, _ := strconv.ParseInt(f.Values.Get("request_id"), 10, 64)
	answer := f.Values.Get("answer")
	check := func() error {
		if answer != "yes" && answer != "no" {
			f.Error = s.cat.T(rs.lang, "err.choice_invalid")
		}
		return refusedForm(f)
	}
	shown := func(err error) bool {
		if domain.ErrorCode(err) == domain.ENOTFOUND {
			f.Error = s.cat.T(rs.lang, "err.consent_answered")
			return true
		}
		return s.fail(f, rs.lang, err)
	}
	rp, err := s.meldpunt.AnswerConsent(r.Context(), rs.org, s.client(r), typed, id, answer == "yes", meldpunt.Checks{Before: check, Shown: shown})
	if err != nil {
		return s.refuseMailbox(w, r, err)
	}
	if rp.Done {
		notice := "reporter.consent_refused"
		if answer == "yes" {
			notice = "reporter.consent_given"
		}
		s.renderMailbox(w, r, http.StatusOK, rp.Mailbox, rp.Code, mailboxExtras{Notice: s.cat.T(rs.lang, notice)})
		return nil
	}
	s.renderMailbox(w, r, http.StatusBadRequest, rp.Mailbox, rp.Code, mailboxExtras{ConsentError: f.Error})
	return nil
}
