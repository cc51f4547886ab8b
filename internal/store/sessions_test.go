package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

var timeouts = store.SessionTimeouts{Idle: 30 * time.Minute, Absolute: 8 * time.Hour}

func TestSessions(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		clk := newClock(s)
		org := mustOrg(t, s, "helmond")
		u := mustUser(t, s, org, "coord", domain.RoleCoordinator)

		pending, err := s.CreateSession(ctx, []byte("token-1"), u, domain.StateSecondFactor, timeouts)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.AdvanceSession(ctx, []byte("token-1"), []byte("token-2"), domain.StateFull); err != nil {
			t.Fatal(err)
		}
		_, err = s.SessionByToken(ctx, []byte("token-1"), timeouts.Idle)
		wantCode(t, err, domain.EUNAUTHORIZED) // the pre-2FA token is dead
		got, err := s.SessionByToken(ctx, []byte("token-2"), timeouts.Idle)
		if err != nil || got.State != domain.StateFull || got.ID != pending.ID || got.UserID != u.ID {
			t.Fatalf("session = %+v, %v", got, err)
		}

		clk.Add(29 * time.Minute) // within the idle timeout; marks it used
		if _, err := s.SessionByToken(ctx, []byte("token-2"), timeouts.Idle); err != nil {
			t.Fatalf("active session expired: %v", err)
		}
		clk.Add(31 * time.Minute) // idle too long
		_, err = s.SessionByToken(ctx, []byte("token-2"), timeouts.Idle)
		wantCode(t, err, domain.EUNAUTHORIZED)
	})
}

func TestSessionAbsoluteTimeoutAndLogoutEverywhere(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		clk := newClock(s)
		org := mustOrg(t, s, "helmond")
		u := mustUser(t, s, org, "coord", domain.RoleCoordinator)
		for _, tok := range []string{"a", "b", "c"} {
			if _, err := s.CreateSession(ctx, []byte(tok), u, domain.StateFull, timeouts); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.EndOtherSessions(ctx, store.UserActor(u, "x"), u.ID, []byte("a")); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.CountSessions(ctx, u.ID); n != 1 {
			t.Fatalf("sessions after logout elsewhere = %d, want 1", n)
		}
		for i := 0; i < 17; i++ { // keep it active, past the absolute end
			clk.Add(29 * time.Minute)
			s.SessionByToken(ctx, []byte("a"), timeouts.Idle)
		}
		_, err := s.SessionByToken(ctx, []byte("a"), timeouts.Idle)
		wantCode(t, err, domain.EUNAUTHORIZED)

		if _, err := s.CreateSession(ctx, []byte("d"), u, domain.StateFull, timeouts); err != nil {
			t.Fatal(err)
		}
		if err := s.SetPassword(ctx, store.CLI, org.ID, u.ID, "$argon2id$new"); err != nil {
			t.Fatal(err)
		}
		_, err = s.SessionByToken(ctx, []byte("d"), timeouts.Idle)
		wantCode(t, err, domain.EUNAUTHORIZED) // a new password ends every session
	})
}

// TestLoginFailures: failed logins per account grow while they come less
// than the window apart, start again after a quiet window, are forgotten
// after a success, and are per account.
func TestLoginFailures(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		clk := newClock(s)
		const window = 15 * time.Minute
		for i := 1; i <= 3; i++ {
			if n, err := s.LoginFailed(ctx, "1:acct", window); err != nil || n != i {
				t.Fatalf("failure %d counted as %d: %v", i, n, err)
			}
			clk.Add(10 * time.Minute) // less than the window apart: they add up
		}
		if n, _ := s.LoginFailures(ctx, "1:acct", window); n != 3 {
			t.Errorf("failures = %d, want 3", n)
		}
		if n, _ := s.LoginFailures(ctx, "1:other", window); n != 0 {
			t.Errorf("another account has %d failures", n)
		}
		clk.Add(6 * time.Minute) // a quiet window
		if n, _ := s.LoginFailures(ctx, "1:acct", window); n != 0 {
			t.Errorf("failures after a quiet window = %d", n)
		}
		if n, _ := s.LoginFailed(ctx, "1:acct", window); n != 1 {
			t.Errorf("first failure after a quiet window counted as %d", n)
		}
		if err := s.LoginSucceeded(ctx, "1:acct"); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.LoginFailures(ctx, "1:acct", window); n != 0 {
			t.Errorf("failures after a success = %d", n)
		}
		s.LoginFailed(ctx, "1:acct", window)
		clk.Add(25 * time.Hour)
		if err := s.DeleteStaleLoginFailures(ctx, 24*time.Hour); err != nil {
			t.Fatal(err)
		}
		var rows int
		s.DB().QueryRow(`SELECT COUNT(*) FROM login_failures`).Scan(&rows)
		if rows != 0 {
			t.Errorf("%d stale rows left", rows)
		}
	})
}

// TestDefect_SessionIdleRefresh: with session_idle = 1m, a user who clicks
// every 25 s (or with any pause up to nine tenths of the idle time) stays
// logged in until the absolute limit; a longer pause ends the session; and a
// burst of clicks does not write on every request.
func TestDefect_SessionIdleRefresh(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		clk := newClock(s)
		org := mustOrg(t, s, "helmond")
		u := mustUser(t, s, org, "coord", domain.RoleCoordinator)
		short := store.SessionTimeouts{Idle: time.Minute, Absolute: 20 * time.Minute}
		if _, err := s.CreateSession(ctx, []byte("t"), u, domain.StateFull, short); err != nil {
			t.Fatal(err)
		}
		var elapsed time.Duration
		click := func(after time.Duration) error {
			clk.Add(after)
			elapsed += after
			_, err := s.SessionByToken(ctx, []byte("t"), short.Idle)
			return err
		}
		for elapsed < 10*time.Minute {
			if err := click(25 * time.Second); err != nil {
				t.Fatalf("clicking every 25 s: logged out at %v: %v", elapsed, err)
			}
		}
		for _, pause := range []time.Duration{54 * time.Second, time.Second, 54 * time.Second, 29 * time.Second, 31 * time.Second, 54 * time.Second} {
			if err := click(pause); err != nil {
				t.Fatalf("pause of %v at %v: logged out: %v", pause, elapsed, err)
			}
		}
		first, _ := s.SessionByToken(ctx, []byte("t"), short.Idle)
		clk.Add(time.Second)
		second, err := s.SessionByToken(ctx, []byte("t"), short.Idle)
		if err != nil || !second.LastSeenAt.Equal(first.LastSeenAt) {
			t.Errorf("a click a second after the last one wrote last_seen_at (%v, then %v, %v)", first.LastSeenAt, second.LastSeenAt, err)
		}
		for elapsed < short.Absolute-time.Minute {
			if err := click(50 * time.Second); err != nil {
				t.Fatalf("clicking every 50 s: logged out at %v: %v", elapsed, err)
			}
		}
		for elapsed < short.Absolute+time.Minute {
			click(10 * time.Second)
		}
		wantCode(t, click(time.Second), domain.EUNAUTHORIZED) // the absolute limit holds

		if _, err := s.CreateSession(ctx, []byte("u"), u, domain.StateFull, short); err != nil {
			t.Fatal(err)
		}
		clk.Add(61 * time.Second)
		_, err = s.SessionByToken(ctx, []byte("u"), short.Idle)
		wantCode(t, err, domain.EUNAUTHORIZED) // idle for longer than session_idle
	})
}
