package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/integer-nl/integer/internal/audit"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

type auditPage struct {
	Form    *form
	Entries []domain.AuditEntry
	Older   string
	Verify  *verifyResult
}

type verifyResult struct {
	Intact  bool
	Message string
}

const auditPageSize = 100

// auditLog lists the organisation's audit entries, newest first, filtered by
// action prefix, actor and dates. Reading the log is itself audited.
func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) error {
	return s.renderAudit(w, r, nil)
}

func (s *Server) renderAudit(w http.ResponseWriter, r *http.Request, verify *verifyResult) error {
	rs := state(r)
	q := r.URL.Query()
	f := &form{Values: q, Errors: map[string]string{}}
	filter := domain.AuditFilter{OrgID: rs.org.ID, Action: q.Get("action"), Actor: q.Get("actor"), Limit: auditPageSize}
	filter.From = parseDay(f, rs, s, "from")
	if to := parseDay(f, rs, s, "to"); !to.IsZero() {
		filter.To = to.AddDate(0, 0, 1) // the whole day
	}
	filter.BeforeID, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	entries, err := s.store.AuditEntries(r.Context(), filter)
	if err != nil {
		return err
	}
	page := auditPage{Form: f, Entries: entries, Verify: verify}
	if len(entries) == auditPageSize {
		older := url.Values{}
		for k, v := range q {
			older[k] = v
		}
		older.Set("before", strconv.FormatInt(entries[len(entries)-1].ID, 10))
		page.Older = s.orgURL(rs.org, "audit?"+older.Encode())
	}
	if err := s.store.Audit(r.Context(), store.UserActor(rs.user, rs.session.ID), "audit.read", "audit_log", "", q.Encode()); err != nil {
		return err
	}
	status := http.StatusOK
	if len(f.Errors) > 0 {
		status = http.StatusBadRequest
	}
	s.render(w, r, status, "audit", s.cat.T(rs.lang, "audit.title"), page)
	return nil
}

// parseDay reads the filter's day name (domain.ParseDate) as its first
// moment in Amsterdam; empty or malformed is the zero time, malformed with
// an error at the field.
func parseDay(f *form, rs *requestState, s *Server, name string) time.Time {
	d, err := domain.ParseDate(name, f.Values.Get(name))
	if err != nil {
		f.Errors[name] = s.cat.T(rs.lang, "err.date_invalid")
	}
	return d.Start()
}

// auditVerify checks the whole chain (every organisation's entries are links
// of it) and reports only whether it is intact and where it breaks; with a
// checkpoint (pasted, or a file) also against it: a log cut before the
// checkpoint's entry or rewritten up to it, and a forged checkpoint, are
// shown as such.
func (s *Server) auditVerify(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	raw, err := checkpointInput(w, r)
	if err != nil {
		return s.renderAudit(w, r, &verifyResult{Message: s.cat.T(rs.lang, "audit.checkpoint_invalid")})
	}
	var (
		n   int64
		brk *domain.AuditBreak
		cp  audit.Checkpoint
	)
	if raw == "" {
		n, brk, err = s.store.VerifyAudit(r.Context())
	} else if cp, err = audit.ReadCheckpoint(strings.NewReader(raw)); err != nil {
		return s.renderAudit(w, r, &verifyResult{Message: s.cat.T(rs.lang, "audit.checkpoint_invalid")})
	} else {
		n, brk, err = s.store.VerifyAuditCheckpoint(r.Context(), cp)
	}
	res := &verifyResult{Intact: err == nil && brk == nil}
	switch {
	case errors.Is(err, audit.ErrForged):
		res.Message = s.cat.T(rs.lang, "audit.checkpoint_forged")
	case errors.Is(err, audit.ErrOtherKey):
		res.Message = s.cat.T(rs.lang, "audit.checkpoint_other_key")
	case err != nil:
		return err
	case brk != nil:
		res.Message = s.cat.T(rs.lang, "audit.broken", brk.ID, s.cat.T(rs.lang, "audit.reason_"+brk.Reason))
	case raw != "":
		res.Message = s.cat.T(rs.lang, "audit.intact_checkpoint", n, cp.At.In(amsterdam).Format(domain.DisplayLayout+" 15:04:05"), cp.Seq)
	default:
		res.Message = s.cat.T(rs.lang, "audit.intact", n)
	}
	detail := strconv.FormatBool(res.Intact)
	if raw != "" {
		detail += fmt.Sprintf("; checkpoint %d %s", cp.Seq, cp.KeyID)
	}
	if err := s.store.Audit(r.Context(), store.UserActor(rs.user, rs.session.ID), "audit.verify", "audit_log", "", detail); err != nil {
		return err
	}
	return s.renderAudit(w, r, res)
}

// maxCheckpointForm bounds the verify form's body: a checkpoint is about
// 400 bytes, pasted or as a file.
const maxCheckpointForm = 32 << 10

// checkpointInput returns the checkpoint the auditor pasted or chose as a
// file ("" for none). The form is multipart (for the file); a plain form
// with only the text works too.
func checkpointInput(w http.ResponseWriter, r *http.Request) (string, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxCheckpointForm)
	err := r.ParseMultipartForm(maxCheckpointForm)
	if errors.Is(err, http.ErrNotMultipart) {
		err = r.ParseForm()
	}
	if err != nil {
		return "", err
	}
	if text := strings.TrimSpace(r.PostFormValue("checkpoint")); text != "" {
		return text, nil
	}
	if r.MultipartForm == nil {
		return "", nil
	}
	file, _, err := r.FormFile("checkpoint_file")
	if errors.Is(err, http.ErrMissingFile) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	defer file.Close()
	b, err := io.ReadAll(io.LimitReader(file, maxCheckpointForm))
	return strings.TrimSpace(string(b)), err
}

// auditCheckpoint downloads a signed checkpoint of the chain's head for the
// organisation, a small JSON file for the auditor to keep outside the
// server. The download is audited (after the checkpoint was signed).
func (s *Server) auditCheckpoint(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	cp, err := s.store.AuditCheckpoint(r.Context(), rs.org.Slug)
	if err != nil {
		return err
	}
	s.log.Info("audit checkpoint", "org", rs.org.Slug, "sequence", cp.Seq, "head_hash", cp.Head, "key_id", cp.KeyID)
	if err := s.store.Audit(r.Context(), store.UserActor(rs.user, rs.session.ID), "audit.checkpoint", "audit_log", cp.Seq, "download"); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="integer-audit-checkpoint-%s-%d.json"`, rs.org.Slug, cp.Seq))
	h.Set("Cache-Control", "no-store")
	_, err = w.Write(cp.Encode())
	return err
}

// auditCheckpointMail e-mails a new checkpoint to the organisation's
// auditors now, and says to how many.
func (s *Server) auditCheckpointMail(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	sent, err := s.notices.MailCheckpoint(r.Context(), rs.org, nil)
	if err != nil {
		return err
	}
	if err := s.store.Audit(r.Context(), store.UserActor(rs.user, rs.session.ID), "audit.checkpoint", "audit_log", "", fmt.Sprintf("mailed to %d auditor(s)", sent)); err != nil {
		return err
	}
	res := &verifyResult{Intact: sent > 0, Message: s.cat.T(rs.lang, "audit.checkpoint_mailed", sent)}
	if sent == 0 {
		res.Message = s.cat.T(rs.lang, "audit.checkpoint_not_mailed")
	}
	return s.renderAudit(w, r, res)
}
