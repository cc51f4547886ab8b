package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/domain"
)

// TestDilemmaSessionThroughTheRouter: a team leader starts a session and
// draws a dilemma; a participant joins with the code typed in lower case
// and votes once (a second vote is refused); the facilitator's screen counts
// the vote but shows no option's count until the vote is closed; another
// member of staff cannot open the screen; the close records an activity.
func TestDilemmaSessionThroughTheRouter(t *testing.T) {
	e := newEnv(t, "")
	org := e.org("helmond")
	lead := e.session(e.user(org, "teamleider", domain.RoleEmployee), domain.StateFull)
	colleague := e.session(e.user(org, "collega", domain.RoleEmployee), domain.StateFull)

	if res := e.get(lead, "/helmond/dilemmas"); res.StatusCode != http.StatusOK || !strings.Contains(res.body, "Sessie beginnen") {
		t.Fatalf("dilemmas page: %d", res.StatusCode)
	}
	if res := e.post(lead, "/helmond/dilemmas/sessions", url.Values{"title": {"Team Vergunningen"}, "audience": {"everyone"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("an unknown audience: %d", res.StatusCode)
	}
	res := e.post(lead, "/helmond/dilemmas/sessions", url.Values{"title": {"Team Vergunningen"}, "audience": {"officials"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("start: %d\n%s", res.StatusCode, res.body)
	}
	screen := res.location()
	page := e.get(lead, screen)
	code := regexp.MustCompile(`<strong class="dilemma-code">([A-Z0-9]{6})</strong>`).FindStringSubmatch(page.body)
	if code == nil {
		t.Fatalf("the screen shows no join code\n%s", page.body)
	}
	if res := e.get(colleague, screen); res.StatusCode != http.StatusNotFound {
		t.Errorf("another colleague opens the facilitator's screen: %d", res.StatusCode)
	}
	if res := e.get(colleague, "/helmond/dilemmas"); strings.Contains(res.body, `href="`+screen+`"`) {
		t.Error("another colleague's list links the session they cannot open")
	}
	if res := e.get(lead, "/helmond/dilemmas"); !strings.Contains(res.body, `href="`+screen+`"`) {
		t.Error("the facilitator's list does not link their session")
	}
	if res := e.post(lead, screen+"/draw", url.Values{"dilemma": {"random"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("draw: %d\n%s", res.StatusCode, res.body)
	}

	// The participant, without an account.
	if res := e.post("", "/helmond/join", url.Values{"code": {"ZZZZZZ"}}); res.StatusCode != http.StatusBadRequest ||
		!strings.Contains(res.body, "Er loopt geen sessie met deze code") {
		t.Errorf("a wrong code: %d", res.StatusCode)
	}
	res = e.post("", "/helmond/join", url.Values{"code": {strings.ToLower(code[1][:3]) + "-" + code[1][3:]}})
	if res.StatusCode != http.StatusSeeOther || res.location() != "/helmond/join/"+code[1] {
		t.Fatalf("joining: %d to %q", res.StatusCode, res.location())
	}
	phone := e.get("", res.location())
	var voter string
	for _, c := range phone.Cookies() {
		if c.Name == "integer_dilemma" {
			voter = c.Value
			if !c.HttpOnly || c.Path != "/helmond/join" {
				t.Errorf("the participant's cookie %+v", c)
			}
		}
	}
	if voter == "" || !strings.Contains(phone.body, `name="choice"`) {
		t.Fatalf("the phone page sets no token or offers no vote\n%s", phone.body)
	}
	asPhone := map[string]string{"Cookie": "integer_dilemma=" + voter}
	vote := func(choice string) response {
		return e.do(request{method: "POST", path: "/helmond/join/" + code[1], form: url.Values{"round": {"1"}, "choice": {choice}}, header: asPhone})
	}
	if res := vote(""); res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "Kies een antwoord") {
		t.Errorf("a vote without a choice: %d", res.StatusCode)
	}
	if res := vote("1"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("vote: %d\n%s", res.StatusCode, res.body)
	}
	if res := e.do(request{path: "/helmond/join/" + code[1], header: asPhone}); !strings.Contains(res.body, "Uw stem is geteld") {
		t.Errorf("after voting the phone does not say so\n%s", res.body)
	}
	if res := vote("0"); res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "al gestemd") {
		t.Errorf("a second vote: %d", res.StatusCode)
	}
	page = e.get(lead, screen)
	if !strings.Contains(page.body, "1 stem</strong>") || strings.Contains(page.body, `id="tally"`) {
		t.Errorf("while voting the screen should count 1 vote and hide the options' counts\n%s", page.body)
	}
	var v struct {
		Version int64 `json:"version"`
		Open    bool  `json:"open"`
	}
	if res := e.get("", "/helmond/join/"+code[1]+"/version"); json.Unmarshal([]byte(res.body), &v) != nil || !v.Open || v.Version < 2 {
		t.Errorf("the phone's version: %s", res.body)
	}
	if res := e.post(lead, screen+"/step", url.Values{"step": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("step: %d", res.StatusCode)
	}
	page = e.get(lead, screen)
	if !strings.Contains(page.body, `id="tally"`) || !strings.Contains(page.body, "Feiten en kernprobleem") {
		t.Errorf("after closing the vote the screen shows no tally or first step\n%s", page.body)
	}
	if res := e.post(lead, screen+"/close", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("close: %d", res.StatusCode)
	}
	if res := e.get(lead, screen+"?done=closed"); !strings.Contains(res.body, "met 1 deelnemer") {
		t.Errorf("the closed session does not say it was recorded\n%s", res.body)
	}
	acts, err := e.store.Activities(context.Background(), org.ID, domain.Today(e.store.Now()).Year)
	if err != nil || len(acts) != 1 || acts[0].Kind != domain.ActivityKindDilemmaSession || acts[0].Title != "Team Vergunningen" {
		t.Errorf("activities after the close: %+v %v", acts, err)
	}
	if res := e.get("", "/helmond/join/"+code[1]); !strings.Contains(res.body, "Deze sessie is afgelopen") {
		t.Errorf("the phone after the close\n%s", res.body)
	}
}

// TestOwnDilemmaForm: the coordinator adds an own dilemma; a form with one
// answer comes back with the problem at its field and stores nothing; an
// employee cannot add one.
func TestOwnDilemmaForm(t *testing.T) {
	e := newEnv(t, "")
	org := e.org("helmond")
	coo := e.session(e.user(org, "coo", domain.RoleCoordinator), domain.StateFull)
	emp := e.session(e.user(org, "emp", domain.RoleEmployee), domain.StateFull)
	bad := url.Values{"title": {"Taart"}, "text": {"De aannemer brengt taart."}, "options": {"Aannemen"}, "theme": {"gifts"}, "audience": {"both"}}
	if res := e.post(coo, "/helmond/dilemmas/own", bad); res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, "Geef 2 tot 5 antwoorden") {
		t.Errorf("one answer: %d", res.StatusCode)
	}
	good := url.Values{"title": {"Taart"}, "text": {"De aannemer brengt taart."}, "options": {"Aannemen\r\nWeigeren"}, "theme": {"gifts"}, "audience": {"both"}}
	if res := e.post(emp, "/helmond/dilemmas/own", good); res.StatusCode != http.StatusForbidden {
		t.Errorf("an employee adds a dilemma: %d", res.StatusCode)
	}
	if res := e.post(coo, "/helmond/dilemmas/own", good); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d", res.StatusCode)
	}
	owns, err := e.store.OwnDilemmas(context.Background(), org.ID)
	if err != nil || len(owns) != 1 || owns[0].NL.Options[1] != "Weigeren" {
		t.Fatalf("own dilemmas %+v %v", owns, err)
	}
	if res := e.get(emp, "/helmond/dilemmas"); !strings.Contains(res.body, "Taart") || strings.Contains(res.body, "/dilemmas/own/") {
		t.Error("an employee does not see the own dilemma, or is offered to delete it")
	}
}
