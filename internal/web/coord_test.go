package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/config"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// After a phone report the coordinator reads the reporter the mailbox's
// full address and the receipt code, or prints them on a slip: a relative
// path ("/helmond/mailbox") cannot be read out over the phone.
func TestDefect_PhoneReportGivesTheFullMailboxAddress(t *testing.T) {
	for _, tc := range []struct {
		name, base string
	}{
		{"base_url set", "https://integriteit.helmond.nl"},
		{"no base_url: the address the coordinator used", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, "", func(c *config.Config) { c.Demo, c.BaseURL = true, tc.base })
			org := e.org("helmond")
			_, coord := e.handlerIn(org, "coord", "officials")
			res := e.post(coord, "/helmond/reports", url.Values{"context": {"officials"}, "source": {"phone"},
				"description": {"Telefonische melding"}, "identity": {"anonymous"}, "reporter_kind": {"employee"}})
			if res.StatusCode != http.StatusCreated {
				t.Fatalf("create: %d\n%s", res.StatusCode, res.body)
			}
			want := tc.base + "/helmond/mailbox"
			if tc.base == "" {
				want = e.ts.URL + "/helmond/mailbox"
			}
			slip := between(res.body, `<section class="print-slip"`, `</section>`)
			for _, w := range []string{want, "Gemeente helmond", `<code class="secret receipt">`, "Ontvangstcode"} {
				if !strings.Contains(slip, w) {
					t.Errorf("the slip for the reporter lacks %q\n%s", w, slip)
				}
			}
			if strings.Contains(res.body, ">/helmond/mailbox<") {
				t.Error("the page still gives the mailbox as a relative path")
			}
		})
	}
}

// between returns the part of s from the first from up to the next to, or "".
func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	j := strings.Index(s[i:], to)
	if j < 0 {
		return s[i:]
	}
	return s[i : i+j+len(to)]
}

// The coordinator's dashboard lists the overdue and nearly-due reports
// themselves, each with its number, channel, what is due and when, and a
// link to it; not only how many there are.
func TestDefect_DashboardListsOverdueAndNearlyDueReports(t *testing.T) {
	e := demoEnv(t, "")
	org := e.org("helmond")
	_, coord := e.handlerIn(org, "coord", "officials")
	now := time.Now()
	late, _ := e.report(org, "officials", "te laat", false, now.AddDate(0, 0, -10))
	soon, _ := e.report(org, "officials", "bijna", false, now.AddDate(0, 0, -5))
	fresh, _ := e.report(org, "officials", "nieuw", false, now)
	res := e.get(coord, "/helmond/dashboard")
	list := between(res.body, `<table class="utrecht-table utrecht-table--html-table deadlines"`, `</table>`)
	if list == "" {
		t.Fatalf("the dashboard has no list of deadlines\n%s", res.body)
	}
	for _, rep := range []struct {
		number string
		id     int64
	}{{late.Number, late.ID}, {soon.Number, soon.ID}} {
		if !strings.Contains(list, `href="/helmond/reports/`+strconv.FormatInt(rep.id, 10)+`">`+rep.number+`</a>`) {
			t.Errorf("the dashboard does not link %s\n%s", rep.number, list)
		}
	}
	for _, w := range []string{"Ontvangstbevestiging", "Te laat", "Verloopt binnenkort", "Ambtenaren en ingehuurd personeel"} {
		if !strings.Contains(list, w) {
			t.Errorf("the dashboard's list lacks %q\n%s", w, list)
		}
	}
	if strings.Contains(list, fresh.Number) {
		t.Error("the dashboard lists a report whose deadline is far off")
	}
	if i, j := strings.Index(list, late.Number), strings.Index(list, soon.Number); i > j {
		t.Error("the overdue report is not listed first")
	}
}

