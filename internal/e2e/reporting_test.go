package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// The journey the product promises: an anonymous reporter files a report
// with a file at the reporting point and keeps a receipt code; the
// coordinator who handles the channel logs in with two-step verification,
// reads the report, acknowledges it, records allegations and writes to the
// reporter; the reporter reads that in the mailbox and answers; the
// coordinator records the outcomes and closes the report; the reporter sees
// it closed. The reporter's side runs once with JavaScript and once without.

// receiptFormat is how the receipt page shows the code: 16 digits in fours.
var receiptFormat = regexp.MustCompile(`^\d{4} \d{4} \d{4} \d{4}$`)

// reportingChannel is the default channel the tests report in.
const reportingChannel = "officials"

// newChannelHandler creates a coordinator and makes them the only handler
// of the officials channel. The coordinator has no key pair yet: reports
// filed before they have one are not readable by them.
func newChannelHandler(t *testing.T, srv *server, username string) *domain.User {
	t.Helper()
	u := srv.newUser(t, username, domain.RoleCoordinator)
	ctx := context.Background()
	ch, err := srv.app.Store.ChannelByCode(ctx, srv.org.ID, reportingChannel)
	if err != nil {
		t.Fatalf("ChannelByCode %s: %v", reportingChannel, err)
	}
	if err := srv.app.Store.SetChannelHandlers(ctx, store.CLI.In(srv.org.ID), srv.org.ID, ch.ID, []int64{u.ID}); err != nil {
		t.Fatalf("SetChannelHandlers: %v", err)
	}
	return u
}

// newCanary returns a text no page shows unless it came from this test.
func newCanary(what string) string {
	return fmt.Sprintf("%s-%s", what, strconv.FormatInt(time.Now().UnixNano(), 36))
}

