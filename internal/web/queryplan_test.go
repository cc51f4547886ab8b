package web_test

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/config"
	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/seal"
	"github.com/integer-nl/integer/internal/store"
	"github.com/integer-nl/integer/internal/web"
)

// statements records what the store sends to the database while on.
type statements struct {
	mu   sync.Mutex
	on   bool
	list []statement
}

type statement struct {
	query string
	args  []any
}

func (s *statements) record(query string, args []any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.on {
		s.list = append(s.list, statement{query, slices.Clone(args)})
	}
}

// during returns the statements run while f runs.
func (s *statements) during(f func()) []statement {
	s.mu.Lock()
	s.on, s.list = true, nil
	s.mu.Unlock()
	f()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.on = false
	return s.list
}

// bigTables grow with the number of reports: a query that reads one of them
// whole, or another organisation's rows of it, grows with the installation.
var bigTables = []string{"reports", "report_messages", "allegations", "measures", "report_events",
	"report_attachments", "report_grants", "identity_requests", "audit_log",
	"people", "outside_activities", "gifts", "aggression_incidents", "activities", "advice_requests", "adviser_cases"}

// perReport are the big tables that hang off one report.
var perReport = []string{"report_messages", "allegations", "measures", "report_events", "report_attachments",
	"report_grants", "identity_requests"}

func TestPageQueryPlansSQLite(t *testing.T) { testPageQueryPlans(t, "") }

func TestPageQueryPlansPostgres(t *testing.T) { testPageQueryPlans(t, dbtest.PostgresURL(t)) }

