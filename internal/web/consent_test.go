package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/domain"
)

// consentCase is a named report filed through the public form, a handler
// of its channel and a custodian: the parties to a disclosure.
type consentCase struct {
	e          *env
	coord      string // the handler's session
	custodian  string // the custodian's session
	code       string // the receipt code
	id         int64
	base       string
	identities string // the reporter's name, as the handler would see it
}

func newConsentCase(t *testing.T) *consentCase {
	t.Helper()
	e := demoEnv(t, "")
	org := e.org("helmond")
	u, coord := e.handlerIn(org, "coord", "officials")
	e.store.DB().Exec(`UPDATE users SET display_name = 'Sanne Behandelaar' WHERE id = $1`, u.ID)
	cust := e.user(org, "bewaarder", domain.RoleCustodian)
	v := validReport()
	v.Set("anonymous", "0")
	v.Set("name", "Joke Jansen")
	res := e.postMultipart("/helmond/report", v)
	c := &consentCase{e: e, coord: coord, custodian: e.session(cust, domain.StateFull), code: receiptOf(t, res.body), identities: "Joke Jansen"}
	c.id = e.reportID(numberOnPage.FindString(res.body))
	c.base = fmt.Sprintf("/helmond/reports/%d", c.id)
	return c
}

func (c *consentCase) request(t *testing.T, basis, reason string) string {
	t.Helper()
	wantRedirect(t, c.e.post(c.coord, c.base+"/identity", url.Values{"basis": {basis}, "reason": {reason}}), c.base+"?done=identity")
	page := c.e.get(c.custodian, "/helmond/custodian")
	m := regexp.MustCompile(`action="/helmond/custodian/identity/(\d+)"`).FindStringSubmatch(page.body)
	if m == nil {
		t.Fatalf("the custodian does not see the request\n%s", page.body)
	}
	return m[1]
}

