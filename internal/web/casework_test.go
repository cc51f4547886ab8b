package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/config"
	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/i18n"
	"github.com/integer-nl/integer/internal/seal"
	"github.com/integer-nl/integer/internal/store"
)

// demoEnv is a server in demo mode, whose pages show the demo banner. Its
// test organisations are not the demo's own, so their coordinators still
// need a second factor: loginHandler takes that as given.
func demoEnv(t *testing.T, dsn string) *env {
	return newEnv(t, dsn, func(c *config.Config) { c.Demo = true })
}

// handlerIn makes a coordinator who handles channel, logs them in for real
// (creating their key pair) and returns them with the session cookie.
func (e *env) handlerIn(org *domain.Organisation, username, channel string) (*domain.User, string) {
	e.t.Helper()
	u := e.user(org, username, domain.RoleCoordinator)
	cookie := e.loginHandler(org, username)
	e.addHandler(org, channel, u)
	return u, cookie
}

// loginHandler logs the user in with their password for real (the session
// then carries their key, created at the first login) and, where the login
// waits for the two-factor enrolment or code, marks the session complete in
// the database, as the second factor would; it returns the session cookie.
func (e *env) loginHandler(org *domain.Organisation, username string) string {
	e.t.Helper()
	res := e.login(org.Slug, username, testPassword)
	cookie := res.sessionCookie()
	switch loc := res.location(); {
	case res.StatusCode != http.StatusSeeOther:
		e.t.Fatalf("login %s: %d to %q", username, res.StatusCode, loc)
	case loc == "/"+org.Slug+"/enrol" || loc == "/"+org.Slug+"/login/code":
		if _, err := e.store.DB().Exec(`UPDATE sessions SET state = $1 WHERE token_hash = $2`,
			string(domain.StateFull), auth.HashToken(cookie)); err != nil {
			e.t.Fatal(err)
		}
	case loc != "/"+org.Slug+"/dashboard":
		e.t.Fatalf("login %s: %d to %q", username, res.StatusCode, loc)
	}
	return cookie
}

func (e *env) addHandler(org *domain.Organisation, channel string, u *domain.User) {
	e.t.Helper()
	ctx := context.Background()
	ch, err := e.store.ChannelByCode(ctx, org.ID, channel)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.store.SetChannelHandlers(ctx, store.CLI, org.ID, ch.ID, append(ch.Handlers, u.ID)); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) receipt(orgID int64, code string) store.Receipt {
	e.t.Helper()
	keys, err := e.store.OrgKeys(context.Background(), orgID)
	if err != nil {
		e.t.Fatal(err)
	}
	lookup, mailbox := seal.ReceiptKeys(auth.TestParams, code, keys.ReceiptSalt)
	return store.Receipt{Lookup: lookup, Mailbox: mailbox}
}

// report files a report as a reporter would, and returns it with the
// receipt that opens its mailbox.
func (e *env) report(org *domain.Organisation, channel, what string, named bool, received time.Time) (*domain.Report, store.Receipt) {
	e.t.Helper()
	rc := e.receipt(org.ID, seal.NewReceipt())
	in := domain.NewReport{Channel: channel, ReporterKind: "employee", Anonymous: !named, ReceivedAt: received,
		Content: domain.ReportContent{What: what, Where: "Stadskantoor"}}
	if named {
		in.Identity = domain.ReporterIdentity{Name: "Jan Melder", Contact: "06-12345678"}
	}
	r, err := e.store.CreateReport(context.Background(), store.Reporter, org.ID, in, rc)
	if err != nil {
		e.t.Fatal(err)
	}
	return r, rc
}

func (e *env) post(cookie, path string, form url.Values) response {
	e.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	return e.do(request{method: http.MethodPost, path: path, cookie: cookie, form: form})
}

func (e *env) get(cookie, path string) response {
	e.t.Helper()
	return e.do(request{path: path, cookie: cookie})
}

// wantRedirect checks a step succeeded: 303 back to the report with done.
func wantRedirect(t *testing.T, res response, prefix string) {
	t.Helper()
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.location(), prefix) {
		t.Fatalf("status %d to %q, want 303 to %s…\n%s", res.StatusCode, res.location(), prefix, res.body)
	}
}

func wantRefused(t *testing.T, res response, status int, message string) {
	t.Helper()
	if res.StatusCode != status || !strings.Contains(res.body, message) {
		t.Fatalf("status %d, want %d with %q\n%s", res.StatusCode, status, message, res.body)
	}
}

