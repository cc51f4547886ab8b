package web

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/meldpunt"
	"github.com/integer-nl/integer/internal/seal"
	"github.com/integer-nl/integer/internal/store"
)

// The reporting point's public pages: the report form, the receipt shown
// once, and the reporter's mailbox. The reporter has no account and gets no
// cookie: the receipt code is the only key. It travels only in the bodies of
// POST requests (the mailbox forms carry it in a hidden field) and never in
// a URL, a cookie or a log line. Every page works without JavaScript.

const (
	// reporterUploadLimit bounds a whole form body: every attachment at its
	// largest (as sent, or held by the review page: sealed, in base64)
	// plus room for the text fields.
	reporterUploadLimit   = domain.MaxAttachments*heldFileLimit + 2<<20
	heldFileLimit         = (domain.MaxAttachmentBytes+4<<10)*4/3 + 64
	reporterFileNameRunes = 200
)

// errReporterUploadTooLarge is a body beyond reporterUploadLimit: answered with 413.
var errReporterUploadTooLarge = errors.New("upload too large")

// reporterChoice is one choice of the reporter kind select, labelled in the page's
// language.
type reporterChoice struct {
	Value, Label string
}

type reporterFormPage struct {
	Form      *form
	Channels  []check
	Kinds     []reporterChoice
	HowKnown  []check
	FilesLost bool // files were sent with a rejected form: they must be chosen again
	MaxFiles  int
	MaxFileMB int
	FormID    string // one-time id: the same form sent twice files one report
}

// reportForm explains the reporting point and shows the report form.
func (s *Server) reportForm(w http.ResponseWriter, r *http.Request) error {
	id, err := auth.NewToken()
	if err != nil {
		return err
	}
	f := &form{Values: url.Values{"anonymous": {"1"}, "reporter_kind": {"unknown"}, "form_id": {id}}, Errors: map[string]string{}}
	return s.renderReporterForm(w, r, http.StatusOK, f, false)
}

func (s *Server) renderReporterForm(w http.ResponseWriter, r *http.Request, status int, f *form, filesLost bool) error {
	rs := state(r)
	chans, err := s.meldpunt.Channels(r.Context(), rs.org.ID)
	if err != nil {
		return err
	}
	p := reporterFormPage{Form: f, FilesLost: filesLost, MaxFiles: domain.MaxAttachments, MaxFileMB: domain.MaxAttachmentBytes >> 20,
		FormID: f.Values.Get("form_id")}
	for _, c := range chans {
		p.Channels = append(p.Channels, check{Value: c.Code, Label: c.Name(rs.lang), Checked: c.Code == f.Values.Get("context")})
	}
	p.Kinds = s.reporterChoices(rs.lang, "reporter.kind.", domain.Strings(domain.ReporterKinds))
	p.HowKnown = s.checks(rs.lang, "reporter.how.", domain.Strings(domain.HowKnown), []string{f.Values.Get("how_known")})
	s.render(w, r, status, "report_form", s.cat.T(rs.lang, "reporter.form_title"), p)
	return nil
}

func (s *Server) reporterChoices(lang, prefix string, codes []string) []reporterChoice {
	out := make([]reporterChoice, len(codes))
	for i, c := range codes {
		out[i] = reporterChoice{c, s.cat.T(lang, prefix+c)}
	}
	return out
}

type reporterReceiptPage struct {
	Code        string // grouped in fours
	Number      string
	Channel     string
	ReceivedAt  time.Time
	AckDue      time.Time
	FeedbackDue time.Time
	Anonymous   bool
	Files       int
	FilesFailed bool
}

// reporterAlreadyPage answers a form sent a second time.
type reporterAlreadyPage struct {
	Number string // "" when the first submission is still being stored
}

// ShownOnce hides the language switch on the receipt page.
func (reporterReceiptPage) ShownOnce() bool { return true }

