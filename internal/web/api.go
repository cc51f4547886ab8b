package web

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/i18n"
	"github.com/integer-nl/integer/internal/meldpunt"
	"github.com/integer-nl/integer/internal/store"
)

// The public JSON API of the reporting point, for organisations that embed
// the report form in their own site: submit a report, read the mailbox,
// write in it. Described in openapi.json. Every answer is JSON, errors too:
//
//	{"error": {"code": "invalid", "field": "description", "message": "…"}}
//
// The messages are Dutch unless ?lang=en or Accept-Language asks for
// English. The receipt code travels in the body of the 201 answer and, to
// open the mailbox, in the header "Authorization: Receipt <code>"; never in
// a URL. These routes are not under /{org}/, so they resolve the
// organisation themselves.

// apiBodyLimit bounds a JSON request body.
const apiBodyLimit = 64 << 10

// apiProblem is an answer of the API that no domain error code covers (413,
// 415) or that needs a field name of the API's own.
type apiProblem struct {
	status int
	code   string
	field  string
	key    string
	args   []any
}

func (p *apiProblem) Error() string { return "api: " + p.code + ": " + p.key }

type apiErrorBody struct {
	Error apiErrorDetail `json:"error"`
}

type apiErrorDetail struct {
	Code    string `json:"code"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

// apiLang picks the language of the API's messages: ?lang= first, then
// Accept-Language, else Dutch. (The web pages ignore Accept-Language; an API
// client states what it wants.)
func apiLang(r *http.Request) string {
	return i18n.Negotiate(r.URL.Query().Get("lang"), r.Header.Get("Accept-Language"))
}

// writeJSON sends v with the status. Answers may hold a receipt code or a
// report's messages: never cached.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status, b = http.StatusInternalServerError, []byte(`{"error":{"code":"internal","message":"internal error"}}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}

// jsonAPI reports whether the route is one of the JSON API's: its errors
// are answered in JSON (apiError) instead of as a page.
func (rt route) jsonAPI() bool {
	_, path, _ := strings.Cut(rt.pattern, " ")
	return strings.HasPrefix(path, "/api/v1/{org}/")
}

// apiError answers with the JSON error for err, through the same adapter as
// the pages (errorStatus): errors without a code are logged with the
// request ID and answered as "internal".
func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	rs := state(r)
	lang := apiLang(r)
	if p, ok := errors.AsType[*apiProblem](err); ok {
		writeJSON(w, p.status, apiErrorBody{apiErrorDetail{Code: p.code, Field: p.field, Message: s.cat.T(lang, p.key, p.args...)}})
		return
	}
	e, status := s.errorStatus(w, r, err)
	if e.Code == domain.EUNAUTHORIZED && w.Header().Get("WWW-Authenticate") == "" {
		w.Header().Set("WWW-Authenticate", `Receipt realm="mailbox"`)
	}
	msg := s.cat.T(lang, e.Key, e.Args...)
	if e.Code == domain.EINTERNAL {
		msg += " (" + rs.id + ")"
	}
	writeJSON(w, status, apiErrorBody{apiErrorDetail{Code: e.Code, Field: e.Field, Message: msg}})
}

// apiOrg resolves the organisation of the path: ENOTFOUND for an unknown one.
func (s *Server) apiOrg(r *http.Request) (*domain.Organisation, error) {
	org, err := s.store.OrganisationBySlug(r.Context(), r.PathValue("org"))
	if err != nil {
		return nil, err
	}
	state(r).org = org
	return org, nil
}

// decodeJSON reads a JSON object of at most apiBodyLimit bytes into v,
// refusing unknown fields and anything after the object.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	_, err := decodeJSONWithin(w, r, v, apiBodyLimit)
	return err
}

// decodeJSONWithAttachments is decodeJSON for a reporter's request that may
// carry attachments: the body may hold every file at its largest (in
// base64), and the rest of it is held to apiBodyLimit as any request's.
func decodeJSONWithAttachments(w http.ResponseWriter, r *http.Request, v any, files func() []apiAttachmentIn) error {
	n, err := decodeJSONWithin(w, r, v, apiBodyLimit+reporterUploadLimit)
	if err != nil {
		return err
	}
	for _, f := range files() {
		n -= int64(base64.StdEncoding.EncodedLen(len(f.Content)))
	}
	if n > apiBodyLimit {
		return jsonProblem(&http.MaxBytesError{Limit: apiBodyLimit})
	}
	return nil
}