func TestCaseHandlingSQLite(t *testing.T) { testCaseHandling(t, demoEnv(t, "")) }

func TestCaseHandlingPostgres(t *testing.T) { testCaseHandling(t, demoEnv(t, dbtest.PostgresURL(t))) }

// testCaseHandling walks a report from receipt to closing through the web
// pages, as its handler, and checks the reporter sees the result.
func testCaseHandling(t *testing.T, e *env) {
	org := e.org("helmond")
	_, coord := e.handlerIn(org, "coord", "officials")
	_, griffier := e.handlerIn(org, "griffier", "mayor")
	rep, rc := e.report(org, "officials", "Declaraties kloppen niet", true, time.Time{})
	base := fmt.Sprintf("/helmond/reports/%d", rep.ID)

	// The list shows it with its acknowledgement deadline, in Dutch dates.
	list := e.get(coord, "/helmond/reports")
	ackDue := domain.AcknowledgementDue(rep.ReceivedAt).Format("02-01-2006")
	if list.StatusCode != 200 || !strings.Contains(list.body, rep.Number) || !strings.Contains(list.body, ackDue) ||
		!strings.Contains(list.body, "0 te laat") {
		t.Fatalf("list: %d, want %s due %s\n%s", list.StatusCode, rep.Number, ackDue, list.body)
	}
	if other := e.get(griffier, "/helmond/reports"); strings.Contains(other.body, rep.Number) {
		t.Fatal("the mayor's channel lists a report about officials")
	}

	// The page shows the content, not the identity, and offers the
	// acknowledgement with a default text.
	page := e.get(coord, base)
	if page.StatusCode != 200 || !strings.Contains(page.body, "Declaraties kloppen niet") || strings.Contains(page.body, "Jan Melder") ||
		!strings.Contains(page.body, "Geachte melder") || !strings.Contains(page.body, base+"/acknowledge") {
		t.Fatalf("report page: %d\n%s", page.StatusCode, page.body)
	}

	// No outcome before the acknowledgement (on a second report): refused
	// with the Dutch message, nothing changed.
	second, _ := e.report(org, "officials", "Tweede melding", false, time.Time{})
	base2 := fmt.Sprintf("/helmond/reports/%d", second.ID)
	wantRedirect(t, e.post(coord, base2+"/allegations", url.Values{"category": {"financial"}}), base2+"?done=allegation")
	if strings.Contains(e.get(coord, base2).body, base2+"/allegations/") {
		t.Fatal("an outcome form is offered before the acknowledgement")
	}
	aid2 := allegationIDs(t, e, second.ID)
	res := e.post(coord, fmt.Sprintf("%s/allegations/%d", base2, aid2[0]), url.Values{"outcome": {"substantiated"}})
	wantRefused(t, res, http.StatusBadRequest, "Bevestig eerst de ontvangst van de melding.")
	if !strings.Contains(res.body, "Er is niets gewijzigd") {
		t.Fatal("the refusal is not summarised at the top")
	}

	// Acknowledge; an empty message is refused at its field.
	wantRefused(t, e.post(coord, base+"/acknowledge", url.Values{"message": {"  "}}), http.StatusBadRequest, "Schrijf een bericht.")
	wantRedirect(t, e.post(coord, base+"/acknowledge", url.Values{"message": {"Wij hebben uw melding ontvangen."}}), base+"?done=acknowledged")
	if page = e.get(coord, base+"?done=acknowledged"); !strings.Contains(page.body, "De ontvangst is bevestigd") || strings.Contains(page.body, base+"/acknowledge") {
		t.Fatal("after acknowledging: no notice, or the form is still offered")
	}

	// Two allegations with different outcomes, a measure.
	own := e.post(coord, "/helmond/categories", url.Values{"label": {"Declaratiefraude"}, "category": {"financial"}})
	wantRedirect(t, own, "/helmond/categories?done=created#category-")
	_, ownID, _ := strings.Cut(own.location(), "#category-")
	wantRedirect(t, e.post(coord, base+"/allegations", url.Values{"own_category": {ownID}}), base)
	wantRedirect(t, e.post(coord, base+"/allegations", url.Values{"category": {"undesirable_conduct"}}), base)
	wantRefused(t, e.post(coord, base+"/allegations", url.Values{"category": {"gossip"}}), http.StatusBadRequest, "Kies een van de mogelijkheden.")
	aids := allegationIDs(t, e, rep.ID)
	if len(aids) != 2 {
		t.Fatalf("%d allegations, want 2", len(aids))
	}
	wantRedirect(t, e.post(coord, fmt.Sprintf("%s/allegations/%d", base, aids[0]), url.Values{"outcome": {"substantiated"}, "note": {"Bonnen vervalst"}}), base+"?done=outcome")
	// Issue 12 point 7: the timeline names the allegation of an outcome.
	if page := e.get(coord, base); !strings.Contains(page.body, "Gegrond (vermoeden 1: Declaratiefraude)") {
		t.Error("the timeline does not name the allegation whose outcome was recorded")
	}

	// Closing is refused while an allegation is open.
	wantRefused(t, e.post(coord, base+"/close", url.Values{"message": {"Afgerond."}}), http.StatusBadRequest, "Nog 1 vermoeden zonder uitkomst")

	wantRedirect(t, e.post(coord, fmt.Sprintf("%s/allegations/%d", base, aids[1]), url.Values{"outcome": {"unsubstantiated"}}), base)
	wantRedirect(t, e.post(coord, base+"/measures", url.Values{"measure": {"reprimand"}, "note": {"Schriftelijk"}}), base+"?done=measure")
	wantRedirect(t, e.post(coord, base+"/investigation", url.Values{"investigation": {"external"}, "investigator": {"Bureau Integriteit BV"}}), base)
	wantRedirect(t, e.post(coord, base+"/referral", url.Values{"referred_to": {"police"}}), base)
	wantRedirect(t, e.post(coord, base+"/messages", url.Values{"kind": {"note"}, "message": {"Intern overleg gevoerd"}}), base+"?done=note")
	wantRedirect(t, e.post(coord, base+"/links", url.Values{"number": {second.Number}}), base+"?done=linked")
	page = e.get(coord, base)
	for _, want := range []string{"Gegrond", "Ongegrond", "Declaratiefraude", "Berisping", "Bureau Integriteit BV", "Politie",
		"Intern – niet zichtbaar voor de melder", second.Number, "Bonnen vervalst"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("report page lacks %q", want)
		}
	}

	// The feedback first (issue 10, defect 10: closing alone is not the
	// feedback), then close: the final message is required, then the
	// reporter reads it.
	wantRedirect(t, e.post(coord, base+"/feedback", url.Values{"message": {"Uw melding is onderzocht."}}), base+"?done=feedback")
	wantRefused(t, e.post(coord, base+"/close", url.Values{"message": {""}}), http.StatusBadRequest, "Schrijf een bericht.")
	wantRedirect(t, e.post(coord, base+"/close", url.Values{"message": {"Uw melding is afgehandeld."}}), base+"?done=closed")
	mb, err := e.store.OpenMailbox(context.Background(), org.ID, rc)
	if err != nil {
		t.Fatal(err)
	}
	last := mb.Messages[len(mb.Messages)-1]
	if mb.Report.State != domain.StateClosed || last.Body != "Uw melding is afgehandeld." {
		t.Fatalf("mailbox: state %s, last message %q", mb.Report.State, last.Body)
	}
	for _, msg := range mb.Messages {
		if strings.Contains(msg.Body, "Intern overleg") {
			t.Fatal("the reporter sees an internal note")
		}
	}
	page = e.get(coord, base)
	if !strings.Contains(page.body, "Afgesloten") || strings.Contains(page.body, base+"/close") || strings.Contains(page.body, base+"/measures") {
		t.Fatal("a closed report still offers closing or measures")
	}

	// Another channel's handler: 404 for the page and every step.
	if res := e.get(griffier, base); res.StatusCode != http.StatusNotFound {
		t.Fatalf("other channel's handler: page %d", res.StatusCode)
	}
	for _, step := range []string{"acknowledge", "messages", "allegations", fmt.Sprintf("allegations/%d", aids[0]), "measures",
		"investigation", "referral", "assignees", "links", "identity", "close"} {
		res := e.post(griffier, base+"/"+step, url.Values{"message": {"x"}, "category": {"financial"}, "outcome": {"substantiated"},
			"measure": {"warning"}, "investigation": {"internal"}, "number": {second.Number}, "reason": {"x"}, "basis": {"consent"}})
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("other channel's handler: POST %s: %d", step, res.StatusCode)
		}
	}
	// Roles without case handling are refused outright.
	for _, role := range []domain.Role{domain.RoleAdmin, domain.RoleHR, domain.RoleAdviser, domain.RoleCustodian} {
		u := e.user(org, "x-"+string(role), role)
		if res := e.get(e.session(u, domain.StateFull), base); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s: report page %d, want 403", role, res.StatusCode)
		}
	}
}

