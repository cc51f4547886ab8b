package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
)

// TestDefect_OwnCategoriesFreeTextSplits: the organisation's own categories
// were typed per allegation, so "Fraude" and "fraude " became two rows of
// the report. Now the coordinator keeps one list (a near-duplicate is
// refused, nothing stored), an allegation names a category of it and takes
// its national type, a category in use cannot be deleted, and the
// controller chooses whether the annual report shows the national
// typology, the own categories or both.
func TestDefect_OwnCategoriesFreeTextSplits(t *testing.T) {
	e := demoEnv(t, "")
	org := e.org("helmond")
	_, coord := e.handlerIn(org, "coord", "officials")
	ctl := e.session(e.user(org, "controller", domain.RoleController), domain.StateFull)
	received := time.Now().AddDate(0, 0, -3)
	rep, _ := e.report(org, "officials", "Declaraties kloppen niet", false, received)
	base := fmt.Sprintf("/helmond/reports/%d", rep.ID)

	if page := e.get(coord, "/helmond/categories"); page.StatusCode != 200 || !strings.Contains(page.body, "nog geen eigen categorieën") {
		t.Fatalf("empty list: %d\n%s", page.StatusCode, page.body)
	}
	created := e.post(coord, "/helmond/categories", url.Values{"label": {" Fraude en  corruptie"}, "category": {"financial"}})
	wantRedirect(t, created, "/helmond/categories?done=created#category-")
	_, id, _ := strings.Cut(created.location(), "#category-")
	for _, c := range []struct {
		form url.Values
		want string
	}{
		{url.Values{"label": {"fraude EN corruptie "}, "category": {"financial"}}, "Er is al een categorie ‘fraude EN corruptie’"},
		{url.Values{"label": {"  "}, "category": {"financial"}}, "Geef de categorie een naam."},
		{url.Values{"label": {"Diefstal"}, "category": {"theft"}}, "Kies een van de mogelijkheden."},
		{url.Values{"label": {"Diefstal"}, "category": {"misuse_of_resources"}, "position": {"nul"}}, "Geef de volgorde als een geheel getal"},
	} {
		wantRefused(t, e.post(coord, "/helmond/categories", c.form), http.StatusBadRequest, c.want)
	}
	if list, _ := e.store.OwnCategories(t.Context(), org.ID); len(list) != 1 || list[0].Label != "Fraude en corruptie" {
		t.Fatalf("refused categories were stored: %+v", list)
	}

	page := e.get(coord, base)
	if !strings.Contains(page.body, `name="own_category"`) || !strings.Contains(page.body, "Fraude en corruptie (Financiële schendingen)") ||
		strings.Contains(page.body, `name="own_label"`) {
		t.Fatalf("the allegation form does not offer the list:\n%s", page.body)
	}
	wantRefused(t, e.post(coord, base+"/allegations", url.Values{"own_category": {id}, "category": {"other"}}), http.StatusBadRequest,
		"De eigen categorie ‘Fraude en corruptie’ hoort bij een andere soort schending.")
	wantRefused(t, e.post(coord, base+"/allegations", url.Values{"own_category": {"99999"}}), http.StatusBadRequest, "Kies een van de mogelijkheden.")
	wantRefused(t, e.post(coord, base+"/allegations", url.Values{"own_category": {"fraude"}}), http.StatusBadRequest, "Kies een van de mogelijkheden.")
	if n := len(allegationIDs(t, e, rep.ID)); n != 0 {
		t.Fatalf("refused allegations were stored: %d", n)
	}
	wantRedirect(t, e.post(coord, base+"/allegations", url.Values{"own_category": {id}}), base+"?done=allegation")
	wantRedirect(t, e.post(coord, base+"/allegations", url.Values{"own_category": {id}, "category": {"financial"}}), base+"?done=allegation")
	if page := e.get(coord, base); strings.Count(page.body, "Financiële schendingen (Fraude en corruptie)") != 2 {
		t.Errorf("the report page does not name the allegations' own category:\n%s", page.body)
	}
	wantRefused(t, e.post(coord, "/helmond/categories/"+id+"/delete", nil), http.StatusConflict, "‘Fraude en corruptie’ wordt nog gebruikt (aantal vermoedelijke schendingen: 2)")

	year := fmt.Sprint(domain.DateOf(received).Year)
	report := func() string {
		t.Helper()
		res := e.get(ctl, "/helmond/annual-report?year="+year)
		if res.StatusCode != 200 {
			t.Fatalf("annual report: %d", res.StatusCode)
		}
		return res.body
	}
	national, own := "Vermoedelijke schendingen per categorie (landelijke typologie)", "Meldingen per eigen categorie van de organisatie"
	for _, c := range []struct {
		shows                 string
		wantNational, wantOwn bool
	}{{"", true, true}, {"own", false, true}, {"national", true, false}, {"both", true, true}} {
		if c.shows != "" {
			wantRedirect(t, e.post(ctl, "/helmond/annual-report/categories", url.Values{"year": {year}, "shows": {c.shows}}), "/helmond/annual-report?year="+year+"&done=categories")
		}
		body := report()
		if strings.Contains(body, national) != c.wantNational || strings.Contains(body, own) != c.wantOwn {
			t.Errorf("shows %q: national table %v, own table %v", c.shows, strings.Contains(body, national), strings.Contains(body, own))
		}
		if c.wantOwn && !strings.Contains(body, ">Fraude en corruptie") {
			t.Errorf("shows %q: the own table lacks the category", c.shows)
		}
	}
	wantRefused(t, e.post(ctl, "/helmond/annual-report/categories", url.Values{"year": {year}, "shows": {"everything"}}), http.StatusBadRequest, "Kies een van de mogelijkheden.")
	if v, _ := e.store.ReportCategoryShows(t.Context(), org.ID); v != domain.ShowBoth {
		t.Errorf("a refused choice changed it: %q", v)
	}
}
