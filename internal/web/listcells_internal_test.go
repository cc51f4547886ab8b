package web

import (
	"bytes"
	"html/template"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/i18n"
)

// listCellsTemplate is the report list's template for the cells listCells
// writes, as it stood before them (templates/reports.html at c96d7dd).
var listCellsTemplate = template.Must(template.New("cells").Parse(`<td class="utrecht-table__cell nowrap">{{.Received}}</td>
<td class="utrecht-table__cell">{{.State}}{{with .Dismissed}} <span class="utrecht-status-badge utrecht-status-badge--neutral">{{.}}</span>{{end}}</td>
<td class="utrecht-table__cell">{{.Ack.Due}} <span class="utrecht-status-badge utrecht-status-badge--{{.Ack.Badge}}">{{.Ack.Status}}</span></td>
<td class="utrecht-table__cell">{{.Feedback.Due}} <span class="utrecht-status-badge utrecht-status-badge--{{.Feedback.Badge}}">{{.Feedback.Status}}</span></td>`))

// TestListCellsAsTheTemplate: the report list's last four cells, made in
// Go, are byte for byte what html/template made of them, for every state,
// marking and deadline status in both languages, for every message of the
// catalogue in both languages as a cell's text, and for text with every
// character html/template escapes.
func TestListCellsAsTheTemplate(t *testing.T) {
	s := &Server{cat: i18n.MustLoad()}
	check := func(t *testing.T, text *rowText) {
		t.Helper()
		var want bytes.Buffer
		if err := listCellsTemplate.Execute(&want, text); err != nil {
			t.Fatal(err)
		}
		if got := string(listCells(text)); got != want.String() {
			t.Errorf("listCells differs from the template:\n got %q\nwant %q", got, want.String())
		}
	}
	now := time.Date(2026, 12, 4, 20, 0, 0, 0, time.UTC)
	received := now.AddDate(0, 0, -20)
	acknowledged := now.AddDate(0, 0, -15)
	n := 0
	for _, lang := range []string{"nl", "en"} {
		for _, state := range []domain.ReportState{domain.StateReceived, domain.StateAcknowledged, domain.StateClosed} {
			for _, dismissed := range append([]domain.Dismissal{""}, domain.Dismissals...) {
				for _, ack := range []*time.Time{nil, &acknowledged} {
					for _, at := range []time.Time{received, now.AddDate(0, 0, -3), now.AddDate(0, -4, 0)} {
						r := &domain.Report{ID: 1, Number: "2026-0001", State: state, Dismissed: dismissed, ReceivedAt: at, AcknowledgedAt: ack}
						rows := []reportRow{newReportRow(r, "", now)}
						s.rowTexts(lang, rows)
						check(t, rows[0].Text)
						n++
					}
				}
			}
		}
	}
	for _, lang := range []string{"nl", "en"} {
		for _, key := range s.cat.Keys() {
			msg := s.cat.T(lang, key)
			check(t, &rowText{Received: msg, State: msg, Dismissed: msg,
				Ack: deadlineText{Due: msg, Badge: "danger", Status: msg}, Feedback: deadlineText{Due: msg, Badge: msg, Status: msg}})
			n++
		}
	}
	odd := "<b>\"Tom & Jerry's\"</b> 1+1\x00 é \u2028 \xff"
	check(t, &rowText{Received: odd, State: odd, Dismissed: odd, Ack: deadlineText{Due: odd, Badge: odd, Status: odd},
		Feedback: deadlineText{Due: odd, Badge: odd, Status: odd}})
	if !strings.Contains(string(listCells(&rowText{State: odd})), "&lt;b&gt;&#34;Tom &amp; Jerry&#39;s&#34;&lt;/b&gt; 1&#43;1\uFFFD") {
		t.Errorf("listCells does not escape: %s", listCells(&rowText{State: odd}))
	}
	t.Logf("%d rows compared", n+1)
}
