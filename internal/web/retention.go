package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
)

// Retention (controller): the terms of the Selectielijst 2020 per record
// type, the destruction list of the records whose term has run out, the
// approval of all or some entries under a named mandate, and the
// statement of destruction (page and PDF) of each destruction carried out.
// The controller holds the duty of approving destruction (docs/retention.md).

type retentionPage struct {
	Terms        []retentionTermRow
	Candidates   []retentionCandidateRow
	Form         *form
	Destructions []retentionDoneRow
	Notice       string
}

type retentionTermRow struct {
	Kind, Term, From string
	Proposed         bool
}

type retentionCandidateRow struct {
	Key, Kind, Ref, Start, Expired string
	Checked                        bool
}

type retentionDoneRow struct {
	ID            int64
	At, By, Count string
}

func (s *Server) retentionPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderRetention(w, r, http.StatusOK, &form{Values: url.Values{}, Errors: map[string]string{}}, nil)
}

// renderRetention shows the page; chosen are the keys ticked in a refused
// approval (nil: every entry ticked).
func (s *Server) renderRetention(w http.ResponseWriter, r *http.Request, status int, f *form, chosen map[string]bool) error {
	rs := state(r)
	ctx := r.Context()
	p := retentionPage{Form: f, Notice: s.acDone(r, "retention.done_")}
	for _, term := range domain.RetentionTerms {
		row := retentionTermRow{Kind: s.cat.T(rs.lang, "retention.kind."+string(term.Kind)), From: s.cat.T(rs.lang, term.From), Proposed: term.Proposed}
		switch {
		case term.OwnRules:
			row.Term = s.cat.T(rs.lang, "retention.own_rules")
		case term.Permanent():
			row.Term = s.cat.T(rs.lang, "retention.permanent")
		default:
			row.Term = s.cat.T(rs.lang, "retention.years", term.Years)
		}
		p.Terms = append(p.Terms, row)
	}
	list, err := s.store.DestructionList(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	for _, c := range list {
		p.Candidates = append(p.Candidates, retentionCandidateRow{Key: c.Key(), Kind: s.cat.T(rs.lang, "retention.kind."+string(c.Kind)),
			Ref: c.Ref, Start: domain.DateOf(c.Start).Display(), Expired: domain.DateOf(c.Expired).Display(), Checked: chosen == nil || chosen[c.Key()]})
	}
	done, err := s.store.Destructions(ctx, rs.org.ID)
	if err != nil {
		return err
	}
	for _, d := range done {
		p.Destructions = append(p.Destructions, retentionDoneRow{ID: d.ID, At: d.At.In(domain.Amsterdam()).Format(domain.DisplayLayout + " 15:04"),
			By: d.ApprovedBy, Count: strconv.Itoa(len(d.Entries))})
	}
	s.render(w, r, status, "retention", s.cat.T(rs.lang, "retention.title"), p)
	return nil
}

// destroy carries out the approved entries and shows the statement.
func (s *Server) destroy(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	f := newForm(r)
	a := domain.DestructionApproval{Keys: f.Values["entries"], Authority: f.Values.Get("authority")}
	errs := a.Check()
	var d *domain.Destruction
	if len(errs) == 0 {
		name := rs.user.DisplayName
		if name == "" {
			name = rs.user.Username
		}
		var err error
		if d, err = s.store.Destroy(r.Context(), store.UserActor(rs.user, rs.session.ID), rs.org.ID, name, a); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		if err := s.failAll(f, rs.lang, errs); err != nil {
			return err
		}
		if f.Error == "" {
			f.Error = s.cat.T(rs.lang, "retention.check_fields")
		}
		chosen := map[string]bool{}
		for _, k := range a.Keys {
			chosen[k] = true
		}
		return s.renderRetention(w, r, statusFor[domain.ErrorCode(errs[0])], f, chosen)
	}
	s.redirect(w, r, s.orgURL(rs.org, fmt.Sprintf("retention/destructions/%d?done=destroyed", d.ID)))
	return nil
}

type destructionPage struct {
	ID     int64
	Body   template.HTML
	Notice string
	PDF    bool
}

func (s *Server) destruction(r *http.Request) (*domain.Destruction, error) {
	id, err := acPathID(r, "err.destruction_not_found")
	if err != nil {
		return nil, err
	}
	return s.store.Destruction(r.Context(), state(r).org.ID, id)
}

// destructionStatement shows the statement of destruction.
func (s *Server) destructionStatement(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	d, err := s.destruction(r)
	if err != nil {
		return err
	}
	body, err := report.DestructionStatement(d, rs.org.Name, s.cat, rs.lang).BodyHTML(s.cat.T(rs.lang, "annual.toc"))
	if err != nil {
		return err
	}
	p := destructionPage{ID: d.ID, Body: body, Notice: s.acDone(r, "retention.done_"), PDF: s.pdf.Available()}
	s.render(w, r, http.StatusOK, "destruction", s.cat.T(rs.lang, "retention.statement_title"), p)
	return nil
}

// destructionPDF prints the statement of destruction, as the annual
// report is printed; its download is audited.
func (s *Server) destructionPDF(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	d, err := s.destruction(r)
	if err != nil {
		return err
	}
	if !s.pdf.Available() {
		return domain.Errorf(domain.EUNAVAILABLE, "err.annual_report_pdf_engine")
	}
	var b bytes.Buffer
	doc := report.DestructionStatement(d, rs.org.Name, s.cat, rs.lang)
	if err := s.pdf.Write(r.Context(), &b, doc, s.cat.T(rs.lang, "annual.toc"), s.cat.T(rs.lang, "annual.page_of"), ReportStylesheet()); err != nil {
		return err
	}
	if err := s.store.Audit(r.Context(), store.UserActor(rs.user, rs.session.ID).In(rs.org.ID), "retention.statement", "destruction", strconv.FormatInt(d.ID, 10), "pdf"); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="verklaring-van-vernietiging-%d.pdf"`, d.ID))
	h.Set("Cache-Control", "no-store")
	_, err = w.Write(b.Bytes())
	return err
}