// The report list says what each report is about without opening it: the
// subject the coordinator gave it, the first allegation's category (or
// "nog niet beoordeeld") and who handles it.
func TestDefect_ReportListHasNoSubjectCategoryOrAssignee(t *testing.T) {
	e := demoEnv(t, "")
	org := e.org("helmond")
	coordUser, coord := e.handlerIn(org, "coord", "officials")
	first, _ := e.report(org, "officials", "declaraties", false, time.Now())
	second, _ := e.report(org, "officials", "pesten", false, time.Now())
	base := "/helmond/reports/" + strconv.FormatInt(first.ID, 10)
	wantRedirect(t, e.post(coord, base+"/subject", url.Values{"subject": {"Declaraties buitendienst"}}), base)
	wantRedirect(t, e.post(coord, base+"/allegations", url.Values{"category": {"financial"}}), base)
	wantRedirect(t, e.post(coord, base+"/assignees", url.Values{"assignees": {strconv.FormatInt(coordUser.ID, 10)}}), base)
	res := e.get(coord, "/helmond/reports")
	rowOf := func(number string) string { return between(res.body, number+"</a></th>", "</tr>") }
	for _, want := range []string{"Declaraties buitendienst", "Financiële schendingen", coordUser.DisplayName} {
		if !strings.Contains(rowOf(first.Number), want) {
			t.Errorf("the list's row of %s lacks %q\n%s", first.Number, want, rowOf(first.Number))
		}
	}
	if row := rowOf(second.Number); !strings.Contains(row, "nog niet beoordeeld") || !strings.Contains(row, "niemand") {
		t.Errorf("the row of a report without allegations or assignee\n%s", row)
	}
	// Too long a subject is refused with a message and changes nothing.
	res = e.post(coord, base+"/subject", url.Values{"subject": {strings.Repeat("x", 121)}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, `id="subject-err"`) {
		t.Fatalf("a subject too long: %d", res.StatusCode)
	}
	if res := e.get(coord, "/helmond/reports"); !strings.Contains(res.body, "Declaraties buitendienst") {
		t.Error("a refused subject changed the stored one")
	}
}

// The controller sees the reports' metadata (number, channel, dates,
// state, categories, outcomes, deadlines) and the counts of the other
// registers; never a narrative, a subject, an identity, a gift's recipient
// or an incident's details.
func TestDefect_ControllerGetsMetadataNotNarratives(t *testing.T) {
	e := demoEnv(t, "")
	org := e.org("helmond")
	_, coord := e.handlerIn(org, "coord", "officials")
	rep, _ := e.report(org, "officials", "Geheim verhaal "+canaryWeb, true, time.Now().AddDate(0, 0, -10))
	base := "/helmond/reports/" + strconv.FormatInt(rep.ID, 10)
	wantRedirect(t, e.post(coord, base+"/subject", url.Values{"subject": {"Onderwerp " + canaryWeb}}), base)
	wantRedirect(t, e.post(coord, base+"/allegations", url.Values{"category": {"financial"}}), base)
	ctrl := e.session(e.user(org, "ctrl", domain.RoleController), domain.StateFull)

	res := e.get(ctrl, "/helmond/reports")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("the controller's report list: %d", res.StatusCode)
	}
	for _, want := range []string{rep.Number, "Ambtenaren en ingehuurd personeel", "Financiële schendingen", "Te laat"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("the controller's list lacks %q", want)
		}
	}
	for _, never := range []string{canaryWeb, "Jan Melder", `href="` + base + `"`, "form-mark"} {
		if strings.Contains(res.body, never) {
			t.Errorf("the controller's list shows %q", never)
		}
	}
	if res := e.get(ctrl, base); res.StatusCode == http.StatusOK {
		t.Error("the controller opens a report")
	}
	for _, path := range []string{"/helmond/aggression", "/helmond/gifts"} {
		res := e.get(ctrl, path)
		if res.StatusCode != http.StatusOK || !strings.Contains(res.body, `<h1 class="utrecht-heading-1">`) {
			t.Errorf("%s for the controller: %d", path, res.StatusCode)
		}
		if strings.Contains(res.body, path+"/new") {
			t.Errorf("%s offers the controller a new record", path)
		}
		if res := e.get(ctrl, path+"?format=csv"); !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			t.Errorf("%s exports the records to the controller", path)
		}
	}
	// Still closed to the controller: changing anything.
	if res := e.get(ctrl, "/helmond/reports/new"); res.StatusCode == http.StatusOK {
		t.Error("the controller may enter a report")
	}
}

const canaryWeb = "KANARIE-5d1e"

