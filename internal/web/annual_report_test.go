package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/integer-nl/integer/internal/config"
	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/register"
	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
)

func TestAnnualReportSQLite(t *testing.T) { testAnnualReport(t, "") }

func TestAnnualReportPostgres(t *testing.T) { testAnnualReport(t, dbtest.PostgresURL(t)) }

// testAnnualReport imports the Helmond registers and reads the 2021 report
// as the controller: the page, its downloads (audited) and the texts.
func testAnnualReport(t *testing.T, dsn string) {
	e := newEnv(t, dsn)
	ctx := context.Background()
	org := e.org("helmond")
	names, _ := filepath.Glob("../report/testdata/helmond-2021/*.csv")
	files := map[string][]byte{}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(n)] = b
	}
	if _, err := register.Import(ctx, e.store, store.CLI, org.ID, files); err != nil {
		t.Fatal(err)
	}
	ctl := e.session(e.user(org, "controller", domain.RoleController), domain.StateFull)
	coord := e.session(e.user(org, "coord", domain.RoleCoordinator), domain.StateFull)

	res := e.get(ctl, "/helmond/annual-report?year=2021")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("page: %d\n%s", res.StatusCode, res.body)
	}
	for _, want := range []string{"Jaarverslag integriteit 2021", "css/report.css", `role="img"`, "<desc id=",
		"Misbruik positie en belangenverstrengeling</th><td class=\"utrecht-table__cell utrecht-table__cell--numeric\">3</td>",
		"/helmond/annual-report.pdf?year=2021", "Bijlage: definities van de cijfers"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if res := e.get(coord, "/helmond/annual-report?year=2021"); res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusNotFound {
		t.Errorf("coordinator: %d", res.StatusCode)
	}

	// A bad year or limit: a message at the field, status 400.
	res = e.get(ctl, "/helmond/annual-report?year=12&suppress=x")
	wantRefused(t, res, http.StatusBadRequest, "Kies een jaar tussen 1990 en 2100.")
	if !strings.Contains(res.body, "Vul een getal van 0 tot 100 in.") || !strings.Contains(res.body, `value="12"`) {
		t.Error("the bad input is not kept with its messages")
	}

	// Downloads: the same figures, audited.
	res = e.get(ctl, "/helmond/annual-report.json?year=2021")
	var doc struct {
		Reports struct {
			Total int `json:"total"`
		} `json:"reports"`
		People struct {
			Oaths int `json:"oaths"`
		} `json:"people"`
	}
	if err := json.Unmarshal([]byte(res.body), &doc); err != nil || doc.Reports.Total != 10 || doc.People.Oaths != 114 {
		t.Fatalf("json: %v %+v\n%s", err, doc, res.body)
	}
	res = e.get(ctl, "/helmond/annual-report.xlsx?year=2021")
	x, err := excelize.OpenReader(strings.NewReader(res.body))
	if err != nil {
		t.Fatalf("xlsx: %v", err)
	}
	if len(x.GetSheetList()) < 20 {
		t.Errorf("xlsx sheets: %v", x.GetSheetList())
	}
	x.Close()
	// The PDF needs Chromium: without it (a developer's laptop) the download
	// answers 503 and is not audited; CI has it and requires it.
	wantAudited := 3
	res = e.get(ctl, "/helmond/annual-report.pdf?year=2021&suppress=5")
	if report.NewPDFEngine("").Available() {
		if res.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix([]byte(res.body), []byte("%PDF")) {
			t.Fatalf("pdf: %s", res.Header.Get("Content-Type"))
		}
	} else {
		if dbtest.RequireAll() {
			t.Fatal("the annual report's PDF needs Chromium (Debian: apt-get install chromium) [" + dbtest.EnvRequireAll + "=1]")
		}
		if res.StatusCode != http.StatusServiceUnavailable {
			t.Fatalf("pdf without Chromium: %d, want 503", res.StatusCode)
		}
		t.Log("Chromium not found: the PDF download was checked to answer 503")
		wantAudited = 2
	}
	entries, err := e.store.AuditEntries(ctx, domain.AuditFilter{OrgID: org.ID, Action: "annual_report."})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != wantAudited {
		t.Errorf("%d audited downloads, want %d", len(entries), wantAudited)
	}

	// Texts: too long keeps what was typed and stores nothing.
	long := strings.Repeat("a", store.MaxAnnualReportText+1)
	res = e.post(ctl, "/helmond/annual-report/texts", url.Values{"year": {"2021"}, "foreword": {"Voorwoord van de burgemeester"}, "plans": {long}})
	wantRefused(t, res, http.StatusBadRequest, "Deze tekst is te lang")
	if !strings.Contains(res.body, "Voorwoord van de burgemeester") {
		t.Error("the typed foreword is lost")
	}
	if texts, _ := e.store.AnnualReportTexts(ctx, org.ID, 2021); len(texts) != 0 {
		t.Errorf("stored after bad input: %v", texts)
	}
	res = e.post(ctl, "/helmond/annual-report/texts", url.Values{"year": {"2021"}, "foreword": {"Voorwoord van de burgemeester"}, "plans": {"Dilemmatrainingen in 2022."}})
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.location(), "done=texts") {
		t.Fatalf("save: %d %s", res.StatusCode, res.location())
	}
	res = e.get(ctl, res.location())
	for _, want := range []string{"De teksten van het jaarverslag zijn opgeslagen.", "Dilemmatrainingen in 2022."} {
		if !strings.Contains(res.body, want) {
			t.Errorf("after saving the page lacks %q", want)
		}
	}
	entries, _ = e.store.AuditEntries(ctx, domain.AuditFilter{OrgID: org.ID, Action: "annual_report.text"})
	if len(entries) != 2 {
		t.Errorf("%d audited texts, want 2 (foreword, plans)", len(entries))
	}
}

