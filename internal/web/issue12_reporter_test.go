package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestDefect_NewHandlerNoKeyMarkerAndBackLink: a handler added to a channel
// after a report came in sees it in the list but cannot open it. The list
// marks it, and the 403 page speaks of the recovery key ("herstelsleutel",
// as everywhere else) and leads back to the list, not to the start page
// (issue 12, point 21).
func TestDefect_NewHandlerNoKeyMarkerAndBackLink(t *testing.T) {
	e := demoEnv(t, "")
	org := e.org("helmond")
	_, first := e.handlerIn(org, "eerste", "officials")
	old, _ := e.report(org, "officials", "Melding van voor de nieuwe behandelaar", false, time.Time{})
	_, second := e.handlerIn(org, "tweede", "officials")
	fresh, _ := e.report(org, "officials", "Melding van daarna", false, time.Time{})

	list := e.get(second, "/helmond/reports")
	rowOf := func(body, number string) string {
		i := strings.Index(body, ">"+number+"<")
		if i < 0 {
			t.Fatalf("the list lacks %s\n%s", number, body)
		}
		end := strings.Index(body[i:], "</tr>")
		return body[i : i+end]
	}
	if row := rowOf(list.body, old.Number); !strings.Contains(row, "Nog geen toegang") {
		t.Errorf("the report the new handler cannot open has no marker: %s", row)
	}
	if row := rowOf(list.body, fresh.Number); strings.Contains(row, "Nog geen toegang") {
		t.Errorf("a report the handler can open is marked: %s", row)
	}
	if !strings.Contains(list.body, "herstelsleutel") {
		t.Error("the list does not say how access is restored")
	}
	if own := e.get(first, "/helmond/reports"); strings.Contains(own.body, "Nog geen toegang") {
		t.Error("the first handler, who holds every key, sees a marker")
	}

	res := e.get(second, fmt.Sprintf("/helmond/reports/%d", old.ID))
	wantRefused(t, res, http.StatusForbidden, "herstelsleutel")
	if strings.Contains(res.body, "organisatiesleutel") {
		t.Error("the 403 page says organisatiesleutel")
	}
	if !strings.Contains(res.body, `href="/helmond/reports"`) || !strings.Contains(res.body, "Terug naar de lijst") {
		t.Errorf("the 403 page does not lead back to the list\n%s", res.body)
	}
}