// writeAttachment writes a small file to attach and returns its path.
func writeAttachment(t *testing.T, name, content string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// The tests work the forms from the keyboard: focus and a key, as a
// keyboard user does. A mouse click goes to the coordinates where the element
// was a moment before, and a page reached by a redirect to a fragment
// (reports/7?done=outcome#allegations) may still scroll to that fragment
// after it has loaded, so that the click hits something else.

// pressSpace selects a radio button or checkbox with the space bar.
func pressSpace(p *browserPage, css string) {
	p.t.Helper()
	p.keys(css, " ")
	if !eval[bool](p, p.element(css, false)+".checked") {
		p.t.Fatalf("%s on %s is not checked after pressing space", css, p.location())
	}
}

// pressEnter presses Enter on a button or link, waits for the page it leads
// to and returns that page's response.
func pressEnter(p *browserPage, css string) *network.Response {
	p.t.Helper()
	from := p.location()
	p.focus(css)
	resp, err := chromedp.RunResponse(p.ctx, chromedp.KeyEvent("\r"))
	if err != nil {
		p.t.Fatalf("pressing Enter on %s on %s: %v", css, from, err)
	}
	return resp
}

// attachFiles chooses the files in the file input.
func attachFiles(p *browserPage, css string, files ...string) {
	p.t.Helper()
	input, err := chromedp.Run(p.ctx, chromedp.Evaluate[*runtime.RemoteObject](p.element(css, true)))
	if err == nil {
		_, err = chromedp.Call(p.ctx, dom.SetFileInputFiles, dom.SetFileInputFilesParams{Files: files, ObjectID: input.ObjectID})
	}
	if err != nil {
		p.t.Fatalf("choosing files for %s on %s: %v", css, p.location(), err)
	}
}

// valueOf reads the current value of a form field.
func valueOf(p *browserPage, css string) string {
	p.t.Helper()
	return eval[string](p, p.element(css, false)+".value")
}

// atXPath waits until the XPath expression finds a node and returns the
// JavaScript expression for the first one.
func atXPath(p *browserPage, xpath string) string {
	p.t.Helper()
	node := "document.evaluate(" + jsString(xpath) + ", document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue"
	p.await(xpath, node+" !== null")
	return node
}

// textAt returns the text of the first node the XPath expression finds.
func textAt(p *browserPage, xpath string) string {
	p.t.Helper()
	return strings.TrimSpace(eval[string](p, atXPath(p, xpath)+".innerText"))
}

// factOf returns the value (dd) of the term (dt) in the page's fact lists.
func factOf(p *browserPage, term string) string {
	p.t.Helper()
	return textAt(p, fmt.Sprintf(`//main//dl/dt[normalize-space()=%q]/following-sibling::dd[1]`, term))
}

// fieldErrors lists the messages at the fields of a refused form.
func fieldErrors(p *browserPage) []string {
	p.t.Helper()
	return eval[[]string](p, `[...document.querySelectorAll('main .utrecht-form-field-error-message')].map(e => e.id + ': ' + e.textContent.trim())`)
}

// mainText is the whole visible text of the page's main element.
func mainText(p *browserPage) string {
	p.t.Helper()
	return p.text("main")
}

// noticeText is the text of the page's confirmation, if any.
func noticeText(p *browserPage) string {
	p.t.Helper()
	return strings.TrimSpace(eval[string](p, `(document.querySelector('main [role=status]') || {textContent: ''}).textContent`))
}

// reporterTab is a reporter's browser: a tab in a browser context of its
// own, so it shares no cookie with the coordinator.
type reporterTab struct {
	*browserPage
}

// jsProbe is a page whose script changes its text, if scripts run.
const jsProbe = `data:text/html,<p id="js">off</p><script>document.getElementById('js').textContent='on'</script>`

// newReporterTab opens the reporter's tab; without js, the page's scripts
// do not run (the DevTools protocol still reads the page for the test).
func newReporterTab(t *testing.T, srv *server, js bool) *reporterTab {
	t.Helper()
	r := &reporterTab{newPage(t, srv)}
	if js {
		return r
	}
	if _, err := chromedp.Call(r.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatalf("disabling JavaScript: %v", err)
	}
	if err := chromedp.Do(r.ctx, chromedp.Navigate(jsProbe)); err != nil {
		t.Fatalf("opening the JavaScript probe: %v", err)
	}
	if got := r.text("#js"); got != "off" {
		t.Fatalf("JavaScript probe says %q: scripts still run in the reporter's tab", got)
	}
	return r
}

// fileReport fills in the report form as an anonymous employee, in the
// officials channel, with the files, and returns the receipt code and the
// report's number from the receipt page.
func (r *reporterTab) fileReport(what string, files ...string) (code, number string) {
	r.t.Helper()
	p := r.browserPage
	p.expect(p.open("report"), 200, "report", "Een melding doen")
	pressSpace(p, "#f-context-"+reportingChannel)
	p.keys("#f-description", what)
	// A select chosen from the keyboard: type-ahead on the option's label.
	p.keys("#f-reporter_kind", "Medewerker")
	if v := valueOf(p, "#f-reporter_kind"); v != "employee" {
		r.t.Fatalf("reporter kind %q after typing Medewerker, want employee", v)
	}
	pressSpace(p, "#f-anonymous-1")
	attachFiles(p, "#f-attachments", files...)
	resp := pressEnter(p, "main form button[type=submit]")
	if resp.Status != 200 {
		r.t.Errorf("report form refused: %q", fieldErrors(p))
	}
	p.expect(resp, 200, "report", "Uw melding is verstuurd")

	code = p.text(".receipt-code__digits")
	if !receiptFormat.MatchString(code) {
		r.t.Fatalf("receipt code %q, want 16 digits in groups of four", code)
	}
	if loc := p.location(); strings.Contains(loc, strings.ReplaceAll(code, " ", "")) || strings.Contains(loc, code) {
		r.t.Errorf("the receipt code is in the address: %s", loc)
	}
	number = factOf(p, "Meldingsnummer")
	if number == "" {
		r.t.Fatal("receipt page shows no report number")
	}
	if got, want := noticeText(p), fmt.Sprintf("(%d)", len(files)); !strings.Contains(got, want) {
		r.t.Errorf("receipt page notice %q, want it to say %s files were stored", got, want)
	}
	if got := factOf(p, "Met of zonder naam"); got != "Anoniem, zonder naam" {
		r.t.Errorf("receipt page identity %q, want Anoniem, zonder naam", got)
	}
	return code, number
}

// openMailbox types the receipt code into the mailbox form and opens it.
func (r *reporterTab) openMailbox(code, number string) {
	r.t.Helper()
	p := r.browserPage
	p.expect(p.open("mailbox"), 200, "mailbox", "Uw postbus")
	p.fill("receipt", code)
	p.expect(pressEnter(p, "main form button[type=submit]"), 200, "mailbox", "Uw postbus: melding "+number)
}

// mailboxMessage is one message as the mailbox shows it.
type mailboxMessage struct {
	Head  string   `json:"head"`
	Body  string   `json:"body"`
	Files []string `json:"files"`
}

// messages lists the mailbox's messages, oldest first.
func (r *reporterTab) messages() []mailboxMessage {
	r.t.Helper()
	return eval[[]mailboxMessage](r.browserPage, `[...document.querySelectorAll('main section.mailbox-message')].map(s => ({
		head: s.querySelector('h3').textContent.trim(),
		body: s.querySelector('.utrecht-multiline-data').textContent.trim(),
		files: [...s.querySelectorAll('li')].map(li => li.textContent.trim()),
	}))`)
}

// expectMessage checks that the mailbox shows a message with the body, from
// the reporting point or from the reporter ("U").
func (r *reporterTab) expectMessage(from, kind, body string) {
	r.t.Helper()
	msgs := r.messages()
	for _, m := range msgs {
		if m.Body == body {
			if want := from + " · " + kind; m.Head != want {
				r.t.Errorf("mailbox message %q is headed %q, want %q", body, m.Head, want)
			}
			return
		}
	}
	r.t.Errorf("mailbox shows no message %q; it shows %+v", body, msgs)
}

// reply sends a message, with files, from the open mailbox.
func (r *reporterTab) reply(number, body string, files ...string) {
	r.t.Helper()
	p := r.browserPage
	p.keys("#f-message", body)
	if len(files) > 0 {
		attachFiles(p, `form[action$="/mailbox/message"] input[type=file]`, files...)
	}
	p.expect(pressEnter(p, `form[action$="/mailbox/message"] button[type=submit]`), 200, "mailbox/message", "Uw postbus: melding "+number)
	if got := noticeText(p); got != "Uw bericht is verstuurd." {
		r.t.Errorf("after replying: notice %q, want the message to be sent", got)
	}
	r.expectMessage("U (melder)", "bericht", body)
}

// expectClosed checks the mailbox of a closed report: the state, the
// feedback the coordinator wrote, the closing message, no form to write,
// and none of the findings (issue 10, defect 10: the reporter learns what
// the coordinator chose to write, not the allegations' outcomes).
func (r *reporterTab) expectClosed(feedback, closing string) {
	r.t.Helper()
	p := r.browserPage
	if got := factOf(p, "Status"); got != "Afgesloten" {
		r.t.Errorf("mailbox state %q, want Afgesloten", got)
	}
	if got := factOf(p, "Afgesloten op"); got == "" {
		r.t.Error("mailbox of a closed report shows no closing date")
	}
	r.expectMessage("Meldpunt integriteit", "terugkoppeling over de beoordeling en het vervolg van uw melding", feedback)
	r.expectMessage("Meldpunt integriteit", "mededeling", closing)
	text := mainText(p)
	for _, finding := range reportingFindings {
		if strings.Contains(text, finding) {
			r.t.Errorf("the mailbox shows the finding %q", finding)
		}
	}
	if n := eval[int](p, `document.querySelectorAll('form[action$="/mailbox/message"]').length`); n != 0 {
		r.t.Errorf("mailbox of a closed report still has %d message forms", n)
	}
	if !strings.Contains(text, "Deze melding is afgesloten; u kunt geen berichten meer sturen.") {
		r.t.Error("mailbox of a closed report does not say no more messages can be sent")
	}
}

// The labels of the categories and outcomes the tests record, which the
// reporter must never see.
var reportingFindings = []string{"Financieel (bijvoorbeeld fraude of diefstal)", "Ongewenste omgangsvormen", "Gegrond", "Ongegrond"}

// handlerTab is the coordinator's browser.
type handlerTab struct {
	*browserPage
}

// enrol logs the coordinator in for the first time: password, setting up
// TOTP, the recovery codes, the dashboard. It returns the TOTP secret.
func (h *handlerTab) enrol(username string) string {
	h.t.Helper()
	p := h.browserPage
	p.expect(p.open("login"), 200, "login", "Inloggen")
	p.expect(p.login(username), 200, "enrol", "Tweestapsverificatie instellen")
	secret := p.text("code.secret")
	code, err := auth.TOTPCode(secret, time.Now())
	if err != nil {
		h.t.Fatalf("TOTP secret %q from the page: %v", secret, err)
	}
	p.fill("code", code)
	p.expect(p.submit(), 200, "enrol", "Uw herstelcodes")
	p.expect(p.click("main a.utrecht-button-link"), 200, "dashboard", "Overzicht")
	return secret
}

func (h *handlerTab) logout() {
	h.t.Helper()
	h.expect(h.click(`form[action="`+h.srv.path("logout")+`"] button`), 200, "login", "Inloggen")
}

// openReport finds the report in the list of open reports, checks its
// state there, and opens it. It returns the report's path ("reports/7").
func (h *handlerTab) openReport(number, state string) string {
	h.t.Helper()
	p := h.browserPage
	p.expect(p.open("reports"), 200, "reports", "Meldingen")
	row := fmt.Sprintf(`//main//tbody/tr[th/a[normalize-space()=%q]]`, number)
	// The state is the row's cell under the column header "Status",
	// wherever the list puts that column (a checkbox column comes first).
	stateCell := row + `/*[count(ancestor::table//thead//th[normalize-space()="Status"]/preceding-sibling::th) + 1]`
	if got := textAt(p, stateCell); got != state {
		h.t.Errorf("report list: %s has state %q, want %q", number, got, state)
	}
	href := eval[string](p, atXPath(p, row+`/th/a`)+`.getAttribute("href")`)
	path := strings.TrimPrefix(href, h.srv.path(""))
	p.expect(pressEnter(p, fmt.Sprintf(`main tbody a[href=%q]`, href)), 200, path, "Melding "+number)
	return path
}

// step submits one of the report page's forms and checks that the page
// comes back with the confirmation.
func (h *handlerTab) step(path, form, done string) {
	h.t.Helper()
	p := h.browserPage
	p.expect(pressEnter(p, form+" button[type=submit]"), 200, path, "")
	if got := noticeText(p); got != done {
		h.t.Fatalf("after %s: notice %q (alert %q), want %q", form, got, p.alert(), done)
	}
}

// choose selects the option with the value in a select.
func (h *handlerTab) choose(css, value string) {
	h.t.Helper()
	h.do(css, "el.value = "+jsString(value)+`; el.dispatchEvent(new Event("change", {bubbles: true}));`)
	if v := valueOf(h.browserPage, css); v != value {
		h.t.Fatalf("%s holds %q, want %q", css, v, value)
	}
}

// addAllegation adds an allegation of the category.
func (h *handlerTab) addAllegation(path, category string) {
	h.t.Helper()
	h.choose("#allegation-category", category)
	h.step(path, `form[action$="/allegations"]`, "Het vermoeden is toegevoegd.")
}

// setOutcomes records the outcome of each allegation, by its category's
// label in the allegation's heading on the report page.
func (h *handlerTab) setOutcomes(path string, outcomes map[string]string) {
	h.t.Helper()
	p := h.browserPage
	type allegation struct {
		Heading string `json:"heading"`
		Select  string `json:"select"`
	}
	list := eval[[]allegation](p, `[...document.querySelectorAll('main select[name=outcome]')].map(s => {
		let h = s.closest('form').previousElementSibling;
		while (h && h.tagName !== 'H3') h = h.previousElementSibling;
		return {heading: h ? h.textContent.trim() : '', select: s.id};
	})`)
	if len(list) != len(outcomes) {
		h.t.Fatalf("report page has outcome forms for %+v, want one for each of %q", list, outcomes)
	}
	for _, a := range list {
		_, category, _ := strings.Cut(a.Heading, ": ")
		outcome, ok := outcomes[category]
		if !ok {
			h.t.Fatalf("report page: an outcome form for %q, which the test did not add", a.Heading)
		}
		h.choose("#"+a.Select, outcome)
		h.step(path, fmt.Sprintf("form:has(#%s)", a.Select), "De uitkomst is vastgelegd.")
	}
}

// fetchAttachment downloads the report's attachment with the name in the
// coordinator's session and returns its content.
func (h *handlerTab) fetchAttachment(name string) string {
	h.t.Helper()
	expr := fmt.Sprintf(`(async () => {
		const a = [...document.querySelectorAll('#attachments ~ div a[download]')].find(a => a.textContent.trim() === %q);
		if (!a) return 'no link to the file';
		const r = await fetch(a.href);
		return r.ok ? await r.text() : 'HTTP ' + r.status;
	})()`, name)
	s, err := chromedp.Run(h.ctx, chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		h.t.Fatalf("downloading %s: %v", name, err)
	}
	return s
}

// TestReportingJourney is the whole promise of the reporting point, in the
// browser on both sides.
func TestReportingJourney(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	const username = "fatima"
	handler := newChannelHandler(t, srv, username)

	// The coordinator logs in once first: that makes their key pair, without
	// which no report can be encrypted to them.
	c := &handlerTab{newPage(t, srv)}
	secret := c.enrol(username)
	c.logout()
	if _, err := srv.app.Store.UserKey(context.Background(), handler.ID); err != nil {
		t.Fatalf("the coordinator has no key pair after the first login: %v", err)
	}

	// An anonymous reporter, in a browser that shares nothing with the
	// coordinator's, files a report with a file.
	r := newReporterTab(t, srv, true)
	canary := newCanary("wat-er-gebeurde")
	what := "Op de afdeling Vergunningen verdwijnt geld uit de kas. " + canary
	fileName := "bewijs-" + canary + ".txt"
	fileContent := "Kasboek met gaten, " + canary
	code, number := r.fileReport(what, writeAttachment(t, fileName, fileContent))
	r.openMailbox(code, number)
	if got := factOf(r.browserPage, "Status"); got != "Ontvangen; de ontvangst is nog niet bevestigd" {
		t.Errorf("mailbox state of a new report %q", got)
	}
	if body := mainText(r.browserPage); !strings.Contains(body, what) || !strings.Contains(body, fileName) {
		t.Error("the reporter's mailbox does not show their own report and its file")
	}

	// The coordinator logs in with the password and a TOTP code, finds the
	// report and reads it, file included.
	resp, _ := c.loginWithTOTP(username, secret)
	c.expect(resp, 200, "dashboard", "Overzicht")
	path := c.openReport(number, "Ontvangst nog niet bevestigd")
	if body := mainText(c.browserPage); !strings.Contains(body, what) {
		t.Fatalf("report page does not show what the reporter wrote (%q)", what)
	}
	if got := factOf(c.browserPage, "Melder"); got != "Anoniem" {
		t.Errorf("report page: reporter %q, want Anoniem", got)
	}
	if got := factOf(c.browserPage, "De melder is"); got != "Medewerker" {
		t.Errorf("report page: kind of reporter %q, want Medewerker", got)
	}
	if got := textAt(c.browserPage, `//main//table//a[@download]`); got != fileName {
		t.Errorf("report page: attachment %q, want %q", got, fileName)
	}
	if got := c.fetchAttachment(fileName); got != fileContent {
		t.Errorf("attachment %s holds %q, want %q", fileName, got, fileContent)
	}

	// Acknowledge, two allegations, a message to the reporter.
	ack := "Wij hebben uw melding ontvangen en nemen haar in behandeling. " + newCanary("ontvangst")
	c.clear("#ack-message")
	c.browserPage.keys("#ack-message", ack)
	c.step(path, `form[action$="/acknowledge"]`, "De ontvangst is bevestigd; de melder ziet het bericht in de postbus.")
	if got := factOf(c.browserPage, "Status"); got != "In behandeling" {
		t.Errorf("report page after acknowledging: state %q, want In behandeling", got)
	}
	c.addAllegation(path, "financial")
	c.addAllegation(path, "undesirable_conduct")
	question := "Weet u sinds wanneer dit speelt? " + newCanary("vraag")
	c.browserPage.keys("#message-message", question)
	c.step(path, "form:has(#message-message)", "Het bericht is verstuurd naar de melder.")

	// The reporter reads both and answers.
	r.openMailbox(code, number)
	if got := factOf(r.browserPage, "Status"); got != "In behandeling" {
		t.Errorf("mailbox state after the acknowledgement %q, want In behandeling", got)
	}
	r.expectMessage("Meldpunt integriteit", "mededeling", ack)
	r.expectMessage("Meldpunt integriteit", "bericht", question)
	answer := "Sinds het voorjaar, na de reorganisatie. " + newCanary("antwoord")
	r.reply(number, answer)

	// The coordinator sees the answer, records the outcomes and closes.
	c.expect(c.open(path), 200, path, "Melding "+number)
	if got := textAt(c.browserPage, fmt.Sprintf(`//main//p[contains(., %q)]/preceding::h3[1]`, answer)); !strings.HasPrefix(got, "Van de melder") {
		t.Errorf("report page: the reporter's answer is headed %q, want Van de melder", got)
	}
	c.setOutcomes(path, map[string]string{"Financiële schendingen": "substantiated", "Ongewenste omgangsvormen": "unsubstantiated"})
	if v := valueOf(c.browserPage, "#feedback-message"); !strings.Contains(v, "Geachte melder") || !strings.Contains(v, "niet bevestigd") {
		t.Errorf("the feedback form suggests %q, want a text for the outcomes", v)
	}
	feedback := "Wij hebben uw melding onderzocht en er zijn stappen gezet. " + newCanary("terugkoppeling")
	c.browserPage.clear("#feedback-message")
	c.browserPage.keys("#feedback-message", feedback)
	c.step(path, `form[action$="/feedback"]`, "De terugkoppeling is verstuurd naar de melder.")
	closing := "Wij hebben de melding onderzocht en sluiten haar af. Dank voor uw melding. " + newCanary("slot")
	c.browserPage.keys("#close-message", closing)
	c.step(path, `form[action$="/close"]`, "De melding is afgesloten; de melder ziet het slotbericht in de postbus.")
	if got := factOf(c.browserPage, "Status"); !strings.HasPrefix(got, "Afgesloten") {
		t.Errorf("report page after closing: state %q, want Afgesloten", got)
	}

	// The reporter sees the report closed.
	r.openMailbox(code, number)
	r.expectClosed(feedback, closing)
}

// TestReportingPointWithoutJavaScript is the reporter's side of the journey
// in a browser that runs no script: filing with a file, reading the answers,
// replying with a file, seeing the report closed. The coordinator's side
// goes through the store, with the coordinator's key as a login opens it.
func TestReportingPointWithoutJavaScript(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), tabTimeout)
	defer cancel()
	st := srv.app.Store
	handler := newChannelHandler(t, srv, "joost")
	k, identity, err := store.NewUserKey(auth.TestParams, handler.ID, password)
	if err != nil {
		t.Fatal(err)
	}
	actor := store.UserActor(handler, "")
	if err := st.SetUserKey(ctx, actor, k); err != nil {
		t.Fatal(err)
	}
	// The key as a later login opens it, from the store and the password.
	stored, err := st.UserKey(ctx, handler.ID)
	if err != nil {
		t.Fatal(err)
	}
	if opened, err := stored.Open(auth.TestParams, password); err != nil || opened != identity {
		t.Fatalf("opening the coordinator's key with the password: %v", err)
	}
	kr := store.Keyring{UserID: handler.ID, Identity: identity}

	r := newReporterTab(t, srv, false)
	canary := newCanary("zonder-javascript")
	what := "Een leidinggevende laat facturen van een bevriend bedrijf goedkeuren. " + canary
	fileName := "factuur-" + canary + ".txt"
	code, number := r.fileReport(what, writeAttachment(t, fileName, "Factuur 2024-117, "+canary))

	reports, err := st.ReportsForHandler(ctx, srv.org.ID, handler.ID, store.ReportFilter{})
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(reports, func(rep *domain.Report) bool { return rep.Number == number })
	if i < 0 {
		t.Fatalf("the coordinator's reports do not include %s", number)
	}
	id := reports[i].ID
	rep, err := st.OpenReport(ctx, actor, srv.org.ID, id, kr)
	if err != nil {
		t.Fatalf("OpenReport: %v", err)
	}
	if rep.Content == nil || rep.Content.What != what {
		t.Fatalf("the report as stored says %+v, want %q", rep.Content, what)
	}

	ack := "Ontvangen, wij gaan ermee aan de slag. " + newCanary("ontvangst")
	if err := st.Acknowledge(ctx, actor, srv.org.ID, id, kr, ack); err != nil {
		t.Fatalf("Acknowledge: %v", err)
	}
	for _, cat := range []string{"financial", "undesirable_conduct"} {
		if err := st.AddAllegation(ctx, actor, srv.org.ID, id, kr, domain.Category(cat), 0); err != nil {
			t.Fatalf("AddAllegation %s: %v", cat, err)
		}
	}
	question := "Om welke facturen gaat het? " + newCanary("vraag")
	if _, err := st.AddMessage(ctx, actor, srv.org.ID, id, kr, domain.KindMessage, question); err != nil {
		t.Fatalf("AddMessage: %v", err)
	}

	r.openMailbox(code, number)
	if got := factOf(r.browserPage, "Status"); got != "In behandeling" {
		t.Errorf("mailbox state after the acknowledgement %q, want In behandeling", got)
	}
	r.expectMessage("Meldpunt integriteit", "mededeling", ack)
	r.expectMessage("Meldpunt integriteit", "bericht", question)
	answer := "De facturen van maart tot en met juni. " + newCanary("antwoord")
	replyFile := "overzicht-" + canary + ".txt"
	r.reply(number, answer, writeAttachment(t, replyFile, "maart, april, mei, juni"))
	if msgs := r.messages(); len(msgs) == 0 || !slices.Contains(msgs[len(msgs)-1].Files, replyFile) {
		t.Errorf("mailbox: the answer does not list its file %s: %+v", replyFile, msgs)
	}

	// The coordinator reads the answer and its file, and closes.
	opened, err := st.OpenReport(ctx, store.CLI.In(srv.org.ID), srv.org.ID, id, kr)
	if err != nil {
		t.Fatalf("OpenReport: %v", err)
	}
	msgs, files := opened.Messages, opened.Attachments
	if !slices.ContainsFunc(msgs, func(m domain.Message) bool { return m.FromReporter && m.Body == answer }) {
		t.Errorf("the coordinator does not get the answer %q", answer)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Name)
	}
	for _, want := range []string{fileName, replyFile} {
		if !slices.Contains(names, want) {
			t.Errorf("the coordinator's attachments are %q, want %s among them", names, want)
		}
	}
	if rep, err = st.OpenReport(ctx, actor, srv.org.ID, id, kr); err != nil {
		t.Fatal(err)
	}
	outcome := map[domain.Category]domain.Outcome{"financial": "substantiated", "undesirable_conduct": "unsubstantiated"}
	for _, a := range rep.Allegations {
		if err := st.SetOutcome(ctx, actor, srv.org.ID, id, a.ID, kr, outcome[a.Category], ""); err != nil {
			t.Fatalf("SetOutcome %s: %v", a.Category, err)
		}
	}
	feedback := "Wij hebben uw melding beoordeeld en onderzocht. " + newCanary("terugkoppeling")
	if _, err := st.AddMessage(ctx, actor, srv.org.ID, id, kr, domain.KindFeedback, feedback); err != nil {
		t.Fatalf("feedback: %v", err)
	}
	closing := "De melding is onderzocht en afgesloten. " + newCanary("slot")
	if err := st.CloseReport(ctx, actor, srv.org.ID, id, kr, closing); err != nil {
		t.Fatalf("CloseReport: %v", err)
	}

	r.openMailbox(code, number)
	r.expectClosed(feedback, closing)
}