// testPageQueryPlans requests the pages of one report and every list and
// dashboard through the real router, with thousands of reports over many
// organisations and fresh statistics, records each statement the store
// sends, and asks the engine for its plan (EXPLAIN). A page that shows one
// report reads the reports table by key only and its other big tables by
// that report; a list reads its organisation's rows through an index on the
// organisation (or a report's through the report), never a whole big table.
// INTEGER_SHOW_PLANS=text logs the plan of each statement containing text.
func testPageQueryPlans(t *testing.T, dsn string) {
	if testing.Short() {
		t.Skip("fills thousands of reports")
	}
	if dsn == "" {
		dsn = sqliteDSN(t)
	}
	postgres := strings.HasPrefix(dsn, "postgres")
	ctx := context.Background()
	rec := &statements{}
	st, err := store.OpenRecorded(ctx, dsn, rec.record)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e := newEnvStore(t, st, dsn, web.Options{PasswordParams: auth.TestParams}, func(c *config.Config) { c.Demo = true })

	org := e.org("groot")
	_, coord := e.handlerIn(org, "coord", "officials")
	all := []domain.Role{domain.RoleAdviser, domain.RoleHR, domain.RoleClerk, domain.RoleCustodian,
		domain.RoleEmployee, domain.RoleAdmin, domain.RoleAuditor}
	alle := e.user(org, "alle", all...)
	others := e.loginHandler(org, "alle")
	ctrl := e.session(e.user(org, "ctrl", domain.RoleController), domain.StateFull)

	// One real report, with a file, whose handling the test follows.
	code := seal.NewReceipt()
	rep, err := e.store.CreateReport(ctx, store.Reporter, org.ID, domain.NewReport{Channel: "officials", ReporterKind: "employee",
		Content:  domain.ReportContent{What: "Declaraties kloppen niet", Where: "Stadskantoor"},
		Identity: domain.ReporterIdentity{Name: "Jan Melder", Contact: "06-12345678"}}, e.receipt(org.ID, code),
		store.File{Name: "bon.txt", Content: []byte("bon")})
	if err != nil {
		t.Fatal(err)
	}
	base := fmt.Sprintf("/groot/reports/%d", rep.ID)

	// The load tool's bulk writer copies on pgx's own connection, which the
	// recording wrapper hides: it fills through a store of its own.
	bulk, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer bulk.Close()
	fillReports(t, e, bulk, org, alle.ID)
	var attachment int64
	if err := e.store.DB().QueryRowContext(ctx, `SELECT id FROM report_attachments WHERE report_id = $1`, rep.ID).Scan(&attachment); err != nil {
		t.Fatal(err)
	}

	see := http.StatusSeeOther
	handling := []planPage{
		{"acknowledgement", coord, "POST", base + "/acknowledge", url.Values{"message": {"Ontvangen."}}, true, see},
		{"allegation", coord, "POST", base + "/allegations", url.Values{"category": {"financial"}}, true, see},
		{"note", coord, "POST", base + "/messages", url.Values{"kind": {"note"}, "message": {"Notitie"}}, true, see},
		{"measure", coord, "POST", base + "/measures", url.Values{"measure": {"reprimand"}, "note": {"Schriftelijk"}}, true, see},
		{"investigation", coord, "POST", base + "/investigation", url.Values{"investigation": {"internal"}}, true, see},
		{"identity request", coord, "POST", base + "/identity", url.Values{"basis": {"legal_duty"}, "reason": {"Aangifte"}}, true, see},
		{"attachment", coord, "GET", fmt.Sprintf("%s/attachments/%d", base, attachment), nil, true, 0},
	}
	for _, p := range handling {
		checkPlans(t, e, rec, postgres, p)
	}
	var request, allegation int64
	if err := e.store.DB().QueryRowContext(ctx, `SELECT id FROM identity_requests WHERE report_id = $1`, rep.ID).Scan(&request); err != nil {
		t.Fatal(err)
	}
	if err := e.store.DB().QueryRowContext(ctx, `SELECT id FROM allegations WHERE report_id = $1`, rep.ID).Scan(&allegation); err != nil {
		t.Fatal(err)
	}
	pages := []planPage{
		{"outcome", coord, "POST", fmt.Sprintf("%s/allegations/%d", base, allegation), url.Values{"outcome": {"substantiated"}}, true, see},
		{"feedback", coord, "POST", base + "/feedback", url.Values{"message": {"Onderzocht."}}, true, see},
		{"custodian's decision", others, "POST", fmt.Sprintf("/groot/custodian/identity/%d", request), url.Values{"decision": {"approve"}}, true, see},
		{"report page", coord, "GET", base, nil, true, 0},
		{"mailbox", "", "POST", "/groot/mailbox", url.Values{"receipt": {code}}, true, 0},
		{"mailbox through the API", "Receipt " + code, "GET", "/api/v1/groot/mailbox", nil, true, 0},
		{"closing", coord, "POST", base + "/close", url.Values{"message": {"Afgesloten."}}, true, see},
		{"closed report's page", coord, "GET", base, nil, true, 0},
		{"dashboard", coord, "GET", "/groot/dashboard", nil, false, 0},
		{"report list", coord, "GET", "/groot/reports", nil, false, 0},
		{"closed reports", coord, "GET", "/groot/reports?state=closed&page=2", nil, false, 0},
		{"dismissed reports", coord, "GET", "/groot/reports?state=dismissed", nil, false, 0},
		{"reports of a channel", coord, "GET", "/groot/reports?channel=officials&state=received", nil, false, 0},
		{"controller's closed reports", ctrl, "GET", "/groot/reports?state=closed&page=3", nil, false, 0},
		{"controller's dashboard", ctrl, "GET", "/groot/dashboard", nil, false, 0},
		{"controller's report list", ctrl, "GET", "/groot/reports", nil, false, 0},
		{"dashboard of the other roles", others, "GET", "/groot/dashboard", nil, false, 0},
		{"custodian", others, "GET", "/groot/custodian", nil, false, 0},
		{"audit log", others, "GET", "/groot/audit", nil, false, 0},
		{"audit log filtered", others, "GET", "/groot/audit?action=report.read&actor=coord&from=01-01-2020&before=1000000", nil, false, 0},
		{"people", others, "GET", "/groot/people", nil, false, 0},
		{"compliance", others, "GET", "/groot/compliance", nil, false, 0},
		{"positions", others, "GET", "/groot/positions", nil, false, 0},
		{"outside activities", others, "GET", "/groot/outside-activities", nil, false, 0},
		{"financial interests", others, "GET", "/groot/financial-interests", nil, false, 0},
		{"gifts", others, "GET", "/groot/gifts", nil, false, 0},
		{"aggression", others, "GET", "/groot/aggression", nil, false, 0},
		{"activities", coord, "GET", "/groot/activities", nil, false, 0},
		{"advice requests", coord, "GET", "/groot/advice", nil, false, 0},
		{"adviser", others, "GET", "/groot/adviser", nil, false, 0},
		{"adviser cases", others, "GET", "/groot/adviser/cases", nil, false, 0},
		{"advisers' figures", ctrl, "GET", "/groot/advisers", nil, false, 0},
		{"surveys", ctrl, "GET", "/groot/surveys", nil, false, 0},
		{"plans", ctrl, "GET", "/groot/plans", nil, false, 0},
		{"vulnerable positions", ctrl, "GET", "/groot/vulnerable-positions", nil, false, 0},
		{"council", others, "GET", "/groot/council", nil, false, 0},
		{"retention", ctrl, "GET", "/groot/retention", nil, false, 0},
		{"annual report", ctrl, "GET", "/groot/annual-report", nil, false, 0},
		{"annual report as JSON", ctrl, "GET", "/groot/annual-report.json", nil, false, 0},
		{"own categories", coord, "GET", "/groot/categories", nil, false, 0},
		{"gifts overview", others, "GET", "/groot/gifts/overview", nil, false, 0},
		{"adviser's year", others, "GET", "/groot/adviser/year", nil, false, 0},
		{"adviser's contacts", others, "GET", "/groot/adviser/contacts", nil, false, 0},
		{"employee's own", others, "GET", "/groot/my", nil, false, 0},
		{"public register", "", "GET", "/groot/register", nil, false, 0},
		{"norms", ctrl, "GET", "/groot/norms", nil, false, 0},
		{"actions", ctrl, "GET", "/groot/actions", nil, false, 0},
		{"dilemmas", coord, "GET", "/groot/dilemmas", nil, false, 0},
		{"users", others, "GET", "/groot/admin/users", nil, false, 0},
	}
	for _, p := range pages {
		checkPlans(t, e, rec, postgres, p)
	}

	checkTrendPlan(t, e, rec, postgres, ctrl)

	// The check itself catches what it is for, on both engines.
	for _, c := range []struct {
		query     string
		args      []any
		oneReport bool
		want      string // the start of judge's finding
	}{
		// A report by its number alone reads every organisation's reports
		// (SQLite skip-scans the organisation's index, PostgreSQL 15 reads
		// that index whole).
		{`SELECT id FROM reports WHERE number = $1`, []any{"V-3-7"}, true, "reads all of reports"},
		// The organisation's reports on a page of one report.
		{`SELECT COUNT(*) FROM reports WHERE org_id = $1 AND state = 'received'`, []any{org.ID}, true, "reads reports beyond the one report"},
		// A list that joins a register to all people, not the organisation's.
		{`SELECT p.name FROM gifts g JOIN people p ON p.id = g.person_id WHERE p.name = $1`, []any{"x"}, false, "reads all of"},
	} {
		plan, err := dbtest.Explain(ctx, e.store.DB(), postgres, c.query, c.args)
		if err != nil {
			t.Fatal(err)
		}
		var found []string
		for _, a := range plan.Accesses {
			found = append(found, judge(a, c.oneReport))
		}
		if !slices.ContainsFunc(found, func(f string) bool { return strings.HasPrefix(f, c.want) }) {
			t.Errorf("%s: not caught (%q), want %q:\n%s", c.query, found, c.want, plan.Text)
		}
	}
}