// allegationIDs reads the IDs of a report's allegations from the database
// (they are in the clear): before the acknowledgement the page offers no
// form that names them.
func allegationIDs(t *testing.T, e *env, reportID int64) []int64 {
	t.Helper()
	rows, err := e.store.DB().QueryContext(context.Background(), `SELECT id FROM allegations WHERE report_id = $1 ORDER BY id`, reportID)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

func TestReportListOrderAndSummary(t *testing.T) {
	e := demoEnv(t, "")
	org := e.org("helmond")
	_, coord := e.handlerIn(org, "coord", "officials")
	now := time.Now()
	fresh, _ := e.report(org, "officials", "vandaag", false, now)
	late, _ := e.report(org, "officials", "te laat", false, now.AddDate(0, 0, -10))
	soon, _ := e.report(org, "officials", "bijna", false, now.AddDate(0, 0, -3))
	res := e.get(coord, "/helmond/reports")
	if !strings.Contains(res.body, "1 te laat, 1 binnen een week af te handelen, 3 in deze lijst.") {
		t.Fatalf("summary missing\n%s", res.body)
	}
	iLate, iSoon, iFresh := strings.Index(res.body, late.Number), strings.Index(res.body, soon.Number), strings.Index(res.body, fresh.Number)
	if iLate < 0 || iLate > iSoon || iSoon > iFresh {
		t.Fatalf("order: overdue at %d, due soon at %d, fresh at %d", iLate, iSoon, iFresh)
	}
	for _, want := range []string{`utrecht-status-badge--danger">Te laat`, `utrecht-status-badge--warning">Verloopt binnenkort`, `utrecht-status-badge--neutral">Op schema`} {
		if !strings.Contains(res.body, want) {
			t.Errorf("list lacks badge %q", want)
		}
	}
	// Filters: closed shows none; an unknown state falls back to open.
	if res := e.get(coord, "/helmond/reports?state=closed"); strings.Contains(res.body, late.Number) {
		t.Error("closed filter shows an open report")
	}
	if res := e.get(coord, "/helmond/reports?state=nonsense&channel=mayor"); !strings.Contains(res.body, late.Number) {
		t.Error("an unknown filter hides the reports")
	}
	// With one channel the list leaves the channel out; with two it names it
	// and filters by it.
	if strings.Contains(res.body, "Ambtenaren en ingehuurd personeel") {
		t.Error("a handler of one channel sees a channel column")
	}
	u, _ := e.store.UserByUsername(context.Background(), org.ID, "coord")
	e.addHandler(org, "office_holders", u)
	wethouder, _ := e.report(org, "office_holders", "wethouder", false, now)
	res = e.get(coord, "/helmond/reports?channel=office_holders")
	if !strings.Contains(res.body, wethouder.Number) || strings.Contains(res.body, late.Number) ||
		!strings.Contains(res.body, "Politieke ambtsdragers (naar de burgemeester)") {
		t.Errorf("channel filter\n%s", res.body)
	}
}

func TestStaffEnteredOralReport(t *testing.T) {
	e := demoEnv(t, "")
	org := e.org("helmond")
	_, coord := e.handlerIn(org, "coord", "officials")
	if res := e.get(coord, "/helmond/reports/new"); res.StatusCode != 200 || strings.Contains(res.body, `value="web"`) {
		t.Fatalf("new report form: %d", res.StatusCode)
	}
	// Everything wrong at once: all problems shown, nothing stored.
	res := e.post(coord, "/helmond/reports", url.Values{"identity": {"named"}, "received": {"2999-01-01"}})
	wantRefused(t, res, http.StatusBadRequest, "Beschrijf wat er is gebeurd.")
	for _, want := range []string{"Kies hoe de melding binnenkwam.", "Kies het meldkanaal.", "Vul de naam van de melder in",
		"De datum van ontvangst kan niet in de toekomst liggen."} {
		if !strings.Contains(res.body, want) {
			t.Errorf("refused form lacks %q", want)
		}
	}
	yesterday := time.Now().AddDate(0, 0, -1).Format("2006-01-02")
	res = e.post(coord, "/helmond/reports", url.Values{"context": {"officials"}, "source": {"phone"}, "received": {yesterday},
		"description": {"Telefonische melding over pesten"}, "identity": {"named"}, "name": {"Piet Beller"}, "reporter_kind": {"employee"}})
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d\n%s", res.StatusCode, res.body)
	}
	m := regexp.MustCompile(`<code class="secret receipt">([0-9 ]+)</code>`).FindStringSubmatch(res.body)
	link := regexp.MustCompile(`href="(/helmond/reports/\d+)#form-minutes"`).FindStringSubmatch(res.body)
	if m == nil || link == nil || !strings.Contains(res.body, "verslag") {
		t.Fatalf("receipt page lacks the code, the link or the minutes hint\n%s", res.body)
	}
	code, _ := seal.NormalizeReceipt(m[1])
	rc := e.receipt(org.ID, code)
	mb, err := e.store.OpenMailbox(context.Background(), org.ID, rc)
	if err != nil || mb.Report.Source != "phone" || domain.Day(mb.Report.ReceivedAt).Format("2006-01-02") != yesterday {
		t.Fatalf("mailbox of the entered report: %+v, %v", mb, err)
	}
	page := e.get(coord, link[1])
	if !strings.Contains(page.body, `id="form-minutes"`) {
		t.Fatal("the oral report's page offers no minutes")
	}
	if strings.Contains(page.body, "Piet Beller") {
		t.Fatal("the entering coordinator sees the identity without approval")
	}
	wantRedirect(t, e.post(coord, link[1]+"/messages", url.Values{"kind": {"minutes"}, "message": {"Verslag: de melder belde over pesten."}}), link[1]+"?done=minutes")
	mb, _ = e.store.OpenMailbox(context.Background(), org.ID, rc)
	if len(mb.Messages) != 1 || mb.Messages[0].Kind != domain.KindMinutes || mb.Messages[0].Approval != "pending" {
		t.Fatalf("mailbox messages: %+v", mb.Messages)
	}
}

