package meldpunt

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/keys"
	"github.com/integer-nl/integer/internal/seal"
	"github.com/integer-nl/integer/internal/store"
	"github.com/integer-nl/integer/internal/throttle"
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

// reporter is the client of the tests' reporter.
var reporter = throttle.Client{1}

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
	k, mb, err := s.OpenMailbox(ctx, org, reporter, "1234 5678 1234 5678")
	if err != nil {
		t.Fatal(err)
	}
	if mb.Report.Number != sub.Report.Number || k.Code != "1234567812345678" {
		t.Errorf("mailbox of %s with code %q; want %s", mb.Report.Number, k.Code, sub.Report.Number)
	}
	for _, typed := range []string{"8765432187654321", "12345"} {
		_, _, err := s.OpenMailbox(ctx, org, reporter, typed)
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

// TestWriteMessageAndAnswerMinutes: the mailbox form's use cases unlock the
// typed code, run the form's checks, and return the mailbox to show again;
// a malformed code is refused before any check, an error the form shows leaves
// the mailbox to show, one it does not show ends the call.
func TestWriteMessageAndAnswerMinutes(t *testing.T) {
	s, _, org := newTestService(t)
	ctx := context.Background()
	if _, err := s.Submit(ctx, Submission{Org: org, By: store.Reporter, Report: testReport("officials"), Code: "1234567812345678"}); err != nil {
		t.Fatal(err)
	}
	checked := 0
	refuse := Checks{Before: func() error { checked++; return errors.New("form refused") }}
	if _, err := s.WriteMessage(ctx, org, reporter, "12345", "Nog iets", nil, refuse); !Refused(err) || checked != 0 {
		t.Errorf("malformed code: err = %v, checked %d times; want refused before the check", err, checked)
	}
	// Whether a well-formed code is known only the store says: the check
	// runs first, then reading the mailbox refuses the code.
	if _, err := s.WriteMessage(ctx, org, reporter, "8765432187654321", "Nog iets", nil, refuse); !Refused(err) || checked != 1 {
		t.Errorf("wrong code: err = %v, checked %d times; want refused after the check", err, checked)
	}
	rp, err := s.WriteMessage(ctx, org, reporter, "1234 5678 1234 5678", "Nog iets", nil, refuse)
	if err != nil || rp.Done || checked != 2 || rp.Mailbox == nil || len(rp.Mailbox.Messages) != 0 {
		t.Fatalf("refused form: %+v, %v (checked %d); want the mailbox without the message", rp, err, checked)
	}
	rp, err = s.WriteMessage(ctx, org, reporter, "1234567812345678", "Nog iets", nil, Checks{})
	if err != nil || !rp.Done || rp.Code != "1234567812345678" || len(rp.Mailbox.Messages) != 1 || rp.Mailbox.Messages[0].Body != "Nog iets" {
		t.Fatalf("written: %+v, %v; want the mailbox with the message", rp, err)
	}
	rep, _, err := s.Message(ctx, org, reporter, "1234567812345678", "En nog iets", nil)
	if err != nil || rep.Number != rp.Mailbox.Report.Number {
		t.Errorf("Message: %v, %v; want report %s", rep, err, rp.Mailbox.Report.Number)
	}
	if _, _, err := s.Message(ctx, org, reporter, "12345", "En nog iets", nil); !Refused(err) {
		t.Errorf("Message with a malformed code: err = %v; want refused", err)
	}

	// No minutes await an answer: ENOTFOUND, shown or not.
	msgID := rp.Mailbox.Messages[0].ID
	var seen error
	shown := Checks{Shown: func(err error) bool { seen = err; return true }}
	rp, err = s.AnswerMinutes(ctx, org, reporter, "1234567812345678", msgID, true, "", shown)
	if err != nil || rp.Done || rp.Mailbox == nil || domain.ErrorCode(seen) != domain.ENOTFOUND {
		t.Errorf("answer shown: %+v, %v (seen %v); want the mailbox and ENOTFOUND seen", rp, err, seen)
	}
	if _, err := s.AnswerMinutes(ctx, org, reporter, "1234567812345678", msgID, true, "", Checks{}); domain.ErrorCode(err) != domain.ENOTFOUND || Refused(err) {
		t.Errorf("answer not shown: err = %v; want ENOTFOUND", err)
	}
	if _, err := s.AnswerMinutes(ctx, org, reporter, "8765432187654321", msgID, true, "", shown); !Refused(err) {
		t.Errorf("answer with a wrong code: err = %v; want refused", err)
	}
}

// TestDefect1_GuessingTakesOnlyItsShareOfTheSlots: a client that got a code
// wrong lately derives within the guessing share of the argon2id slots;
// while guessing holds all of that share, a client that has not failed
// still opens its mailbox at once, and the guesser is told to come back
// (503 with Retry-After) without it counting as a wrong code.
func TestDefect1_GuessingTakesOnlyItsShareOfTheSlots(t *testing.T) {
	_, st, org := newTestService(t)
	slots := keys.NewSlotsShare(2, 50)
	if g, all := slots.Guessing(); g != 1 || all != 2 {
		t.Fatalf("guessing share %d of %d, want 1 of 2", g, all)
	}
	slots.GuessWait = 50 * time.Millisecond
	s := New(st, Options{Params: auth.TestParams, Slots: slots})
	ctx := context.Background()
	if _, err := s.Submit(ctx, Submission{Org: org, By: store.Reporter, Report: testReport("officials"), Code: "1234567812345678"}); err != nil {
		t.Fatal(err)
	}
	guesser := throttle.Client{2}
	if _, _, err := s.OpenMailbox(ctx, org, guesser, "8765432187654321"); !Refused(err) {
		t.Fatalf("wrong code: %v", err)
	}
	held, release, done := make(chan struct{}), make(chan struct{}), make(chan struct{})
	go func() {
		_ = slots.DoGuess(ctx, func() { close(held); <-release })
		close(done)
	}()
	<-held
	_, _, err := s.OpenMailbox(ctx, org, guesser, "1234567812345678")
	if e := domain.AsError(err); e == nil || e.Code != domain.EUNAVAILABLE || e.RetryAfter == 0 {
		t.Errorf("guesser while the share is held: %v", err)
	}
	if _, _, err := s.OpenMailbox(ctx, org, throttle.Client{3}, "1234567812345678"); err != nil {
		t.Errorf("a client that has not failed, while guessing holds its share: %v", err)
	}
	close(release)
	<-done
	for i := range 4 { // the refused attempt did not count: four more wrong codes
		if _, _, err := s.OpenMailbox(ctx, org, guesser, "8765432187654321"); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
			t.Fatalf("wrong code %d: %v", i+2, err)
		}
	}
	if _, _, err := s.OpenMailbox(ctx, org, guesser, "8765432187654321"); domain.ErrorCode(err) != domain.ETHROTTLED {
		t.Errorf("sixth wrong code: %v", err)
	}
}
