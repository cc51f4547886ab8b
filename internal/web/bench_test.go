package web_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
)

// BenchmarkDashboard measures one logged-in page through the whole stack:
// middleware, session lookup in SQLite, access check, template.
func BenchmarkDashboard(b *testing.B) {
	e := newEnv(b, "")
	org := e.org("helmond")
	u := e.user(org, "coord", domain.RoleCoordinator)
	cookie := e.session(u, domain.StateFull)
	req := httptest.NewRequest("GET", "/helmond/dashboard", nil)
	req.AddCookie(&http.Cookie{Name: "integer_session", Value: cookie})
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		e.srv.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("status %d", w.Code)
		}
	}
}

// BenchmarkLoginPage measures a public page: no session, one organisation
// lookup, template.
func BenchmarkLoginPage(b *testing.B) {
	e := newEnv(b, "")
	e.org("helmond")
	req := httptest.NewRequest("GET", "/helmond/login", nil)
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		e.srv.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("status %d", w.Code)
		}
	}
}

// BenchmarkReportPage measures a handler opening one report through the
// whole stack: the session's key, the report's grant unwrapped, content,
// allegations, conversation and the audit entry of the read.
func BenchmarkReportPage(b *testing.B) {
	e := newEnv(b, "")
	org := e.org("helmond")
	_, cookie := e.handlerIn(org, "coord", "officials")
	rep, _ := e.report(org, "officials", "Declaraties kloppen niet", false, time.Now().Add(-48*time.Hour))
	path := "/helmond/reports/" + strconv.FormatInt(rep.ID, 10)
	b.ReportAllocs()
	for b.Loop() {
		if res := e.get(cookie, path); res.StatusCode != 200 || !strings.Contains(res.body, "Declaraties kloppen niet") {
			b.Fatalf("status %d", res.StatusCode)
		}
	}
}
