package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
)

func TestActionPlansSQLite(t *testing.T) { testActionPlans(t, newEnv(t, "")) }

func TestActionPlansPostgres(t *testing.T) { testActionPlans(t, newEnv(t, dbtest.PostgresURL(t))) }

// testActionPlans walks the module as its people use it: the controller
// sets up a plan with a line and two actions, one of them past its period;
// the owner (an employee) sees it on the dashboard and reports progress;
// someone else cannot; the quarterly report flags the overdue action.
func testActionPlans(t *testing.T, e *env) {
	ctx := context.Background()
	e.store.Now = func() time.Time { return time.Date(2026, 2, 10, 10, 0, 0, 0, time.UTC) } // Q1 2026
	org := e.org("helmond")
	ctlUser := e.user(org, "ctl", domain.RoleController)
	ctl := e.session(ctlUser, domain.StateFull)
	ownerUser := e.user(org, "anna", domain.RoleEmployee)
	owner := e.session(ownerUser, domain.StateFull)
	other := e.session(e.user(org, "bert", domain.RoleEmployee), domain.StateFull)
	hr := e.session(e.user(org, "pen", domain.RoleHR), domain.StateFull)

	// Bad input: every problem at its field, what was typed kept, nothing stored.
	res := e.post(ctl, "/helmond/plans", url.Values{"title": {"Plan van aanpak integriteit 2025–2026"}, "from_year": {"2026"}, "until_year": {"2025"}})
	text := acText(res)
	if res.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad plan: %d", res.StatusCode)
	}
	for _, want := range []string{"Vul een kenmerk in.", "Het einde ligt vóór het begin.", `value="Plan van aanpak integriteit 2025–2026"`} {
		if !strings.Contains(text, want) {
			t.Errorf("bad plan page lacks %q", want)
		}
	}
	if plans, _ := e.store.Plans(ctx, org.ID); len(plans) != 0 {
		t.Fatalf("refused plan stored")
	}
	res = e.post(ctl, "/helmond/plans", url.Values{"ref": {"PVA-2025"}, "title": {"Plan van aanpak integriteit 2025–2026"}, "from_year": {"2025"}, "until_year": {"2026"}})
	wantRedirect(t, res, "/helmond/plans/")
	planPath := strings.Split(res.location(), "?")[0]
	planID, _ := strconv.ParseInt(planPath[strings.LastIndexByte(planPath, '/')+1:], 10, 64)
	wantRedirect(t, e.post(ctl, planPath+"/lines", url.Values{"line_number": {"1"}, "line_title": {"Bewustwording"}}), planPath+"?done=line_created")
	if res := e.post(ctl, planPath+"/lines", url.Values{"line_number": {"1"}, "line_title": {"Dubbel"}}); res.StatusCode != http.StatusConflict ||
		!strings.Contains(acText(res), "Actielijn 1 bestaat al in dit plan.") {
		t.Errorf("line twice: %d", res.StatusCode)
	}
	plan, err := e.store.Plan(ctx, org.ID, planID)
	if err != nil || len(plan.Lines) != 1 {
		t.Fatalf("plan %+v, %v", plan, err)
	}
	line := strconv.FormatInt(plan.Lines[0].ID, 10)
	owned := strconv.FormatInt(ownerUser.ID, 10)

	// A dropped action needs its reason; the form says so and keeps the input.
	bad := url.Values{"line": {line}, "number": {"1"}, "description": {"Dilemmatraining"}, "kind": {"new"}, "from": {"2025-Q1"},
		"until": {"2025-Q4"}, "owner": {owned}, "status": {"dropped"}}
	if res := e.post(ctl, planPath+"/actions", bad); res.StatusCode != http.StatusBadRequest || !strings.Contains(acText(res), "Vul in waarom de actie vervalt.") {
		t.Errorf("dropped without reason: %d", res.StatusCode)
	}
	bad.Set("status", "running")
	wantRedirect(t, e.post(ctl, planPath+"/actions", bad), planPath+"?done=action_created")
	wantRedirect(t, e.post(ctl, planPath+"/actions", url.Values{"line": {line}, "number": {"2"}, "description": {"Gedragscode herzien"},
		"kind": {"continued"}, "from": {"2026-Q1"}, "until": {"2026-Q2"}, "status": {"planned"}}), planPath+"?done=action_created")
	plan, _ = e.store.Plan(ctx, org.ID, planID)
	late := strconv.FormatInt(plan.Actions[0].ID, 10)

	text = acText(e.get(ctl, planPath))
	for _, want := range []string{"Actielijn 1: Bewustwording", "Dilemmatraining", "K1 2025 – K4 2025", "Loopt <strong>(over tijd)</strong>", "Nog niemand", "Doorlopend",
		"2 acties, waarvan 0 afgerond en 1 over tijd."} {
		if !strings.Contains(text, want) {
			t.Errorf("plan page lacks %q", want)
		}
	}

	// The owner sees their action on the dashboard and at /actions; another
	// employee does not, and cannot open or change it.
	if text = acText(e.get(owner, "/helmond/dashboard")); !strings.Contains(text, "U bent eigenaar van 1 actie uit een plan van aanpak; 1 daarvan is over tijd.") {
		t.Error("the owner's dashboard does not show the action")
	}
	if text = acText(e.get(owner, "/helmond/actions")); !strings.Contains(text, "1. Dilemmatraining") || !strings.Contains(text, "(over tijd)") {
		t.Error("my actions lacks the action")
	}
	if res := e.get(other, "/helmond/actions/"+late); res.StatusCode != http.StatusNotFound {
		t.Errorf("another employee opens the action: %d", res.StatusCode)
	}
	if res := e.post(other, "/helmond/actions/"+late+"/progress", url.Values{"status": {"done"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("another employee reports progress: %d", res.StatusCode)
	}
	if res := e.get(owner, "/helmond/actions/"+late+"/edit"); res.StatusCode != http.StatusForbidden {
		t.Errorf("the owner opens the controller's form: %d", res.StatusCode)
	}
	if res := e.get(hr, planPath); res.StatusCode != http.StatusForbidden {
		t.Errorf("HR opens the plan: %d", res.StatusCode)
	}
	// A note in the future is refused and changes nothing.
	if res := e.post(owner, "/helmond/actions/"+late+"/progress", url.Values{"status": {"done"}, "day": {"2026-03-01"}, "note": {"Te vroeg"}}); res.StatusCode != http.StatusBadRequest ||
		!strings.Contains(acText(res), "De datum mag niet in de toekomst liggen.") {
		t.Errorf("future note: %d", res.StatusCode)
	}
	if a, _ := e.store.PlanAction(ctx, org.ID, plan.Actions[0].ID); a.Status != domain.ActionRunning || len(a.Notes) != 0 {
		t.Errorf("refused progress changed the action: %+v", a)
	}
	wantRedirect(t, e.post(owner, "/helmond/actions/"+late+"/progress", url.Values{"status": {"running"}, "day": {"2026-01-20"},
		"note": {"Vier van de zes teams getraind."}}), "/helmond/actions/"+late+"?done=progress")
	if text = acText(e.get(owner, "/helmond/actions/"+late)); !strings.Contains(text, "20-01-2026</strong>, anna: Vier van de zes teams getraind.") {
		t.Error("the action page lacks the note")
	}

	// The quarterly report: the overdue action flagged, the note of the
	// quarter shown; the XLSX carries the same.
	text = acText(e.get(ctl, planPath+"/progress?quarter=2026-Q1"))
	for _, want := range []string{"Voortgang Plan van aanpak integriteit 2025–2026, K1 2026", "Acties over tijd", "20-01-2026: Vier van de zes teams getraind.",
		"Het plan telt 2 acties; 0 zijn afgerond en 1 zijn over tijd"} {
		if !strings.Contains(text, want) {
			t.Errorf("progress page lacks %q", want)
		}
	}
	// In the report of Q4 2025 the action is overdue as well (its period
	// ended with that quarter) and January's note is not of that quarter.
	text = acText(e.get(ctl, planPath+"/progress?quarter=2025-Q4"))
	if !strings.Contains(text, "1 zijn over tijd") || strings.Contains(text, "Vier van de zes") {
		t.Error("the report of Q4 2025 is wrong")
	}
	if res := e.get(ctl, planPath+"/progress?quarter=2025-Q9"); res.StatusCode != http.StatusBadRequest {
		t.Errorf("bad quarter: %d", res.StatusCode)
	}
	res = e.get(ctl, planPath+"/progress.xlsx?quarter=2026-Q1")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("xlsx: %d %s", res.StatusCode, res.body)
	}
	wb, err := excelize.OpenReader(bytes.NewReader([]byte(res.body)))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := wb.GetRows("Over tijd")
	if err != nil || len(rows) < 3 || rows[2][1] != "Dilemmatraining" || rows[2][5] != "Loopt" {
		t.Errorf("xlsx sheet Over tijd = %v, %v", rows, err)
	}

	// The controller marks it done: no longer overdue.
	wantRedirect(t, e.post(ctl, "/helmond/actions/"+late+"/progress", url.Values{"status": {"done"}}), "/helmond/actions/"+late+"?done=progress")
	if text = acText(e.get(ctl, planPath)); !strings.Contains(text, "2 acties, waarvan 1 afgerond en 0 over tijd.") {
		t.Error("done action still overdue")
	}
	got := acAudit(t, e, org.ID, "plan.")
	for _, want := range []string{"plan.create", "plan.line_create", "plan.action_create", "plan.progress", "plan.progress_download"} {
		if !strings.Contains(strings.Join(got, " "), want) {
			t.Errorf("audit lacks %s: %v", want, got)
		}
	}
}