func TestAttachmentDownload(t *testing.T) {
	e := demoEnv(t, "")
	org := e.org("helmond")
	_, coord := e.handlerIn(org, "coord", "officials")
	_, griffier := e.handlerIn(org, "griffier", "mayor")
	rep, rc := e.report(org, "officials", "met bijlage", false, time.Time{})
	content := []byte("<html><script>alert(1)</script></html>")
	if _, err := e.store.ReporterMessage(context.Background(), org.ID, rc, "zie bijlage",
		[]store.File{{Name: `../bewijs "€ 1";.html`, Content: content}}); err != nil {
		t.Fatal(err)
	}
	page := e.get(coord, fmt.Sprintf("/helmond/reports/%d", rep.ID))
	m := regexp.MustCompile(`href="(/helmond/reports/\d+/attachments/\d+)"`).FindStringSubmatch(page.body)
	if m == nil {
		t.Fatalf("no attachment link\n%s", page.body)
	}
	res := e.get(coord, m[1])
	h := res.Header
	if res.StatusCode != 200 || res.body != string(content) {
		t.Fatalf("download: %d %q", res.StatusCode, res.body)
	}
	if cd := h.Get("Content-Disposition"); cd != `attachment; filename="bewijs __ 1__.html"; filename*=UTF-8''bewijs%20%22%E2%82%AC%201%22%3B.html` {
		t.Errorf("Content-Disposition %q", cd)
	}
	if h.Get("Content-Type") != "application/octet-stream" || h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Cache-Control") != "no-store" {
		t.Errorf("headers %v", h)
	}
	if res := e.get(griffier, m[1]); res.StatusCode != http.StatusNotFound {
		t.Errorf("other channel's handler downloads: %d", res.StatusCode)
	}
	if res := e.get(coord, fmt.Sprintf("/helmond/reports/%d/attachments/999999", rep.ID)); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown attachment: %d", res.StatusCode)
	}
}

