package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

func TestRetentionSQLite(t *testing.T) { testRetention(t, newEnv(t, "")) }

func TestRetentionPostgres(t *testing.T) { testRetention(t, newEnv(t, dbtest.PostgresURL(t))) }

// testRetention: the controller sees the terms and the destruction list
// (an old closed report, an activity held six years ago, the onboarding
// record of someone who left eleven years ago; not a whistleblower's
// report of the same age, a recent report, nor someone still employed),
// is refused without a mandate (nothing destroyed), approves the list and
// gets the statement naming each by reference; HR may not see any of it,
// and HR's pages of the person a gift still names keep working.
func testRetention(t *testing.T, e *env) {
	ctx := context.Background()
	org := e.org("helmond")
	ctl := e.session(e.user(org, "ctl", domain.RoleController), domain.StateFull)
	hr := e.session(e.user(org, "pen", domain.RoleHR), domain.StateFull)
	closeAt := func(id int64, closed time.Time, wbk bool) {
		if _, err := e.store.DB().Exec(`UPDATE reports SET state = $1, closed_at = $2, whistleblower = $3 WHERE id = $4`,
			string(domain.StateClosed), closed.UTC(), wbk, id); err != nil {
			t.Fatal(err)
		}
	}
	now := e.store.Now()
	old, _ := e.report(org, "officials", "Oud", false, now.AddDate(-12, 0, 0))
	closeAt(old.ID, now.AddDate(-11, 0, 0), false)
	wbk, _ := e.report(org, "officials", "Klokkenluider", false, now.AddDate(-12, 0, 0))
	closeAt(wbk.ID, now.AddDate(-11, 0, 0), true)
	recent, _ := e.report(org, "officials", "Recent", false, now.AddDate(-2, 0, 0))
	closeAt(recent.ID, now.AddDate(-1, 0, 0), false)
	day := func(years int) *time.Time { d := domain.Day(now.AddDate(years, 0, 0)); return &d }
	activity := &domain.Activity{Date: *day(-6), Title: "Dilemmatraining teamleiders", Kind: "workshop", Audiences: []domain.ActivityAudience{domain.ActivityAudienceManagement}}
	if err := e.store.CreateActivity(ctx, store.CLI, org.ID, activity); err != nil {
		t.Fatal(err)
	}
	leaver := &domain.Person{OrgID: org.ID, Ref: "HR-0417", Name: "Vera Vertrokken", Employment: "permanent", StartOn: day(-14), EndOn: day(-11), VOGOn: day(-14)}
	stayer := &domain.Person{OrgID: org.ID, Ref: "HR-0418", Name: "Bas Blijft", Employment: "permanent", StartOn: day(-14), VOGOn: day(-14)}
	if err := e.store.SavePeople(ctx, store.CLI, []*domain.Person{leaver, stayer}); err != nil {
		t.Fatal(err)
	}
	gift := &domain.Gift{PersonID: leaver.ID, OfferedOn: *day(-12), Giver: "Aannemer BV", Description: "Fles wijn", ValueCents: 2000,
		Kind: "gift", Decision: domain.GiftDecision("accepted")}
	if err := e.store.CreateGift(ctx, store.CLI, org.ID, gift); err != nil {
		t.Fatal(err)
	}
	activityRef := domain.DateOf(activity.Date).String() + " " + activity.Title

	text := acText(e.get(ctl, "/helmond/retention"))
	for _, want := range []string{"Bewaartermijnen", "Blijvend bewaren", old.Number, `value="report:` + strconv.FormatInt(old.ID, 10) + `" checked`,
		activityRef, leaver.Ref, "Indiensttreding van een medewerker", `value="person:` + strconv.FormatInt(leaver.ID, 10) + `" checked`} {
		if !strings.Contains(text, want) {
			t.Errorf("retention page lacks %q", want)
		}
	}
	// The adviser's records keep the adviser's own term, which Integer
	// neither sets nor calls permanent.
	adviserRow := regexp.MustCompile(`Registraties van een vertrouwenspersoon</th>\s*<td[^>]*>([^<]*)</td>`).FindStringSubmatch(text)
	if adviserRow == nil || adviserRow[1] != "Bepaald door de vertrouwenspersoon" {
		t.Errorf("the adviser's records row says %q as its term", adviserRow)
	}
	for _, not := range []string{wbk.Number, recent.Number, stayer.Ref, leaver.Name} {
		if strings.Contains(text, not) {
			t.Errorf("retention page proposes %s", not)
		}
	}

	key := "report:" + strconv.FormatInt(old.ID, 10)
	res := e.post(ctl, "/helmond/retention/destroy", url.Values{"entries": {key}, "authority": {"  "}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(acText(res), "Noem het mandaat waarmee u vernietigt.") {
		t.Fatalf("without a mandate: %d", res.StatusCode)
	}
	res = e.post(ctl, "/helmond/retention/destroy", url.Values{"entries": {key, "report:" + strconv.FormatInt(wbk.ID, 10)}, "authority": {"Mandaat 2026/1"}})
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(acText(res), "staat niet (meer) op de vernietigingslijst") {
		t.Fatalf("with a whistleblower's report: %d", res.StatusCode)
	}
	if e.reportExists(old.ID) != 1 {
		t.Fatal("a refused approval destroyed the report")
	}
	if res := e.post(hr, "/helmond/retention/destroy", url.Values{"entries": {key}, "authority": {"x"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("HR destroy: %d", res.StatusCode)
	}

	keys := []string{key, "activity:" + strconv.FormatInt(activity.ID, 10), "person:" + strconv.FormatInt(leaver.ID, 10)}
	res = e.post(ctl, "/helmond/retention/destroy", url.Values{"entries": keys, "authority": {"Mandaatbesluit archiefbeheer 2026"}})
	wantRedirect(t, res, "/helmond/retention/destructions/")
	text = acText(e.get(ctl, res.location()))
	for _, want := range []string{"Verklaring van vernietiging", "De registraties zijn vernietigd.", old.Number, "Mandaatbesluit archiefbeheer 2026", "Totaal",
		activityRef, leaver.Ref, "Integriteitsactiviteit of training"} {
		if !strings.Contains(text, want) {
			t.Errorf("statement lacks %q", want)
		}
	}
	if e.reportExists(old.ID) != 0 || e.reportExists(wbk.ID) != 1 || e.reportExists(recent.ID) != 1 {
		t.Error("the wrong reports were destroyed")
	}
	if strings.Contains(text, leaver.Name) {
		t.Error("the statement names the person")
	}
	if res := e.get(hr, res.location()); res.StatusCode != http.StatusForbidden {
		t.Errorf("HR statement: %d", res.StatusCode)
	}
	// The gift names the person: the row stays without the onboarding record.
	text = acText(e.get(hr, "/helmond/people/"+strconv.FormatInt(leaver.ID, 10)))
	if !strings.Contains(text, "Het indiensttredingsdossier (VOG, eed of belofte, verklaringen) is op") || !strings.Contains(text, leaver.Ref) {
		t.Errorf("the kept person's page: %s", text)
	}
	if text := acText(e.get(hr, "/helmond/gifts?year="+strconv.Itoa(domain.DateOf(gift.OfferedOn).Year))); !strings.Contains(text, leaver.Name) {
		t.Errorf("the gifts register lost the person: %s", text)
	}
	if got := acAudit(t, e, org.ID, "retention."); len(got) != 1 {
		t.Errorf("audit = %v", got)
	}
	_ = ctx
}

func (e *env) reportExists(id int64) int {
	e.t.Helper()
	var n int
	if err := e.store.DB().QueryRow(`SELECT COUNT(*) FROM reports WHERE id = $1`, id).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}
