package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// The steps of handling a report, one POST each. The store checks that the
// user handles the report's channel (else ENOTFOUND) and that the step fits
// the report's state (else EINVALID, with nothing changed).

// caseCall is what a step gets to call the store with.
type caseCall struct {
	ctx   context.Context
	actor store.Actor
	orgID int64
	id    int64
	kr    store.Keyring
	f     *form
}

// reportStep runs one step: it reads the form and the handler's key, calls
// do, and redirects back to the report with the notice done; a refused
// input shows the report again with the message at the form named formName.
func (s *Server) reportStep(w http.ResponseWriter, r *http.Request, formName, done string, do func(c caseCall) error) error {
	rs := state(r)
	id, err := casePathID(r, "id")
	if err != nil {
		return err
	}
	f := newForm(r)
	kr, err := s.keyring(r)
	if err != nil {
		return err
	}
	c := caseCall{ctx: r.Context(), actor: store.UserActor(rs.user, rs.session.ID), orgID: rs.org.ID, id: id, kr: kr, f: f}
	if err := do(c); err != nil {
		if !s.fail(f, rs.lang, err) {
			return err
		}
		return s.renderReport(w, r, statusFor[domain.ErrorCode(err)], id, "", formName, f)
	}
	anchor := "form-" + formName
	if strings.HasPrefix(formName, "outcome-") {
		anchor = "allegations"
	}
	s.redirect(w, r, s.orgURL(rs.org, "reports/"+strconv.FormatInt(id, 10)+"?done="+done+"#"+anchor))
	return nil
}

func (s *Server) acknowledgeReport(w http.ResponseWriter, r *http.Request) error {
	return s.reportStep(w, r, "ack", "acknowledged", func(c caseCall) error {
		if err := s.store.Acknowledge(c.ctx, c.actor, c.orgID, c.id, c.kr, c.f.Values.Get("message")); err != nil {
			return err
		}
		s.notices.Reporter(c.ctx, state(r).org, &domain.Report{ID: c.id}, c.kr)
		return nil
	})
}

// addReportMessage adds a message to the reporter (kind=message), an
// internal note (kind=note) or the minutes of an oral report for the
// reporter to approve (kind=minutes). None of them is the feedback on the
// assessment: that has its own form (sendFeedback).
func (s *Server) addReportMessage(w http.ResponseWriter, r *http.Request) error {
	_ = r.ParseForm()
	kind := domain.MessageKind(r.PostFormValue("kind"))
	name := map[domain.MessageKind]string{domain.KindMessage: "message", domain.KindNote: "note", domain.KindMinutes: "minutes"}[kind]
	if name == "" {
		name, kind = "message", domain.KindMessage
	}
	return s.reportStep(w, r, name, name, func(c caseCall) error {
		if _, err := s.store.AddMessage(c.ctx, c.actor, c.orgID, c.id, c.kr, kind, c.f.Values.Get("message")); err != nil {
			return err
		}
		if kind == domain.KindNote { // internal: the reporter is not told
			return nil
		}
		s.notices.Reporter(c.ctx, state(r).org, &domain.Report{ID: c.id}, c.kr)
		return nil
	})
}

// sendFeedback sends the reporter the feedback on the assessment and
// follow-up of their report, in the words the coordinator chose (the page
// suggests a text per outcome to edit). The first one meets the feedback
// deadline; the reporter is told by e-mail when they left an address.
func (s *Server) sendFeedback(w http.ResponseWriter, r *http.Request) error {
	return s.reportStep(w, r, "feedback", "feedback", func(c caseCall) error {
		if _, err := s.store.AddMessage(c.ctx, c.actor, c.orgID, c.id, c.kr, domain.KindFeedback, c.f.Values.Get("message")); err != nil {
			return err
		}
		s.notices.Reporter(c.ctx, state(r).org, &domain.Report{ID: c.id}, c.kr)
		return nil
	})
}