var recoveryKeyRE = regexp.MustCompile(`<code class="secret recovery-key">(AGE-SECRET-KEY-1[A-Z0-9 ]+)</code>`)

func TestCustodianRecoveryAndIdentity(t *testing.T) {
	e := demoEnv(t, "")
	org := e.org("helmond")
	ctx := context.Background()
	cust := e.session(e.user(org, "bewaarder", domain.RoleCustodian), domain.StateFull)
	admin := e.session(e.user(org, "beheer", domain.RoleAdmin), domain.StateFull)
	_, coord := e.handlerIn(org, "coord", "officials")

	// The recovery key: created once, shown once.
	page := e.get(cust, "/helmond/custodian")
	if !strings.Contains(page.body, "/helmond/custodian/recovery-key") {
		t.Fatal("no button to create the recovery key")
	}
	res := e.post(cust, "/helmond/custodian/recovery-key", nil)
	m := recoveryKeyRE.FindStringSubmatch(res.body)
	if res.StatusCode != http.StatusCreated || m == nil {
		t.Fatalf("create key: %d\n%s", res.StatusCode, res.body)
	}
	shown := m[1]
	groups := strings.Fields(shown)
	page = e.get(cust, "/helmond/custodian")
	if strings.Contains(page.body, groups[1]+" "+groups[2]) || strings.Contains(page.body, "/helmond/custodian/recovery-key") ||
		!strings.Contains(page.body, "kan niet opnieuw worden getoond") {
		t.Fatal("the second visit shows the key again, or offers a new one")
	}
	if res := e.post(cust, "/helmond/custodian/recovery-key", nil); res.StatusCode != http.StatusConflict {
		t.Fatalf("second key: %d", res.StatusCode)
	}
	if strings.Contains(e.logs.String(), groups[1]) {
		t.Fatal("the recovery key reached the log")
	}

	// A report filed now, and a handler added after it.
	rep, rc := e.report(org, "officials", "Melding voor later", true, time.Time{})
	base := fmt.Sprintf("/helmond/reports/%d", rep.ID)
	late := e.user(org, "laat", domain.RoleCoordinator)
	lateCookie := e.loginHandler(org, "laat")
	chans := e.get(admin, "/helmond/admin/channels")
	if chans.StatusCode != 200 || !strings.Contains(chans.body, "later toevoegt") {
		t.Fatalf("channels page: %d", chans.StatusCode)
	}
	officials, _ := e.store.ChannelByCode(ctx, org.ID, "officials")
	handlers := url.Values{"handlers": {}}
	for _, id := range append(officials.Handlers, late.ID) {
		handlers.Add("handlers", fmt.Sprint(id))
	}
	wantRedirect(t, e.post(admin, fmt.Sprintf("/helmond/admin/channels/%d", officials.ID), handlers), "/helmond/admin/channels?done=saved")
	wantRefused(t, e.get(lateCookie, base), http.StatusForbidden, "geen sleutel voor deze melding")

	// Restore access: a wrong key is refused and not echoed; the right one,
	// typed with spaces in lower case, works.
	res = e.post(cust, "/helmond/custodian/recover", url.Values{"handler": {fmt.Sprint(late.ID)}, "recovery_key": {"AGE-SECRET-KEY-1WRONGWRONG"}})
	wantRefused(t, res, http.StatusBadRequest, "Dit is niet de herstelsleutel van deze organisatie.")
	if strings.Contains(res.body, "WRONGWRONG") {
		t.Fatal("the typed key is echoed")
	}
	res = e.post(cust, "/helmond/custodian/recover", url.Values{"handler": {fmt.Sprint(late.ID)}, "recovery_key": {strings.ToLower(shown)}})
	wantRedirect(t, res, "/helmond/custodian?done=recovered")
	if page := e.get(cust, res.location()); !strings.Contains(page.body, "1 melding opnieuw toegankelijk gemaakt voor laat") {
		t.Fatalf("no count after recovery\n%s", page.body)
	}
	if res := e.get(lateCookie, base); res.StatusCode != 200 || !strings.Contains(res.body, "Melding voor later") {
		t.Fatalf("late handler after recovery: %d", res.StatusCode)
	}
	if strings.Contains(e.logs.String(), groups[1]) {
		t.Fatal("the recovery key reached the log")
	}

	// The identity: requested by coord, approved by the custodian, shown to
	// coord only.
	wantRefused(t, e.post(coord, base+"/identity", url.Values{"basis": {"consent"}}), http.StatusBadRequest, "Geef de reden van het verzoek.")
	wantRedirect(t, e.post(coord, base+"/identity", url.Values{"basis": {"legal_duty"}, "reason": {"Aangifte bij de politie"}}), base+"?done=identity")
	if page := e.get(coord, base); !strings.Contains(page.body, "wacht op de beslissing") || strings.Contains(page.body, "Jan Melder") {
		t.Fatal("pending request not shown, or identity shown too early")
	}
	page = e.get(cust, "/helmond/custodian")
	rm := regexp.MustCompile(`action="/helmond/custodian/identity/(\d+)"`).FindStringSubmatch(page.body)
	if rm == nil || !strings.Contains(page.body, "Aangifte bij de politie") || !strings.Contains(page.body, "Wettelijke plicht") {
		t.Fatalf("pending request not listed\n%s", page.body)
	}
	wantRefused(t, e.post(cust, "/helmond/custodian/identity/"+rm[1], url.Values{"decision": {"maybe"}}), http.StatusBadRequest, "Kies een van de mogelijkheden.")
	wantRedirect(t, e.post(cust, "/helmond/custodian/identity/"+rm[1], url.Values{"decision": {"approve"}}), "/helmond/custodian?done=approved")
	if page := e.get(coord, base); !strings.Contains(page.body, "Jan Melder") || !strings.Contains(page.body, "Identiteit van de melder – vertrouwelijk") {
		t.Fatal("approved identity not shown to the requester")
	}
	if page := e.get(lateCookie, base); strings.Contains(page.body, "Jan Melder") {
		t.Fatal("the identity is shown to another handler")
	}
	if mb, _ := e.store.OpenMailbox(ctx, org.ID, rc); len(mb.Disclosures) != 1 {
		t.Fatal("the reporter does not see the disclosure")
	}
	wantRefused(t, e.post(cust, "/helmond/custodian/identity/"+rm[1], url.Values{"decision": {"refuse"}}), http.StatusBadRequest, "Over dit verzoek is al beslist.")
}