// submitReport stores a report from the form and shows its receipt code,
// once: the page is the only place the code ever appears.
func (s *Server) submitReport(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	ctx := r.Context()
	f, files, sent, err := s.readReporterUpload(w, r)
	if errors.Is(err, errReporterUploadTooLarge) {
		f.Error = s.cat.T(rs.lang, "err.upload_too_large", domain.MaxAttachments, domain.MaxAttachmentBytes>>20)
		return s.renderReporterForm(w, r, http.StatusRequestEntityTooLarge, f, false)
	}
	if err != nil {
		return err
	}
	in := reporterInput(f.Values)
	in.Content.Lang = rs.lang
	if err := s.meldpunt.ChannelOpen(ctx, rs.org.ID, in.Channel); err != nil && !s.fail(f, rs.lang, err) {
		return err
	}
	if v := f.Values.Get("anonymous"); v != "0" && v != "1" {
		f.Errors["anonymous"] = s.cat.T(rs.lang, "err.choice_invalid")
	}
	check := in // Check trims what it checks; in goes to Submit as typed
	if err := s.failAll(f, rs.lang, check.Check()); err != nil {
		return err
	}
	if len(f.Errors) > 0 || f.Error != "" {
		if f.Error == "" {
			f.Error = s.cat.T(rs.lang, "reporter.form_has_errors")
		}
		return s.renderReporterForm(w, r, http.StatusBadRequest, f, sent > 0)
	}
	// Files with metadata are shown to the reporter first (review.go); the
	// review page sends them back held, with the reporter's choices.
	context := "report:" + strconv.FormatInt(rs.org.ID, 10) + ":" + f.Values.Get("form_id")
	if f.Values.Has(heldField) {
		held, err := s.heldFiles(context, f.Values)
		if err != nil {
			if !s.fail(f, rs.lang, err) {
				return err
			}
			return s.renderReporterForm(w, r, http.StatusBadRequest, f, true)
		}
		files = append(held, files...)
	} else if p := s.reviewStep(rs.lang, context, "/"+rs.org.Slug+"/report", f, files); p != nil {
		s.render(w, r, http.StatusOK, "attachments_review", s.cat.T(rs.lang, "clean.review_title"), p)
		return nil
	}
	// A reload of the receipt page sends the form again: its one-time id
	// makes that the same report, not a second one.
	sub, err := s.meldpunt.Submit(ctx, meldpunt.Submission{Org: rs.org, By: store.Reporter, Report: in, Files: files,
		FormID: f.Values.Get("form_id"), From: s.client(r)})
	if err != nil {
		if !s.fail(f, rs.lang, err) {
			return err
		}
		setRetryAfter(w, err)
		return s.renderReporterForm(w, r, statusFor[domain.ErrorCode(err)], f, sent > 0)
	}
	if sub.Repeat {
		s.render(w, r, http.StatusConflict, "report_already", s.cat.T(rs.lang, "reporter.already_title"), reporterAlreadyPage{Number: sub.RepeatNumber})
		return nil
	}
	rep, code := sub.Report, sub.Code
	filesFailed := false
	chName := rep.ChannelCode
	if ch, err := s.store.ChannelByCode(ctx, rs.org.ID, rep.ChannelCode); err == nil {
		chName = ch.Name(rs.lang)
	}
	s.render(w, r, http.StatusOK, "report_receipt", s.cat.T(rs.lang, "reporter.receipt_title"), reporterReceiptPage{
		Code: seal.FormatReceipt(code), Number: rep.Number, Channel: chName, ReceivedAt: rep.ReceivedAt,
		AckDue: domain.AcknowledgementDue(rep.ReceivedAt), FeedbackDue: domain.FeedbackDue(rep.ReceivedAt, nil),
		Anonymous: rep.Anonymous, Files: len(files), FilesFailed: filesFailed,
	})
	return nil
}

// reporterInput reads the report form's fields, named as in the API.
func reporterInput(v url.Values) domain.NewReport {
	return domain.NewReport{
		Channel:       v.Get("context"),
		Source:        "web",
		ReporterKind:  domain.ReporterKind(v.Get("reporter_kind")),
		Anonymous:     v.Get("anonymous") != "0",
		Whistleblower: v.Get("whistleblower") != "",
		Content: domain.ReportContent{What: v.Get("description"), When: strings.TrimSpace(v.Get("when")),
			Where: strings.TrimSpace(v.Get("where")), Who: strings.TrimSpace(v.Get("involved")), HowKnown: domain.HowKnownKind(v.Get("how_known"))},
		Identity:    domain.ReporterIdentity{Name: strings.TrimSpace(v.Get("name")), Contact: strings.TrimSpace(v.Get("contact"))},
		NotifyEmail: v.Get("notify_email"),
	}
}

