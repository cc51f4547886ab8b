package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/domain"
)

// TestFormsShowEveryFieldError posts forms with several wrong fields and
// checks that every one of them is named at its field at once, not only the
// first, and that nothing was stored.
func TestFormsShowEveryFieldError(t *testing.T) {
	e := demoEnv(t, "") // the adviser's key pair is made at login
	org := e.org("helmond")
	admin := e.session(e.user(org, "beheer", domain.RoleAdmin), domain.StateFull)
	coord := e.session(e.user(org, "coord", domain.RoleCoordinator), domain.StateFull)
	clerk := e.session(e.user(org, "griffie", domain.RoleClerk), domain.StateFull)
	_, adviser := e.advAdviserIn(org, "vp", "internal")
	const future = "2099-06-01"
	tests := []struct {
		name, cookie, path string
		form               url.Values
		fields             []string // every field that must show its error
	}{
		{"user", admin, "/helmond/admin/users", url.Values{"username": {"?"}, "email": {"nobody"}},
			[]string{"username", "email", "roles"}},
		{"channel", admin, "/helmond/admin/channels", url.Values{"code": {"Raad!"}},
			[]string{"code", "name_nl", "name_en"}},
		{"activity", coord, "/helmond/activities", url.Values{"materials": {strings.Repeat("x", domain.MaxActivityMaterials+1)}},
			[]string{"date", "title", "kind", "audiences", "materials"}},
		{"council question", clerk, "/helmond/council/questions", url.Values{"mayor_conversation": {"yes"}, "preliminary_inquiry": {"no"}, "topic": {"weather"}},
			[]string{"date", "topic"}},
		{"screening", clerk, "/helmond/council/screenings", url.Values{"date": {"2024-01-01"}},
			[]string{"reference", "candidate_role", "performed_by", "outcome"}},
		{"code of conduct", clerk, "/helmond/council/codes", url.Values{"published_at": {strings.Repeat("x", domain.MaxCouncilNote+1)}},
			[]string{"body", "title", "version", "adopted_on", "published_at"}},
		{"adviser contact", adviser, "/helmond/adviser/contacts", url.Values{"date": {future}, "hours": {"1"}},
			[]string{"date", "kind"}},
		{"adviser activity", adviser, "/helmond/adviser/activities", url.Values{"date": {future}, "hours": {"1"}},
			[]string{"date", "kind"}},
		{"adviser case", adviser, "/helmond/adviser/cases", url.Values{"opened": {future}, "issue_kinds": {"gossip"}, "formal_report": {"maybe"}},
			[]string{"opened", "issue_kinds", "formal_report"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := e.post(tc.cookie, tc.path, tc.form)
			if res.StatusCode != http.StatusBadRequest {
				t.Fatalf("status %d, want 400\n%s", res.StatusCode, res.body)
			}
			for _, f := range tc.fields {
				if !strings.Contains(res.body, `id="f-`+f+`-err"`) {
					t.Errorf("no error shown at %s", f)
				}
			}
		})
	}
}
