package web_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/register"
	"github.com/integer-nl/integer/internal/store"
)

// TestDefect_AmountsOneFormat: issue 12 point 11. Every page writes an
// amount one way per language: "€ 3.330,00" in Dutch, "€3,330.00" in
// English (the English pages wrote the Dutch "€ 3.330,00").
func TestDefect_AmountsOneFormat(t *testing.T) {
	e := newEnv(t, "")
	org := e.org("helmond")
	hrUser, empUser := e.user(org, "pieter", domain.RoleHR), e.user(org, "fatima", domain.RoleEmployee)
	hr, emp := e.session(hrUser, domain.StateFull), e.session(empUser, domain.StateFull)
	p := giftPerson(t, e, org, "P1", "Fatima", empUser)
	g := &domain.Gift{PersonID: p.ID, OfferedOn: time.Now(), Giver: "Leverancier", Description: "Reis", ValueCents: 333000, Kind: "gift", Decision: "declined"}
	if err := e.store.CreateGift(context.Background(), store.CLI, org.ID, g); err != nil {
		t.Fatal(err)
	}
	pages := map[string][]string{
		hr:  {"/helmond/gifts", "/helmond/gifts/overview", fmt.Sprintf("/helmond/gifts/%d", g.ID)},
		emp: {"/helmond/my", "/helmond/my/gifts", fmt.Sprintf("/helmond/my/gifts/%d", g.ID)},
	}
	for lang, want := range map[string][2]string{"nl": {"€ 3.330,00", "€3,330.00"}, "en": {"€3,330.00", "3.330,00"}} {
		for cookie, paths := range pages {
			for _, path := range paths {
				res := e.do(request{path: path, header: map[string]string{"Cookie": "integer_lang=" + lang + "; integer_session=" + cookie}})
				if res.StatusCode != 200 || !strings.Contains(res.body, want[0]) || strings.Contains(res.body, want[1]) {
					t.Errorf("%s %s: %d, want %q and not %q", lang, path, res.StatusCode, want[0], want[1])
				}
			}
		}
	}
	// The threshold named on the form, in the page's language.
	res := e.do(request{path: "/helmond/gifts/new", header: map[string]string{"Cookie": "integer_lang=en; integer_session=" + hr}})
	if !strings.Contains(res.body, "€50.00") {
		t.Errorf("English gift form does not name the threshold €50.00")
	}
}

// TestDefect_AnnualReportOpensOnEmptyYear: issue 11 defect 8. Without a
// year the report page opened on last year even when all data was of
// another year (the demo: 2025 while everything is 2026); it opens on the
// latest year with records, and the downloads follow it.
func TestDefect_AnnualReportOpensOnEmptyYear(t *testing.T) {
	e := newEnv(t, "")
	org := e.org("meldstad")
	files := map[string][]byte{}
	for _, n := range []string{"reports.csv", "allegations.csv"} {
		b, err := os.ReadFile("../report/testdata/helmond-2021/" + n)
		if err != nil {
			t.Fatal(err)
		}
		files[n] = b
	}
	if _, err := register.Import(context.Background(), e.store, store.CLI, org.ID, files); err != nil {
		t.Fatal(err)
	}
	ctl := e.session(e.user(org, "controller", domain.RoleController), domain.StateFull)
	res := e.get(ctl, "/meldstad/annual-report")
	if res.StatusCode != 200 || !strings.Contains(res.body, "Jaarverslag integriteit 2021") || !strings.Contains(res.body, `value="2021"`) {
		t.Errorf("the page does not open on 2021, the year of the records: %d", res.StatusCode)
	}
	if res := e.get(ctl, "/meldstad/annual-report.json"); !strings.Contains(res.body, `"year": 2021`) {
		t.Errorf("the JSON without a year is not of 2021")
	}
	// An organisation without records opens on last year, as before.
	empty := e.org("leeg")
	ctl2 := e.session(e.user(empty, "controller2", domain.RoleController), domain.StateFull)
	last := domain.ThisYear(e.store.Now()) - 1
	if res := e.get(ctl2, "/leeg/annual-report"); !strings.Contains(res.body, fmt.Sprintf("Jaarverslag integriteit %d", last)) {
		t.Errorf("an empty organisation does not open on last year, %d", last)
	}
}