// decodeJSONWithin is decodeJSON for a body of at most limit bytes; it
// returns the body's size.
func decodeJSONWithin(w http.ResponseWriter, r *http.Request, v any, limit int64) (int64, error) {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || mt != "application/json" {
		return 0, &apiProblem{status: http.StatusUnsupportedMediaType, code: "unsupported_media_type", key: "err.api_content_type"}
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		return 0, jsonProblem(err)
	}
	// encoding/json turns invalid UTF-8 and unpaired surrogate escapes into
	// U+FFFD without a word; refuse them on the raw body instead.
	if !utf8.Valid(raw) || loneSurrogate(raw) {
		return 0, &apiProblem{status: http.StatusBadRequest, code: domain.EINVALID, key: "err.api_json_encoding"}
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return 0, jsonProblem(err)
	}
	if err := dec.Decode(&json.RawMessage{}); err != io.EOF {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return 0, jsonProblem(err)
		}
		return 0, &apiProblem{status: http.StatusBadRequest, code: domain.EINVALID, key: "err.api_json_trailing"}
	}
	return int64(len(raw)), nil
}

// loneSurrogate reports whether a JSON text holds a \uXXXX escape of a
// surrogate half (D800–DFFF) that is not a high half directly followed by
// the escape of a low half.
func loneSurrogate(raw []byte) bool {
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' {
			continue
		}
		if i+1 < len(raw) && raw[i+1] != 'u' {
			i++ // another escape, such as \\ or \"
			continue
		}
		r, ok := escapeAt(raw, i)
		if !ok {
			continue // a syntax error, which the decoder reports
		}
		switch {
		case r >= 0xDC00 && r <= 0xDFFF:
			return true
		case r >= 0xD800 && r <= 0xDBFF:
			low, ok := escapeAt(raw, i+6)
			if !ok || low < 0xDC00 || low > 0xDFFF {
				return true
			}
			i += 11
		default:
			i += 5
		}
	}
	return false
}

// escapeAt reads the \uXXXX escape at raw[i:].
func escapeAt(raw []byte, i int) (rune, bool) {
	if i+6 > len(raw) || raw[i] != '\\' || raw[i+1] != 'u' {
		return 0, false
	}
	v, err := strconv.ParseUint(string(raw[i+2:i+6]), 16, 32)
	return rune(v), err == nil
}

// jsonProblem names what was wrong with a JSON body, and the field where
// there is one.
func jsonProblem(err error) error {
	bad := func(field, key string, args ...any) error {
		return &apiProblem{status: http.StatusBadRequest, code: domain.EINVALID, field: field, key: key, args: args}
	}
	if mbe, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return &apiProblem{status: http.StatusRequestEntityTooLarge, code: "too_large", key: "err.api_too_large", args: []any{mbe.Limit >> 10}}
	}
	if te, ok := errors.AsType[*json.UnmarshalTypeError](err); ok {
		if te.Field == "" {
			return bad("", "err.api_json_object")
		}
		return bad(te.Field, "err.api_json_type", te.Field)
	}
	if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if f, uerr := strconv.Unquote(field); uerr == nil {
			field = f
		}
		return bad(field, "err.api_json_unknown_field", field)
	}
	if errors.Is(err, io.EOF) {
		return bad("", "err.api_json_empty")
	}
	return bad("", "err.api_json_syntax")
}

// apiReportInput is the body of POST /api/v1/{org}/reports.
type apiReportInput struct {
	Context       string `json:"context"`
	Description   string `json:"description"`
	When          string `json:"when"`
	Where         string `json:"where"`
	Involved      string `json:"involved"`
	HowKnown      string `json:"how_known"`
	ReporterKind  string `json:"reporter_kind"`
	Whistleblower bool   `json:"whistleblower"`
	Anonymous     *bool  `json:"anonymous"`
	Name          string `json:"name"`
	Contact       string `json:"contact"`
	NotifyEmail   string `json:"notify_email"`
	// Attachments are stored without their metadata unless KeepMetadata.
	Attachments []apiAttachmentIn `json:"attachments"`
}

