package web_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/domain"
)

// wantAccess decides every route, written independently of routes.go: who
// may use it ("public", a login state, a role, or roles separated by "|").
// A route that exists without a line here fails the test, and so does a line
// without a route. Module test files add their routes' lines in init.
var wantAccess = map[string]string{
	"GET /{$}":                                   "public",
	"GET /healthz":                               "public",
	"GET /static/{hash}/{path...}":               "public",
	"POST /lang":                                 "public",
	"GET /favicon.ico":                           "public",
	"GET /api/v1/openapi.json":                   "public",
	"GET /{org}/{$}":                             "public",
	"GET /{org}/login":                           "public",
	"POST /{org}/login":                          "public",
	"GET /{org}/login/code":                      "second_factor",
	"POST /{org}/login/code":                     "second_factor",
	"GET /{org}/enrol":                           "enrol",
	"POST /{org}/enrol":                          "enrol",
	"POST /{org}/logout":                         "session",
	"GET /{org}/dashboard":                       "staff",
	"GET /{org}/account":                         "staff",
	"POST /{org}/account/password":               "staff",
	"POST /{org}/account/recovery-codes":         "staff",
	"POST /{org}/account/logout-elsewhere":       "staff",
	"GET /{org}/admin/users":                     "admin",
	"GET /{org}/admin/users/new":                 "admin",
	"POST /{org}/admin/users":                    "admin",
	"GET /{org}/admin/users/{id}":                "admin",
	"POST /{org}/admin/users/{id}/roles":         "admin",
	"POST /{org}/admin/users/{id}/password":      "admin",
	"POST /{org}/admin/users/{id}/reset-2fa":     "admin",
	"POST /{org}/admin/users/{id}/disable":       "admin",
	"POST /{org}/admin/users/{id}/enable":        "admin",
	"GET /{org}/report":                          "public",
	"POST /{org}/report":                         "public",
	"GET /{org}/mailbox":                         "public",
	"POST /{org}/mailbox":                        "public",
	"POST /{org}/mailbox/message":                "public",
	"POST /{org}/mailbox/minutes":                "public",
	"POST /api/v1/{org}/reports":                 "public",
	"GET /api/v1/{org}/mailbox":                  "public",
	"POST /api/v1/{org}/mailbox/messages":        "public",
	"GET /{org}/reports":                         "coordinator",
	"GET /{org}/reports/new":                     "coordinator",
	"POST /{org}/reports":                        "coordinator",
	"GET /{org}/reports/{id}":                    "coordinator",
	"POST /{org}/reports/{id}/acknowledge":       "coordinator",
	"POST /{org}/reports/{id}/messages":          "coordinator",
	"POST /{org}/reports/{id}/allegations":       "coordinator",
	"POST /{org}/reports/{id}/allegations/{aid}": "coordinator",
	"POST /{org}/reports/{id}/measures":          "coordinator",
	"POST /{org}/reports/{id}/investigation":     "coordinator",
	"POST /{org}/reports/{id}/referral":          "coordinator",
	"POST /{org}/reports/{id}/assignees":         "coordinator",
	"POST /{org}/reports/{id}/links":             "coordinator",
	"POST /{org}/reports/{id}/identity":          "coordinator",
	"POST /{org}/reports/{id}/close":             "coordinator",
	"GET /{org}/reports/{id}/attachments/{aid}":  "coordinator",
	"GET /{org}/custodian":                       "custodian",
	"POST /{org}/custodian/recovery-key":         "custodian",
	"POST /{org}/custodian/identity/{rid}":       "custodian",
	"POST /{org}/custodian/recover":              "custodian",
	"POST /{org}/admin/channels":                 "admin",
	"GET /{org}/admin/channels":                  "admin",
	"POST /{org}/admin/channels/{id}":            "admin",
	"GET /{org}/audit":                           "auditor",
	"POST /{org}/audit/verify":                   "auditor",
}

// caller is one kind of visitor in the matrix.
type caller struct {
	name  string
	role  domain.Role         // for a full login of the organisation
	state domain.SessionState // "" = no login
	other bool                // a login of another organisation, holding every role
}

func callers() []caller {
	cs := []caller{
		{name: "anonymous"},
		{name: "second_factor", role: domain.RoleCoordinator, state: domain.StateSecondFactor},
		{name: "enrol", role: domain.RoleCoordinator, state: domain.StateEnrol},
		{name: "other organisation", state: domain.StateFull, other: true},
	}
	for _, r := range domain.AllRoles {
		cs = append(cs, caller{name: string(r), role: r, state: domain.StateFull})
	}
	return cs
}