func (c *consentCase) mailbox(t *testing.T) string {
	t.Helper()
	res := c.e.do(request{method: http.MethodPost, path: "/helmond/mailbox", form: url.Values{"receipt": {c.code}}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("mailbox: %d", res.StatusCode)
	}
	return res.body
}

func (c *consentCase) answer(rid, answer string) response {
	return c.e.do(request{method: http.MethodPost, path: "/helmond/mailbox/consent",
		form: url.Values{"receipt": {c.code}, "request_id": {rid}, "answer": {answer}}})
}

func (c *consentCase) audited(t *testing.T, action string) bool {
	t.Helper()
	var n int
	c.e.store.DB().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = $1 AND object_id = $2`, action, fmt.Sprint(c.id)).Scan(&n)
	return n > 0
}

// TestDefect_ConsentAskedOfReporter: on the ground of consent, the reporter
// is asked in the mailbox (to whom, why), the custodian sees the answer and
// cannot approve before a yes, and the mailbox then says on which ground
// the identity was shared. Every step is audited.
func TestDefect_ConsentAskedOfReporter(t *testing.T) {
	c := newConsentCase(t)
	reason := "Om u als getuige te kunnen horen in het onderzoek."
	rid := c.request(t, "consent", reason)

	page := c.e.get(c.custodian, "/helmond/custodian")
	if !strings.Contains(page.body, "Wacht op het antwoord van de melder") {
		t.Errorf("the custodian does not see that the reporter has not answered\n%s", page.body)
	}
	wantRefused(t, c.e.post(c.custodian, "/helmond/custodian/identity/"+rid, url.Values{"decision": {"approve"}}), http.StatusBadRequest,
		"De melder heeft (nog) geen toestemming gegeven")
	if strings.Contains(c.e.get(c.coord, c.base).body, c.identities) {
		t.Fatal("the identity is shown without the reporter's consent")
	}

	mb := c.mailbox(t)
	for _, want := range []string{"Sanne Behandelaar", reason, `action="/helmond/mailbox/consent"`, `name="request_id" value="` + rid + `"`,
		`value="yes"`, `value="no"`} {
		if !strings.Contains(mb, want) {
			t.Errorf("the mailbox does not ask with %q", want)
		}
	}
	res := c.answer(rid, "maybe")
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "Kies een van de mogelijkheden.") {
		t.Errorf("an answer that is neither yes nor no: %d", res.StatusCode)
	}
	res = c.answer(rid, "yes")
	if res.StatusCode != http.StatusOK || !strings.Contains(res.body, "U heeft toestemming gegeven") {
		t.Fatalf("consent: %d\n%s", res.StatusCode, res.body)
	}
	if strings.Contains(res.body, `action="/helmond/mailbox/consent"`) {
		t.Error("the mailbox asks again after the answer")
	}
	if res := c.answer(rid, "no"); res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "Op dit verzoek heeft u al geantwoord.") {
		t.Errorf("a second answer: %d", res.StatusCode)
	}

	page = c.e.get(c.custodian, "/helmond/custodian")
	if !strings.Contains(page.body, "De melder heeft toestemming gegeven op") {
		t.Errorf("the custodian does not see the reporter's yes\n%s", page.body)
	}
	wantRedirect(t, c.e.post(c.custodian, "/helmond/custodian/identity/"+rid, url.Values{"decision": {"approve"}}), "/helmond/custodian?done=approved")
	if !strings.Contains(c.e.get(c.coord, c.base).body, c.identities) {
		t.Fatal("the approved identity is not shown to the requester")
	}
	if !regexp.MustCompile(`Uw identiteit is op \d\d-\d\d-\d{4} gedeeld met Sanne Behandelaar, op grond van uw toestemming\.`).MatchString(c.mailbox(t)) {
		t.Error("the mailbox does not say on which ground the identity was shared")
	}
	for _, action := range []string{"report.identity_requested", "report.identity_consent_given", "report.identity_approved"} {
		if !c.audited(t, action) {
			t.Errorf("no audit line %s", action)
		}
	}
}

// TestDefect_ConsentRefusedByReporter: the reporter's no ends the request;
// no custodian can approve it afterwards.
func TestDefect_ConsentRefusedByReporter(t *testing.T) {
	c := newConsentCase(t)
	rid := c.request(t, "consent", "Om u te kunnen horen.")
	if res := c.answer(rid, "no"); res.StatusCode != http.StatusOK || !strings.Contains(res.body, "U heeft geen toestemming gegeven") {
		t.Fatalf("refusal: %d", res.StatusCode)
	}
	res := c.e.post(c.custodian, "/helmond/custodian/identity/"+rid, url.Values{"decision": {"approve"}})
	if res.StatusCode < 400 {
		t.Fatalf("approved after the reporter said no: %d", res.StatusCode)
	}
	if strings.Contains(c.e.get(c.coord, c.base).body, c.identities) {
		t.Fatal("the identity is shown after the reporter said no")
	}
	if page := c.e.get(c.coord, c.base); !strings.Contains(page.body, "de melder gaf geen toestemming") {
		t.Error("the handler does not see that the reporter said no")
	}
	if !c.audited(t, "report.identity_consent_refused") {
		t.Error("no audit line for the reporter's no")
	}
}

// TestDefect_CustodianRefusalNeedsReason: a custodian's refusal needs a
// reason, which the requesting handler reads; a legal duty needs no
// consent.
func TestDefect_CustodianRefusalNeedsReason(t *testing.T) {
	c := newConsentCase(t)
	rid := c.request(t, "legal_duty", "Aangifte bij de politie.")
	if page := c.e.get(c.custodian, "/helmond/custodian"); strings.Contains(page.body, "Wacht op het antwoord van de melder") {
		t.Error("a legal duty waits for the reporter's consent")
	}
	if strings.Contains(c.mailbox(t), `action="/helmond/mailbox/consent"`) {
		t.Error("the reporter is asked for consent on the ground of a legal duty")
	}
	wantRefused(t, c.e.post(c.custodian, "/helmond/custodian/identity/"+rid, url.Values{"decision": {"refuse"}, "refusal_reason": {" "}}),
		http.StatusBadRequest, "Geef de reden van de weigering.")
	var status string
	c.e.store.DB().QueryRow(`SELECT status FROM identity_requests WHERE id = $1`, rid).Scan(&status)
	if status != string(domain.IdentityRequestStatusPending) {
		t.Fatalf("a refusal without a reason changed the request to %q", status)
	}
	wantRedirect(t, c.e.post(c.custodian, "/helmond/custodian/identity/"+rid,
		url.Values{"decision": {"refuse"}, "refusal_reason": {"Geen aangifte gedaan; de grond ontbreekt."}}), "/helmond/custodian?done=refused")
	if page := c.e.get(c.coord, c.base); !strings.Contains(page.body, "Geen aangifte gedaan; de grond ontbreekt.") {
		t.Error("the handler does not read the custodian's reason")
	}
	if !c.audited(t, "report.identity_refused") {
		t.Error("no audit line for the refusal")
	}
}
