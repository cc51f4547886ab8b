package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
	"github.com/xuri/excelize/v2"
)

const adviceCanary = "ADVIES-CANARY-5e1d"

func TestAdviceRequestsSQLite(t *testing.T) { testAdviceRequests(t, "") }

func TestAdviceRequestsPostgres(t *testing.T) { testAdviceRequests(t, dbtest.PostgresURL(t)) }

// testAdviceRequests records, lists, filters, exports, edits and deletes
// advice requests through the pages, as a coordinator who logged in for
// real (so the session holds the key that opens summaries).
func testAdviceRequests(t *testing.T, dsn string) {
	if dsn == "" {
		dsn = sqliteDSN(t)
	}
	e := demoEnv(t, dsn)
	ctx := context.Background()
	org, other := e.org("helmond"), e.org("huizen")
	e.user(org, "coord", domain.RoleCoordinator)
	e.user(org, "coord2", domain.RoleCoordinator)
	coord, coord2 := e.loginHandler(org, "coord"), e.loginHandler(org, "coord2")
	hr := e.session(e.user(org, "pieter", domain.RoleHR), domain.StateFull)
	keyless := e.session(e.user(org, "coord3", domain.RoleCoordinator), domain.StateFull)
	elsewhere := e.session(e.user(other, "elders", domain.RoleCoordinator), domain.StateFull)
	today := time.Now().In(recAmsterdam(t))

	// The new form proposes today.
	res := e.get(coord, "/helmond/advice/new")
	if res.StatusCode != 200 || !strings.Contains(res.body, `value="`+today.Format("2006-01-02")+`"`) {
		t.Fatalf("new form: %d\n%s", res.StatusCode, res.body)
	}

	// Bad input: a message at each field, what was typed kept, nothing stored.
	bad := url.Values{"received_on": {"31-02-2026"}, "topic": {"weather"}, "requester": {""},
		"answered_on": {today.AddDate(0, 0, 3).Format("2006-01-02")}, "summary": {"Vraag over de kerstpakketten " + adviceCanary}}
	res = e.post(coord, "/helmond/advice", bad)
	for _, msg := range []string{"Vul een datum in als jjjj-mm-dd.", "Kies een onderwerp.", "Kies wie de vraag stelde.",
		"Deze datum ligt in de toekomst.", "Controleer de gemarkeerde velden. Er is niets opgeslagen.", adviceCanary, `value="31-02-2026"`} {
		if !strings.Contains(res.body, msg) {
			t.Errorf("bad input page lacks %q", msg)
		}
	}
	if res.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad input: %d", res.StatusCode)
	}
	before := today.AddDate(0, 0, -10).Format("2006-01-02")
	res = e.post(coord, "/helmond/advice", url.Values{"received_on": {today.Format("2006-01-02")}, "topic": {"gifts"},
		"requester": {"employee"}, "answered_on": {before}})
	wantRefused(t, res, http.StatusBadRequest, "De datum van beantwoording ligt vóór de datum van ontvangst.")
	if n := adviceCount(t, e, org.ID); n != 0 {
		t.Fatalf("bad input stored %d requests", n)
	}

	// A valid request with a confidential summary.
	received := today.AddDate(0, 0, -3)
	res = e.post(coord, "/helmond/advice", url.Values{"received_on": {received.Format("02-01-2006")}, "topic": {"outside_activities"},
		"requester": {"manager"}, "summary": {"Mag een medewerker bestuurslid worden van een aannemersvereniging? " + adviceCanary}})
	wantRedirect(t, res, "/helmond/advice?done=created")
	list := e.get(coord, "/helmond/advice?done=created")
	for _, want := range []string{"De adviesvraag is geregistreerd.", received.Format("02-01-2006"), "Nevenwerkzaamheden", "Leidinggevende",
		"Adviesvragen (1 in deze lijst)", "Open"} {
		if !strings.Contains(list.body, want) {
			t.Errorf("list lacks %q", want)
		}
	}
	if strings.Contains(list.body, adviceCanary) {
		t.Error("the list shows the summary")
	}
	id := latestAdvice(t, e, org.ID)
	page := fmt.Sprintf("/helmond/advice/%d", id)

	// Both coordinators with a key read the summary; each read is audited.
	for _, c := range []string{coord, coord2} {
		if res := e.get(c, page); res.StatusCode != 200 || !strings.Contains(res.body, adviceCanary) {
			t.Fatalf("edit page: %d\n%s", res.StatusCode, res.body)
		}
	}
	// A session without a key sees that the summary exists, and saving keeps it.
	res = e.get(keyless, page)
	if res.StatusCode != 200 || strings.Contains(res.body, adviceCanary) || !strings.Contains(res.body, "samenvatting die u niet kunt openen") ||
		!strings.Contains(res.body, `name="keep_summary" value="1"`) {
		t.Fatalf("keyless edit page: %d\n%s", res.StatusCode, res.body)
	}
	answered := today.Format("2006-01-02")
	res = e.post(keyless, page, url.Values{"received_on": {received.Format("2006-01-02")}, "topic": {"policy"}, "requester": {"manager"},
		"answered_on": {answered}, "keep_summary": {"1"}})
	wantRedirect(t, res, "/helmond/advice?done=saved")
	if res := e.get(coord, page); !strings.Contains(res.body, adviceCanary) || !strings.Contains(res.body, `value="`+answered+`"`) {
		t.Fatalf("after a keyless save the summary or the answer is lost\n%s", res.body)
	}
	// Bad input on edit keeps what was typed and changes nothing.
	res = e.post(coord, page, url.Values{"received_on": {received.Format("2006-01-02")}, "topic": {""}, "requester": {"manager"},
		"summary": {"gewijzigd " + adviceCanary}})
	wantRefused(t, res, http.StatusBadRequest, "Kies een onderwerp.")
	if !strings.Contains(res.body, "gewijzigd "+adviceCanary) {
		t.Error("the refused edit lost the typed summary")
	}
	if a, _ := e.store.AdviceRequest(ctx, org.ID, id); a.Topic != "policy" || a.AnsweredOn == nil {
		t.Fatalf("a refused edit changed the request: %+v", a)
	}

	// More requests, of another year too, and one in another organisation.
	for _, r := range []struct {
		daysAgo  int
		topic    string
		answered bool
	}{{400, "gifts", true}, {20, "gifts", true}, {10, "conduct", false}} {
		a := &domain.AdviceRequest{ReceivedOn: today.AddDate(0, 0, -r.daysAgo), Topic: domain.AdviceTopic(r.topic), Requester: "employee"}
		if r.answered {
			a.AnsweredOn = &a.ReceivedOn
		}
		if err := e.store.CreateAdviceRequest(ctx, store.CLI, org.ID, a); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.store.CreateAdviceRequest(ctx, store.CLI, other.ID, &domain.AdviceRequest{ReceivedOn: today, Topic: "gifts"}); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{
		"":                                  "(4 in deze lijst)",
		"?topic=gifts":                      "(2 in deze lijst)",
		"?state=open":                       "(1 in deze lijst)",
		"?state=answered&topic=gifts":       "(2 in deze lijst)",
		"?year=" + fmt.Sprint(today.Year()): fmt.Sprintf("(%d in deze lijst)", recThisYear(today, 3, 400, 20, 10)),
		"?topic=nonsense&sort=topic":        "(4 in deze lijst)",
	} {
		if res := e.get(coord, "/helmond/advice"+q); res.StatusCode != 200 || !strings.Contains(res.body, want) {
			t.Errorf("list %s: %d, want %q", q, res.StatusCode, want)
		}
	}
	// The counts table: this year's row.
	c, err := e.store.AdviceCounts(ctx, org.ID, today.Year())
	if err != nil || c.Total != recThisYear(today, 3, 400, 20, 10) {
		t.Fatalf("counts = %+v, %v", c, err)
	}
	if res := e.get(coord, "/helmond/advice"); !strings.Contains(res.body, "Adviesvragen per jaar van ontvangst en per onderwerp") ||
		!strings.Contains(res.body, fmt.Sprintf(`<th class="utrecht-table__header-cell" scope="row">%d</th>`, today.AddDate(0, 0, -400).Year())) {
		t.Errorf("no counts table with both years\n%s", res.body)
	}

	// Exports carry the page's filters and never the summary.
	res = e.get(coord, "/helmond/advice?topic=gifts&format=csv")
	rows, err := recCSV(res.body)
	if err != nil || res.StatusCode != 200 || len(rows) != 3 || rows[0][1] != "Onderwerp" || rows[1][1] != "Geschenken en uitnodigingen" {
		t.Fatalf("csv: %d %v %v\n%s", res.StatusCode, rows, err, res.body)
	}
	res = e.get(coord, "/helmond/advice?format=xlsx")
	f, err := excelize.OpenReader(bytes.NewReader([]byte(res.body)))
	if err != nil {
		t.Fatal(err)
	}
	sheet := f.GetSheetName(0)
	xrows, _ := f.GetRows(sheet)
	if len(xrows) != 5 || sheet != "Adviesvragen" || strings.Contains(res.body, adviceCanary) {
		t.Fatalf("xlsx %q: %v", sheet, xrows)
	}
	for _, r := range xrows {
		if strings.Contains(strings.Join(r, " "), adviceCanary) {
			t.Fatal("the export carries the summary")
		}
	}

	// Role separation: HR may not; another organisation's coordinator finds nothing.
	if res := e.get(hr, "/helmond/advice"); res.StatusCode != http.StatusForbidden {
		t.Errorf("hr: %d", res.StatusCode)
	}
	if res := e.get(elsewhere, fmt.Sprintf("/huizen/advice/%d", id)); res.StatusCode != http.StatusNotFound {
		t.Errorf("another organisation's request: %d", res.StatusCode)
	}
	if res := e.post(elsewhere, fmt.Sprintf("/huizen/advice/%d/delete", id), nil); res.StatusCode != http.StatusNotFound {
		t.Errorf("delete from another organisation: %d", res.StatusCode)
	}

	// The summary never reached the database in the clear.
	for _, c := range copiesOf(t, e, dsn) {
		if bytes.Contains(c.content, []byte(adviceCanary)) {
			t.Errorf("%s holds the summary in the clear", c.name)
		}
	}

	// Delete.
	wantRedirect(t, e.post(coord, page+"/delete", nil), "/helmond/advice?done=deleted")
	if res := e.get(coord, page); res.StatusCode != http.StatusNotFound {
		t.Fatalf("deleted request: %d", res.StatusCode)
	}
	assertAudited(t, e, org.ID, "advice.create", "advice.update", "advice.delete", "advice.read_summary", "advice.export")
}

