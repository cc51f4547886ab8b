package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/config"
	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// apiError is the error body every failing API answer has.
type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Field   string `json:"field"`
		Message string `json:"message"`
	} `json:"error"`
}

// api sends a JSON body (a string, sent as is) with optional headers.
func (e *env) api(method, path, body string, header map[string]string) response {
	e.t.Helper()
	var r io.Reader
	ct := ""
	if body != "" {
		r, ct = strings.NewReader(body), "application/json"
	}
	return e.send(method, path, ct, r, header)
}

func decode[T any](t testing.TB, res response) T {
	t.Helper()
	var v T
	if ct := res.Header.Get("Content-Type"); ct != "application/json" {
		t.Fatalf("Content-Type %q: %s", ct, res.body)
	}
	if err := json.Unmarshal([]byte(res.body), &v); err != nil {
		t.Fatalf("%v: %s", err, res.body)
	}
	return v
}

func wantAPIError(t testing.TB, res response, status int, code, field string) apiError {
	t.Helper()
	if res.StatusCode != status {
		t.Fatalf("status %d, want %d: %s", res.StatusCode, status, res.body)
	}
	e := decode[apiError](t, res)
	if e.Error.Code != code || e.Error.Field != field || e.Error.Message == "" {
		t.Fatalf("error %+v, want code %q field %q", e.Error, code, field)
	}
	return e
}

type created struct {
	Receipt            string `json:"receipt"`
	Number             string `json:"number"`
	AcknowledgementDue string `json:"acknowledgement_due"`
	FeedbackDue        string `json:"feedback_due"`
}

type mailboxJSON struct {
	Number             string  `json:"number"`
	State              string  `json:"state"`
	ReceivedOn         string  `json:"received_on"`
	AcknowledgedOn     *string `json:"acknowledged_on"`
	AcknowledgementDue string  `json:"acknowledgement_due"`
	FeedbackDue        string  `json:"feedback_due"`
	ClosedOn           *string `json:"closed_on"`
	Report             struct {
		Description string `json:"description"`
	} `json:"report"`
	Messages []struct {
		From string `json:"from"`
		Kind string `json:"kind"`
		At   string `json:"at"`
		Body string `json:"body"`
	} `json:"messages"`
	Disclosures []any `json:"disclosures"`
}

const apiReport = `{"context": "officials", "description": "Een collega neemt kantoorspullen mee naar huis.", "reporter_kind": "employee", "anonymous": true}`

func TestAPIFlowSQLite(t *testing.T)   { apiFlow(t, "") }
func TestAPIFlowPostgres(t *testing.T) { apiFlow(t, dbtest.PostgresURL(t)) }

