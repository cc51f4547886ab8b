package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

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
// of it) and reports only whether it is intact and where it breaks.
func (s *Server) auditVerify(w http.ResponseWriter, r *http.Request) error {
	rs := state(r)
	n, brk, err := s.store.VerifyAudit(r.Context())
	if err != nil {
		return err
	}
	res := &verifyResult{Intact: brk == nil, Message: s.cat.T(rs.lang, "audit.intact", n)}
	if brk != nil {
		res.Message = s.cat.T(rs.lang, "audit.broken", brk.ID, s.cat.T(rs.lang, "audit.reason_"+brk.Reason))
	}
	if err := s.store.Audit(r.Context(), store.UserActor(rs.user, rs.session.ID), "audit.verify", "audit_log", "", strconv.FormatBool(res.Intact)); err != nil {
		return err
	}
	return s.renderAudit(w, r, res)
}
