package web

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/integer-nl/integer/internal/domain"
)

// navKeys names the message key of every navigation entry by its path.
var navKeys = map[string]string{
	"dashboard": "nav.dashboard", "reports": "nav.reports", "advice": "nav.advice",
	"adviser": "nav.adviser", "annual-report": "nav.annual_report", "import": "nav.import",
	"advisers": "nav.advisers", "people": "nav.people", "outside-activities": "nav.outside",
	"financial-interests": "nav.financial", "gifts": "nav.gifts", "aggression": "nav.aggression",
	"my": "nav.my", "activities": "nav.activities", "council": "nav.council",
	"vulnerable-positions": "nav.vulnpos", "plans": "nav.plans", "norms": "nav.norms", "retention": "nav.retention",
	"custodian": "nav.custodian", "admin/users": "nav.users", "admin/channels": "nav.channels", "admin/organisation": "nav.organisation",
	"audit": "nav.audit", "account": "nav.account", "surveys": "nav.surveys", "dilemmas": "nav.dilemmas",
}

// TestNavFollowsRouteTable checks the navigation derived from the route
// table against the entries each role, and a few combinations, must see, in
// the order written here (the order of the navigation before it was derived).
func TestNavFollowsRouteTable(t *testing.T) {
	tests := []struct {
		roles   []domain.Role
		current string
		want    string // the entries' paths, "*" marking the current one
	}{
		{nil, "/o/dashboard", "*dashboard dilemmas account"},
		{[]domain.Role{domain.RoleCoordinator}, "/o/reports/7", "dashboard *reports advice activities dilemmas account"},
		{[]domain.Role{domain.RoleAdviser}, "/o/adviser/cases", "dashboard *adviser dilemmas account"},
		{[]domain.Role{domain.RoleHR}, "/o/gifts/overview", "dashboard people outside-activities financial-interests *gifts aggression activities vulnerable-positions dilemmas account"},
		{[]domain.Role{domain.RoleClerk}, "/o/council", "dashboard activities dilemmas *council account"},
		{[]domain.Role{domain.RoleController}, "/o/advisers", "dashboard reports annual-report norms retention import *advisers gifts aggression vulnerable-positions plans surveys dilemmas account"},
		{[]domain.Role{domain.RoleCustodian}, "/o/account", "dashboard dilemmas custodian *account"},
		{[]domain.Role{domain.RoleEmployee}, "/o/my/gifts/new", "dashboard *my dilemmas account"},
		{[]domain.Role{domain.RoleAdmin}, "/o/admin/channels", "dashboard dilemmas admin/users *admin/channels admin/organisation account"},
		{[]domain.Role{domain.RoleAuditor}, "/o/audit", "dashboard dilemmas *audit account"},
		// Combinations: an entry shows once, in its own place.
		{[]domain.Role{domain.RoleClerk, domain.RoleHR, domain.RoleCoordinator}, "/o/activities/new",
			"dashboard reports advice people outside-activities financial-interests gifts aggression *activities vulnerable-positions dilemmas council account"},
		{[]domain.Role{domain.RoleEmployee, domain.RoleController, domain.RoleAdviser}, "/o/import",
			"dashboard reports adviser annual-report norms retention *import advisers gifts aggression my vulnerable-positions plans surveys dilemmas account"},
		{[]domain.Role{domain.RoleAuditor, domain.RoleAdmin, domain.RoleCustodian}, "/o/admin/users/3",
			"dashboard dilemmas custodian *admin/users admin/channels admin/organisation audit account"},
		{domain.AllRoles, "/o/dashboardx",
			"dashboard reports advice adviser annual-report norms retention import advisers people outside-activities financial-interests gifts aggression my activities vulnerable-positions plans surveys dilemmas council custodian admin/users admin/channels admin/organisation audit account"},
	}
	s := &Server{}
	s.routes = s.routeTable()
	org := &domain.Organisation{ID: 1, Slug: "o"}
	for _, tc := range tests {
		rs := &requestState{org: org, user: &domain.User{Roles: tc.roles},
			session: &domain.Session{OrgID: org.ID, State: domain.StateFull}}
		var want []navLink
		for p := range strings.FieldsSeq(tc.want) {
			rel := strings.TrimPrefix(p, "*")
			want = append(want, navLink{Href: "/o/" + rel, Key: navKeys[rel], Current: rel != p})
		}
		if diff := cmp.Diff(want, s.nav(rs, tc.current)); diff != "" {
			t.Errorf("nav of %v at %s (-want +got):\n%s", tc.roles, tc.current, diff)
		}
	}
}

// TestNavEntries checks the navigation's marks in the route table: only GET
// routes of an organisation, each position and key used once.
func TestNavEntries(t *testing.T) {
	s := &Server{}
	pos, key := map[int]string{}, map[string]string{}
	for _, rt := range s.routeTable() {
		e := rt.access.nav
		if e.key == "" {
			continue
		}
		if !strings.HasPrefix(rt.pattern, "GET /{org}/") || strings.Contains(rt.pattern, "{id}") {
			t.Errorf("%s: only a GET page of the organisation can be a navigation entry", rt.pattern)
		}
		if other, ok := pos[e.pos]; ok {
			t.Errorf("%s and %s share position %d", other, rt.pattern, e.pos)
		}
		if other, ok := key[e.key]; ok {
			t.Errorf("%s and %s share key %s", other, rt.pattern, e.key)
		}
		pos[e.pos], key[e.key] = rt.pattern, rt.pattern
	}
	if len(key) != len(navKeys) {
		t.Errorf("%d navigation entries, want %d", len(key), len(navKeys))
	}
}