func apiFlow(t *testing.T, dsn string) {
	e := newEnv(t, dsn)
	org, h := e.reportingPoint("helmond")
	ctx := context.Background()

	res := e.api("POST", "/api/v1/helmond/reports", apiReport, nil)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("status %d: %s", res.StatusCode, res.body)
	}
	c := decode[created](t, res)
	if !regexp.MustCompile(`^\d{16}$`).MatchString(c.Receipt) || !regexp.MustCompile(`^\d{4}-0001$`).MatchString(c.Number) {
		t.Fatalf("created %+v", c)
	}
	if res.Header.Get("Cache-Control") != "no-store" || len(res.Cookies()) > 0 {
		t.Errorf("Cache-Control %q, cookies %v", res.Header.Get("Cache-Control"), res.Cookies())
	}
	today := domain.Day(time.Now())
	if want := domain.AcknowledgementDue(today).Format(time.DateOnly); c.AcknowledgementDue != want {
		t.Errorf("acknowledgement_due %s, want %s", c.AcknowledgementDue, want)
	}
	if want := domain.FeedbackDue(today, nil).Format(time.DateOnly); c.FeedbackDue != want {
		t.Errorf("feedback_due %s, want %s", c.FeedbackDue, want)
	}
	auth := map[string]string{"Authorization": "Receipt " + c.Receipt}

	res = e.api("GET", "/api/v1/helmond/mailbox", "", auth)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("mailbox: status %d: %s", res.StatusCode, res.body)
	}
	mb := decode[mailboxJSON](t, res)
	if mb.Number != c.Number || mb.State != "received" || mb.AcknowledgedOn != nil || mb.ClosedOn != nil ||
		mb.AcknowledgementDue != c.AcknowledgementDue || mb.Report.Description == "" || len(mb.Messages) != 0 || mb.Disclosures == nil {
		t.Errorf("mailbox %+v", mb)
	}

	// A message from the reporter, then one from the handler.
	res = e.api("POST", "/api/v1/helmond/mailbox/messages", `{"body": "Het gebeurde ook in april."}`,
		map[string]string{"Authorization": "receipt " + seal4(c.Receipt)})
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("message: status %d: %s", res.StatusCode, res.body)
	}
	id := e.reportID(c.Number)
	if err := e.store.Acknowledge(ctx, store.UserActor(h.user, "t"), org.ID, id, h.kr, "Ontvangen, dank u."); err != nil {
		t.Fatal(err)
	}
	mb = decode[mailboxJSON](t, e.api("GET", "/api/v1/helmond/mailbox", "", auth))
	if len(mb.Messages) != 2 || mb.Messages[0].From != "reporter" || mb.Messages[0].Body != "Het gebeurde ook in april." ||
		mb.Messages[0].Kind != "message" || mb.Messages[1].From != "reporting_point" || mb.Messages[1].Kind != "system" ||
		mb.State != "acknowledged" || mb.AcknowledgedOn == nil {
		t.Errorf("mailbox after messages %+v", mb)
	}
	if _, err := time.Parse(time.RFC3339, mb.Messages[0].At); err != nil {
		t.Errorf("at: %v", err)
	}
	if strings.Contains(e.logs.String(), c.Receipt) {
		t.Error("the receipt code is in the logs")
	}

	// Bad input: the field is named, nothing is stored.
	before := e.countReports()
	wantAPIError(t, e.api("POST", "/api/v1/helmond/reports", `{"context": "officials", "description": "x", "anonymous": true, "colour": "red"}`, nil),
		400, "invalid", "colour")
	e1 := wantAPIError(t, e.api("POST", "/api/v1/helmond/reports", `{"context": "officials", "reporter_kind": "employee", "anonymous": true}`, nil),
		400, "invalid", "description")
	if e1.Error.Message != "Beschrijf wat er is gebeurd." {
		t.Errorf("message %q", e1.Error.Message)
	}
	e2 := wantAPIError(t, e.api("POST", "/api/v1/helmond/reports?lang=en", `{"context": "officials", "anonymous": true}`, nil),
		400, "invalid", "description")
	e3 := wantAPIError(t, e.api("POST", "/api/v1/helmond/reports", `{"context": "officials", "anonymous": true}`, map[string]string{"Accept-Language": "en"}),
		400, "invalid", "description")
	if e2.Error.Message == e1.Error.Message || e3.Error.Message != e2.Error.Message {
		t.Errorf("English messages %q, %q", e2.Error.Message, e3.Error.Message)
	}
	wantAPIError(t, e.api("POST", "/api/v1/helmond/reports", `{"context": "officials", "description": "x", "anonymous": "yes"}`, nil), 400, "invalid", "anonymous")
	wantAPIError(t, e.api("POST", "/api/v1/helmond/reports", `{"context": "officials", "description": "x"}`, nil), 400, "invalid", "anonymous")
	wantAPIError(t, e.api("POST", "/api/v1/helmond/reports", `{"context": "mayor", "description": "x", "anonymous": true}`, nil), 400, "invalid", "context")
	wantAPIError(t, e.api("POST", "/api/v1/helmond/reports", `{"context": "officials", "description": "x", "anonymous": false}`, nil), 400, "invalid", "name")
	wantAPIError(t, e.api("POST", "/api/v1/helmond/reports", `{"context": "officials", "description": "x", "anonymous": true, "reporter_kind": "alien"}`, nil),
		400, "invalid", "reporter_kind")
	wantAPIError(t, e.api("POST", "/api/v1/helmond/reports", `{"context": "officials",`, nil), 400, "invalid", "")
	wantAPIError(t, e.api("POST", "/api/v1/helmond/reports", `[1, 2]`, nil), 400, "invalid", "")
	wantAPIError(t, e.api("POST", "/api/v1/helmond/reports", apiReport+` {}`, nil), 400, "invalid", "")
	wantAPIError(t, e.send("POST", "/api/v1/helmond/reports", "text/plain", strings.NewReader(apiReport), nil), 415, "unsupported_media_type", "")
	wantAPIError(t, e.api("POST", "/api/v1/helmond/reports", `{"context": "officials", "anonymous": true, "description": "`+strings.Repeat("x", 65<<10)+`"}`, nil),
		413, "too_large", "")
	wantAPIError(t, e.api("POST", "/api/v1/helmond/mailbox/messages", `{"body": " "}`, auth), 400, "invalid", "body")
	wantAPIError(t, e.api("POST", "/api/v1/nowhere/reports", apiReport, nil), 404, "not_found", "")
	wantAPIError(t, e.api("GET", "/api/v1/nowhere/mailbox", "", auth), 404, "not_found", "")
	if n := e.countReports(); n != before {
		t.Fatalf("bad input stored %d reports", n-before)
	}

	// Missing or foreign authorisation: 401, not counted.
	for _, h := range []map[string]string{nil, {"Authorization": "Bearer " + c.Receipt}, {"Authorization": "Receipt "}} {
		res := e.api("GET", "/api/v1/helmond/mailbox", "", h)
		wantAPIError(t, res, 401, "unauthorized", "")
		if res.Header.Get("WWW-Authenticate") == "" {
			t.Error("no WWW-Authenticate")
		}
	}
	// Wrong codes: 401 with one message, then this client is throttled: 429
	// with Retry-After.
	wrong := "Receipt " + strings.Repeat("0", 16)
	if c.Receipt == strings.Repeat("0", 16) {
		wrong = "Receipt " + strings.Repeat("1", 16)
	}
	first := wantAPIError(t, e.api("GET", "/api/v1/helmond/mailbox", "", map[string]string{"Authorization": wrong}), 401, "unauthorized", "")
	second := wantAPIError(t, e.api("POST", "/api/v1/helmond/mailbox/messages", `{"body": "x"}`, map[string]string{"Authorization": "Receipt 12ab"}),
		401, "unauthorized", "")
	if first.Error.Message != second.Error.Message {
		t.Errorf("wrong and malformed codes answer differently: %q, %q", first.Error.Message, second.Error.Message)
	}
	for i := 3; i <= 5; i++ { // the sixth wrong code within a minute refuses this client
		wantAPIError(t, e.api("GET", "/api/v1/helmond/mailbox", "", map[string]string{"Authorization": wrong}), 401, "unauthorized", "")
	}
	res = e.api("GET", "/api/v1/helmond/mailbox", "", map[string]string{"Authorization": wrong})
	wantAPIError(t, res, 429, "throttled", "")
	if res.Header.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
	res = e.api("GET", "/api/v1/helmond/mailbox", "", auth)
	wantAPIError(t, res, 429, "throttled", "")
	// Submitting is never throttled by wrong codes.
	if res := e.api("POST", "/api/v1/helmond/reports", apiReport, nil); res.StatusCode != http.StatusCreated {
		t.Errorf("submission while mailboxes are blocked: status %d", res.StatusCode)
	}
}

