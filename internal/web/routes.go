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
	roles []domain.Role     // for kindRoles: any one of them suffices
	scope domain.TokenScope // for kindToken: what the API token must hold
	nav   navEntry          // set by inNav: the route's entry in the navigation
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
	kindToken                   // an integration's API token of the organisation holding scope (authToken)
)

var (
	public       = access{kind: kindPublic}
	secondFactor = access{kind: kindSecondFactor}
	enrolment    = access{kind: kindEnrol}
	anySession   = access{kind: kindSession}
	staff        = access{kind: kindStaff}
)

func roles(r ...domain.Role) access { return access{kind: kindRoles, roles: r} }

// token is the rule of an API route for integrations: a Bearer token of the
// organisation, active, holding scope. No session admits it.
func token(scope domain.TokenScope) access { return access{kind: kindToken, scope: scope} }

// navEntry puts a GET route in the navigation: its message key and its
// position among the entries (lower first).
type navEntry struct {
	pos int
	key string
}

// inNav returns the access rule for a route that also has an entry in the
// navigation, shown exactly to those the rule allows.
func (a access) inNav(pos int, key string) access {
	a.nav = navEntry{pos: pos, key: key}
	return a
}

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

// routeTable lists every route of the HTML interface and the JSON API, one
// line each with who may use it, in a section per module: the whole attack
// surface reads top to bottom. A new module adds its section here. A route
// marked inNav is also an entry of the navigation, which shows it to exactly
// those its rule allows (see nav).
func (s *Server) routeTable() []route {
	// Who may use a route: the named role sets the lines below refer to.
	admin, auditor := roles(domain.RoleAdmin), roles(domain.RoleAuditor)
	coordinator, custodian := roles(domain.RoleCoordinator), roles(domain.RoleCustodian)
	adviser, controller := roles(domain.RoleAdviser), roles(domain.RoleController)
	hr, clerk, employee := roles(domain.RoleHR), roles(domain.RoleClerk), roles(domain.RoleEmployee)
	keepers := roles(domain.RoleCoordinator, domain.RoleHR, domain.RoleClerk) // of integrity activities

	// The council's three registers share their handlers.
	q, x, c := councilHandlers(s, s.questionRegister()), councilHandlers(s, s.screeningRegister()), councilHandlers(s, s.codeRegister())

	return []route{
		// The site: no organisation, no login.
		{"GET /{$}", public, s.home},
		{"GET /healthz", public, s.healthz},
		{"GET /readyz", public, s.readyz},
		{"GET /metrics", public, s.metrics}, // only with metrics_token, and then only with it: see metrics.go
		{"GET /static/{hash}/{path...}", public, s.static},
		{"GET /favicon.ico", public, s.favicon},
		{"POST /lang", public, s.setLanguage},
		{"GET /api/v1/openapi.json", public, s.openAPI},

		// Logging in, step by step.
		{"GET /{org}/{$}", public, s.orgHome},
		{"GET /{org}/theme.css", public, s.themeCSS},
		{"GET /{org}/logo", public, s.themeLogo},
		{"GET /{org}/toegankelijkheid", public, s.accessibility}, // the accessibility statement
		{"GET /{org}/login", public, s.loginForm},
		{"POST /{org}/login", public, s.login},
		{"GET /{org}/login/sso", public, s.ssoStart},
		{"GET /{org}/login/sso/callback", public, s.ssoCallback},
		{"GET /{org}/login/code", secondFactor, s.codeForm},
		{"POST /{org}/login/code", secondFactor, s.code},
		{"GET /{org}/enrol", enrolment, s.enrolForm},
		{"POST /{org}/enrol", enrolment, s.enrol},
		{"POST /{org}/logout", anySession, s.logout},

		// Every account: the dashboard and the account's own settings.
		{"GET /{org}/dashboard", staff.inNav(10, "nav.dashboard"), s.dashboard},
		{"GET /{org}/account", staff.inNav(200, "nav.account"), s.account},
		{"POST /{org}/account/password", staff, s.changePassword},
		{"POST /{org}/account/recovery-codes", staff, s.newRecoveryCodes},
		{"POST /{org}/account/logout-elsewhere", staff, s.logoutElsewhere},

		// Administration: accounts and the reporting channels (admin).
		{"GET /{org}/admin/users", admin.inNav(170, "nav.users"), s.users},
		{"GET /{org}/admin/users/new", admin, s.newUserForm},
		{"POST /{org}/admin/users", admin, s.createUser},
		{"GET /{org}/admin/users/{id}", admin, s.userPage},
		{"POST /{org}/admin/users/{id}/roles", admin, s.setUserRoles},
		{"POST /{org}/admin/users/{id}/password", admin, s.resetUserPassword},
		{"POST /{org}/admin/users/{id}/reset-2fa", admin, s.resetUserTwoFactor},
		{"POST /{org}/admin/users/{id}/disable", admin, s.disableUser},
		{"POST /{org}/admin/users/{id}/enable", admin, s.enableUser},
		{"GET /{org}/admin/channels", admin.inNav(180, "nav.channels"), s.channels},
		{"POST /{org}/admin/channels", admin, s.createChannel},
		{"POST /{org}/admin/channels/{id}", admin, s.setChannelHandlers},
		{"GET /{org}/admin/tokens", admin, s.apiTokens},
		{"POST /{org}/admin/tokens", admin, s.createAPIToken},
		{"POST /{org}/admin/tokens/{id}/revoke", admin, s.revokeAPIToken},
		{"GET /{org}/admin/organisation", admin.inNav(185, "nav.organisation"), s.orgSettingsForm},
		{"POST /{org}/admin/organisation", admin, s.setOrgSettings},

		// The audit log (auditor).
		{"GET /{org}/audit", auditor.inNav(190, "nav.audit"), s.auditLog},
		{"POST /{org}/audit/verify", auditor, s.auditVerify},
		{"GET /{org}/audit/checkpoint", auditor, s.auditCheckpoint},
		{"POST /{org}/audit/checkpoint/mail", auditor, s.auditCheckpointMail},

		// The reporting point: public, no account, works without JavaScript.
		{"GET /{org}/report", public, s.reportForm},
		{"POST /{org}/report", public, s.submitReport},
		{"GET /{org}/mailbox", public, s.mailboxForm},
		{"POST /{org}/mailbox", public, s.openMailbox},
		{"POST /{org}/mailbox/message", public, s.mailboxMessage},
		{"POST /{org}/mailbox/minutes", public, s.mailboxMinutes},
		{"POST /{org}/mailbox/consent", public, s.mailboxConsent},
		{"POST /api/v1/{org}/reports", public, s.apiSubmitReport},
		{"GET /api/v1/{org}/mailbox", public, s.apiMailbox},
		{"POST /api/v1/{org}/mailbox/messages", public, s.apiMailboxMessage},

		// Case handling: coordinators, each only in the channels they handle.
		{"GET /{org}/reports", roles(domain.RoleCoordinator, domain.RoleController).inNav(20, "nav.reports"), s.reportsOrMetadata},
		{"GET /{org}/reports/new", coordinator, s.newReportForm},
		{"POST /{org}/reports", coordinator, s.createStaffReport},
		{"POST /{org}/reports/mark", coordinator, s.markReports},
		{"GET /{org}/reports/{id}", coordinator, s.reportPage},
		{"POST /{org}/reports/{id}/acknowledge", coordinator, s.acknowledgeReport},
		{"POST /{org}/reports/{id}/messages", coordinator, s.addReportMessage},
		{"POST /{org}/reports/{id}/feedback", coordinator, s.sendFeedback},
		{"POST /{org}/reports/{id}/allegations", coordinator, s.addAllegation},
		{"POST /{org}/reports/{id}/allegations/{aid}", coordinator, s.setOutcome},
		{"POST /{org}/reports/{id}/measures", coordinator, s.addMeasure},
		{"POST /{org}/reports/{id}/investigation", coordinator, s.setInvestigation},
		{"POST /{org}/reports/{id}/referral", coordinator, s.setReferral},
		{"POST /{org}/reports/{id}/subject", coordinator, s.setSubject},
		{"POST /{org}/reports/{id}/assignees", coordinator, s.assignReport},
		{"POST /{org}/reports/{id}/links", coordinator, s.linkReport},
		{"POST /{org}/reports/{id}/identity", coordinator, s.requestIdentity},
		{"POST /{org}/reports/{id}/close", coordinator, s.closeReport},
		{"GET /{org}/reports/{id}/attachments/{aid}", coordinator, s.reportAttachment},

		// The organisation's own categories of breaches (coordinator).
		{"GET /{org}/categories", coordinator, s.ownCategories},
		{"POST /{org}/categories", coordinator, s.createOwnCategory},
		{"POST /{org}/categories/{id}", coordinator, s.updateOwnCategory},
		{"POST /{org}/categories/{id}/delete", coordinator, s.deleteOwnCategory},

		// The custodian: recovery key, identity requests, restoring access.
		{"GET /{org}/custodian", custodian.inNav(160, "nav.custodian"), s.custodianPage},
		{"POST /{org}/custodian/recovery-key", custodian, s.createRecoveryKey},
		{"POST /{org}/custodian/identity/{rid}", custodian, s.decideIdentity},
		{"POST /{org}/custodian/recover", custodian, s.recoverAccess},

		// Requests for advice (coordinator).
		{"GET /{org}/advice", coordinator.inNav(30, "nav.advice"), s.adviceList},
		{"GET /{org}/advice/new", coordinator, s.adviceNew},
		{"POST /{org}/advice", coordinator, s.adviceCreate},
		{"GET /{org}/advice/{id}", coordinator, s.adviceEdit},
		{"POST /{org}/advice/{id}", coordinator, s.adviceUpdate},
		{"POST /{org}/advice/{id}/delete", coordinator, s.adviceDelete},

		// Aggression and violence against staff (HR).
		{"GET /{org}/aggression", roles(domain.RoleHR, domain.RoleController).inNav(120, "nav.aggression"), s.aggressionOrCounts},
		{"GET /{org}/aggression/new", hr, s.aggressionNew},
		{"POST /{org}/aggression", hr, s.aggressionCreate},
		{"GET /{org}/aggression/{id}", hr, s.aggressionEdit},
		{"POST /{org}/aggression/{id}", hr, s.aggressionUpdate},
		{"POST /{org}/aggression/{id}/delete", hr, s.aggressionDelete},

		// The confidential adviser: own contacts, cases, activities, year.
		{"GET /{org}/adviser", adviser.inNav(40, "nav.adviser"), s.adviserHome},
		{"POST /{org}/adviser/contacts", adviser, s.recordAdviserContact},
		{"POST /{org}/adviser/profile", adviser, s.setAdviserKind},
		{"GET /{org}/adviser/contacts", adviser, s.adviserContacts},
		{"GET /{org}/adviser/contacts/{id}", adviser, s.adviserContactPage},
		{"POST /{org}/adviser/contacts/{id}", adviser, s.updateAdviserContact},
		{"POST /{org}/adviser/contacts/{id}/delete", adviser, s.deleteAdviserContact},
		{"GET /{org}/adviser/cases", adviser, s.adviserCases},
		{"GET /{org}/adviser/cases/new", adviser, s.newAdviserCaseForm},
		{"POST /{org}/adviser/cases", adviser, s.createAdviserCase},
		{"GET /{org}/adviser/cases/{id}", adviser, s.adviserCasePage},
		{"POST /{org}/adviser/cases/{id}", adviser, s.updateAdviserCase},
		{"POST /{org}/adviser/cases/{id}/delete", adviser, s.deleteAdviserCase},
		{"POST /{org}/adviser/cases/{id}/contacts", adviser, s.addAdviserCaseContact},
		{"GET /{org}/adviser/activities", adviser, s.adviserActivities},
		{"POST /{org}/adviser/activities", adviser, s.createAdviserActivity},
		{"GET /{org}/adviser/activities/{id}", adviser, s.adviserActivityPage},
		{"POST /{org}/adviser/activities/{id}", adviser, s.updateAdviserActivity},
		{"POST /{org}/adviser/activities/{id}/delete", adviser, s.deleteAdviserActivity},
		{"GET /{org}/adviser/year", adviser, s.adviserYear},

		// The advisers' figures (controller): every adviser's aggregated
		// figures, and the organisation's decision on publishing small counts.
		{"GET /{org}/advisers", controller.inNav(70, "nav.advisers"), s.advisersOverview},
		{"POST /{org}/advisers/settings", controller, s.setAdviserSettings},

		// Integrity activities (coordinator, HR or clerk).
		{"GET /{org}/activities", keepers.inNav(140, "nav.activities"), s.activityList},
		{"GET /{org}/activities/new", keepers, s.newActivityForm},
		{"POST /{org}/activities", keepers, s.createActivity},
		{"GET /{org}/activities/{id}", keepers, s.activityPage},
		{"POST /{org}/activities/{id}", keepers, s.updateActivity},
		{"POST /{org}/activities/{id}/delete", keepers, s.deleteActivity},

		// Vulnerable positions (controller keeps them; HR reads).
		{"GET /{org}/vulnerable-positions", roles(domain.RoleController, domain.RoleHR).inNav(143, "nav.vulnpos"), s.vulnposList},
		{"GET /{org}/vulnerable-positions/new", controller, s.vulnposNew},
		{"POST /{org}/vulnerable-positions", controller, s.vulnposCreate},
		{"GET /{org}/vulnerable-positions/{id}", controller, s.vulnposEdit},
		{"POST /{org}/vulnerable-positions/{id}", controller, s.vulnposUpdate},
		{"POST /{org}/vulnerable-positions/{id}/delete", controller, s.vulnposDelete},

		// Action plans (controller keeps them); an action's owner, any user
		// of the organisation, reports progress on it (the handler admits
		// the owner and the controller, and answers 404 to anyone else).
		{"GET /{org}/plans", controller.inNav(144, "nav.plans"), s.planList},
		{"POST /{org}/plans", controller, s.planCreate},
		{"GET /{org}/plans/{id}", controller, s.planView},
		{"POST /{org}/plans/{id}", controller, s.planUpdate},
		{"POST /{org}/plans/{id}/delete", controller, s.planDelete},
		{"POST /{org}/plans/{id}/lines", controller, s.planLineCreate},
		{"GET /{org}/plans/{id}/actions/new", controller, s.actionNew},
		{"POST /{org}/plans/{id}/actions", controller, s.actionCreate},
		{"GET /{org}/plans/{id}/progress", controller, s.planProgress},
		{"GET /{org}/plans/{id}/progress.pdf", controller, s.planProgressFile},
		{"GET /{org}/plans/{id}/progress.xlsx", controller, s.planProgressFile},
		{"GET /{org}/actions", staff, s.myActions},
		{"GET /{org}/actions/{id}", staff, s.actionView},
		{"POST /{org}/actions/{id}/progress", staff, s.actionProgress},
		{"GET /{org}/actions/{id}/edit", controller, s.actionEdit},
		{"POST /{org}/actions/{id}", controller, s.actionUpdate},
		{"POST /{org}/actions/{id}/delete", controller, s.actionDelete},
		// The basic integrity norms' scorecard (controller), with the evidence the controller records.
		{"GET /{org}/norms", controller.inNav(55, "nav.norms"), s.normsPage},
		{"GET /{org}/norms.json", controller, s.normsJSON},
		{"POST /{org}/norms/records", controller, s.addNormRecord},
		{"POST /{org}/norms/records/{id}/delete", controller, s.deleteNormRecord},

		// Retention under the Selectielijst 2020 (controller): the destruction
		// list, its approval under a named mandate, the statements of destruction.
		{"GET /{org}/retention", controller.inNav(57, "nav.retention"), s.retentionPage},
		{"POST /{org}/retention/destroy", controller, s.destroy},
		{"GET /{org}/retention/destructions/{id}", controller, s.destructionStatement},
		{"GET /{org}/retention/destructions/{id}/statement.pdf", controller, s.destructionPDF},

		// Anonymous integrity surveys (controller); the questionnaire behind an invitation's link is public.
		{"GET /{org}/surveys", controller.inNav(145, "nav.surveys"), s.surveyList},
		{"POST /{org}/surveys", controller, s.createSurvey},
		{"GET /{org}/surveys/{id}", controller, s.surveyPage},
		{"POST /{org}/surveys/{id}/invite", controller, s.inviteSurvey},
		{"POST /{org}/surveys/{id}/close", controller, s.closeSurvey},
		{"POST /{org}/surveys/{id}/open-answers/{answer}", controller, s.readOpenAnswer},
		{"GET /{org}/survey/{token}", public, s.surveyForm},
		{"POST /{org}/survey/{token}", public, s.answerSurvey},
		{"GET /{org}/survey-done", public, s.surveyDone},

		// Dilemma sessions: any member of staff facilitates; the coordinator, HR and the controller keep
		// the own dilemmas; participants join from a phone with the session's code, without an account.
		{"GET /{org}/dilemmas", staff.inNav(146, "nav.dilemmas"), s.dilemmasPage},
		{"POST /{org}/dilemmas/sessions", staff, s.startDilemmaSession},
		{"GET /{org}/dilemmas/sessions/{id}", staff, s.dilemmaScreen},
		{"GET /{org}/dilemmas/sessions/{id}/version", staff, s.dilemmaVersion},
		{"POST /{org}/dilemmas/sessions/{id}/{action}", staff, s.dilemmaAction},
		{"POST /{org}/dilemmas/own", roles(domain.RoleCoordinator, domain.RoleHR, domain.RoleController), s.createOwnDilemma},
		{"POST /{org}/dilemmas/own/{id}/delete", roles(domain.RoleCoordinator, domain.RoleHR, domain.RoleController), s.deleteOwnDilemma},
		{"GET /{org}/join", public, s.dilemmaJoinForm},
		{"POST /{org}/join", public, s.dilemmaJoin},
		{"GET /{org}/join/{code}", public, s.dilemmaPhone},
		{"POST /{org}/join/{code}", public, s.dilemmaVote},
		{"GET /{org}/join/{code}/version", public, s.dilemmaPhoneVersion},

		// The council (clerk): questions, screenings and codes of conduct.
		{"GET /{org}/council", clerk.inNav(150, "nav.council"), s.councilOverview},
		{"GET /{org}/council/questions", clerk, s.councilList("questions")},
		{"GET /{org}/council/questions/new", clerk, q.newForm},
		{"POST /{org}/council/questions", clerk, q.create},
		{"GET /{org}/council/questions/{id}", clerk, q.page},
		{"POST /{org}/council/questions/{id}", clerk, q.update},
		{"POST /{org}/council/questions/{id}/delete", clerk, q.remove},
		{"GET /{org}/council/screenings", clerk, s.councilList("screenings")},
		{"GET /{org}/council/screenings/new", clerk, x.newForm},
		{"POST /{org}/council/screenings", clerk, x.create},
		{"GET /{org}/council/screenings/{id}", clerk, x.page},
		{"POST /{org}/council/screenings/{id}", clerk, x.update},
		{"POST /{org}/council/screenings/{id}/delete", clerk, x.remove},
		{"GET /{org}/council/codes", clerk, s.councilList("codes")},
		{"GET /{org}/council/codes/new", clerk, c.newForm},
		{"POST /{org}/council/codes", clerk, c.create},
		{"GET /{org}/council/codes/{id}", clerk, c.page},
		{"POST /{org}/council/codes/{id}", clerk, c.update},
		{"POST /{org}/council/codes/{id}/delete", clerk, c.remove},

		// People, positions and their compliance (HR).
		{"GET /{org}/people", hr.inNav(80, "nav.people"), s.peopleList},
		{"GET /{org}/people/new", hr, s.personNew},
		{"POST /{org}/people", hr, s.personCreate},
		{"GET /{org}/people/import", hr, s.peopleImportForm},
		{"POST /{org}/people/import", hr, s.peopleImport},
		{"GET /{org}/people/{id}", hr, s.personEdit},
		{"POST /{org}/people/{id}", hr, s.personUpdate},
		{"POST /{org}/people/{id}/delete", hr, s.personDelete},
		{"GET /{org}/people/{id}/duties", hr, s.personDuties},
		{"POST /{org}/people/{id}/duties", hr, s.markDuty},
		{"GET /{org}/positions", hr, s.positionsList},
		{"GET /{org}/positions/new", hr, s.positionNew},
		{"POST /{org}/positions", hr, s.positionCreate},
		{"GET /{org}/positions/{id}", hr, s.positionEdit},
		{"POST /{org}/positions/{id}", hr, s.positionUpdate},
		{"GET /{org}/compliance", hr, s.complianceView},

		// Outside activities and financial interests (HR).
		{"GET /{org}/outside-activities", hr.inNav(90, "nav.outside"), s.outsideList},
		{"GET /{org}/outside-activities/new", hr, s.outsideNew},
		{"POST /{org}/outside-activities", hr, s.outsideCreate},
		{"GET /{org}/outside-activities/{id}", hr, s.outsideEdit},
		{"POST /{org}/outside-activities/{id}", hr, s.outsideUpdate},
		{"POST /{org}/outside-activities/{id}/assess", hr, s.outsideAssess},
		{"POST /{org}/outside-activities/{id}/confirm", hr, s.outsideConfirm},
		{"POST /{org}/outside-activities/{id}/delete", hr, s.outsideDelete},
		{"GET /{org}/financial-interests", hr.inNav(100, "nav.financial"), s.financialList},
		{"GET /{org}/financial-interests/new", hr, s.financialNew},
		{"POST /{org}/financial-interests", hr, s.financialCreate},
		{"GET /{org}/financial-interests/{id}", hr, s.financialEdit},
		{"POST /{org}/financial-interests/{id}", hr, s.financialUpdate},
		{"POST /{org}/financial-interests/{id}/delete", hr, s.financialDelete},

		// The public register: exactly the published entries, no login.
		{"GET /{org}/register", public, s.registerPage},
		{"GET /{org}/register.csv", public, s.registerCSV},
		{"GET /api/v1/{org}/register/outside-activities", public, s.apiRegister},

		// Integrations, with an API token holding the route's scope
		// (Authorization: Bearer itk_…; tokens made at /{org}/admin/tokens).
		{"GET /api/v1/{org}/statistics", token(domain.ScopeStatisticsRead), s.apiStatistics},
		{"POST /api/v1/{org}/people/import", token(domain.ScopePeopleImport), s.apiPeopleImport},

		// Gifts and invitations (HR).
		{"GET /{org}/gifts", roles(domain.RoleHR, domain.RoleController).inNav(110, "nav.gifts"), s.giftsOrCounts},
		{"GET /{org}/gifts/overview", hr, s.giftOverview},
		{"GET /{org}/gifts/new", hr, s.giftNew},
		{"POST /{org}/gifts", hr, s.giftCreate},
		{"POST /{org}/gifts/threshold", hr, s.giftSetThreshold},
		{"GET /{org}/gifts/{id}", hr, s.giftEdit},
		{"POST /{org}/gifts/{id}", hr, s.giftUpdate},
		{"POST /{org}/gifts/{id}/decision", hr, s.giftDecide},
		{"POST /{org}/gifts/{id}/delete", hr, s.giftDelete},

		// Self-service (employee): the employee's home and own registrations.
		{"GET /{org}/my", employee.inNav(130, "nav.my"), s.myHome},
		{"GET /{org}/my/gifts", employee, s.myGifts},
		{"GET /{org}/my/gifts/new", employee, s.myGiftNew},
		{"POST /{org}/my/gifts", employee, s.myGiftCreate},
		{"GET /{org}/my/gifts/{id}", employee, s.myGift},
		{"GET /{org}/my/outside-activities", employee, s.myOutsideList},
		{"GET /{org}/my/outside-activities/new", employee, s.myOutsideNew},
		{"POST /{org}/my/outside-activities", employee, s.myOutsideCreate},
		{"GET /{org}/my/outside-activities/{id}", employee, s.myOutsideView},
		{"POST /{org}/my/outside-activities/{id}/confirm", employee, s.myOutsideConfirm},

		// Import of the register template (controller).
		{"GET /{org}/import", controller.inNav(60, "nav.import"), s.importForm},
		{"POST /{org}/import", controller, s.importUpload},
		{"GET /{org}/import/template.xlsx", controller, s.importTemplate},

		// The annual integrity report (controller).
		{"GET /{org}/annual-report", controller.inNav(50, "nav.annual_report"), s.annualReport},
		{"GET /{org}/annual-report.pdf", controller, s.annualReportFile},
		{"GET /{org}/annual-report.xlsx", controller, s.annualReportFile},
		{"GET /{org}/annual-report.json", controller, s.annualReportFile},
		{"POST /{org}/annual-report/texts", controller, s.annualReportTexts},
		{"POST /{org}/annual-report/registers", controller, s.annualReportRegisters},
		{"POST /{org}/annual-report/categories", controller, s.annualReportCategories},
		{"POST /{org}/annual-report/facts", controller, s.annualReportFacts},
	}
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
	case kindToken:
		return rs.apiToken != nil && rs.org != nil && rs.apiToken.OrgID == rs.org.ID && rs.apiToken.Has(a.scope)
	}
	return false
}