func adviceCount(t *testing.T, e *env, orgID int64) int {
	t.Helper()
	list, err := e.store.AdviceRequests(context.Background(), orgID, store.AdviceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

func latestAdvice(t *testing.T, e *env, orgID int64) int64 {
	t.Helper()
	var id int64
	if err := e.store.DB().QueryRow(`SELECT MAX(id) FROM advice_requests WHERE org_id = $1`, orgID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// recThisYear counts the days, given as days ago, that fall in now's year.
func recThisYear(now time.Time, daysAgo ...int) int {
	n := 0
	for _, d := range daysAgo {
		if now.AddDate(0, 0, -d).Year() == now.Year() {
			n++
		}
	}
	return n
}

func recCSV(body string) ([][]string, error) {
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff")))
	r.Comma = ';'
	return r.ReadAll()
}

func recAmsterdam(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestAdvicePagesInEnglish(t *testing.T) {
	e := newEnv(t, "")
	org := e.org("helmond")
	coord := e.session(e.user(org, "coord", domain.RoleCoordinator), domain.StateFull)
	if err := e.store.CreateAdviceRequest(context.Background(), store.CLI, org.ID,
		&domain.AdviceRequest{ReceivedOn: time.Now(), Topic: "resources", Requester: "office_holder"}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/helmond/advice", "/helmond/advice/new", fmt.Sprintf("/helmond/advice/%d", latestAdvice(t, e, org.ID))} {
		res := e.do(request{path: p, header: map[string]string{"Cookie": "integer_lang=en; integer_session=" + coord}})
		if res.StatusCode != 200 || strings.Contains(res.body, "[advice.") || !strings.Contains(res.body, `lang="en"`) {
			t.Errorf("%s: %d\n%s", p, res.StatusCode, res.body)
		}
	}
}
