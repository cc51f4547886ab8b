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
// without a route. It is the one place that says who may reach what, in the
// sections of the route table; a new module adds its section here too.
var wantAccess = map[string]string{
	// The site: no organisation, no login.
	"GET /{$}":                     "public",
	"GET /healthz":                 "public",
	"GET /readyz":                  "public",
	"GET /metrics":                 "public",
	"GET /static/{hash}/{path...}": "public",
	"GET /favicon.ico":             "public",
	"POST /lang":                   "public",
	"GET /api/v1/openapi.json":     "public",

	// Logging in, step by step.
	"GET /{org}/{$}":                "public",
	"GET /{org}/theme.css":          "public",
	"GET /{org}/logo":               "public",
	"GET /{org}/login":              "public",
	"POST /{org}/login":             "public",
	"GET /{org}/login/sso":          "public",
	"GET /{org}/login/sso/callback": "public",
	"GET /{org}/login/code":         "second_factor",
	"POST /{org}/login/code":        "second_factor",
	"GET /{org}/enrol":              "enrol",
	"POST /{org}/enrol":             "enrol",
	"POST /{org}/logout":            "session",

	// Every account: the dashboard and the account's own settings.
	"GET /{org}/dashboard":                 "staff",
	"GET /{org}/account":                   "staff",
	"POST /{org}/account/password":         "staff",
	"POST /{org}/account/recovery-codes":   "staff",
	"POST /{org}/account/logout-elsewhere": "staff",

	// Administration: accounts and the reporting channels (admin).
	"GET /{org}/admin/users":                 "admin",
	"GET /{org}/admin/users/new":             "admin",
	"POST /{org}/admin/users":                "admin",
	"GET /{org}/admin/users/{id}":            "admin",
	"POST /{org}/admin/users/{id}/roles":     "admin",
	"POST /{org}/admin/users/{id}/password":  "admin",
	"POST /{org}/admin/users/{id}/reset-2fa": "admin",
	"POST /{org}/admin/users/{id}/disable":   "admin",
	"POST /{org}/admin/users/{id}/enable":    "admin",
	"GET /{org}/admin/channels":              "admin",
	"POST /{org}/admin/channels":             "admin",
	"POST /{org}/admin/channels/{id}":        "admin",
	"GET /{org}/admin/tokens":                "admin",
	"POST /{org}/admin/tokens":               "admin",
	"POST /{org}/admin/tokens/{id}/revoke":   "admin",
	"GET /{org}/admin/organisation":          "admin",
	"POST /{org}/admin/organisation":         "admin",
	"GET /{org}/toegankelijkheid":            "public",

	// The audit log (auditor).
	"GET /{org}/audit":                  "auditor",
	"POST /{org}/audit/verify":          "auditor",
	"GET /{org}/audit/checkpoint":       "auditor",
	"POST /{org}/audit/checkpoint/mail": "auditor",

	// The reporting point: public, no account, works without JavaScript.
	"GET /{org}/report":                   "public",
	"POST /{org}/report":                  "public",
	"GET /{org}/mailbox":                  "public",
	"POST /{org}/mailbox":                 "public",
	"POST /{org}/mailbox/message":         "public",
	"POST /{org}/mailbox/minutes":         "public",
	"POST /{org}/mailbox/consent":         "public",
	"POST /api/v1/{org}/reports":          "public",
	"GET /api/v1/{org}/mailbox":           "public",
	"POST /api/v1/{org}/mailbox/messages": "public",

	// Case handling: coordinators, each only in the channels they handle.
	"GET /{org}/reports":                         "coordinator|controller",
	"GET /{org}/reports/new":                     "coordinator",
	"POST /{org}/reports":                        "coordinator",
	"POST /{org}/reports/mark":                   "coordinator",
	"GET /{org}/reports/{id}":                    "coordinator",
	"POST /{org}/reports/{id}/acknowledge":       "coordinator",
	"POST /{org}/reports/{id}/messages":          "coordinator",
	"POST /{org}/reports/{id}/feedback":          "coordinator",
	"POST /{org}/reports/{id}/allegations":       "coordinator",
	"POST /{org}/reports/{id}/allegations/{aid}": "coordinator",
	"POST /{org}/reports/{id}/measures":          "coordinator",
	"POST /{org}/reports/{id}/investigation":     "coordinator",
	"POST /{org}/reports/{id}/referral":          "coordinator",
	"POST /{org}/reports/{id}/subject":           "coordinator",
	"POST /{org}/reports/{id}/assignees":         "coordinator",
	"POST /{org}/reports/{id}/links":             "coordinator",
	"POST /{org}/reports/{id}/identity":          "coordinator",
	"POST /{org}/reports/{id}/close":             "coordinator",
	"GET /{org}/reports/{id}/attachments/{aid}":  "coordinator",
	"GET /{org}/categories":                      "coordinator",
	"POST /{org}/categories":                     "coordinator",
	"POST /{org}/categories/{id}":                "coordinator",
	"POST /{org}/categories/{id}/delete":         "coordinator",

	// The custodian: recovery key, identity requests, restoring access.
	"GET /{org}/custodian":                 "custodian",
	"POST /{org}/custodian/recovery-key":   "custodian",
	"POST /{org}/custodian/identity/{rid}": "custodian",
	"POST /{org}/custodian/recover":        "custodian",

	// Requests for advice (coordinator).
	"GET /{org}/advice":              "coordinator",
	"GET /{org}/advice/new":          "coordinator",
	"POST /{org}/advice":             "coordinator",
	"GET /{org}/advice/{id}":         "coordinator",
	"POST /{org}/advice/{id}":        "coordinator",
	"POST /{org}/advice/{id}/delete": "coordinator",

	// Aggression and violence against staff (HR).
	"GET /{org}/aggression":              "hr|controller",
	"GET /{org}/aggression/new":          "hr",
	"POST /{org}/aggression":             "hr",
	"GET /{org}/aggression/{id}":         "hr",
	"POST /{org}/aggression/{id}":        "hr",
	"POST /{org}/aggression/{id}/delete": "hr",

	// The confidential adviser: own contacts, cases, activities, year.
	"GET /{org}/adviser":                         "adviser",
	"POST /{org}/adviser/contacts":               "adviser",
	"POST /{org}/adviser/profile":                "adviser",
	"GET /{org}/adviser/contacts":                "adviser",
	"GET /{org}/adviser/contacts/{id}":           "adviser",
	"POST /{org}/adviser/contacts/{id}":          "adviser",
	"POST /{org}/adviser/contacts/{id}/delete":   "adviser",
	"GET /{org}/adviser/cases":                   "adviser",
	"GET /{org}/adviser/cases/new":               "adviser",
	"POST /{org}/adviser/cases":                  "adviser",
	"GET /{org}/adviser/cases/{id}":              "adviser",
	"POST /{org}/adviser/cases/{id}":             "adviser",
	"POST /{org}/adviser/cases/{id}/delete":      "adviser",
	"POST /{org}/adviser/cases/{id}/contacts":    "adviser",
	"GET /{org}/adviser/activities":              "adviser",
	"POST /{org}/adviser/activities":             "adviser",
	"GET /{org}/adviser/activities/{id}":         "adviser",
	"POST /{org}/adviser/activities/{id}":        "adviser",
	"POST /{org}/adviser/activities/{id}/delete": "adviser",
	"GET /{org}/adviser/year":                    "adviser",

	// The advisers' figures (controller): every adviser's aggregated
	// figures, and the organisation's decision on publishing small counts.
	"GET /{org}/advisers":           "controller",
	"POST /{org}/advisers/settings": "controller",

	// Integrity activities (coordinator, HR or clerk).
	"GET /{org}/activities":              "coordinator|hr|clerk",
	"GET /{org}/activities/new":          "coordinator|hr|clerk",
	"POST /{org}/activities":             "coordinator|hr|clerk",
	"GET /{org}/activities/{id}":         "coordinator|hr|clerk",
	"POST /{org}/activities/{id}":        "coordinator|hr|clerk",
	"POST /{org}/activities/{id}/delete": "coordinator|hr|clerk",

	// Action plans (controller; an action's owner reports progress).
	"GET /{org}/plans":                    "controller",
	"POST /{org}/plans":                   "controller",
	"GET /{org}/plans/{id}":               "controller",
	"POST /{org}/plans/{id}":              "controller",
	"POST /{org}/plans/{id}/delete":       "controller",
	"POST /{org}/plans/{id}/lines":        "controller",
	"GET /{org}/plans/{id}/actions/new":   "controller",
	"POST /{org}/plans/{id}/actions":      "controller",
	"GET /{org}/plans/{id}/progress":      "controller",
	"GET /{org}/plans/{id}/progress.pdf":  "controller",
	"GET /{org}/plans/{id}/progress.xlsx": "controller",
	"GET /{org}/actions":                  "staff",
	"GET /{org}/actions/{id}":             "staff",
	"POST /{org}/actions/{id}/progress":   "staff",
	"GET /{org}/actions/{id}/edit":        "controller",
	"POST /{org}/actions/{id}":            "controller",
	"POST /{org}/actions/{id}/delete":     "controller",

	// Anonymous integrity surveys (controller; the questionnaire is public).
	"GET /{org}/surveys":                             "controller",
	"POST /{org}/surveys":                            "controller",
	"GET /{org}/surveys/{id}":                        "controller",
	"POST /{org}/surveys/{id}/invite":                "controller",
	"POST /{org}/surveys/{id}/close":                 "controller",
	"POST /{org}/surveys/{id}/open-answers/{answer}": "controller",
	"GET /{org}/survey/{token}":                      "public",
	"POST /{org}/survey/{token}":                     "public",
	"GET /{org}/survey-done":                         "public",
	// Dilemma sessions (staff facilitate; keepers of the own dilemmas; participants are public).
	"GET /{org}/dilemmas":                         "staff",
	"POST /{org}/dilemmas/sessions":               "staff",
	"GET /{org}/dilemmas/sessions/{id}":           "staff",
	"GET /{org}/dilemmas/sessions/{id}/version":   "staff",
	"POST /{org}/dilemmas/sessions/{id}/{action}": "staff",
	"POST /{org}/dilemmas/own":                    "coordinator|hr|controller",
	"POST /{org}/dilemmas/own/{id}/delete":        "coordinator|hr|controller",
	"GET /{org}/join":                             "public",
	"POST /{org}/join":                            "public",
	"GET /{org}/join/{code}":                      "public",
	"POST /{org}/join/{code}":                     "public",
	"GET /{org}/join/{code}/version":              "public",

	// The council (clerk): questions, screenings and codes of conduct.
	"GET /{org}/council":                         "clerk",
	"GET /{org}/council/questions":               "clerk",
	"GET /{org}/council/questions/new":           "clerk",
	"POST /{org}/council/questions":              "clerk",
	"GET /{org}/council/questions/{id}":          "clerk",
	"POST /{org}/council/questions/{id}":         "clerk",
	"POST /{org}/council/questions/{id}/delete":  "clerk",
	"GET /{org}/council/screenings":              "clerk",
	"GET /{org}/council/screenings/new":          "clerk",
	"POST /{org}/council/screenings":             "clerk",
	"GET /{org}/council/screenings/{id}":         "clerk",
	"POST /{org}/council/screenings/{id}":        "clerk",
	"POST /{org}/council/screenings/{id}/delete": "clerk",
	"GET /{org}/council/codes":                   "clerk",
	"GET /{org}/council/codes/new":               "clerk",
	"POST /{org}/council/codes":                  "clerk",
	"GET /{org}/council/codes/{id}":              "clerk",
	"POST /{org}/council/codes/{id}":             "clerk",
	"POST /{org}/council/codes/{id}/delete":      "clerk",

	// People, positions and their compliance (HR).
	"GET /{org}/people":              "hr",
	"GET /{org}/people/new":          "hr",
	"POST /{org}/people":             "hr",
	"GET /{org}/people/import":       "hr",
	"POST /{org}/people/import":      "hr",
	"GET /{org}/people/{id}":         "hr",
	"POST /{org}/people/{id}":        "hr",
	"POST /{org}/people/{id}/delete": "hr",
	"GET /{org}/people/{id}/duties":  "hr",
	"POST /{org}/people/{id}/duties": "hr",
	"GET /{org}/positions":           "hr",
	"GET /{org}/positions/new":       "hr",
	"POST /{org}/positions":          "hr",
	"GET /{org}/positions/{id}":      "hr",
	"POST /{org}/positions/{id}":     "hr",
	"GET /{org}/compliance":          "hr",

	// Vulnerable positions (controller keeps them; HR reads).
	"GET /{org}/vulnerable-positions":              "controller|hr",
	"GET /{org}/vulnerable-positions/new":          "controller",
	"POST /{org}/vulnerable-positions":             "controller",
	"GET /{org}/vulnerable-positions/{id}":         "controller",
	"POST /{org}/vulnerable-positions/{id}":        "controller",
	"POST /{org}/vulnerable-positions/{id}/delete": "controller",

	"GET /{org}/norms":                      "controller",
	"GET /{org}/norms.json":                 "controller",
	"POST /{org}/norms/records":             "controller",
	"POST /{org}/norms/records/{id}/delete": "controller",

	"GET /{org}/retention":                                 "controller",
	"POST /{org}/retention/destroy":                        "controller",
	"GET /{org}/retention/destructions/{id}":               "controller",
	"GET /{org}/retention/destructions/{id}/statement.pdf": "controller",

	// Outside activities and financial interests (HR).
	"GET /{org}/outside-activities":               "hr",
	"GET /{org}/outside-activities/new":           "hr",
	"POST /{org}/outside-activities":              "hr",
	"GET /{org}/outside-activities/{id}":          "hr",
	"POST /{org}/outside-activities/{id}":         "hr",
	"POST /{org}/outside-activities/{id}/assess":  "hr",
	"POST /{org}/outside-activities/{id}/confirm": "hr",
	"POST /{org}/outside-activities/{id}/delete":  "hr",
	"GET /{org}/financial-interests":              "hr",
	"GET /{org}/financial-interests/new":          "hr",
	"POST /{org}/financial-interests":             "hr",
	"GET /{org}/financial-interests/{id}":         "hr",
	"POST /{org}/financial-interests/{id}":        "hr",
	"POST /{org}/financial-interests/{id}/delete": "hr",

	// The public register: exactly the published entries, no login.
	"GET /{org}/register":                           "public",
	"GET /{org}/register.csv":                       "public",
	"GET /api/v1/{org}/register/outside-activities": "public",
	"GET /api/v1/{org}/statistics":                  "token", // an API token only, no session
	"POST /api/v1/{org}/people/import":              "token",

	// Gifts and invitations (HR).
	"GET /{org}/gifts":                "hr|controller",
	"GET /{org}/gifts/overview":       "hr",
	"GET /{org}/gifts/new":            "hr",
	"POST /{org}/gifts":               "hr",
	"POST /{org}/gifts/threshold":     "hr",
	"GET /{org}/gifts/{id}":           "hr",
	"POST /{org}/gifts/{id}":          "hr",
	"POST /{org}/gifts/{id}/decision": "hr",
	"POST /{org}/gifts/{id}/delete":   "hr",

	// Self-service (employee): the employee's home and own registrations.
	"GET /{org}/my":                                  "employee",
	"GET /{org}/my/gifts":                            "employee",
	"GET /{org}/my/gifts/new":                        "employee",
	"POST /{org}/my/gifts":                           "employee",
	"GET /{org}/my/gifts/{id}":                       "employee",
	"GET /{org}/my/outside-activities":               "employee",
	"GET /{org}/my/outside-activities/new":           "employee",
	"POST /{org}/my/outside-activities":              "employee",
	"GET /{org}/my/outside-activities/{id}":          "employee",
	"POST /{org}/my/outside-activities/{id}/confirm": "employee",

	// Import of the register template (controller).
	"GET /{org}/import":               "controller",
	"POST /{org}/import":              "controller",
	"GET /{org}/import/template.xlsx": "controller",

	// The annual integrity report (controller).
	"GET /{org}/annual-report":             "controller",
	"GET /{org}/annual-report.pdf":         "controller",
	"GET /{org}/annual-report.xlsx":        "controller",
	"GET /{org}/annual-report.json":        "controller",
	"POST /{org}/annual-report/texts":      "controller",
	"POST /{org}/annual-report/registers":  "controller",
	"POST /{org}/annual-report/categories": "controller",
	"POST /{org}/annual-report/facts":      "controller",
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
	if c.state == "" || c.other || rule == "token" {
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
		return strings.Contains(res.body, "Log eerst in.") || strings.Contains(res.body, "Deze API vraagt een API-token")
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