// checkTrendPlan: the annual report's trend by code counts all its years in one range
// of the index on the copies of the reports' facts (migration 00042):
// no report read, and on SQLite no sort for the GROUP BY.
func checkTrendPlan(t *testing.T, e *env, rec *statements, postgres bool, ctrl string) {
	t.Helper()
	ctx := context.Background()
	trend := 0
	for _, s := range rec.during(func() { e.do(request{method: "GET", path: "/groot/annual-report.json", cookie: ctrl}) }) {
		if !strings.Contains(s.query, "received_year BETWEEN") {
			continue
		}
		trend++
		plan, err := dbtest.Explain(ctx, e.store.DB(), postgres, s.query, s.args)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range plan.Accesses {
			if a.Table != "allegations" || a.Index != "allegations_year" || a.Full {
				t.Errorf("the trend's counts read %s, want a range of allegations_year only:\n%s\nplan:\n%s", a, oneLine(s.query), plan.Text)
			}
		}
		if strings.Contains(plan.Text, "TEMP B-TREE") {
			t.Errorf("the trend's counts sort:\n%s\nplan:\n%s", oneLine(s.query), plan.Text)
		}
	}
	if trend != 1 {
		t.Errorf("the annual report ran %d statements of the trend's counts, want 1", trend)
	}
}

// planPage is a request whose statements checkPlans judges.
type planPage struct {
	name   string
	cookie string // a session token, or for the API the Authorization header
	method string
	path   string
	form   url.Values
	// oneReport: the page shows (or changes) one report.
	oneReport bool
	status    int // 200 when 0
}