func TestCustodianCannotDecideOwnRequest(t *testing.T) {
	e := demoEnv(t, "")
	org := e.org("helmond")
	both := e.user(org, "beide", domain.RoleCoordinator, domain.RoleCustodian)
	cookie := e.loginHandler(org, "beide")
	e.addHandler(org, "officials", both)
	rep, _ := e.report(org, "officials", "eigen verzoek", true, time.Time{})
	base := fmt.Sprintf("/helmond/reports/%d", rep.ID)
	wantRedirect(t, e.post(cookie, base+"/identity", url.Values{"basis": {"consent"}, "reason": {"Melder gaf toestemming"}}), base)
	page := e.get(cookie, "/helmond/custodian")
	rm := regexp.MustCompile(`action="/helmond/custodian/identity/(\d+)"`).FindStringSubmatch(page.body)
	if rm == nil {
		t.Fatal("request not listed")
	}
	wantRefused(t, e.post(cookie, "/helmond/custodian/identity/"+rm[1], url.Values{"decision": {"approve"}}), http.StatusForbidden,
		"Over uw eigen verzoek beslist een andere bewaarder.")
	if res := e.post(cookie, "/helmond/custodian/recover", url.Values{"handler": {fmt.Sprint(both.ID)}, "recovery_key": {"x"}}); res.StatusCode < 400 {
		t.Fatalf("recovery for oneself: %d", res.StatusCode)
	}
}

