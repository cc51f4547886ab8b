package meldpunt

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/seal"
	"github.com/integer-nl/integer/internal/store"
)

// newTestService returns the use cases on a fresh SQLite store, with an
// organisation whose channel "officials" has a handler with a key.
func newTestService(t *testing.T) (*Service, *store.Store, *domain.Organisation) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "integer.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	org := &domain.Organisation{Slug: "oss", Name: "Gemeente Oss"}
	if err := st.CreateOrganisation(ctx, store.CLI, org); err != nil {
		t.Fatal(err)
	}
	u := &domain.User{OrgID: org.ID, Username: "coord", PasswordHash: "$argon2id$test", Roles: []domain.Role{domain.RoleCoordinator}}
	if err := st.CreateUser(ctx, store.CLI, u); err != nil {
		t.Fatal(err)
	}
	_, public, err := seal.NewIdentity()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetUserKey(ctx, store.CLI, &store.UserKey{UserID: u.ID, Public: public, WrappedPrivate: []byte("x"), Salt: []byte("s")}); err != nil {
		t.Fatal(err)
	}
	ch, err := st.ChannelByCode(ctx, org.ID, "officials")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SetChannelHandlers(ctx, store.CLI, org.ID, ch.ID, []int64{u.ID}); err != nil {
		t.Fatal(err)
	}
	return New(st, Options{Params: auth.TestParams, FormKey: []byte("form key")}), st, org
}

func testReport(channel string) domain.NewReport {
	return domain.NewReport{Channel: channel, Source: "web", Anonymous: true, Content: domain.ReportContent{What: "Declaratiefraude"}}
}

// TestSubmitAndOpenMailbox: a report filed with Submit opens with its code
// (typed with spaces), and only with it; a wrong or malformed code is
// refused as such.
func TestSubmitAndOpenMailbox(t *testing.T) {
	s, _, org := newTestService(t)
	ctx := context.Background()
	sub, err := s.Submit(ctx, Submission{Org: org, By: store.Reporter, Report: testReport("officials"), Code: "1234567812345678"})
	if err != nil {
		t.Fatal(err)
	}
	if sub.Code != "1234567812345678" || sub.Report == nil || sub.Report.Number == "" {
		t.Fatalf("submitted = %+v", sub)
	}
	k, mb, err := s.OpenMailbox(ctx, org, "1234 5678 1234 5678")
	if err != nil {
		t.Fatal(err)
	}
	if mb.Report.Number != sub.Report.Number || k.Code != "1234567812345678" {
		t.Errorf("mailbox of %s with code %q; want %s", mb.Report.Number, k.Code, sub.Report.Number)
	}
	for _, typed := range []string{"8765432187654321", "12345"} {
		_, _, err := s.OpenMailbox(ctx, org, typed)
		if !Refused(err) || domain.ErrorCode(err) != domain.EUNAUTHORIZED {
			t.Errorf("code %q: err = %v (refused %v); want a refused EUNAUTHORIZED", typed, err, Refused(err))
		}
	}
}

// TestSubmitChecksChannel: a reporter cannot file in a channel without
// handlers; a handler entering a report needs a source other than the web.
func TestSubmitChecksChannel(t *testing.T) {
	s, st, org := newTestService(t)
	ctx := context.Background()
	_, err := s.Submit(ctx, Submission{Org: org, By: store.Reporter, Report: testReport("mayor")})
	if e := domain.AsError(err); e == nil || e.Field != "context" {
		t.Errorf("channel without handlers: err = %v; want a field error on context", err)
	}
	u, err := st.UserByUsername(ctx, org.ID, "coord")
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Submit(ctx, Submission{Org: org, By: store.UserActor(u, "s"), Report: testReport("mayor")})
	if e := domain.AsError(err); e == nil || e.Field != "source" {
		t.Errorf("staff entry from the web: err = %v; want a field error on source", err)
	}
}

// TestSubmitFormOnce: the same form id files one report; the second time
// answers with the first one's number and no code.
func TestSubmitFormOnce(t *testing.T) {
	s, _, org := newTestService(t)
	ctx := context.Background()
	first, err := s.Submit(ctx, Submission{Org: org, By: store.Reporter, Report: testReport("officials"), FormID: "f1"})
	if err != nil {
		t.Fatal(err)
	}
	again, err := s.Submit(ctx, Submission{Org: org, By: store.Reporter, Report: testReport("officials"), FormID: "f1"})
	if err != nil {
		t.Fatal(err)
	}
	if !again.Repeat || again.RepeatNumber != first.Report.Number || again.Code != "" || again.Report != nil {
		t.Errorf("second submission = %+v; want a repeat of %s", again, first.Report.Number)
	}
}