// apiAttachmentIn is a reporter's file sent through the API.
type apiAttachmentIn struct {
	Name         string `json:"name"`
	Content      []byte `json:"content"` // base64
	KeepMetadata bool   `json:"keep_metadata"`
}

// apiAttachmentOut says what was done with a file's metadata.
type apiAttachmentOut struct {
	Name     string             `json:"name"`
	Format   string             `json:"format"`
	Metadata domain.MetaOutcome `json:"metadata"`
	Fields   []domain.MetaField `json:"fields"`
}

// apiAttachmentsOut pairs the files sent with what was done with their
// metadata; an empty list, never null.
func apiAttachmentsOut(files []meldpunt.Upload, metas []domain.AttachmentMeta) []apiAttachmentOut {
	out := []apiAttachmentOut{}
	for i, m := range metas {
		out = append(out, apiAttachmentOut{Name: files[i].Name, Format: m.Format, Metadata: m.Outcome,
			Fields: append([]domain.MetaField{}, m.Fields...)})
	}
	return out
}

// apiUploads checks the files of a request as the forms do: a name, some
// content, at most domain.MaxAttachmentBytes each and domain.MaxAttachments
// in all. Errors: EINVALID naming "attachments".
func apiUploads(in []apiAttachmentIn) ([]meldpunt.Upload, error) {
	if len(in) > domain.MaxAttachments {
		return nil, domain.FieldError("attachments", "err.attachments_too_many", domain.MaxAttachments)
	}
	out := make([]meldpunt.Upload, len(in))
	for i, a := range in {
		name := reporterFileName(a.Name)
		switch {
		case len(a.Content) == 0:
			return nil, domain.FieldError("attachments", "err.attachment_empty", name)
		case len(a.Content) > domain.MaxAttachmentBytes:
			return nil, domain.FieldError("attachments", "err.attachment_named_too_big", name, domain.MaxAttachmentBytes>>20)
		}
		out[i] = meldpunt.Upload{Name: name, Content: a.Content, KeepMetadata: a.KeepMetadata}
	}
	return out, nil
}

type apiReportCreated struct {
	Receipt            string `json:"receipt"`
	Number             string `json:"number"`
	AcknowledgementDue string `json:"acknowledgement_due"`
	FeedbackDue        string `json:"feedback_due"`
	// Attachments says per file what was done with its metadata.
	Attachments []apiAttachmentOut `json:"attachments"`
}

// apiDay writes a date as the API does: YYYY-MM-DD, the day in Amsterdam.
func apiDay(t time.Time) string { return domain.DateOf(t).String() }

func apiOptionalDay(t *time.Time) *string {
	if t == nil {
		return nil
	}
	d := apiDay(*t)
	return &d
}