// checkPlans makes the request, explains each statement the store sent for
// it and fails the test on what judge finds.
func checkPlans(t *testing.T, e *env, rec *statements, postgres bool, p planPage) {
	t.Helper()
	rq := request{method: p.method, path: p.path, cookie: p.cookie, form: p.form}
	if strings.HasPrefix(p.cookie, "Receipt ") {
		rq.cookie, rq.header = "", map[string]string{"Authorization": p.cookie}
	}
	var res response
	list := rec.during(func() { res = e.do(rq) })
	if want := cmp.Or(p.status, http.StatusOK); res.StatusCode != want {
		t.Errorf("%s (%s): status %d, want %d", p.name, p.path, res.StatusCode, want)
		return
	}
	for _, s := range list {
		if !explainable(s.query) {
			continue
		}
		plan, err := dbtest.Explain(context.Background(), e.store.DB(), postgres, s.query, s.args)
		if err != nil {
			t.Errorf("%s: %v\n%s", p.name, err, s.query)
			continue
		}
		if show := os.Getenv("INTEGER_SHOW_PLANS"); show != "" && strings.Contains(oneLine(s.query), show) {
			t.Logf("%s\n%s", oneLine(s.query), plan.Text)
		}
		for _, a := range plan.Accesses {
			if problem := judge(a, p.oneReport); problem != "" {
				t.Errorf("%s (%s) %s:\n%s\nplan:\n%s", p.name, p.path, problem, oneLine(s.query), plan.Text)
			}
		}
	}
}

// judge says what is wrong with reading a table so, on a page of one
// report (oneReport) or of a list ("" when nothing is).
func judge(a dbtest.Access, oneReport bool) string {
	if !slices.Contains(bigTables, a.Table) {
		return ""
	}
	switch {
	case a.Full:
		return "reads all of " + a.Table
	case a.Key:
		return ""
	case slices.Contains(perReport, a.Table) && a.Names("report_id"):
		return ""
	case oneReport && a.Table == "audit_log":
		return "" // the report's audit entries: see the audit_log rule below
	case oneReport:
		return "reads " + a.Table + " beyond the one report (" + a.Detail + ")"
	}
	for _, c := range a.Columns {
		if strings.HasSuffix(c, "_id") {
			return "" // the organisation's, or one of its records' (a channel's, a category's)
		}
	}
	return "reads " + a.Table + " without naming the organisation or one of its records (" + a.Detail + ")"
}

var leadingWord = regexp.MustCompile(`^\s*(?:--[^\n]*\n\s*)*(\w+)`)

// explainable: statements that read or change rows; not transaction
// control, settings or locks.
func explainable(query string) bool {
	m := leadingWord.FindStringSubmatch(query)
	if m == nil {
		return false
	}
	switch strings.ToUpper(m[1]) {
	case "SELECT", "WITH", "UPDATE", "DELETE", "INSERT":
		return !strings.Contains(query, "pg_advisory") && strings.TrimSpace(query) != "SELECT 1"
	}
	return false
}

func oneLine(query string) string { return strings.Join(strings.Fields(query), " ") }