// The compliance view says what is missing since when in months or years,
// not in days since a start in 1992; HR marks a duty as not applicable or
// settled before the system, with a date, and the list keeps only what can
// still be done. A mark can be taken back; bad input changes nothing.
func TestDefect_ComplianceCountsDaysSinceTheNineties(t *testing.T) {
	e := newEnv(t, "")
	org := e.org("helmond")
	hr := e.session(e.user(org, "petra", domain.RoleHR), domain.StateFull)
	start := time.Date(1992, 12, 14, 12, 0, 0, 0, time.UTC)
	p := &domain.Person{OrgID: org.ID, Ref: "1", Name: "Henk Oud", Employment: "permanent", StartOn: &start}
	if err := e.store.SavePerson(context.Background(), store.CLI, p); err != nil {
		t.Fatal(err)
	}
	rowOf := func() string {
		res := e.get(hr, "/helmond/compliance")
		return between(res.body, "Henk Oud</a></th>", "</tr>")
	}
	row := rowOf()
	years := time.Now().Year() - 1992 - 1
	if time.Now().Month() == 12 && time.Now().Day() >= 14 {
		years++
	}
	if !strings.Contains(row, strconv.Itoa(years)+" jaar") || !strings.Contains(row, "14-12-1992") || strings.Contains(row, "dagen") {
		t.Fatalf("missing since: want %d jaar since 14-12-1992\n%s", years, row)
	}
	marks := "/helmond/people/" + strconv.FormatInt(p.ID, 10) + "/duties"
	if res := e.get(hr, marks); res.StatusCode != http.StatusOK {
		t.Fatalf("the duties page: %d", res.StatusCode)
	}
	// Refused: no date, a date ahead, an unknown mark; nothing changes.
	for _, bad := range []url.Values{
		{"item": {"vog"}, "mark": {"settled_before"}},
		{"item": {"vog"}, "mark": {"settled_before"}, "on": {time.Now().AddDate(0, 1, 0).Format("2006-01-02")}},
		{"item": {"vog"}, "mark": {"forgotten"}, "on": {"2001-03-01"}},
	} {
		if res := e.post(hr, marks, bad); res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "utrecht-form-field-error-message") {
			t.Errorf("%v: %d, want 400 with a message at the field", bad, res.StatusCode)
		}
	}
	if !strings.Contains(rowOf(), "VOG") {
		t.Fatal("a refused mark changed the list")
	}
	wantRedirect(t, e.post(hr, marks, url.Values{"item": {"vog"}, "mark": {"settled_before"}, "on": {"2001-03-01"}}), marks)
	if row := rowOf(); strings.Contains(row, "VOG") || !strings.Contains(row, "Eed of belofte") {
		t.Fatalf("after marking the VOG settled before the system\n%s", row)
	}
	if res := e.get(hr, marks); !strings.Contains(res.body, "01-03-2001") {
		t.Error("the duties page does not show the mark's date")
	}
	for _, it := range []string{"oath", "declaration", "confidentiality", "intro_training"} {
		wantRedirect(t, e.post(hr, marks, url.Values{"item": {it}, "mark": {"not_applicable"}, "on": {"2020-01-01"}}), marks)
	}
	if row := rowOf(); row != "" {
		t.Fatalf("a person with every duty marked is still listed\n%s", row)
	}
	// Taken back: the VOG is missing again.
	wantRedirect(t, e.post(hr, marks, url.Values{"item": {"vog"}, "mark": {""}}), marks)
	if !strings.Contains(rowOf(), "VOG") {
		t.Fatal("taking a mark back does not list the duty again")
	}
}

// Issue 12 point 4: the outcome "referred" asks, in the same form, for the
// body it was referred to; without one (or "other" without a name) nothing
// changes and the message stands at that form's field.
func TestReferredOutcomeNamesTheBodyInTheSameForm(t *testing.T) {
	e := demoEnv(t, "")
	org := e.org("helmond")
	_, coord := e.handlerIn(org, "coord", "officials")
	rep, _ := e.report(org, "officials", "inzage", false, time.Now())
	base := "/helmond/reports/" + strconv.FormatInt(rep.ID, 10)
	wantRedirect(t, e.post(coord, base+"/acknowledge", url.Values{"message": {"Ontvangen."}}), base)
	wantRedirect(t, e.post(coord, base+"/allegations", url.Values{"category": {"information_misuse"}}), base)
	aid := allegationIDs(t, e, rep.ID)[0]
	form := fmt.Sprintf("%s/allegations/%d", base, aid)
	page := e.get(coord, base)
	if !strings.Contains(page.body, fmt.Sprintf(`id="outcome-%d-referred-to"`, aid)) {
		t.Fatal("the outcome form does not ask where the allegation was referred to")
	}
	res := e.post(coord, form, url.Values{"outcome": {"referred"}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, fmt.Sprintf(`id="outcome-%d-referred-to-err"`, aid)) {
		t.Fatalf("referred without a body: %d", res.StatusCode)
	}
	res = e.post(coord, form, url.Values{"outcome": {"referred"}, "referred_to": {"other"}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "Vul de naam van de andere instantie in.") {
		t.Fatalf("referred to another body without its name: %d", res.StatusCode)
	}
	var outcome, referred string
	if err := e.store.DB().QueryRow(`SELECT a.outcome, r.referred_to FROM allegations a JOIN reports r ON r.id = a.report_id WHERE a.id = $1`, aid).Scan(&outcome, &referred); err != nil || outcome != "" || referred != "" {
		t.Fatalf("after the refused outcomes: outcome %q, referred to %q, %v", outcome, referred, err)
	}
	wantRedirect(t, e.post(coord, form, url.Values{"outcome": {"referred"}, "referred_to": {"other"}, "referred_name": {"Ombudsman Metropool"}}), base)
	if page := e.get(coord, base); !strings.Contains(page.body, "Ombudsman Metropool") {
		t.Error("the report page does not name the body it was referred to")
	}
}