// allowed is the test's own reading of an access rule for a caller.
func allowed(rule string, c caller) bool {
	if rule == "public" {
		return true
	}
	if c.state == "" || c.other {
		return false
	}
	switch rule {
	case "second_factor":
		return c.state == domain.StateSecondFactor
	case "enrol":
		return c.state == domain.StateEnrol || c.state == domain.StateFull
	case "session":
		return true
	case "staff":
		return c.state == domain.StateFull
	}
	// A role, or several separated by "|".
	return c.state == domain.StateFull && slices.Contains(strings.Split(rule, "|"), string(c.role))
}

func TestEveryRouteIsDecided(t *testing.T) {
	e := newEnv(t, "")
	patterns := e.srv.RoutePatterns()
	for _, p := range patterns {
		if _, ok := wantAccess[p]; !ok {
			t.Errorf("route %q is not decided by the test's access table", p)
		}
	}
	for p := range wantAccess {
		if !slices.Contains(patterns, p) {
			t.Errorf("access table names %q, which is not a route", p)
		}
	}
}

// TestRouteRoleMatrix requests every route as every caller and checks that
// the access rule is applied: denied callers are sent to the login (or the
// login step still due) or refused, and never reach the handler.
func TestRouteRoleMatrix(t *testing.T) {
	e := newEnv(t, "")
	org, other := e.org("helmond"), e.org("huizen")
	victim := e.user(org, "victim", domain.RoleEmployee)
	otherUser := e.user(other, "intruder", domain.AllRoles...)
	users := map[string]*domain.User{}
	for _, c := range callers() {
		if c.role != "" {
			users[c.name] = e.user(org, "u-"+strings.ReplaceAll(c.name, "_", "-"), c.role)
		}
	}
	asset := findAsset(t, e)
	for _, pattern := range e.srv.RoutePatterns() {
		method, path, _ := strings.Cut(pattern, " ")
		path = strings.NewReplacer("{org}", org.Slug, "{id}", fmt.Sprint(victim.ID), "{$}", "",
			"{hash}/{path...}", asset).Replace(path)
		for _, c := range callers() {
			t.Run(pattern+"/"+c.name, func(t *testing.T) {
				cookie := ""
				switch {
				case c.other:
					cookie = e.session(otherUser, c.state)
				case c.state != "":
					cookie = e.session(users[c.name], c.state)
				}
				res := e.do(request{method: method, path: path, cookie: cookie, form: formFor(method)})
				if res.StatusCode >= 500 {
					t.Fatalf("status %d: %s", res.StatusCode, res.body)
				}
				denied := isDenied(res, org.Slug)
				if want := allowed(wantAccess[pattern], c); denied == want {
					t.Fatalf("%s %s as %s: status %d, location %q; want allowed=%v",
						method, path, c.name, res.StatusCode, res.location(), want)
				}
			})
		}
	}
}

// formFor gives POST requests an empty form body.
func formFor(method string) map[string][]string {
	if method == http.MethodPost {
		return map[string][]string{}
	}
	return nil
}

// isDenied recognises the answers of the access check: a redirect to the
// login, to the second factor or to the enrolment, or the 401 and 403 pages
// with the access check's own messages (a handler's 401 for a wrong password
// is not a denial of the route).
func isDenied(res response, slug string) bool {
	switch res.StatusCode {
	case http.StatusUnauthorized:
		return strings.Contains(res.body, "Log eerst in.")
	case http.StatusForbidden:
		return strings.Contains(res.body, "U heeft geen toegang tot deze pagina met uw rollen.")
	case http.StatusSeeOther:
		loc := res.location()
		for _, p := range []string{"/login?next=", "/login/code", "/enrol"} {
			if strings.HasPrefix(loc, "/"+slug+p) {
				return true
			}
		}
	}
	return false
}

func findAsset(t *testing.T, e *env) string {
	res := e.do(request{path: "/"})
	i := strings.Index(res.body, `href="/static/`)
	if i < 0 {
		t.Fatal("no stylesheet on the home page")
	}
	rest := res.body[i+len(`href="/static/`):]
	return rest[:strings.IndexByte(rest, '"')]
}
