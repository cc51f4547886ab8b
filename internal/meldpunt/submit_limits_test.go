package meldpunt

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
	"github.com/integer-nl/integer/internal/throttle"
)

// limitNotices records the notices Submit gives.
type limitNotices struct{ limits, newReports int }

func (n *limitNotices) NewReport(context.Context, *domain.Organisation, *domain.Report) {
	n.newReports++
}
func (n *limitNotices) ReporterMessage(context.Context, *domain.Organisation, *domain.Report) {}
func (n *limitNotices) SubmissionLimit(context.Context, *domain.Organisation, int) {
	n.limits++
}

// TestDefect5_SubmissionsBoundedPerClientAndOrganisation: one client filed
// 1,480 reports in 27 minutes. A client may file SubmissionsPerHour
// reports an hour and the organisation accepts OrgSubmissionsPerHour from
// all clients together; a refused report stores nothing and says how long
// to wait; past the organisation's limit the coordinators are told once,
// however many are refused; staff entries carry no client and are not
// bounded; the next hour accepts again.
func TestDefect5_SubmissionsBoundedPerClientAndOrganisation(t *testing.T) {
	_, st, org := newTestService(t)
	now := time.Date(2026, 12, 3, 10, 5, 0, 0, time.UTC)
	st.Now = func() time.Time { return now }
	notices := &limitNotices{}
	s := New(st, Options{Params: auth.TestParams, FormKey: []byte("form key"), Notices: notices,
		Limits: Limits{SubmissionsPerHour: 3, OrgSubmissionsPerHour: 5}})
	ctx := context.Background()
	a, b, c, d := throttle.Client{1}, throttle.Client{2}, throttle.Client{3}, throttle.Client{4}
	filed := 0
	file := func(from throttle.Client, wantKey string) {
		t.Helper()
		sub, err := s.Submit(ctx, Submission{Org: org, By: store.Reporter, Report: testReport("officials"), From: from})
		if wantKey == "" {
			if err != nil {
				t.Fatalf("report %d from %v: %v", filed+1, from[0], err)
			}
			filed++
			if want := fmt.Sprintf("-%04d", filed); !strings.HasSuffix(sub.Report.Number, want) {
				t.Errorf("report number %s; want it to end in %s (a refused report must store nothing)", sub.Report.Number, want)
			}
			return
		}
		e := domain.AsError(err)
		if e == nil || e.Code != domain.ETHROTTLED || e.Key != wantKey || e.RetryAfter <= 0 {
			t.Fatalf("report from %v: error %v; want ETHROTTLED %s with a wait", from[0], err, wantKey)
		}
	}
	file(a, "")
	file(a, "")
	file(a, "")
	file(a, "err.submissions_throttled")
	if notices.limits != 0 {
		t.Errorf("a client's limit told the coordinators %d times; it is not the organisation's", notices.limits)
	}
	file(b, "")
	file(b, "")
	for range 20 {
		file(c, "err.org_submissions_throttled")
		file(d, "err.org_submissions_throttled")
	}
	if notices.limits != 1 {
		t.Errorf("coordinators told %d times of the organisation's limit; want once", notices.limits)
	}
	if notices.newReports != filed {
		t.Errorf("%d new-report notices for %d reports", notices.newReports, filed)
	}
	// A handler entering a phone report is not a client of the form.
	staff := testReport("officials")
	staff.Source = domain.SourcePhone
	if _, err := s.Submit(ctx, Submission{Org: org, By: store.CLI, Report: staff}); err != nil {
		t.Fatalf("staff entry past the limit: %v", err)
	}
	filed++
	now = now.Add(time.Hour)
	file(c, "")
	file(d, "")
	file(d, "")
	file(d, "")
	file(b, "")
	file(a, "err.org_submissions_throttled")
	if notices.limits != 2 {
		t.Errorf("coordinators told %d times after two hours at the limit; want twice", notices.limits)
	}
}