// TestReportingAccessibility runs axe-core on the pages of the journey: the
// report form (also with its errors), the receipt, the mailbox (its code
// form, open, after a message, closed), the coordinator's report list and
// the report page in each state. It is apart from the journey, so that a
// violation shows here without hiding whether the journey works.
func TestReportingAccessibility(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("testdata/axe.min.js")
	if err != nil {
		t.Fatal(err)
	}
	axe := string(src)
	srv := newServer(t)
	const username = "ilse"
	newChannelHandler(t, srv, username)
	c := &handlerTab{newPage(t, srv)}
	c.enrol(username) // makes the key pair; the tab stays logged in

	r := newReporterTab(t, srv, true)
	p := r.browserPage
	p.expect(p.open("report"), 200, "report", "Een melding doen")
	p.checkAccessibility("report form", axe)
	resp := pressEnter(p, "main form button[type=submit]")
	p.expect(resp, 400, "report", "Een melding doen")
	if len(fieldErrors(p)) == 0 {
		t.Error("an empty report form was refused without a message at any field")
	}
	p.checkAccessibility("report form with errors", axe)

	canary := newCanary("toegankelijk")
	code, number := r.fileReport("Iemand gebruikt de dienstauto voor privéritten. "+canary,
		writeAttachment(t, "foto-"+canary+".txt", "foto"))
	p.checkAccessibility("receipt page", axe)

	p.expect(p.open("mailbox"), 200, "mailbox", "Uw postbus")
	p.checkAccessibility("mailbox code form", axe)
	p.fill("receipt", "1234")
	resp = pressEnter(p, "main form button[type=submit]")
	if resp.Status < 400 {
		t.Errorf("a malformed receipt code opened something: %d", resp.Status)
	}
	p.checkAccessibility("mailbox code form with an error", axe)
	r.openMailbox(code, number)
	p.checkAccessibility("mailbox of a new report", axe)

	c.expect(c.open("reports"), 200, "reports", "Meldingen")
	c.checkAccessibility("report list", axe)
	path := c.openReport(number, "Ontvangst nog niet bevestigd")
	c.checkAccessibility("report page, received", axe)
	c.step(path, `form[action$="/acknowledge"]`, "De ontvangst is bevestigd; de melder ziet het bericht in de postbus.")
	c.addAllegation(path, "misuse_of_resources")
	c.browserPage.keys("#message-message", "Welke auto is het? "+canary)
	c.step(path, "form:has(#message-message)", "Het bericht is verstuurd naar de melder.")
	c.checkAccessibility("report page, in handling", axe)
	c.browserPage.keys("#close-message", "Afgesloten.")
	resp = pressEnter(c.browserPage, `form[action$="/close"] button[type=submit]`)
	if resp.Status < 400 || c.alert() == "" {
		t.Errorf("closing with an allegation without outcome: %d, alert %q; want it refused", resp.Status, c.alert())
	}
	c.checkAccessibility("report page with a refused form", axe)
	// The outcome "Onderzoek stopgezet" without the reason is refused at
	// the reason's field.
	outcome := eval[string](c.browserPage, `document.querySelector('main select[name=outcome]').id`)
	c.choose("#"+outcome, "discontinued")
	resp = pressEnter(c.browserPage, fmt.Sprintf("form:has(#%s) button[type=submit]", outcome))
	stopErr := strings.TrimSuffix(outcome, "-outcome") + "-stop-reason-err"
	if msg := c.text("#" + stopErr); resp.Status != 400 || !strings.Contains(msg, "hoort de reden") {
		t.Errorf("discontinued without a reason: %d, message %q; want 400 at the reason", resp.Status, msg)
	}
	c.checkAccessibility("report page, discontinued without a reason", axe)

	r.openMailbox(code, number)
	p.checkAccessibility("mailbox with messages", axe)
	p.keys("#f-message", "De grijze bestelbus. "+canary)
	resp = pressEnter(p, `form[action$="/mailbox/message"] button[type=submit]`)
	p.expect(resp, 200, "mailbox/message", "Uw postbus: melding "+number)
	p.checkAccessibility("mailbox after sending a message", axe)

	c.expect(c.open(path), 200, path, "Melding "+number)
	c.setOutcomes(path, map[string]string{"Oneigenlijk gebruik van dienstmiddelen / overschrijding interne regels": "substantiated"})
	c.step(path, `form[action$="/feedback"]`, "De terugkoppeling is verstuurd naar de melder.")
	c.browserPage.keys("#close-message", "Afgesloten, dank u. "+canary)
	c.step(path, `form[action$="/close"]`, "De melding is afgesloten; de melder ziet het slotbericht in de postbus.")
	c.checkAccessibility("report page, closed", axe)

	r.openMailbox(code, number)
	p.checkAccessibility("mailbox of a closed report", axe)
}
