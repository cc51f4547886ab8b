package e2e

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/integer-nl/integer/internal/domain"
)

// TestAdviserOnAPhone is a confidential adviser's work on a phone (375 ×
// 812): a first contact that opens a case, the case filled in with a note,
// a second contact from the case's page; axe-core checks every form of the
// adviser's pages, with and without errors, and the controller's figures.
func TestAdviserOnAPhone(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("testdata/axe.min.js")
	if err != nil {
		t.Fatal(err)
	}
	axeSource := string(src)
	srv := newServer(t)
	srv.newUser(t, "karim", domain.RoleAdviser)
	srv.newUser(t, "ingrid", domain.RoleController)

	a := &handlerTab{newPage(t, srv)}
	p := a.browserPage
	if err := chromedp.Do(p.ctx, chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile)); err != nil {
		t.Fatalf("phone viewport: %v", err)
	}
	a.enrol("karim")
	year := domain.Today(time.Now()).UTCMidnight().Year()
	ref := "VP-" + strconv.Itoa(year) + "-001"

	// The adviser's page: the quick form first, today filled in.
	p.expect(p.open("adviser"), 200, "adviser", "Vertrouwenspersoon")
	if got, want := valueOf(p, "#f-date"), domain.Today(time.Now()).UTCMidnight().Format("2006-01-02"); got != want {
		t.Errorf("the contact's date is %q, want today %q", got, want)
	}
	p.checkAccessibility("adviser page", axeSource)
	checkFits(p, "adviser page")

	// A mistake first: the form comes back with what was typed.
	p.keys("#f-hours", "veel")
	p.expect(pressEnter(p, "main form button[type=submit]"), 400, "adviser/contacts", "Vertrouwenspersoon")
	if errs := fieldErrors(p); len(errs) != 1 || !strings.Contains(errs[0], "f-hours-err") {
		t.Errorf("refused contact: field errors %q", errs)
	}
	if got := valueOf(p, "#f-hours"); got != "veel" {
		t.Errorf("refused contact: hours %q, want what was typed", got)
	}
	p.checkAccessibility("adviser page with an error", axeSource)

	// A first contact of 45 minutes that opens a new case.
	p.clear("#f-hours")
	p.keys("#f-hours", "0,75")
	a.choose("#f-case", "new")
	pressSpace(p, "#f-first_contact")
	resp := pressEnter(p, "main form button[type=submit]")
	path := strings.TrimPrefix(p.location(), p.srv.path(""))
	path, _, _ = strings.Cut(path, "?")
	if !strings.HasPrefix(path, "adviser/cases/") {
		t.Fatalf("after the first contact: at %s (alert %q)", p.location(), p.alert())
	}
	p.expect(resp, 200, path, "Casus "+ref)
	if got := noticeText(p); !strings.Contains(got, "de casus is geopend") {
		t.Errorf("after the first contact: notice %q", got)
	}
	p.checkAccessibility("new case page", axeSource)
	checkFits(p, "case page")

	// What the matter is about, with a note that names nobody.
	pressSpace(p, "#f-issue_kinds-labour_conflict_conduct")
	pressSpace(p, "#f-issue_kinds-bullying")
	pressSpace(p, "#f-relations-manager")
	p.keys("#f-note", "Wil eerst zelf het gesprek aangaan.")
	a.step(path, `form[action$="/`+path+`"]`, "De casus is bijgewerkt.")
	if got := factOf(p, "Soort kwestie"); got != "Pesten, Ongewenst gedrag in verband met een arbeidsconflict" {
		t.Errorf("case: kinds of issue %q", got)
	}
	if got := factOf(p, "In relatie tot"); got != "Leidinggevende" {
		t.Errorf("case: relations %q", got)
	}

	// A second contact, guidance of an hour and a half, from the case's page.
	pressSpace(p, "#f-kind-guidance")
	p.keys("#f-hours", "1,5")
	a.step(path, `form[action$="/contacts"]`, "Het contact is vastgelegd.")
	if got := factOf(p, "Contacten"); got != "2, samen 2,25 uur" {
		t.Errorf("case: contacts %q, want two taking 2,25 hours", got)
	}
	items := eval[[]string](p, `[...document.querySelectorAll('main ul[aria-labelledby=contacts] li')].map(li => li.textContent.trim())`)
	if len(items) != 2 || !strings.Contains(strings.Join(items, " "), "Begeleiding in een (klacht)traject, 1,5 uur") {
		t.Errorf("case lists contacts %q", items)
	}
	if !strings.Contains(mainText(p), "Wil eerst zelf het gesprek aangaan.") {
		t.Error("the case page does not show the adviser's own note")
	}
	p.screenshot("adviser-case-on-a-phone")

	// A refused change of the case keeps what was typed.
	p.keys("#f-closed", "01-01-2999")
	p.expect(pressEnter(p, `form[action$="/`+path+`"] button[type=submit]`), 400, path, "Casus "+ref)
	p.checkAccessibility("case page with an error", axeSource)

	// The other forms and the yearly overview.
	for _, page := range []struct{ path, heading string }{
		{"adviser/cases/new", "Nieuwe casus"},
		{"adviser/cases?state=all", "Mijn casussen"},
		{"adviser/contacts", "Mijn contacten"},
		{"adviser/activities", "Overige activiteiten"},
		{"adviser/year", "Mijn jaaroverzicht " + strconv.Itoa(year)},
	} {
		p.expect(p.open(page.path), 200, strings.Split(page.path, "?")[0], page.heading)
		p.checkAccessibility(page.path, axeSource)
		checkFits(p, page.path)
	}
	p.expect(p.open("adviser/contacts"), 200, "adviser/contacts", "Mijn contacten")
	href := eval[string](p, `document.querySelector('main a[href*="/adviser/contacts/"]').getAttribute('href')`)
	contactPath := strings.TrimPrefix(href, p.srv.path(""))
	p.expect(p.open(contactPath), 200, contactPath, "Contact wijzigen")
	p.checkAccessibility("contact page", axeSource)

	// The controller sees the figures, the small ones hidden.
	c := &handlerTab{newPage(t, srv)}
	c.enrol("ingrid")
	c.expect(c.open("advisers"), 200, "advisers", "Vertrouwenspersonen: cijfers "+strconv.Itoa(year))
	if body := mainText(c.browserPage); strings.Contains(body, ref) || strings.Contains(body, "Wil eerst zelf") || !strings.Contains(body, "< 3") {
		t.Error("the controller's page shows a record, or shows small numbers exactly")
	}
	c.checkAccessibility("controller's figures", axeSource)
}

// checkFits fails when the page's main content is wider than the screen.
// What is inside a table's container may be wider: the container scrolls.
func checkFits(p *browserPage, name string) {
	p.t.Helper()
	if w := eval[int](p, `Math.max(0, Math.ceil(Math.max(...[...document.querySelectorAll('main *')].filter(e => !e.parentElement.closest('.utrecht-table__container')).map(e => e.getBoundingClientRect().right)) - window.innerWidth))`); w > 0 {
		p.t.Errorf("%s: the content is %d px wider than the phone's screen", name, w)
	}
}