// addAllegation adds a suspected breach: a national type, or one of the
// organisation's own categories (whose type it then takes), or both when
// they agree.
func (s *Server) addAllegation(w http.ResponseWriter, r *http.Request) error {
	return s.reportStep(w, r, "allegation", "allegation", func(c caseCall) error {
		var own int64
		if v := strings.TrimSpace(c.f.Values.Get("own_category")); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				return domain.FieldError("own_category", "err.choice_invalid")
			}
			own = n
		}
		return s.store.AddAllegation(c.ctx, c.actor, c.orgID, c.id, c.kr, domain.Category(c.f.Values.Get("category")), own)
	})
}

// setOutcome records the finding on one allegation (and may change it).
func (s *Server) setOutcome(w http.ResponseWriter, r *http.Request) error {
	aid, err := casePathID(r, "aid")
	if err != nil {
		return err
	}
	return s.reportStep(w, r, "outcome-"+strconv.FormatInt(aid, 10), "outcome", func(c caseCall) error {
		note := c.f.Values.Get("note")
		if utf8.RuneCountInString(note) > domain.MaxTextRunes {
			return domain.FieldError("note", "err.too_long")
		}
		return s.store.SetOutcomeWith(c.ctx, c.actor, c.orgID, c.id, aid, c.kr, store.OutcomeChange{Outcome: domain.Outcome(c.f.Values.Get("outcome")),
			Note: note, ReferredTo: domain.Referral(c.f.Values.Get("referred_to")), ReferredName: c.f.Values.Get("referred_name"),
			StopReason: domain.StopReason(c.f.Values.Get("stop_reason"))})
	})
}

func (s *Server) addMeasure(w http.ResponseWriter, r *http.Request) error {
	return s.reportStep(w, r, "measure", "measure", func(c caseCall) error {
		note := c.f.Values.Get("note")
		if utf8.RuneCountInString(note) > domain.MaxTextRunes {
			return domain.FieldError("note", "err.too_long")
		}
		return s.store.AddMeasure(c.ctx, c.actor, c.orgID, c.id, c.kr, domain.MeasureKind(c.f.Values.Get("measure")), note)
	})
}

func (s *Server) setInvestigation(w http.ResponseWriter, r *http.Request) error {
	return s.reportStep(w, r, "investigation", "investigation", func(c caseCall) error {
		bureau := strings.TrimSpace(c.f.Values.Get("investigator"))
		if utf8.RuneCountInString(bureau) > 200 {
			return domain.FieldError("investigator", "err.too_long")
		}
		return s.store.SetInvestigation(c.ctx, c.actor, c.orgID, c.id, c.kr, domain.Investigation(c.f.Values.Get("investigation")), bureau)
	})
}

// setSubject gives the report its short subject for the report list.
func (s *Server) setSubject(w http.ResponseWriter, r *http.Request) error {
	return s.reportStep(w, r, "subject", "subject", func(c caseCall) error {
		return s.store.SetSubject(c.ctx, c.actor, c.orgID, c.id, c.kr, c.f.Values.Get("subject"))
	})
}

func (s *Server) setReferral(w http.ResponseWriter, r *http.Request) error {
	return s.reportStep(w, r, "referral", "referral", func(c caseCall) error {
		return s.store.Refer(c.ctx, c.actor, c.orgID, c.id, c.kr, domain.Referral(c.f.Values.Get("referred_to")), c.f.Values.Get("referred_name"))
	})
}

func (s *Server) assignReport(w http.ResponseWriter, r *http.Request) error {
	return s.reportStep(w, r, "assignees", "assigned", func(c caseCall) error {
		var ids []int64
		for _, v := range c.f.Values["assignees"] {
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return domain.FieldError("assignees", "err.choice_invalid")
			}
			ids = append(ids, id)
		}
		return s.store.AssignReport(c.ctx, c.actor, c.orgID, c.id, c.kr, ids)
	})
}

