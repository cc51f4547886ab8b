package web_test

import (
	"bytes"
	"context"
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

func TestAggressionIncidentsSQLite(t *testing.T) { testAggressionIncidents(t, "") }

func TestAggressionIncidentsPostgres(t *testing.T) {
	testAggressionIncidents(t, dbtest.PostgresURL(t))
}

// testAggressionIncidents records, lists, filters, counts, exports, edits
// and deletes incidents through the pages, as HR.
func testAggressionIncidents(t *testing.T, dsn string) {
	e := newEnv(t, dsn)
	ctx := context.Background()
	org, other := e.org("helmond"), e.org("huizen")
	hr := e.session(e.user(org, "pieter", domain.RoleHR), domain.StateFull)
	coord := e.session(e.user(org, "coord", domain.RoleCoordinator), domain.StateFull)
	elsewhere := e.session(e.user(other, "elders", domain.RoleHR), domain.StateFull)
	today := time.Now().In(recAmsterdam(t))
	thisYear, lastYear := today.Year(), today.Year()-1

	// The form asks for no names and proposes today.
	res := e.get(hr, "/helmond/aggression/new")
	if res.StatusCode != 200 || !strings.Contains(res.body, "Noem in dit formulier geen namen") ||
		!strings.Contains(res.body, `value="`+today.Format("2006-01-02")+`"`) {
		t.Fatalf("new form: %d\n%s", res.StatusCode, res.body)
	}

	// Bad input: a message at each field, what was typed kept, nothing stored.
	res = e.post(hr, "/helmond/aggression", url.Values{"occurred_on": {today.AddDate(0, 0, 2).Format("2006-01-02")}, "kind": {"shouting"},
		"target": {""}, "department": {"Stadswinkel Noord"}, "aftercare_followed_up": {"1"}, "description": {"Klant schreeuwde aan de balie"}})
	if res.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad input: %d", res.StatusCode)
	}
	for _, msg := range []string{"Deze datum ligt in de toekomst.", "Kies de soort incident.", "Kies tegen wie het incident was gericht.",
		"Nazorg kan alleen zijn opgevolgd als zij is aangeboden.", "Stadswinkel Noord", "Klant schreeuwde aan de balie",
		`name="aftercare_followed_up" value="1" checked`} {
		if !strings.Contains(res.body, msg) {
			t.Errorf("bad input page lacks %q", msg)
		}
	}
	if n := aggressionCount(t, e, org.ID, store.AggressionFilter{}); n != 0 {
		t.Fatalf("bad input stored %d incidents", n)
	}

	// A valid incident through the form.
	occurred := today.AddDate(0, 0, -2)
	res = e.post(hr, "/helmond/aggression", url.Values{"occurred_on": {occurred.Format("2006-01-02")}, "kind": {"threat"},
		"target": {"councillor"}, "department": {"Griffie"}, "police_involved": {"1"}, "criminal_complaint": {"1"},
		"aftercare_offered": {"1"}, "description": {"Dreigende berichten na een raadsvergadering"}})
	wantRedirect(t, res, "/helmond/aggression?done=created")
	id := latestAggression(t, e, org.ID)
	got, err := e.store.AggressionIncident(ctx, org.ID, id)
	if err != nil || got.Kind != "threat" || got.Target != "councillor" || !got.PoliceInvolved || !got.CriminalComplaint ||
		!got.AftercareOffered || got.AftercareFollowedUp || got.Department != "Griffie" {
		t.Fatalf("stored = %+v, %v", got, err)
	}

	// Last year 3, this year (with the one above) 5; another organisation 1.
	add := func(orgID int64, on time.Time, kind string, police bool) {
		a := &domain.AggressionIncident{OccurredOn: on, Kind: domain.AggressionKind(kind), Target: "employee", PoliceInvolved: police}
		if err := e.store.CreateAggressionIncident(ctx, store.CLI, orgID, a); err != nil {
			t.Fatal(err)
		}
	}
	thisYearDay := func(n int) time.Time { return time.Date(thisYear, 1, 1+n, 12, 0, 0, 0, time.UTC) }
	lastYearDay := func(n int) time.Time { return time.Date(lastYear, 3, 1+n, 12, 0, 0, 0, time.UTC) }
	occurredYear := occurred.Year()
	for i, k := range []string{"verbal", "verbal", "physical"} {
		add(org.ID, lastYearDay(i), k, i == 0)
	}
	for _, k := range []string{"verbal", "online", "intimidation", "verbal"} {
		add(org.ID, thisYearDay(0), k, false)
	}
	add(other.ID, thisYearDay(0), "verbal", true)
	totalThis, totalLast := 4, 3
	if occurredYear == thisYear {
		totalThis++
	} else {
		totalLast++
	}
	c, err := e.store.AggressionCounts(ctx, org.ID, thisYear)
	if err != nil || c.Total != totalThis || c.Previous != totalLast || c.ByKind["verbal"] != 2 {
		t.Fatalf("counts = %+v, %v", c, err)
	}
	list := e.get(hr, "/helmond/aggression?done=created")
	change := strings.Replace(fmt.Sprintf("%+d", totalThis-totalLast), "+", "&#43;", 1) // as html/template writes it
	if totalThis == totalLast {
		change = "±0"
	}
	for _, want := range []string{"Het incident is geregistreerd.", "Dreigende berichten", "Bedreiging", "Raadslid",
		fmt.Sprintf("%d (%d: %d, %s)", totalThis, lastYear, totalLast, change), fmt.Sprintf("(%d in deze lijst)", totalThis+totalLast)} {
		if want == "Dreigende berichten" {
			if strings.Contains(list.body, want) {
				t.Error("the list shows descriptions")
			}
			continue
		}
		if !strings.Contains(list.body, want) {
			t.Errorf("list lacks %q", want)
		}
	}
	for q, want := range map[string]int{
		"?year=" + fmt.Sprint(lastYear): totalLast,
		"?kind=verbal":                  4,
		"?police=yes":                   2,
		"?police=no&kind=physical":      1,
		"?target=councillor":            1,
		"?kind=bogus&sort=kind":         totalThis + totalLast,
		"?sort=date_asc&year=1999":      totalThis + totalLast, // an implausible year is ignored
	} {
		res := e.get(hr, "/helmond/aggression"+q)
		if res.StatusCode != 200 || !strings.Contains(res.body, fmt.Sprintf("(%d in deze lijst)", want)) {
			t.Errorf("list %s: %d, want %d", q, res.StatusCode, want)
		}
	}

	// Exports carry the page's filters.
	res = e.get(hr, "/helmond/aggression?police=yes&format=csv")
	rows, err := recCSV(res.body)
	if err != nil || len(rows) != 3 || rows[0][4] != "Politie betrokken" {
		t.Fatalf("csv: %v %v\n%s", rows, err, res.body)
	}
	res = e.get(hr, fmt.Sprintf("/helmond/aggression?year=%d&format=xlsx", lastYear))
	f, err := excelize.OpenReader(bytes.NewReader([]byte(res.body)))
	if err != nil {
		t.Fatal(err)
	}
	xrows, _ := f.GetRows(f.GetSheetName(0))
	if len(xrows) != totalLast+1 || f.GetSheetName(0) != fmt.Sprintf("Agressie-incidenten %d", lastYear) {
		t.Errorf("xlsx %q: %v", f.GetSheetName(0), xrows)
	}

	// Edit: the form shows the record; bad input changes nothing.
	page := fmt.Sprintf("/helmond/aggression/%d", id)
	res = e.get(hr, page)
	if res.StatusCode != 200 || !strings.Contains(res.body, "Dreigende berichten na een raadsvergadering") ||
		!strings.Contains(res.body, `name="police_involved" value="1" checked`) {
		t.Fatalf("edit page: %d\n%s", res.StatusCode, res.body)
	}
	res = e.post(hr, page, url.Values{"occurred_on": {"gisteren"}, "kind": {"threat"}, "target": {"councillor"}})
	wantRefused(t, res, http.StatusBadRequest, "Vul een datum in als jjjj-mm-dd.")
	res = e.post(hr, page, url.Values{"occurred_on": {occurred.Format("02-01-2006")}, "kind": {"online"}, "target": {"councillor"},
		"aftercare_offered": {"1"}, "aftercare_followed_up": {"1"}})
	wantRedirect(t, res, "/helmond/aggression?done=saved")
	if got, _ := e.store.AggressionIncident(ctx, org.ID, id); got.Kind != "online" || got.PoliceInvolved || !got.AftercareFollowedUp || got.Description != "" {
		t.Fatalf("updated = %+v", got)
	}

	// Role separation and organisations.
	if res := e.get(coord, "/helmond/aggression"); res.StatusCode != http.StatusForbidden {
		t.Errorf("coordinator: %d", res.StatusCode)
	}
	if res := e.get(elsewhere, fmt.Sprintf("/huizen/aggression/%d", id)); res.StatusCode != http.StatusNotFound {
		t.Errorf("another organisation's incident: %d", res.StatusCode)
	}
	if res := e.post(elsewhere, fmt.Sprintf("/huizen/aggression/%d", id), url.Values{"occurred_on": {occurred.Format("2006-01-02")},
		"kind": {"verbal"}, "target": {"employee"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("update from another organisation: %d", res.StatusCode)
	}
	if res := e.get(elsewhere, "/huizen/aggression"); strings.Contains(res.body, "Griffie") || !strings.Contains(res.body, "(1 in deze lijst)") {
		t.Errorf("another organisation's list shows ours\n%s", res.body)
	}

	// Delete.
	wantRedirect(t, e.post(hr, page+"/delete", nil), "/helmond/aggression?done=deleted")
	if res := e.get(hr, page); res.StatusCode != http.StatusNotFound {
		t.Fatalf("deleted incident: %d", res.StatusCode)
	}
	assertAudited(t, e, org.ID, "aggression.create", "aggression.update", "aggression.delete", "aggression.export")
}

func aggressionCount(t *testing.T, e *env, orgID int64, f store.AggressionFilter) int {
	t.Helper()
	list, err := e.store.AggressionIncidents(context.Background(), orgID, f)
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

func latestAggression(t *testing.T, e *env, orgID int64) int64 {
	t.Helper()
	var id int64
	if err := e.store.DB().QueryRow(`SELECT MAX(id) FROM aggression_incidents WHERE org_id = $1`, orgID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestAggressionPagesInEnglish(t *testing.T) {
	e := newEnv(t, "")
	org := e.org("helmond")
	hr := e.session(e.user(org, "pieter", domain.RoleHR), domain.StateFull)
	if err := e.store.CreateAggressionIncident(context.Background(), store.CLI, org.ID,
		&domain.AggressionIncident{OccurredOn: time.Now(), Kind: "online", Target: "office_holder"}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/helmond/aggression", "/helmond/aggression/new", fmt.Sprintf("/helmond/aggression/%d", latestAggression(t, e, org.ID))} {
		res := e.do(request{path: p, header: map[string]string{"Cookie": "integer_lang=en; integer_session=" + hr}})
		if res.StatusCode != 200 || strings.Contains(res.body, "[aggression.") || !strings.Contains(res.body, `lang="en"`) {
			t.Errorf("%s: %d\n%s", p, res.StatusCode, res.body)
		}
	}
}