// TestAPIFromABrowserOfAnotherOrigin: the API sets no CORS headers and
// cross-origin browser posts are refused.
func TestAPIFromABrowserOfAnotherOrigin(t *testing.T) {
	e := newEnv(t, "")
	e.reportingPoint("helmond")
	res := e.api("POST", "/api/v1/helmond/reports", apiReport, map[string]string{"Origin": "https://www.gemeente.example", "Sec-Fetch-Site": "cross-site"})
	if res.StatusCode != http.StatusForbidden || res.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("cross-origin post: status %d, headers %v", res.StatusCode, res.Header)
	}
	if n := e.countReports(); n != 0 {
		t.Errorf("%d reports stored", n)
	}
}

func TestAPIConcurrentSubmissionsSQLite(t *testing.T) { concurrentSubmissions(t, "") }
func TestAPIConcurrentSubmissionsPostgres(t *testing.T) {
	concurrentSubmissions(t, dbtest.PostgresURL(t))
}

// concurrentSubmissions sends two reports at the same moment, twenty times:
// every one is stored, each under its own number.
// All come from one address, so the limits on reports per client and per
// organisation (TestDefect5_…) are lifted.
func concurrentSubmissions(t *testing.T, dsn string) {
	e := newEnv(t, dsn, func(c *config.Config) { c.SubmissionsPerHour, c.OrgSubmissionsPerHour = 1000, 1000 })
	e.reportingPoint("helmond")
	numbers := map[string]bool{}
	for round := range 20 {
		var wg sync.WaitGroup
		start := make(chan struct{})
		results := make([]string, 2)
		errs := make([]error, 2)
		for i := range 2 {
			wg.Go(func() {
				<-start
				results[i], errs[i] = postReport(e.ts.URL + "/api/v1/helmond/reports")
			})
		}
		close(start)
		wg.Wait()
		for i := range 2 {
			if errs[i] != nil {
				t.Fatalf("round %d: %v", round, errs[i])
			}
			if numbers[results[i]] {
				t.Fatalf("round %d: number %s given twice", round, results[i])
			}
			numbers[results[i]] = true
		}
	}
	if n := e.countReports(); n != 40 || len(numbers) != 40 {
		t.Errorf("%d reports, %d numbers", n, len(numbers))
	}
}