func TestChannelsAdmin(t *testing.T) {
	e := demoEnv(t, "")
	org := e.org("helmond")
	admin := e.session(e.user(org, "beheer", domain.RoleAdmin), domain.StateFull)
	fresh := e.user(org, "nieuw", domain.RoleCoordinator)
	hr := e.user(org, "po", domain.RoleHR)
	page := e.get(admin, "/helmond/admin/channels")
	if page.StatusCode != 200 || !strings.Contains(page.body, "Heeft nog geen sleutel") || strings.Contains(page.body, ">po (po)<") {
		t.Fatalf("channels page: %d\n%s", page.StatusCode, page.body)
	}
	officials, _ := e.store.ChannelByCode(context.Background(), org.ID, "officials")
	path := fmt.Sprintf("/helmond/admin/channels/%d", officials.ID)
	wantRefused(t, e.post(admin, path, url.Values{"handlers": {fmt.Sprint(hr.ID)}}), http.StatusBadRequest,
		"Alleen gebruikers met de rol coördinator integriteit")
	wantRedirect(t, e.post(admin, path, url.Values{"handlers": {fmt.Sprint(fresh.ID)}}), "/helmond/admin/channels?done=saved")
	page = e.get(admin, "/helmond/admin/channels?done=saved")
	if !strings.Contains(page.body, "De behandelaars zijn opgeslagen.") || !strings.Contains(page.body, "Nog zonder sleutel (eerst één keer inloggen): nieuw") {
		t.Fatalf("after saving\n%s", page.body)
	}
	if res := e.post(admin, "/helmond/admin/channels/99999", nil); res.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown channel: %d", res.StatusCode)
	}
}