// TestDefect_AnnualReportNotRegistered: with reports only, the page says
// "niet geregistreerd" for the people register and never "0 keer de eed";
// the controller states "none this year" for it (audited), which prints 0,
// and chooses to leave the gifts out.
func TestDefect_AnnualReportNotRegistered(t *testing.T) {
	e := newEnv(t, "")
	ctx := context.Background()
	org := e.org("meldstad")
	files := map[string][]byte{}
	for _, n := range []string{"reports.csv", "allegations.csv"} {
		b, err := os.ReadFile("../report/testdata/helmond-2021/" + n)
		if err != nil {
			t.Fatal(err)
		}
		files[n] = b
	}
	if _, err := register.Import(ctx, e.store, store.CLI, org.ID, files); err != nil {
		t.Fatal(err)
	}
	ctl := e.session(e.user(org, "controller", domain.RoleController), domain.StateFull)
	res := e.get(ctl, "/meldstad/annual-report?year=2021")
	if !strings.Contains(res.body, "niet geregistreerd") || strings.Contains(res.body, "0 keer de eed") {
		t.Fatalf("the page does not say the people register is not kept:\n%s", res.body)
	}
	res = e.get(ctl, "/meldstad/annual-report.json?year=2021")
	var doc map[string]any
	if err := json.Unmarshal([]byte(res.body), &doc); err != nil || doc["people"] != nil {
		t.Fatalf("json people = %v (%v)", doc["people"], err)
	}

	// A bad register: refused, nothing stored.
	res = e.post(ctl, "/meldstad/annual-report/registers", url.Values{"year": {"2021"}, "register": {"bogus"}, "action": {"none"}})
	wantRefused(t, res, http.StatusBadRequest, "Kies een van de mogelijkheden.")
	res = e.post(ctl, "/meldstad/annual-report/registers", url.Values{"year": {"2021"}, "register": {"people"}, "action": {"none"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("state none: %d\n%s", res.StatusCode, res.body)
	}
	res = e.get(ctl, "/meldstad/annual-report?year=2021")
	if !strings.Contains(res.body, "Nieuwe ambtenaren legden 0 keer de eed of belofte af.") {
		t.Error("after the statement the page does not print 0 oaths")
	}
	res = e.post(ctl, "/meldstad/annual-report/registers", url.Values{"year": {"2021"}, "register": {"gifts"}, "action": {"omit"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("omit: %d", res.StatusCode)
	}
	res = e.get(ctl, "/meldstad/annual-report?year=2021")
	if strings.Contains(res.body, "Geschenken en uitnodigingen: niet geregistreerd.") {
		t.Error("the gifts are still said to be not registered after leaving them out")
	}
	entries, _ := e.store.AuditEntries(ctx, domain.AuditFilter{OrgID: org.ID, Action: "annual_report."})
	var actions []string
	for _, en := range entries {
		actions = append(actions, en.Action)
	}
	if !slices.Contains(actions, "annual_report.none_stated") || !slices.Contains(actions, "annual_report.omit") {
		t.Errorf("not audited: %v", actions)
	}
}

// TestDefect_PDFEngineAbsent: without Chromium the PDF cannot be made
// accessible, so it is not made at all. The download answers 503 with a
// message in the user's language that names the other formats, nothing is
// audited as downloaded, and the other formats still work.
func TestDefect_PDFEngineAbsent(t *testing.T) {
	e := newEnv(t, "", func(c *config.Config) { c.Chromium = filepath.Join(t.TempDir(), "no-chromium") })
	org := e.org("proefstad")
	ctl := e.session(e.user(org, "controller", domain.RoleController), domain.StateFull)
	for _, tc := range []struct{ lang, want string }{
		{"nl", "De PDF kan op deze server niet gemaakt worden"},
		{"en", "This server cannot make the PDF"},
	} {
		res := e.do(request{path: "/proefstad/annual-report.pdf?year=2024", header: map[string]string{"Cookie": "integer_lang=" + tc.lang + "; integer_session=" + ctl}})
		wantRefused(t, res, http.StatusServiceUnavailable, tc.want)
		if res.Header.Get("Content-Type") == "application/pdf" {
			t.Errorf("%s: served as a PDF", tc.lang)
		}
	}
	entries, err := e.store.AuditEntries(context.Background(), domain.AuditFilter{OrgID: org.ID, Action: "annual_report.download"})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		t.Errorf("%d downloads audited, want 0", len(entries))
	}
	if res := e.get(ctl, "/proefstad/annual-report.json?year=2024"); res.StatusCode != http.StatusOK {
		t.Errorf("json without Chromium: %d", res.StatusCode)
	}
}