func postReport(url string) (string, error) {
	res, err := http.Post(url, "application/json", strings.NewReader(apiReport))
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusCreated {
		return "", fmt.Errorf("status %d: %s", res.StatusCode, b)
	}
	var c created
	if err := json.Unmarshal(b, &c); err != nil {
		return "", err
	}
	return c.Number, nil
}

// TestOpenAPIDescribesEveryAPIRoute parses the served OpenAPI document and
// checks that every API route of the route table is in it, with the receipt
// scheme and the error schema.
func TestOpenAPIDescribesEveryAPIRoute(t *testing.T) {
	e := newEnv(t, "")
	res := e.do(request{path: "/api/v1/openapi.json"})
	var doc struct {
		OpenAPI    string                                `json:"openapi"`
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			SecuritySchemes map[string]struct {
				Type, In, Name, Description, Scheme string
			} `json:"securitySchemes"`
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal([]byte(res.body), &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.1") {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	if _, ok := doc.Paths["/healthz"]["get"]; !ok {
		t.Error("/healthz is not described")
	}
	n := 0
	for _, p := range e.srv.RoutePatterns() {
		method, path, _ := strings.Cut(p, " ")
		if !strings.HasPrefix(path, "/api/v1/") {
			continue
		}
		n++
		if _, ok := doc.Paths[path][strings.ToLower(method)]; !ok {
			t.Errorf("route %q is not in the OpenAPI document", p)
		}
	}
	if n < 4 {
		t.Errorf("only %d API routes", n)
	}
	rc := doc.Components.SecuritySchemes["receipt"]
	if rc.Type != "apiKey" || rc.In != "header" || rc.Name != "Authorization" || !strings.Contains(rc.Description, "Receipt <code>") {
		t.Errorf("receipt scheme %+v", rc)
	}
	if at := doc.Components.SecuritySchemes["apiToken"]; at.Type != "http" || at.Scheme != "bearer" {
		t.Errorf("apiToken scheme %+v", at)
	}
	for _, s := range []string{"Error", "NewReport", "ReportCreated", "Mailbox", "NewMessage"} {
		if doc.Components.Schemas[s] == nil {
			t.Errorf("no schema %s", s)
		}
	}
}