// TestCaseworkMessageKeys checks that every message key the case-handling
// pages and handlers name, literally or as a family of codes, exists.
func TestCaseworkMessageKeys(t *testing.T) {
	cat := i18n.MustLoad()
	keyRE := regexp.MustCompile(`"((?:case|cases|casenew|custodian|channels)\.[a-z0-9_.]*[a-z0-9_])"`)
	files, _ := filepath.Glob("templates/report*.html")
	for _, pat := range []string{"templates/custodian*.html", "templates/channels*.html", "casework*.go", "custodian*.go", "channels*.go"} {
		more, _ := filepath.Glob(pat)
		files = append(files, more...)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range keyRE.FindAllStringSubmatch(string(b), -1) {
			if k := m[1]; !strings.HasSuffix(k, ".") && !strings.HasSuffix(k, "_") && !cat.Has(k) {
				t.Errorf("%s names message %q, which the catalogue lacks", f, k)
			}
		}
	}
	families := map[string][]string{
		"case.source.": domain.Strings(domain.Sources), "case.kind.": domain.Strings(domain.ReporterKinds), "case.how.": domain.Strings(domain.HowKnown),
		"case.investigation.": domain.Strings(domain.Investigations), "case.category.": domain.Strings(domain.Categories), "case.outcome.": domain.Strings(domain.Outcomes),
		"case.measure.": domain.Strings(domain.MeasureKinds), "case.referral.": domain.Strings(domain.Referrals), "case.basis.": domain.Strings(domain.DisclosureBases),
		"case.state.":    {string(domain.StateReceived), string(domain.StateAcknowledged), string(domain.StateClosed)},
		"case.deadline.": {"ok", "due_soon", "overdue", "done", "done_late"},
		"case.approval.": {"pending", "approved", "corrected"},
		"case.request.":  {"pending", "approved", "refused"},
		"case.event.": {"received", "acknowledged", "message", "note", "minutes", "minutes_approved", "minutes_corrected",
			"reporter_message", "allegation", "outcome", "measure", "investigation", "referred", "assigned", "linked",
			"identity_requested", "identity_approved", "identity_refused", "access_recovered", "closed",
			"identity_consent_given", "identity_consent_refused", "marked", "unmarked", "subject"},
		"case.done_": {"acknowledged", "message", "feedback", "note", "minutes", "allegation", "outcome", "measure",
			"investigation", "referral", "assigned", "linked", "identity", "closed", "subject"},
		"cases.filter_":   {"open", "received", "acknowledged", "closed", "dismissed"},
		"cases.mark.":     append(domain.Strings(domain.Dismissals), "none"),
		"custodian.done_": {"approved", "refused", "recovered"},
	}
	if got := domain.Strings(domain.EventKinds); !slices.Equal(got, families["case.event."]) {
		t.Errorf("domain.EventKinds = %q, the timeline's kinds are %q", got, families["case.event."])
	}
	for prefix, codes := range families {
		for _, c := range codes {
			if !cat.Has(prefix + c) {
				t.Errorf("the catalogue lacks %q", prefix+c)
			}
		}
	}
}

// TestCasePagesInEnglish renders the pages in English, where a missing
// text would show as [key].
func TestCasePagesInEnglish(t *testing.T) {
	e := demoEnv(t, "")
	org := e.org("helmond")
	_, coord := e.handlerIn(org, "coord", "officials")
	cust := e.session(e.user(org, "bewaarder", domain.RoleCustodian), domain.StateFull)
	admin := e.session(e.user(org, "beheer", domain.RoleAdmin), domain.StateFull)
	rep, _ := e.report(org, "officials", "Something happened", true, time.Time{})
	for _, c := range []struct{ cookie, path, want string }{
		{coord, "/helmond/reports", "Acknowledge by"},
		{coord, "/helmond/reports/new", "Enter a report"},
		{coord, fmt.Sprintf("/helmond/reports/%d", rep.ID), "Dear reporter"},
		{cust, "/helmond/custodian", "Restore access"},
		{admin, "/helmond/admin/channels", "Reporting channels"},
	} {
		res := e.do(request{path: c.path, header: map[string]string{"Cookie": "integer_lang=en; integer_session=" + c.cookie}})
		if res.StatusCode != 200 || !strings.Contains(res.body, c.want) || strings.Contains(res.body, "[case") ||
			strings.Contains(res.body, "[custodian.") || strings.Contains(res.body, "[channels.") {
			t.Errorf("%s in English: %d, want %q and no missing texts", c.path, res.StatusCode, c.want)
		}
	}
}
