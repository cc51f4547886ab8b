package e2e

import (
	"context"
	"os"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// TestSurveyQuestionnaireOnAPhone: the questionnaire an invited employee
// opens from the e-mail's link, on a 375-px phone, has no WCAG 2.1 A/AA
// violation, fits the screen, is answered without JavaScript, and thanks
// them on a page that has no violation either.
func TestSurveyQuestionnaireOnAPhone(t *testing.T) {
	src, err := os.ReadFile("testdata/axe.min.js")
	if err != nil {
		t.Fatal(err)
	}
	axe := string(src)
	srv := newDemoServer(t)
	ctx := context.Background()
	sv, err := srv.app.Store.SurveyOfYear(ctx, srv.org.ID, domain.Today(srv.app.Store.Now()).Year)
	if err != nil {
		t.Fatal(err)
	}
	tokens, err := srv.app.Store.InviteSurvey(ctx, store.CLI, srv.org.ID, sv.ID,
		[]domain.SurveyInvitee{{Email: "a@voorbeeldstad.example", Group: "Publiekszaken"}, {Email: "b@voorbeeldstad.example", Group: "Publiekszaken"}})
	if err != nil {
		t.Fatal(err)
	}
	for i, js := range []bool{true, false} {
		p := newReporterTab(t, srv, js).browserPage
		if err := chromedp.Do(p.ctx, chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile)); err != nil {
			t.Fatal(err)
		}
		path := "survey/" + tokens[i]
		p.expect(p.open(path), 200, path, sv.Title)
		checkFits(p, "the questionnaire on a phone")
		if js {
			p.checkAccessibility("the questionnaire on a phone", axe)
		}
		p.do("#f-climate_safe-4", "el.checked = true")
		p.expect(p.click("main form button[type=submit]"), 200, "survey-done", "")
		if js {
			p.checkAccessibility("the survey's thanks", axe)
		}
		p.expect(p.open(path), 404, path, "")
	}
}