// fillReports adds 20,000 reports over ten years: 400 in the organisation's
// channel for the mayor (which its coordinator does not handle) and 400 in
// each of 49 other organisations (a shared service centre in small), each
// with two messages, an allegation, a measure, three events, an attachment,
// a grant and an identity request by a user of its organisation, and two
// audit entries a report in the other organisations; and in every
// organisation 200 people, 100 outside activities, 100 gifts, 50 aggression
// incidents, 40 activities, 50 advice requests and 50 adviser cases
// (store.SeedRegisterRecords, the load tool's); then fresh statistics.
// At this volume a full scan is not PostgreSQL's cheap choice for a page
// that needs one organisation's rows, or one report's. Their content is not
// sealed: no page of the test opens them.
func fillReports(t testing.TB, e *env, bulk *store.Store, org *domain.Organisation, adviserID int64) {
	t.Helper()
	const perOrg, years = 400, 10
	others := 49
	// INTEGER_PLAN_ORGS sets the number of organisations, for a look at a
	// shared service centre's scale (300: 120,000 reports; minutes).
	if n, err := strconv.Atoi(os.Getenv("INTEGER_PLAN_ORGS")); err == nil && n > 1 {
		others = n - 1
	}
	ctx := context.Background()
	db := e.store.DB()
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
	}
	var userID int64
	if err := db.QueryRowContext(ctx, `SELECT id FROM users WHERE org_id = $1 ORDER BY id LIMIT 1`, org.ID).Scan(&userID); err != nil {
		t.Fatal(err)
	}
	orgs, users := []int64{org.ID}, []int64{userID}
	for i := range others {
		o := e.org(fmt.Sprintf("ander%d", i))
		u := &domain.User{OrgID: o.ID, Username: "behandelaar", PasswordHash: "$argon2id$test",
			Roles: []domain.Role{domain.RoleCoordinator, domain.RoleAdviser}}
		if err := e.store.CreateUser(ctx, store.CLI, u); err != nil {
			t.Fatal(err)
		}
		orgs, users = append(orgs, o.ID), append(users, u.ID)
	}
	received := time.Date(2015, 1, 1, 9, 0, 0, 0, time.UTC)
	for i, orgID := range orgs {
		adviser := users[i]
		if orgID == org.ID {
			adviser = adviserID
		}
		if err := bulk.SeedRegisterRecords(ctx, store.CLI, orgID, store.SeedRegisters{People: 200, OutsideActivities: 100,
			Gifts: 100, Aggression: 50, Activities: 40, AdviceRequests: 50, AdviserCases: 50, AdviserID: adviser,
			From: received, To: received.AddDate(years, 0, 0)}); err != nil {
			t.Fatal(err)
		}
		channel := "officials"
		if orgID == org.ID {
			channel = "mayor"
		}
		var channelID int64
		if err := db.QueryRowContext(ctx, `SELECT id FROM channels WHERE org_id = $1 AND code = $2`, orgID, channel).Scan(&channelID); err != nil {
			t.Fatal(err)
		}
		exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $6)
			INSERT INTO reports (org_id, channel_id, number, received_at, source, reporter_kind, anonymous, whistleblower, state,
				acknowledged_at, closed_at, content, created_at)
			SELECT $1, $2, 'V-' || $3 || '-' || i, $4, 'form', 'employee', true, false,
				'closed', $4, $4, $5, $4 FROM n`,
			orgID, channelID, fmt.Sprint(i), received, []byte("x"), perOrg)
		exec(`UPDATE reports SET state = 'received', closed_at = NULL WHERE channel_id = $1 AND id % 10 = 0`, channelID)
		exec(`INSERT INTO identity_requests (org_id, report_id, requested_by, reason, basis, status, created_at)
			SELECT org_id, id, $2, $3, 'consent', 'refused', $4 FROM reports WHERE channel_id = $1`, channelID, users[i], []byte("x"), received)
		x := []byte("x")
		for _, child := range []struct {
			query string
			args  []any
		}{
			{`INSERT INTO report_messages (report_id, kind, from_reporter, body, created_at) SELECT id, 'message', false, $2, $3 FROM reports WHERE channel_id = $1`, []any{x, received}},
			{`INSERT INTO report_messages (report_id, kind, from_reporter, body, created_at) SELECT id, 'message', true, $2, $3 FROM reports WHERE channel_id = $1`, []any{x, received}},
			{`INSERT INTO allegations (report_id, category, outcome, created_at, org_id, received_year, report_dismissed)
				SELECT id, 'financial', 'substantiated', $2, org_id, $3, dismissed FROM reports WHERE channel_id = $1`, []any{received, received.Year()}},
			{`INSERT INTO measures (report_id, kind, created_at) SELECT id, 'warning', $2 FROM reports WHERE channel_id = $1`, []any{received}},
			{`INSERT INTO report_events (report_id, at, actor_id, actor, kind) SELECT id, $2, 0, 'x', 'received' FROM reports WHERE channel_id = $1`, []any{received}},
			{`INSERT INTO report_events (report_id, at, actor_id, actor, kind) SELECT id, $2, 0, 'x', 'acknowledged' FROM reports WHERE channel_id = $1`, []any{received}},
			{`INSERT INTO report_events (report_id, at, actor_id, actor, kind) SELECT id, $2, 0, 'x', 'closed' FROM reports WHERE channel_id = $1`, []any{received}},
			{`INSERT INTO report_attachments (report_id, from_reporter, name, size, content, created_at) SELECT id, true, $2, 1, $2, $3 FROM reports WHERE channel_id = $1`, []any{x, received}},
			{`INSERT INTO report_grants (report_id, grantee, wrapped) SELECT id, 'recovery', $2 FROM reports WHERE channel_id = $1`, []any{x}},
		} {
			exec(child.query, append([]any{channelID}, child.args...)...)
		}
		if orgID != org.ID {
			// Far above the chain's own numbers, so the store's next entries never meet them.
			exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $4)
				INSERT INTO audit_log (id, org_id, at, actor_id, actor, session_ref, action, object_type, object_id, detail, prev_hash, hash)
				SELECT 1000000000 + $1 * 10000 + i, $2, $3, 0, 'x', '', 'report.read', 'report', '1', '', '', '' FROM n`, i, orgID, received, 2*perOrg)
		}
	}
	// Ten years: each year holds a tenth of every organisation's reports.
	for y := range years {
		exec(`UPDATE reports SET received_at = $1, acknowledged_at = $1 WHERE id % $2 = $3 AND number LIKE 'V-%'`,
			received.AddDate(y, 0, 0), years, y)
	}
	exec(`UPDATE reports SET closed_at = received_at WHERE closed_at IS NOT NULL AND number LIKE 'V-%'`)
	exec(`ANALYZE`)
}

