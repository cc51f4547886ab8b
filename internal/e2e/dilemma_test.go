package e2e

import (
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestDilemmaSessionTwoScreens runs a dilemma session as a team meeting
// would: the facilitator's screen at 1280 px, a participant's phone at
// 375 px in another browser context without an account. With JavaScript
// the vote appears on the facilitator's screen by itself; without it, in
// both tabs, after a refresh. Every page of the session has no WCAG 2.1
// A/AA violation.
func TestDilemmaSessionTwoScreens(t *testing.T) {
	src, err := os.ReadFile("testdata/axe.min.js")
	if err != nil {
		t.Fatal(err)
	}
	axe := string(src)
	srv := newDemoServer(t)
	for _, js := range []bool{true, false} {
		name := map[bool]string{true: "with JavaScript", false: "without JavaScript"}[js]
		t.Run(name, func(t *testing.T) {
			// The facilitator: the demo's employee, as a team leader.
			lead := newReporterTab(t, srv, js).browserPage
			lead.expect(lead.open("login"), 200, "login", "")
			lead.fill("username", "employee")
			lead.fill("password", "integer-demo-employee")
			lead.expect(lead.submit(), 200, "dashboard", "")
			lead.expect(lead.open("dilemmas"), 200, "dilemmas", "Dilemmasessies")
			if js {
				lead.checkAccessibility("dilemma sessions", axe)
			}
			lead.fill("title", "Team Burgerzaken "+name)
			lead.submit()
			if !strings.Contains(lead.location(), "/dilemmas/sessions/") {
				t.Fatalf("starting a session led to %s", lead.location())
			}
			screen := strings.TrimPrefix(lead.location(), srv.path(""))
			lead.click(`form[action$="/draw"] button`)
			code := lead.text("strong.dilemma-code")
			title := lead.text("#dilemma")
			if len(code) != 6 || !strings.HasPrefix(title, "Dilemma 1: ") {
				t.Fatalf("the screen shows code %q and %q", code, title)
			}
			if js {
				lead.checkAccessibility("facilitator's screen, voting", axe)
			}

			// The participant on a phone, in another browser context.
			phone := newReporterTab(t, srv, js).browserPage
			if err := chromedp.Do(phone.ctx, chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile)); err != nil {
				t.Fatal(err)
			}
			phone.expect(phone.open("join"), 200, "join", "")
			if js {
				phone.checkAccessibility("join form on a phone", axe)
			}
			phone.fill("code", strings.ToLower(code))
			phone.expect(phone.submit(), 200, "join/"+code, "")
			if got := phone.text("#dilemma"); !strings.HasSuffix(title, got) {
				t.Errorf("the phone shows %q, the screen %q", got, title)
			}
			if js {
				phone.checkAccessibility("the dilemma on a phone", axe)
			}
			checkFits(phone, "the dilemma on a phone")
			phone.do("#f-choice-1", "el.checked = true")
			phone.expect(phone.click(`main form button[type=submit]`), 200, "join/"+code, "")
			if got := phone.text("#voted"); !strings.Contains(got, "Uw stem is geteld") {
				t.Errorf("after voting the phone says %q", got)
			}

			// The vote on the facilitator's screen.
			if js {
				lead.await("the vote on the facilitator's screen", `(document.querySelector('#vote-count') || {}).textContent?.startsWith('1 stem')`)
			} else {
				lead.expect(lead.open(screen), 200, screen, "")
				if got := lead.text("#vote-count"); !strings.HasPrefix(got, "1 stem") {
					t.Errorf("after a refresh the screen counts %q", got)
				}
			}
			lead.click(`form[action$="/step"] button`)
			if got := lead.text("#tally"); !strings.Contains(got, "1") {
				t.Errorf("the tally after the vote: %q", got)
			}
			if got := lead.text("#step"); !strings.Contains(got, "Feiten en kernprobleem") {
				t.Errorf("the first step is %q", got)
			}
			if js {
				lead.checkAccessibility("facilitator's screen, deliberating", axe)
				phone.await("the phone following the screen", `document.body.innerText.includes('het team bespreekt het dilemma')`)
			} else {
				phone.expect(phone.open("join/"+code), 200, "join/"+code, "")
				if !strings.Contains(mainText(phone), "het team bespreekt het dilemma") {
					t.Errorf("after a refresh the phone says %q", mainText(phone))
				}
			}
			lead.click(`form[action$="/close"] button`)
			if got := noticeText(lead); !strings.Contains(got, "met 1 deelnemer") {
				t.Errorf("closing says %q", got)
			}
		})
	}
}
