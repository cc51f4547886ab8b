package web

import (
	"net/http"
	"slices"
	"strings"

	"github.com/integer-nl/integer/internal/domain"
)

// access says who may use a route. The zero value denies everyone, so a route
// added without a decision is unreachable, and the route test fails on it.
type access struct {
	kind  accessKind
	roles []domain.Role // for kindRoles: any one of them suffices
}

type accessKind int

const (
	kindDeny         accessKind = iota
	kindPublic                  // anyone, no login
	kindSecondFactor            // a login waiting for its TOTP or recovery code
	kindEnrol                   // a login that must (or wants to) set up TOTP
	kindSession                 // any login of the organisation, in any state (logout)
	kindStaff                   // any fully logged-in account of the organisation
	kindRoles                   // a fully logged-in account holding one of roles
)

var (
	public       = access{kind: kindPublic}
	secondFactor = access{kind: kindSecondFactor}
	enrolment    = access{kind: kindEnrol}
	anySession   = access{kind: kindSession}
	staff        = access{kind: kindStaff}
)

func roles(r ...domain.Role) access { return access{kind: kindRoles, roles: r} }

// route is one entry of the route table.
type route struct {
	pattern string
	access  access
	h       handler
}

// handler serves one route and returns an error for the adapter to render.
type handler func(w http.ResponseWriter, r *http.Request) error

func (rt route) orgScoped() bool {
	_, path, _ := strings.Cut(rt.pattern, " ")
	return strings.HasPrefix(path, "/{org}/")
}

