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

// giftPerson adds a person to the people register, linked to the account
// when u is not nil.
func giftPerson(t *testing.T, e *env, org *domain.Organisation, ref, name string, u *domain.User) *domain.Person {
	t.Helper()
	p := &domain.Person{OrgID: org.ID, Ref: ref, Name: name, Employment: "permanent"}
	if u != nil {
		p.UserID = u.ID
	}
	if err := e.store.SavePerson(context.Background(), store.CLI, p); err != nil {
		t.Fatal(err)
	}
	return p
}

func giftCount(t *testing.T, e *env, orgID int64) int {
	t.Helper()
	list, err := e.store.Gifts(context.Background(), orgID, store.GiftFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(list)
}

func latestGift(t *testing.T, e *env, orgID int64) *domain.Gift {
	t.Helper()
	var id int64
	if err := e.store.DB().QueryRow(`SELECT MAX(id) FROM gifts WHERE org_id = $1`, orgID).Scan(&id); err != nil {
		t.Fatal(err)
	}
	g, err := e.store.Gift(context.Background(), orgID, id)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestGiftsSQLite(t *testing.T) { testGifts(t, "") }

func TestGiftsPostgres(t *testing.T) { testGifts(t, dbtest.PostgresURL(t)) }

// testGifts records, decides, lists, filters, exports, edits and deletes
// gifts through the pages, as HR, with the threshold enforced.
func testGifts(t *testing.T, dsn string) {
	e := newEnv(t, dsn)
	ctx := context.Background()
	org, other := e.org("helmond"), e.org("huizen")
	hrUser := e.user(org, "pieter", domain.RoleHR)
	hr := e.session(hrUser, domain.StateFull)
	coord := e.session(e.user(org, "coord", domain.RoleCoordinator), domain.StateFull)
	employee := e.session(e.user(org, "mdw", domain.RoleEmployee), domain.StateFull)
	elsewhere := e.session(e.user(other, "elders", domain.RoleHR), domain.StateFull)
	ann := giftPerson(t, e, org, "P001", "Ann de Wit", nil)
	bert := giftPerson(t, e, org, "P002", "Bert Claes", nil)
	giftPerson(t, e, other, "X001", "Elders Persoon", nil)
	day := time.Now().In(recAmsterdam(t)).AddDate(0, 0, -5)
	year := day.Year()
	on := day.Format("2006-01-02")
	form := func(person *domain.Person, giver, value, decision string) url.Values {
		return url.Values{"person": {fmt.Sprint(person.ID)}, "giver": {giver}, "offered_on": {on}, "kind": {"gift"},
			"description": {"Kerstpakket met wijn"}, "value": {value}, "decision": {decision}}
	}

	// The form names the threshold and offers the people of the register.
	res := e.get(hr, "/helmond/gifts/new")
	if res.StatusCode != 200 || !strings.Contains(res.body, "De drempel is € 50,00.") || !strings.Contains(res.body, "Ann de Wit (P001)") ||
		strings.Contains(res.body, "Elders Persoon") {
		t.Fatalf("new form: %d\n%s", res.StatusCode, res.body)
	}

	// Bad input: a message at each field, what was typed kept, nothing stored.
	res = e.post(hr, "/helmond/gifts", url.Values{"person": {""}, "giver": {" "}, "offered_on": {day.AddDate(0, 0, 10).Format("2006-01-02")},
		"kind": {"cash"}, "description": {"Twee kaartjes voor de schouwburg"}, "value": {"veertig"}, "decision": {"pending"}})
	if res.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad input: %d", res.StatusCode)
	}
	for _, msg := range []string{"Kies de ontvanger uit het personeelsregister.", "Vul in wie het geschenk of de uitnodiging aanbiedt.",
		"Deze datum ligt in de toekomst.", "Kies geschenk of uitnodiging.", "Vul een bedrag in euro in, zoals 45 of 45,50",
		"Twee kaartjes voor de schouwburg", `value="veertig"`} {
		if !strings.Contains(res.body, msg) {
			t.Errorf("bad input page lacks %q", msg)
		}
	}
	if n := giftCount(t, e, org.ID); n != 0 {
		t.Fatalf("bad input stored %d gifts", n)
	}

	// The threshold through the form: below, at and above, each decision.
	for _, tc := range []struct{ value, decision string }{
		{"49,99", "accepted"}, {"50", "accepted"}, {"50,00", "accepted"}, {"50,01", "accepted"}, {"75", "accepted"},
		{"75", "accepted_with_permission"}, {"75", "declined"}, {"75", "handed_in"}, {"150", "pending"}, {"25", "declined"},
	} {
		before := giftCount(t, e, org.ID)
		res := e.post(hr, "/helmond/gifts", form(ann, "Adviesbureau Noord", tc.value, tc.decision))
		cents, _ := domain.ParseEuro(tc.value)
		if tc.decision == "accepted" && cents > 5000 {
			wantRefused(t, res, http.StatusBadRequest, "De geschatte waarde ligt boven de drempel van € 50,00")
			if !strings.Contains(res.body, `value="`+tc.value+`"`) || !strings.Contains(res.body, `value="accepted" checked`) {
				t.Errorf("%v: the refused form lost what was typed", tc)
			}
			if giftCount(t, e, org.ID) != before {
				t.Fatalf("%v: stored although refused", tc)
			}
			continue
		}
		wantRedirect(t, res, "/helmond/gifts?done=created")
		if g := latestGift(t, e, org.ID); g.ValueCents != cents || string(g.Decision) != tc.decision || g.PersonID != ann.ID ||
			(tc.decision != "pending" && (g.DecidedBy != hrUser.ID || g.DecidedAt == nil)) {
			t.Fatalf("%v: stored %+v", tc, g)
		}
	}
	if n := giftCount(t, e, org.ID); n != 8 {
		t.Fatalf("gifts after the threshold table: %d", n)
	}

	// Bouwbedrijf De Vries gives three times (two spellings), so it shows
	// up often; Cateraar once; another organisation's gifts stay there.
	for i, giver := range []string{"Bouwbedrijf De Vries", "bouwbedrijf de vries", "Bouwbedrijf De Vries", "Cateraar Smakelijk"} {
		p := ann
		if i%2 == 1 {
			p = bert
		}
		wantRedirect(t, e.post(hr, "/helmond/gifts", form(p, giver, []string{"25", "45", "55", "30"}[i], "declined")), "/helmond/gifts?done=created")
	}
	res = e.get(hr, fmt.Sprintf("/helmond/gifts/overview?year=%d", year))
	if res.StatusCode != 200 {
		t.Fatalf("overview: %d", res.StatusCode)
	}
	vries, noord := strings.Index(res.body, ">Bouwbedrijf De Vries<"), strings.Index(res.body, ">Adviesbureau Noord<")
	if vries < 0 || noord < 0 || strings.Count(res.body, "Komt vaak voor</span>") != 2 || !strings.Contains(res.body, "€ 125,00") {
		t.Errorf("overview lacks the frequent givers\n%s", res.body)
	}
	rows, err := recCSV(e.get(hr, fmt.Sprintf("/helmond/gifts/overview?year=%d&format=csv", year)).body)
	if err != nil || len(rows) != 4 || rows[0][0] != "Gever" {
		t.Fatalf("givers csv: %v %v", rows, err)
	}
	wantRows := [][]string{{"Adviesbureau Noord", "8", "549,99", "1", "Ja"}, {"Bouwbedrijf De Vries", "3", "125,00", "2", "Ja"},
		{"Cateraar Smakelijk", "1", "30,00", "1", "Nee"}}
	if fmt.Sprint(rows[1:]) != fmt.Sprint(wantRows) {
		t.Errorf("givers csv = %v\nwant %v", rows[1:], wantRows)
	}

	// The list: filters, sorting, and the exports with the page's filters.
	for q, want := range map[string]int{
		"":                                 12,
		"?decision=declined":               6,
		"?decision=accepted":               3,
		"?giver=de+vries":                  3,
		fmt.Sprintf("?person=%d", bert.ID): 2,
		"?kind=invitation":                 0,
		fmt.Sprintf("?year=%d", year-1):    0,
		"?sort=value&decision=bogus":       12,
	} {
		res := e.get(hr, "/helmond/gifts"+q)
		if res.StatusCode != 200 || !strings.Contains(res.body, fmt.Sprintf("(%d in deze lijst", want)) {
			t.Errorf("list %s: %d, want %d", q, res.StatusCode, want)
		}
	}
	res = e.get(hr, "/helmond/gifts?sort=value")
	if i, j := strings.Index(res.body, "€ 150,00"), strings.Index(res.body, "€ 25,00"); i < 0 || j < i || !strings.Contains(res.body, "Boven drempel") {
		t.Errorf("sorted by value: %d %d", i, j)
	}
	rows, err = recCSV(e.get(hr, "/helmond/gifts?giver=vries&format=csv").body)
	if err != nil || len(rows) != 4 || rows[0][3] != "Gever" || rows[1][8] != "Geweigerd" || rows[1][9] != "pieter" {
		t.Fatalf("csv: %v %v", rows, err)
	}
	res = e.get(hr, fmt.Sprintf("/helmond/gifts?year=%d&decision=accepted&format=xlsx", year))
	x, err := excelize.OpenReader(bytes.NewReader([]byte(res.body)))
	if err != nil {
		t.Fatal(err)
	}
	xrows, _ := x.GetRows(x.GetSheetName(0))
	// The value is a number (shown as € 50,00 by a Dutch spreadsheet).
	value, _ := x.GetCellValue(x.GetSheetName(0), "G2", excelize.Options{RawCellValue: true})
	if len(xrows) != 4 || x.GetSheetName(0) != fmt.Sprintf("Geschenken %d", year) || value != "50" {
		t.Errorf("xlsx %q: %v", x.GetSheetName(0), xrows)
	}

	// Edit: a higher value of an accepted gift is refused at the value;
	// other details change.
	var accepted int64
	for _, g := range mustGifts(t, e, org.ID, store.GiftFilter{Decision: "accepted"}) {
		if g.ValueCents == 5000 {
			accepted = g.ID
		}
	}
	page := fmt.Sprintf("/helmond/gifts/%d", accepted)
	res = e.get(hr, page)
	if res.StatusCode != 200 || !strings.Contains(res.body, "Kerstpakket met wijn") || !strings.Contains(res.body, `value="50"`) ||
		!strings.Contains(res.body, "Besloten door") {
		t.Fatalf("edit page: %d\n%s", res.StatusCode, res.body)
	}
	upd := form(bert, "Adviesbureau Noord B.V.", "60", "")
	delete(upd, "decision")
	res = e.post(hr, page, upd)
	wantRefused(t, res, http.StatusBadRequest, "Deze waarde ligt boven de drempel van € 50,00, maar de registratie staat op ‘aangenomen’.")
	if !strings.Contains(res.body, "Adviesbureau Noord B.V.") {
		t.Error("the refused edit lost what was typed")
	}
	upd.Set("value", "50,00")
	wantRedirect(t, e.post(hr, page, upd), "/helmond/gifts?done=saved")
	if g, _ := e.store.Gift(ctx, org.ID, accepted); g.PersonID != bert.ID || g.Giver != "Adviesbureau Noord B.V." || g.Decision != "accepted" {
		t.Fatalf("updated = %+v", g)
	}

	// Decide: plain accepted above the threshold is refused; the rest is
	// recorded with who and when.
	pending := mustGifts(t, e, org.ID, store.GiftFilter{Decision: "pending"})[0] // € 150,00
	page = fmt.Sprintf("/helmond/gifts/%d", pending.ID)
	res = e.post(hr, page+"/decision", url.Values{"decision": {"accepted"}})
	wantRefused(t, res, http.StatusBadRequest, "De geschatte waarde ligt boven de drempel van € 50,00")
	wantRedirect(t, e.post(hr, page+"/decision", url.Values{"decision": {"handed_in"}}), page+"?done=decided")
	if g, _ := e.store.Gift(ctx, org.ID, pending.ID); g.Decision != "handed_in" || g.DecidedBy != hrUser.ID || g.DecidedAt == nil {
		t.Fatalf("decided = %+v", g)
	}
	if res := e.get(hr, page+"?done=decided"); !strings.Contains(res.body, "De beslissing is vastgelegd.") || !strings.Contains(res.body, "Ingeleverd") {
		t.Errorf("decided page\n%s", res.body)
	}

	// The threshold: bad input refused and kept; a new one applies.
	res = e.post(hr, "/helmond/gifts/threshold", url.Values{"threshold": {"vijftig"}})
	wantRefused(t, res, http.StatusBadRequest, "Vul een bedrag in euro in, zoals 50 of 50,00.")
	if !strings.Contains(res.body, `value="vijftig"`) {
		t.Error("the refused threshold lost what was typed")
	}
	wantRedirect(t, e.post(hr, "/helmond/gifts/threshold", url.Values{"threshold": {"100"}}), "/helmond/gifts?done=threshold")
	if th, _ := e.store.GiftThreshold(ctx, org.ID); th != 10000 {
		t.Fatalf("threshold = %d", th)
	}
	wantRedirect(t, e.post(hr, "/helmond/gifts", form(ann, "Cateraar Smakelijk", "75", "accepted")), "/helmond/gifts?done=created")
	if th, _ := e.store.GiftThreshold(ctx, other.ID); th != 5000 {
		t.Fatalf("the other organisation's threshold = %d", th)
	}

	// Role separation and organisations.
	for _, who := range []string{coord, employee} {
		if res := e.get(who, "/helmond/gifts"); res.StatusCode != http.StatusForbidden {
			t.Errorf("gifts list for a non-HR role: %d", res.StatusCode)
		}
	}
	if res := e.post(employee, page+"/decision", url.Values{"decision": {"declined"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("an employee decides: %d", res.StatusCode)
	}
	if res := e.get(elsewhere, fmt.Sprintf("/huizen/gifts/%d", accepted)); res.StatusCode != http.StatusNotFound {
		t.Errorf("another organisation's gift: %d", res.StatusCode)
	}
	if res := e.post(elsewhere, fmt.Sprintf("/huizen/gifts/%d/decision", accepted), url.Values{"decision": {"declined"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("decide from another organisation: %d", res.StatusCode)
	}
	if res := e.get(elsewhere, "/huizen/gifts"); strings.Contains(res.body, "Vries") || !strings.Contains(res.body, "(0 in deze lijst") {
		t.Errorf("another organisation's list shows ours\n%s", res.body)
	}

	// Delete.
	wantRedirect(t, e.post(hr, page+"/delete", nil), "/helmond/gifts?done=deleted")
	if res := e.get(hr, page); res.StatusCode != http.StatusNotFound {
		t.Fatalf("deleted gift: %d", res.StatusCode)
	}
	assertAudited(t, e, org.ID, "gift.create", "gift.update", "gift.decide", "gift.delete", "gift.export", "gift.export_givers", "gift.threshold")
}

func mustGifts(t *testing.T, e *env, orgID int64, f store.GiftFilter) []*domain.Gift {
	t.Helper()
	list, err := e.store.Gifts(context.Background(), orgID, f)
	if err != nil || len(list) == 0 {
		t.Fatalf("gifts %+v: %v, %v", f, list, err)
	}
	return list
}

// TestMyGifts: two employees each report and see only their own gifts;
// one without a linked person is told to ask HR; nobody decides here.
func TestMyGifts(t *testing.T) {
	e := newEnv(t, "")
	org := e.org("helmond")
	fatimaUser, karelUser := e.user(org, "fatima", domain.RoleEmployee), e.user(org, "karel", domain.RoleEmployee)
	fatima, karel := e.session(fatimaUser, domain.StateFull), e.session(karelUser, domain.StateFull)
	loose := e.session(e.user(org, "los", domain.RoleEmployee), domain.StateFull)
	hr := e.session(e.user(org, "pieter", domain.RoleHR), domain.StateFull)
	pf := giftPerson(t, e, org, "P100", "Fatima Yilmaz", fatimaUser)
	pk := giftPerson(t, e, org, "P200", "Karel Peeters", karelUser)
	on := time.Now().In(recAmsterdam(t)).AddDate(0, 0, -3).Format("2006-01-02")

	res := e.get(fatima, "/helmond/my")
	if res.StatusCode != 200 || !strings.Contains(res.body, "Welkom, Fatima Yilmaz.") || !strings.Contains(res.body, "/helmond/my/outside-activities") ||
		!strings.Contains(res.body, "/helmond/my/gifts/new") {
		t.Fatalf("landing page: %d\n%s", res.StatusCode, res.body)
	}
	for _, p := range []string{"/helmond/my", "/helmond/my/gifts", "/helmond/my/gifts/new"} {
		if res := e.get(loose, p); res.StatusCode != 200 || !strings.Contains(res.body, "Vraag HR om de koppeling.") || strings.Contains(res.body, `name="giver"`) {
			t.Errorf("%s without a linked person: %d\n%s", p, res.StatusCode, res.body)
		}
	}
	res = e.get(fatima, "/helmond/my/gifts/new")
	if res.StatusCode != 200 || !strings.Contains(res.body, "Tot en met € 50,00 mag u een geschenk in de regel aannemen") || strings.Contains(res.body, `name="decision"`) ||
		strings.Contains(res.body, `name="person"`) {
		t.Fatalf("new form: %d\n%s", res.StatusCode, res.body)
	}

	// Bad input: kept, nothing stored.
	res = e.post(fatima, "/helmond/my/gifts", url.Values{"giver": {"Drukkerij Zuid"}, "offered_on": {on}, "kind": {"gift"}, "value": {"12,345"}})
	wantRefused(t, res, http.StatusBadRequest, "Omschrijf wat er is aangeboden.")
	if !strings.Contains(res.body, "Drukkerij Zuid") || !strings.Contains(res.body, `value="12,345"`) || giftCount(t, e, org.ID) != 0 {
		t.Fatalf("bad input\n%s", res.body)
	}

	// A recipient or decision in the form is ignored: for herself, pending.
	res = e.post(fatima, "/helmond/my/gifts", url.Values{"giver": {"Drukkerij Zuid"}, "offered_on": {on}, "kind": {"invitation"},
		"description": {"Uitnodiging voor een diner"}, "value": {"85"}, "person": {fmt.Sprint(pk.ID)}, "decision": {"accepted"}})
	wantRedirect(t, res, "/helmond/my/gifts?done=created")
	mine := latestGift(t, e, org.ID)
	if mine.PersonID != pf.ID || mine.Decision != "pending" || !mine.SelfReported || mine.ValueCents != 8500 {
		t.Fatalf("reported = %+v", mine)
	}
	res = e.post(karel, "/helmond/my/gifts", url.Values{"giver": {"Cateraar Smakelijk"}, "offered_on": {on}, "kind": {"gift"},
		"description": {"Taart"}, "value": {"20"}})
	wantRedirect(t, res, "/helmond/my/gifts?done=created")
	his := latestGift(t, e, org.ID)

	// Each sees only their own.
	res = e.get(fatima, "/helmond/my/gifts?done=created")
	if !strings.Contains(res.body, "Uw melding is ontvangen.") || !strings.Contains(res.body, "Drukkerij Zuid") || strings.Contains(res.body, "Cateraar") ||
		!strings.Contains(res.body, "In behandeling") {
		t.Errorf("Fatima's list\n%s", res.body)
	}
	if res := e.get(karel, "/helmond/my/gifts"); strings.Contains(res.body, "Drukkerij") || !strings.Contains(res.body, "Cateraar Smakelijk") {
		t.Errorf("Karel's list\n%s", res.body)
	}
	if res := e.get(karel, "/helmond/my"); strings.Contains(res.body, "Drukkerij") || !strings.Contains(res.body, "Gemeld: 1, waarvan 1 in behandeling.") {
		t.Errorf("Karel's landing page\n%s", res.body)
	}
	if res := e.get(karel, fmt.Sprintf("/helmond/my/gifts/%d", mine.ID)); res.StatusCode != http.StatusNotFound || strings.Contains(res.body, "Drukkerij") {
		t.Errorf("Fatima's gift for Karel: %d", res.StatusCode)
	}
	if res := e.get(loose, fmt.Sprintf("/helmond/my/gifts/%d", mine.ID)); res.StatusCode != http.StatusNotFound {
		t.Errorf("Fatima's gift for an unlinked account: %d", res.StatusCode)
	}
	if res := e.get(fatima, fmt.Sprintf("/helmond/my/gifts/%d", mine.ID)); res.StatusCode != 200 || !strings.Contains(res.body, "Uitnodiging voor een diner") ||
		!strings.Contains(res.body, "Boven drempel") {
		t.Errorf("Fatima's own gift: %d\n%s", res.StatusCode, res.body)
	}
	if res := e.get(fatima, fmt.Sprintf("/helmond/my/gifts/%d", his.ID)); res.StatusCode != http.StatusNotFound {
		t.Errorf("Karel's gift for Fatima: %d", res.StatusCode)
	}

	// Nobody decides here: the HR routes are closed to employees.
	for _, p := range []string{fmt.Sprintf("/helmond/gifts/%d/decision", mine.ID), fmt.Sprintf("/helmond/gifts/%d", mine.ID)} {
		if res := e.post(fatima, p, url.Values{"decision": {"accepted_with_permission"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("employee posts %s: %d", p, res.StatusCode)
		}
	}
	if res := e.post(loose, "/helmond/my/gifts", url.Values{"giver": {"X"}, "offered_on": {on}, "kind": {"gift"}, "description": {"X"},
		"value": {"5"}}); res.StatusCode != http.StatusConflict || !strings.Contains(res.body, "Vraag HR om de koppeling.") {
		t.Errorf("unlinked report: %d", res.StatusCode)
	}
	if n := giftCount(t, e, org.ID); n != 2 {
		t.Fatalf("gifts = %d", n)
	}

	// HR sees the reports, pending, marked as self-reported.
	if res := e.get(hr, fmt.Sprintf("/helmond/gifts/%d", mine.ID)); !strings.Contains(res.body, "de ontvanger zelf") || !strings.Contains(res.body, "Fatima Yilmaz (P100)") {
		t.Errorf("HR's page of a self-reported gift\n%s", res.body)
	}
	assertAudited(t, e, org.ID, "gift.create")
}

func TestGiftPagesInEnglish(t *testing.T) {
	e := newEnv(t, "")
	org := e.org("helmond")
	hrUser, empUser := e.user(org, "pieter", domain.RoleHR), e.user(org, "fatima", domain.RoleEmployee)
	hr, emp := e.session(hrUser, domain.StateFull), e.session(empUser, domain.StateFull)
	p := giftPerson(t, e, org, "P1", "Fatima", empUser)
	g := &domain.Gift{PersonID: p.ID, OfferedOn: time.Now(), Giver: "Leverancier", Description: "Boek", ValueCents: 2500, Kind: "gift", Decision: "pending"}
	if err := e.store.CreateGift(context.Background(), store.CLI, org.ID, g); err != nil {
		t.Fatal(err)
	}
	for cookie, paths := range map[string][]string{
		hr:  {"/helmond/gifts", "/helmond/gifts/new", "/helmond/gifts/overview", fmt.Sprintf("/helmond/gifts/%d", g.ID)},
		emp: {"/helmond/my", "/helmond/my/gifts", "/helmond/my/gifts/new", fmt.Sprintf("/helmond/my/gifts/%d", g.ID)},
	} {
		for _, path := range paths {
			res := e.do(request{path: path, header: map[string]string{"Cookie": "integer_lang=en; integer_session=" + cookie}})
			if res.StatusCode != 200 || strings.Contains(res.body, "[gift.") || strings.Contains(res.body, "[selfservice.") || !strings.Contains(res.body, `lang="en"`) {
				t.Errorf("%s: %d\n%s", path, res.StatusCode, res.body)
			}
		}
	}
}