func (s *Server) linkReport(w http.ResponseWriter, r *http.Request) error {
	return s.reportStep(w, r, "link", "linked", func(c caseCall) error {
		n := strings.TrimSpace(c.f.Values.Get("number"))
		if n == "" {
			return domain.FieldError("number", "case.err_number")
		}
		return s.store.LinkReports(c.ctx, c.actor, c.orgID, c.id, c.kr, n)
	})
}

// requestIdentity asks a custodian to disclose the reporter's identity to
// the requesting handler; on the ground of consent the reporter is asked
// first, in the mailbox and by e-mail when they left an address. The
// reporter sees the decision, and its ground, in the mailbox.
func (s *Server) requestIdentity(w http.ResponseWriter, r *http.Request) error {
	return s.reportStep(w, r, "identity", "identity", func(c caseCall) error {
		reason := c.f.Values.Get("reason")
		if utf8.RuneCountInString(reason) > 2000 {
			return domain.FieldError("reason", "err.too_long")
		}
		basis := domain.DisclosureBasis(c.f.Values.Get("basis"))
		if err := s.store.RequestIdentity(c.ctx, c.actor, c.orgID, c.id, c.kr, reason, basis); err != nil {
			return err
		}
		if basis == domain.DisclosureBasisConsent { // the reporter is asked in the mailbox
			s.notices.Reporter(c.ctx, state(r).org, &domain.Report{ID: c.id}, c.kr)
		}
		return nil
	})
}

// closeReport closes the report with a final message to the reporter, once
// every allegation has an outcome.
func (s *Server) closeReport(w http.ResponseWriter, r *http.Request) error {
	return s.reportStep(w, r, "close", "closed", func(c caseCall) error {
		if err := s.store.CloseReport(c.ctx, c.actor, c.orgID, c.id, c.kr, c.f.Values.Get("message")); err != nil {
			return err
		}
		s.notices.Reporter(c.ctx, state(r).org, &domain.Report{ID: c.id}, c.kr)
		return nil
	})
}

// reportAttachment sends an attachment as a download, never shown inline:
// a file from a reporter may be anything, and must not run in our origin.
func (s *Server) reportAttachment(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	id, err := casePathID(r, "id")
	if err != nil {
		return err
	}
	aid, err := casePathID(r, "aid")
	if err != nil {
		return err
	}
	kr, err := s.keyring(r)
	if err != nil {
		return err
	}
	a, err := s.store.AttachmentFor(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, id, aid, kr)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/octet-stream")
	h.Set("Content-Disposition", attachmentDisposition(a.Name))
	h.Set("Content-Length", strconv.Itoa(len(a.Content)))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	w.WriteHeader(http.StatusOK)
	_, err = w.Write(a.Content)
	return err
}

// contentDisposition makes an attachment header with the file name twice:
// as plain ASCII for old clients, and exactly, percent-encoded in UTF-8
// (RFC 6266, RFC 8187).
func attachmentDisposition(name string) string {
	// Only the last path element, whatever the reporter's system sent.
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.TrimSpace(name)
	if name == "" || name == "." || name == ".." {
		name = "bijlage"
	}
	var ascii, enc strings.Builder
	for _, r := range name {
		switch {
		case r < 0x20 || r == 0x7f || r > 0x7e || r == '"' || r == '\\' || r == '%' || r == ';':
			ascii.WriteByte('_')
		default:
			ascii.WriteRune(r)
		}
	}
	const attrChar = "!#$&+-.^_`|~"
	for _, b := range []byte(name) {
		if b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || strings.IndexByte(attrChar, b) >= 0 {
			enc.WriteByte(b)
		} else {
			enc.WriteString("%" + strings.ToUpper(strconv.FormatInt(int64(b)|0x100, 16)[1:]))
		}
	}
	return `attachment; filename="` + ascii.String() + `"; filename*=UTF-8''` + enc.String()
}
