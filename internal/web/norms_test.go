package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
)

func TestNormsScorecardSQLite(t *testing.T) { testNormsScorecard(t, newEnv(t, "")) }

func TestNormsScorecardPostgres(t *testing.T) {
	testNormsScorecard(t, newEnv(t, dbtest.PostgresURL(t)))
}

// testNormsScorecard: the controller sees the 13 norms, each "not
// recorded" without records; bad evidence is refused at its fields and
// stores nothing; recorded evidence counts from its year on, so the
// comparison with the year before shows the change; the JSON says the
// same; HR may not see it.
func testNormsScorecard(t *testing.T, e *env) {
	ctx := context.Background()
	org := e.org("helmond")
	ctl := e.session(e.user(org, "ctl", domain.RoleController), domain.StateFull)
	hr := e.session(e.user(org, "pen", domain.RoleHR), domain.StateFull)

	text := acText(e.get(ctl, "/helmond/norms?year=2025"))
	if n := strings.Count(text, "Niet vastgelegd"); n < 26 { // 13 norms × two years
		t.Errorf("empty scorecard: %d × Niet vastgelegd, want 26\n%s", n, text)
	}
	for _, want := range []string{"1. Aandacht voor integriteit", "13. Onderzoek naar schendingen", "Stand 2025", "Stand 2024",
		"In 2025: 0 gehaald, 0 deels, 0 niet gehaald, 13 niet vastgelegd."} {
		if !strings.Contains(text, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if strings.Contains(text, "norm-status--not_met") {
		t.Error("a norm without records is shown as not met")
	}

	res := e.post(ctl, "/helmond/norms/records", url.Values{"norm": {"oath"}, "status": {"met"}, "on": {"31-02-2025"}, "document": {"  "}})
	text = acText(res)
	if res.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad input: %d", res.StatusCode)
	}
	for _, want := range []string{"Noem het document dat de stand laat zien.", "Vul een datum in als jjjj-mm-dd."} {
		if !strings.Contains(text, want) {
			t.Errorf("bad input page lacks %q", want)
		}
	}
	if list, _ := e.store.NormRecords(ctx, org.ID); len(list) != 0 {
		t.Fatalf("refused input stored %d", len(list))
	}

	wantRedirect(t, e.post(ctl, "/helmond/norms/records", url.Values{"norm": {"codes_of_conduct"}, "status": {"met"},
		"on": {"2025-03-01"}, "document": {"Raadsbesluit 2025/17"}}), "/helmond/norms?year=2025&done=recorded")
	text = acText(e.get(ctl, "/helmond/norms?year=2025"))
	for _, want := range []string{"Vastgelegd per 01-03-2025: Raadsbesluit 2025/17.", "In 2025: 1 gehaald"} {
		if !strings.Contains(text, want) {
			t.Errorf("after recording, page lacks %q", want)
		}
	}

	body := e.get(ctl, "/helmond/norms.json?year=2025")
	var card struct {
		Year  int `json:"year"`
		Norms []struct {
			Norm, Status, PreviousStatus string
		} `json:"norms"`
	}
	if err := json.Unmarshal([]byte(body.body), &card); err != nil {
		t.Fatal(err)
	}
	if card.Year != 2025 || len(card.Norms) != 13 || card.Norms[1].Norm != "codes_of_conduct" || card.Norms[1].Status != "met" {
		t.Errorf("json = %+v", card)
	}
	var raw struct {
		Norms []map[string]any `json:"norms"`
	}
	_ = json.Unmarshal([]byte(body.body), &raw)
	if raw.Norms[1]["previous_status"] != "not_recorded" {
		t.Errorf("previous year = %v, want not_recorded", raw.Norms[1]["previous_status"])
	}

	if res := e.get(hr, "/helmond/norms"); res.StatusCode != http.StatusForbidden {
		t.Errorf("HR: %d", res.StatusCode)
	}
	list, _ := e.store.NormRecords(ctx, org.ID)
	wantRedirect(t, e.post(ctl, "/helmond/norms/records/"+strconv.FormatInt(list[0].ID, 10)+"/delete", nil), "/helmond/norms?done=deleted")
	if got := acAudit(t, e, org.ID, "norms."); len(got) != 2 {
		t.Errorf("audit = %v", got)
	}
}