// apiSubmitReport stores a report and answers 201 with its receipt code:
// the only time the code is ever sent.
func (s *Server) apiSubmitReport(w http.ResponseWriter, r *http.Request) error {
	org, err := s.apiOrg(r)
	if err != nil {
		return err
	}
	var body apiReportInput
	if err := decodeJSONWithAttachments(w, r, &body, func() []apiAttachmentIn { return body.Attachments }); err != nil {
		return err
	}
	files, err := apiUploads(body.Attachments)
	if err != nil {
		return err
	}
	if body.Anonymous == nil {
		return domain.FieldError("anonymous", "err.api_anonymous_required")
	}
	in := domain.NewReport{
		Channel: body.Context, Source: domain.SourceWeb, ReporterKind: domain.ReporterKind(body.ReporterKind), Anonymous: *body.Anonymous,
		Whistleblower: body.Whistleblower,
		Content: domain.ReportContent{What: body.Description, When: strings.TrimSpace(body.When), Where: strings.TrimSpace(body.Where),
			Who: strings.TrimSpace(body.Involved), HowKnown: domain.HowKnownKind(body.HowKnown), Lang: apiLang(r)},
		Identity:    domain.ReporterIdentity{Name: strings.TrimSpace(body.Name), Contact: strings.TrimSpace(body.Contact)},
		NotifyEmail: body.NotifyEmail,
	}
	sub, err := s.meldpunt.Submit(r.Context(), meldpunt.Submission{Org: org, By: store.Reporter, Report: in, Files: files, From: s.client(r)})
	if err != nil {
		return err
	}
	rep := sub.Report
	out := apiReportCreated{
		Receipt: sub.Code, Number: rep.Number,
		AcknowledgementDue: apiDay(domain.AcknowledgementDue(rep.ReceivedAt)),
		FeedbackDue:        apiDay(domain.FeedbackDue(rep.ReceivedAt, nil)),
		Attachments:        apiAttachmentsOut(files, sub.Files),
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

// apiReceipt reads the code of "Authorization: Receipt <code>". A missing
// header or another scheme is refused here, without counting (nothing was
// guessed); the use case counts a malformed or wrong code.
func apiReceipt(r *http.Request) (string, error) {
	scheme, code, _ := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	if !strings.EqualFold(scheme, "Receipt") || strings.TrimSpace(code) == "" {
		return "", domain.Errorf(domain.EUNAUTHORIZED, "err.api_receipt_header")
	}
	return code, nil
}

type apiMailboxOut struct {
	Number             string              `json:"number"`
	Context            string              `json:"context"`
	State              string              `json:"state"`
	Whistleblower      bool                `json:"whistleblower"`
	Anonymous          bool                `json:"anonymous"`
	ReceivedOn         string              `json:"received_on"`
	AcknowledgedOn     *string             `json:"acknowledged_on"`
	AcknowledgementDue string              `json:"acknowledgement_due"`
	FeedbackOn         *string             `json:"feedback_on"`
	FeedbackDue        string              `json:"feedback_due"`
	ClosedOn           *string             `json:"closed_on"`
	Report             apiReportContent    `json:"report"`
	Messages           []apiMessage        `json:"messages"`
	Disclosures        []apiDisclosureOut  `json:"disclosures"`
	ConsentRequests    []apiConsentRequest `json:"consent_requests"`
}

type apiReportContent struct {
	Description string `json:"description"`
	When        string `json:"when,omitempty"`
	Where       string `json:"where,omitempty"`
	Involved    string `json:"involved,omitempty"`
	HowKnown    string `json:"how_known,omitempty"`
}

type apiMessage struct {
	From        string   `json:"from"` // reporter | reporting_point
	Kind        string   `json:"kind"` // message | minutes | system | feedback
	At          string   `json:"at"`
	Body        string   `json:"body"`
	Approval    string   `json:"approval,omitempty"`    // minutes: pending | approved | corrected
	Attachments []string `json:"attachments,omitempty"` // names of the reporter's own files
}

type apiDisclosureOut struct {
	To    string `json:"to"`
	On    string `json:"on"`
	Basis string `json:"basis"` // consent | legal_duty
}

// apiConsentRequest is a request to see the reporter's identity on the
// ground of their consent that waits for their answer (given in the web
// mailbox).
type apiConsentRequest struct {
	ID     int64  `json:"id"`
	To     string `json:"to"`
	Reason string `json:"reason"`
	On     string `json:"on"`
}

// apiMailbox answers the reporter's view of their report.
func (s *Server) apiMailbox(w http.ResponseWriter, r *http.Request) error {
	org, err := s.apiOrg(r)
	if err != nil {
		return err
	}
	code, err := apiReceipt(r)
	if err != nil {
		return err
	}
	_, mb, err := s.meldpunt.OpenMailbox(r.Context(), org, s.client(r), code)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiMailboxView(mb))
	return nil
}

func apiMailboxView(mb *store.Mailbox) apiMailboxOut {
	rep := mb.Report
	out := apiMailboxOut{
		Number: rep.Number, Context: rep.ChannelCode, State: string(rep.State), Whistleblower: rep.Whistleblower, Anonymous: rep.Anonymous,
		ReceivedOn: apiDay(rep.ReceivedAt), AcknowledgedOn: apiOptionalDay(rep.AcknowledgedAt),
		AcknowledgementDue: apiDay(domain.AcknowledgementDue(rep.ReceivedAt)),
		FeedbackOn:         apiOptionalDay(rep.FeedbackAt), FeedbackDue: apiDay(domain.FeedbackDue(rep.ReceivedAt, rep.AcknowledgedAt)),
		ClosedOn: apiOptionalDay(rep.ClosedAt),
		Messages: []apiMessage{}, Disclosures: []apiDisclosureOut{}, ConsentRequests: []apiConsentRequest{},
	}
	if c := rep.Content; c != nil {
		out.Report = apiReportContent{Description: c.What, When: c.When, Where: c.Where, Involved: c.Who, HowKnown: string(c.HowKnown)}
	}
	for _, m := range mb.Messages {
		v := apiMessage{From: "reporting_point", Kind: string(m.Kind), At: m.At.UTC().Format(time.RFC3339), Body: m.Body}
		if m.FromReporter {
			v.From = "reporter"
		}
		if m.Kind == domain.KindMinutes {
			v.Approval = string(m.Approval)
		}
		for _, a := range m.Attachments {
			if a.FromReporter {
				v.Attachments = append(v.Attachments, a.Name)
			}
		}
		out.Messages = append(out.Messages, v)
	}
	for _, d := range mb.Disclosures {
		v := apiDisclosureOut{To: d.Requester, Basis: string(d.Basis)}
		if d.DecidedAt != nil {
			v.On = apiDay(*d.DecidedAt)
		}
		out.Disclosures = append(out.Disclosures, v)
	}
	for _, q := range mb.Consents {
		out.ConsentRequests = append(out.ConsentRequests, apiConsentRequest{ID: q.ID, To: q.Requester, Reason: q.Reason, On: apiDay(q.At)})
	}
	return out
}

type apiMessageInput struct {
	Body        string            `json:"body"`
	Attachments []apiAttachmentIn `json:"attachments"`
}

type apiMessageSent struct {
	Number string `json:"number"`
	// Attachments says per file what was done with its metadata.
	Attachments []apiAttachmentOut `json:"attachments"`
}

// apiMailboxMessage adds the reporter's message to their report.
func (s *Server) apiMailboxMessage(w http.ResponseWriter, r *http.Request) error {
	org, err := s.apiOrg(r)
	if err != nil {
		return err
	}
	var body apiMessageInput
	if err := decodeJSONWithAttachments(w, r, &body, func() []apiAttachmentIn { return body.Attachments }); err != nil {
		return err
	}
	files, err := apiUploads(body.Attachments)
	if err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(body.Body) == "":
		return domain.FieldError("body", "err.message_required")
	case len([]rune(body.Body)) > domain.MaxTextRunes:
		return domain.FieldError("body", "err.too_long")
	}
	code, err := apiReceipt(r)
	if err != nil {
		return err
	}
	rep, metas, err := s.meldpunt.Message(r.Context(), org, s.client(r), code, body.Body, files)
	if e := domain.AsError(err); e != nil && e.Field == "message" {
		e2 := *e
		e2.Field = "body"
		err = &e2
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, apiMessageSent{Number: rep.Number, Attachments: apiAttachmentsOut(files, metas)})
	return nil
}