// BenchmarkQueryPlanFixes times the queries the plan test changed, before
// and after, on the plan test's volume: 20,000 reports in 50 organisations.
// The last "before" drops the index it measures without.
//
//	go test -run '^$' -bench QueryPlanFixes -benchtime 200x ./internal/web/
func BenchmarkQueryPlanFixes(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			dsn := sqliteDSN(b)
			if engine == "postgres" {
				dsn = dbtest.PostgresURL(b)
			}
			ctx := context.Background()
			st, err := store.Open(ctx, dsn)
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			e := newEnvStore(b, st, dsn, web.Options{PasswordParams: auth.TestParams}, func(c *config.Config) { c.Demo = true })
			org := e.org("groot")
			e.handlerIn(org, "coord", "officials")
			adviser := e.user(org, "adviseur", domain.RoleAdviser)
			fillReports(b, e, st, org, adviser.ID)
			db := st.DB()
			var category int64
			if err := db.QueryRowContext(ctx, `INSERT INTO own_categories (org_id, label, label_key, category, position, created_at)
				VALUES ($1, 'Declaraties', 'declaraties', 'financial', 1, CURRENT_TIMESTAMP) RETURNING id`, org.ID).Scan(&category); err != nil {
				b.Fatal(err)
			}
			if _, err := db.ExecContext(ctx, `UPDATE allegations SET own_category_id = $1 WHERE report_id IN (SELECT id FROM reports WHERE org_id = $2)`,
				category, org.ID); err != nil {
				b.Fatal(err)
			}
			requests := `SELECT r.id, r.report_id, rep.number, r.requested_by, u.display_name, r.reason FROM identity_requests r
				JOIN reports rep ON rep.id = r.report_id JOIN users u ON u.id = r.requested_by LEFT JOIN users d ON d.id = r.decided_by WHERE `
			gifts := `SELECT g.id, p.name FROM gifts g JOIN people p ON p.id = g.person_id `
			counts := `SELECT oc.id, (SELECT COUNT(*) FROM allegations a WHERE a.own_category_id = oc.id) FROM own_categories oc WHERE oc.org_id = $1`
			for _, q := range []struct{ name, query, before string }{
				{"identity requests/after", requests + `r.org_id = $1 AND rep.org_id = $1 ORDER BY r.id DESC`, ""},
				{"identity requests/before", requests + `rep.org_id = $1 ORDER BY r.id DESC`, ""},
				{"gifts/after", gifts + `AND p.org_id = g.org_id WHERE g.org_id = $1`, ""},
				{"gifts/before", gifts + `WHERE g.org_id = $1`, ""},
				{"own category counts/after", counts, ""},
				{"own category counts/before", counts, `DROP INDEX allegations_own_category`},
			} {
				if q.before != "" {
					if _, err := db.ExecContext(ctx, q.before); err != nil {
						b.Fatal(err)
					}
				}
				b.Run(q.name, func(b *testing.B) {
					for b.Loop() {
						rows, err := db.QueryContext(ctx, q.query, org.ID)
						if err != nil {
							b.Fatal(err)
						}
						for rows.Next() {
						}
						rows.Close()
					}
				})
			}
		})
	}
}