// routeTable lists every route of the HTML interface with who may use it, so
// the whole attack surface reads in one screen.
func (s *Server) routeTable() []route {
	admin, auditor := roles(domain.RoleAdmin), roles(domain.RoleAuditor)
	coordinator, custodian := roles(domain.RoleCoordinator), roles(domain.RoleCustodian)
	table := []route{
		{"GET /{$}", public, s.home},
		{"GET /healthz", public, s.healthz},
		{"GET /static/{hash}/{path...}", public, s.static},
		{"GET /favicon.ico", public, s.favicon},
		{"POST /lang", public, s.setLanguage},
		{"GET /api/v1/openapi.json", public, s.openAPI},

		{"GET /{org}/{$}", public, s.orgHome},
		{"GET /{org}/login", public, s.loginForm},
		{"POST /{org}/login", public, s.login},
		{"GET /{org}/login/code", secondFactor, s.codeForm},
		{"POST /{org}/login/code", secondFactor, s.code},
		{"GET /{org}/enrol", enrolment, s.enrolForm},
		{"POST /{org}/enrol", enrolment, s.enrol},
		{"POST /{org}/logout", anySession, s.logout},

		{"GET /{org}/dashboard", staff, s.dashboard},
		{"GET /{org}/account", staff, s.account},
		{"POST /{org}/account/password", staff, s.changePassword},
		{"POST /{org}/account/recovery-codes", staff, s.newRecoveryCodes},
		{"POST /{org}/account/logout-elsewhere", staff, s.logoutElsewhere},

		{"GET /{org}/admin/users", admin, s.users},
		{"GET /{org}/admin/users/new", admin, s.newUserForm},
		{"POST /{org}/admin/users", admin, s.createUser},
		{"GET /{org}/admin/users/{id}", admin, s.userPage},
		{"POST /{org}/admin/users/{id}/roles", admin, s.setUserRoles},
		{"POST /{org}/admin/users/{id}/password", admin, s.resetUserPassword},
		{"POST /{org}/admin/users/{id}/reset-2fa", admin, s.resetUserTwoFactor},
		{"POST /{org}/admin/users/{id}/disable", admin, s.disableUser},
		{"POST /{org}/admin/users/{id}/enable", admin, s.enableUser},

		{"GET /{org}/audit", auditor, s.auditLog},
		{"POST /{org}/audit/verify", auditor, s.auditVerify},

		// The reporting point: public, no account, works without JavaScript.
		{"GET /{org}/report", public, s.reportForm},
		{"POST /{org}/report", public, s.submitReport},
		{"GET /{org}/mailbox", public, s.mailboxForm},
		{"POST /{org}/mailbox", public, s.openMailbox},
		{"POST /{org}/mailbox/message", public, s.mailboxMessage},
		{"POST /{org}/mailbox/minutes", public, s.mailboxMinutes},
		{"POST /api/v1/{org}/reports", public, s.apiSubmitReport},
		{"GET /api/v1/{org}/mailbox", public, s.apiMailbox},
		{"POST /api/v1/{org}/mailbox/messages", public, s.apiMailboxMessage},

		// Case handling: coordinators, each only in the channels they handle.
		{"GET /{org}/reports", coordinator, s.reportList},
		{"GET /{org}/reports/new", coordinator, s.newReportForm},
		{"POST /{org}/reports", coordinator, s.createStaffReport},
		{"GET /{org}/reports/{id}", coordinator, s.reportPage},
		{"POST /{org}/reports/{id}/acknowledge", coordinator, s.acknowledgeReport},
		{"POST /{org}/reports/{id}/messages", coordinator, s.addReportMessage},
		{"POST /{org}/reports/{id}/allegations", coordinator, s.addAllegation},
		{"POST /{org}/reports/{id}/allegations/{aid}", coordinator, s.setOutcome},
		{"POST /{org}/reports/{id}/measures", coordinator, s.addMeasure},
		{"POST /{org}/reports/{id}/investigation", coordinator, s.setInvestigation},
		{"POST /{org}/reports/{id}/referral", coordinator, s.setReferral},
		{"POST /{org}/reports/{id}/assignees", coordinator, s.assignReport},
		{"POST /{org}/reports/{id}/links", coordinator, s.linkReport},
		{"POST /{org}/reports/{id}/identity", coordinator, s.requestIdentity},
		{"POST /{org}/reports/{id}/close", coordinator, s.closeReport},
		{"GET /{org}/reports/{id}/attachments/{aid}", coordinator, s.reportAttachment},

		// The custodian: recovery key, identity requests, restoring access.
		{"GET /{org}/custodian", custodian, s.custodianPage},
		{"POST /{org}/custodian/recovery-key", custodian, s.createRecoveryKey},
		{"POST /{org}/custodian/identity/{rid}", custodian, s.decideIdentity},
		{"POST /{org}/custodian/recover", custodian, s.recoverAccess},

		{"GET /{org}/admin/channels", admin, s.channels},
		{"POST /{org}/admin/channels", admin, s.createChannel},
		{"POST /{org}/admin/channels/{id}", admin, s.setChannelHandlers},
	}
	// The records the annual report counts besides reports; each module
	// lists its routes, with who may use them, in its own file.
	table = append(table, s.adviceRoutes()...)
	table = append(table, s.aggressionRoutes()...)
	table = append(table, s.adviserRoutes()...)
	table = append(table, s.activityRoutes()...)
	table = append(table, s.councilRoutes()...)
	// People and registers.
	table = append(table, s.peopleRoutes()...)
	table = append(table, s.outsideRoutes()...)
	table = append(table, s.giftRoutes()...)
	// Import of the register template (controller).
	table = append(table, s.importRoutes()...)
	// The annual integrity report (controller).
	table = append(table, s.annualReportRoutes()...)
	return table
}

// RoutePatterns lists the registered patterns, for the route test.
func (s *Server) RoutePatterns() []string {
	var out []string
	for _, rt := range s.routes {
		out = append(out, rt.pattern)
	}
	return out
}

// allows decides whether the request's login may use a route of the
// organisation with the access rule.
func (a access) allows(rs *requestState) bool {
	sess, u := rs.session, rs.user
	sameOrg := sess != nil && rs.org != nil && sess.OrgID == rs.org.ID
	switch a.kind {
	case kindPublic:
		return true
	case kindSecondFactor:
		return sameOrg && sess.State == domain.StateSecondFactor
	case kindEnrol:
		return sameOrg && (sess.State == domain.StateEnrol || sess.State == domain.StateFull)
	case kindSession:
		return sameOrg
	case kindStaff:
		return sameOrg && sess.State == domain.StateFull
	case kindRoles:
		return sameOrg && sess.State == domain.StateFull && slices.ContainsFunc(a.roles, func(r domain.Role) bool { return u.HasRole(r) })
	}
	return false
}