// readReporterUpload reads a form that may carry files (multipart/form-data; a
// plain form is accepted too) within reporterUploadLimit. Files must be chosen in
// the field "attachments"; their problems go to that field of the form. It
// returns the form, the acceptable files and how many files were sent.
func (s *Server) readReporterUpload(w http.ResponseWriter, r *http.Request) (*form, []meldpunt.Upload, int, error) {
	lang := state(r).lang
	f := &form{Values: url.Values{}, Errors: map[string]string{}}
	r.Body = http.MaxBytesReader(w, r.Body, reporterUploadLimit)
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		if err := r.ParseForm(); err != nil {
			return s.uploadFailed(f, lang, err)
		}
		f.Values = r.PostForm
		return f, nil, 0, nil
	}
	parts, err := readMultipartInMemory(r)
	if err != nil {
		return s.uploadFailed(f, lang, err)
	}
	f.Values = parts.values
	// Later r.PostFormValue calls must find the fields, not parse again.
	r.PostForm, r.Form = parts.values, parts.values
	var files []meldpunt.Upload
	var problems []string
	for _, up := range parts.files {
		name := reporterFileName(up.name)
		switch {
		case up.tooBig:
			problems = append(problems, s.cat.T(lang, "err.attachment_named_too_big", name, domain.MaxAttachmentBytes>>20))
		case len(up.content) == 0:
			problems = append(problems, s.cat.T(lang, "err.attachment_empty", name))
		default:
			files = append(files, meldpunt.Upload{Name: name, Content: up.content})
		}
	}
	sent := len(parts.files)
	if sent > domain.MaxAttachments {
		problems = append([]string{s.cat.T(lang, "err.attachments_too_many", domain.MaxAttachments)}, problems...)
	}
	if len(problems) > 0 {
		f.Errors["attachments"] = strings.Join(problems, " ")
	}
	return f, files, sent, nil
}

func (s *Server) uploadFailed(f *form, lang string, err error) (*form, []meldpunt.Upload, int, error) {
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return f, nil, 0, errReporterUploadTooLarge
	}
	f.Error = s.cat.T(lang, "err.upload_unreadable")
	return f, nil, 0, nil
}

// upload is one file part of a reporter's form, read into memory.
type upload struct {
	name    string
	content []byte
	tooBig  bool
}

type multipartForm struct {
	values url.Values
	files  []upload
}

// readMultipartInMemory reads a multipart form part by part into memory.
// net/http's ParseMultipartForm would write large files to temporary files,
// unencrypted: a reporter's attachment must never touch the disk in the
// clear. The body is already bounded by MaxBytesReader.
func readMultipartInMemory(r *http.Request) (*multipartForm, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, err
	}
	out := &multipartForm{values: url.Values{}}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		name := part.FormName()
		if part.FileName() == "" && name == heldField {
			b, err := io.ReadAll(io.LimitReader(part, heldFileLimit+1))
			if err != nil {
				return nil, err
			}
			out.values.Add(name, string(b)) // too long: Unhold refuses it
			continue
		}
		if part.FileName() == "" && name != "attachments" {
			b, err := io.ReadAll(io.LimitReader(part, domain.MaxTextRunes*4+1))
			if err != nil {
				return nil, err
			}
			out.values.Add(name, string(b))
			continue
		}
		if name != "attachments" {
			io.Copy(io.Discard, part)
			continue
		}
		b, err := io.ReadAll(io.LimitReader(part, domain.MaxAttachmentBytes+1))
		if err != nil {
			return nil, err
		}
		if part.FileName() == "" && len(b) == 0 {
			continue // the empty part a browser sends when no file was chosen
		}
		out.files = append(out.files, upload{name: part.FileName(), content: b, tooBig: len(b) > domain.MaxAttachmentBytes})
		if len(out.files) > domain.MaxAttachments+1 {
			return out, nil // enough to say there are too many
		}
	}
}

// reporterFileName keeps a file's own name (net/http already dropped any
// directory), without control characters, without the bidirectional
// controls that make "rapport<U+202E>fdp.exe" show as "rapportexe.pdf", and
// of a sane length, with no space at either end.
func reporterFileName(name string) string {
	name = strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) || r == '/' || r == '\\' {
			return -1
		}
		return r
	}, name))
	if rs := []rune(name); len(rs) > reporterFileNameRunes {
		name = strings.TrimSpace(string(rs[:reporterFileNameRunes]))
	}
	if name == "" || name == "." || name == ".." {
		name = "bijlage"
	}
	return name
}
