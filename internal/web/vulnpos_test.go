package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

func TestVulnerablePositionsSQLite(t *testing.T) { testVulnerablePositions(t, newEnv(t, "")) }

func TestVulnerablePositionsPostgres(t *testing.T) {
	testVulnerablePositions(t, newEnv(t, dbtest.PostgresURL(t)))
}

func testVulnerablePositions(t *testing.T, e *env) {
	ctx := context.Background()
	org := e.org("helmond")
	ctl := e.session(e.user(org, "ctl", domain.RoleController), domain.StateFull)
	hr := e.session(e.user(org, "pen", domain.RoleHR), domain.StateFull)
	coord := e.session(e.user(org, "coord", domain.RoleCoordinator), domain.StateFull)
	pos := &domain.Position{OrgID: org.ID, Ref: "F-7", Title: "Inkoper", DesignatedFinancial: true}
	if err := e.store.SavePosition(ctx, store.CLI, pos); err != nil {
		t.Fatal(err)
	}
	if err := e.store.SavePeople(ctx, store.CLI, []*domain.Person{{OrgID: org.ID, Ref: "E-9", Name: "Jan Zonder", Employment: domain.EmploymentPermanent, PositionID: pos.ID}}); err != nil {
		t.Fatal(err)
	}

	// Bad input: every problem at its field, what was typed kept, nothing stored.
	res := e.post(ctl, "/helmond/vulnerable-positions", url.Values{"name": {"Inkoop"}, "a_granting": {"very"}, "m_four_eyes": {"1"},
		"next_review": {"31-02-2026"}})
	text := acText(res)
	if res.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad input: %d", res.StatusCode)
	}
	for _, want := range []string{"Vul een nummer in.", "Vul de eigenaar van de maatregel in.", "Vul een datum in als jjjj-mm-dd.", `value="Inkoop"`} {
		if !strings.Contains(text, want) {
			t.Errorf("bad input page lacks %q", want)
		}
	}
	if list, _ := e.store.VulnerablePositions(ctx, org.ID); len(list) != 0 {
		t.Fatalf("refused input stored %d", len(list))
	}

	// A high-risk position with two measures: thin, in the heat map with words.
	v := url.Values{"ref": {"KF-01"}, "name": {"Inkoop en aanbesteden"}, "position": {"1"},
		"a_contracting_out": {"primary"}, "a_paying_out": {"primary"}, "a_confidential": {"secondary"},
		"m_four_eyes": {"1"}, "m_four_eyes_owner": {"Teamleider"}, "m_four_eyes_review": {"2020-01-01"},
		"m_segregation": {"1"}, "m_segregation_owner": {"Controller"},
		"last_review": {"2019-01-01"}, "next_review": {"2020-01-01"}}
	v.Set("position", strconv.FormatInt(pos.ID, 10))
	id := acCreated(t, e.post(ctl, "/helmond/vulnerable-positions", v), "/helmond/vulnerable-positions?done=created")
	if id == 0 {
		t.Fatal("no id")
	}
	for _, who := range []string{ctl, hr} {
		text = acText(e.get(who, "/helmond/vulnerable-positions"))
		for _, want := range []string{"Primaire schakel", "Secundaire schakel", "Niet betrokken", "<strong>Hoog</strong>", "2 / 3",
			"Hoog risico, te weinig maatregelen", "Aangewezen functie: financiële belangen", "De analyse van de functie", "Teamleider"} {
			if !strings.Contains(text, want) {
				t.Errorf("list lacks %q", want)
			}
		}
	}
	// HR sees who lacks VOG and oath; the controller only how many.
	if text = acText(e.get(hr, "/helmond/vulnerable-positions")); !strings.Contains(text, "Jan Zonder") || !strings.Contains(text, "VOG en eed of belofte") {
		t.Error("HR does not see the holder lacking VOG and oath")
	}
	if text = acText(e.get(ctl, "/helmond/vulnerable-positions")); strings.Contains(text, "Jan Zonder") || !strings.Contains(text, "1 medewerker in een kwetsbare functie mist") {
		t.Error("the controller sees a name, or no count")
	}
	// HR reads but does not change; a coordinator does not see it.
	if res := e.post(hr, "/helmond/vulnerable-positions", v); res.StatusCode != http.StatusForbidden {
		t.Errorf("HR create: %d", res.StatusCode)
	}
	if res := e.get(coord, "/helmond/vulnerable-positions"); res.StatusCode != http.StatusForbidden {
		t.Errorf("coordinator list: %d", res.StatusCode)
	}

	// A third measure: no longer thin.
	v.Set("m_rotation", "1")
	v.Set("m_rotation_owner", "P&O")
	wantRedirect(t, e.post(ctl, "/helmond/vulnerable-positions/"+strconv.FormatInt(id, 10), v), "/helmond/vulnerable-positions?done=saved")
	if text = acText(e.get(ctl, "/helmond/vulnerable-positions")); !strings.Contains(text, "Geen functie met een hoog risico heeft te weinig maatregelen.") {
		t.Error("three measures still thin")
	}
	// Delete needs the confirmation.
	if res := e.post(ctl, "/helmond/vulnerable-positions/"+strconv.FormatInt(id, 10)+"/delete", url.Values{}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("delete without confirmation: %d", res.StatusCode)
	}
	wantRedirect(t, e.post(ctl, "/helmond/vulnerable-positions/"+strconv.FormatInt(id, 10)+"/delete", url.Values{"confirm": {"1"}}), "/helmond/vulnerable-positions?done=deleted")
	if got := acAudit(t, e, org.ID, "vulnpos."); len(got) != 3 {
		t.Errorf("audit = %v", got)
	}
}