// apiProblemBody is an error of the API as a problem document (RFC 9457),
// with the API's own error object beside it, for paths the API does not
// have.
type apiProblemBody struct {
	Type   string         `json:"type"`
	Title  string         `json:"title"`
	Status int            `json:"status"`
	Detail string         `json:"detail"`
	Error  apiErrorDetail `json:"error"`
}

// apiUnknown answers a request under /api/ that no route of the API takes:
// 405 with Allow when the path exists for other methods, else 404; both as
// application/problem+json in the client's language, never the HTML page.
func (s *Server) apiUnknown(mux *http.ServeMux) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		lang := apiLang(r)
		var allow []string
		for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
			if m == r.Method {
				continue
			}
			probe := r.Clone(r.Context())
			probe.Method = m
			if _, pattern := mux.Handler(probe); pattern != "/api/" && strings.Contains(pattern, "/api/") {
				allow = append(allow, m)
			}
		}
		status, code, msg := http.StatusNotFound, domain.ENOTFOUND, s.cat.T(lang, "err.api_unknown_path")
		if len(allow) > 0 {
			status, code = http.StatusMethodNotAllowed, "method_not_allowed"
			msg = s.cat.T(lang, "err.api_method_not_allowed", r.Method, strings.Join(allow, ", "))
			w.Header().Set("Allow", strings.Join(allow, ", "))
		}
		b, _ := json.Marshal(apiProblemBody{Type: "about:blank", Title: http.StatusText(status), Status: status, Detail: msg,
			Error: apiErrorDetail{Code: code, Message: msg}})
		h := w.Header()
		h.Set("Content-Type", "application/problem+json")
		h.Set("Cache-Control", "no-store")
		w.WriteHeader(status)
		_, err := w.Write(append(b, '\n'))
		return err
	}
}
