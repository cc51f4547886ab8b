package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
)

var tempPasswordRE = regexp.MustCompile(`<code class="secret">([^<]+)</code>`)

// TestDefect_RecoveryAfterPasswordReset: an administrator resets a
// handler's password; at the next login the handler has a new key pair and
// cannot open an older report (403, by design); the custodian's recovery
// then gives it back, replacing the grant wrapped to the lost key. A second
// recovery, with nothing left to restore, is a warning with its reason,
// never a success.
func TestDefect_RecoveryAfterPasswordReset(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			dsn := ""
			if engine == "postgres" {
				dsn = dbtest.PostgresURL(t)
			}
			e := demoEnv(t, dsn)
			org := e.org("helmond")
			cust := e.session(e.user(org, "bewaarder", domain.RoleCustodian), domain.StateFull)
			admin := e.session(e.user(org, "beheer", domain.RoleAdmin), domain.StateFull)
			res := e.post(cust, "/helmond/custodian/recovery-key", nil)
			m := recoveryKeyRE.FindStringSubmatch(res.body)
			if m == nil {
				t.Fatalf("create key: %d", res.StatusCode)
			}
			recoveryKey := m[1]
			coord, coordCookie := e.handlerIn(org, "coord", "officials")
			rep, _ := e.report(org, "officials", "Melding van voor de reset", false, time.Time{})
			base := fmt.Sprintf("/helmond/reports/%d", rep.ID)
			if res := e.get(coordCookie, base); res.StatusCode != http.StatusOK {
				t.Fatalf("before the reset: %d", res.StatusCode)
			}

			// The reset, and the next login with the temporary password.
			res = e.post(admin, fmt.Sprintf("/helmond/admin/users/%d/password", coord.ID), nil)
			pm := tempPasswordRE.FindStringSubmatch(res.body)
			if res.StatusCode != http.StatusOK || pm == nil {
				t.Fatalf("reset: %d", res.StatusCode)
			}
			login := e.login("helmond", "coord", pm[1])
			if login.StatusCode != http.StatusSeeOther {
				t.Fatalf("login after the reset: %d", login.StatusCode)
			}
			coordCookie = login.sessionCookie()
			if loc := login.location(); loc == "/helmond/enrol" || loc == "/helmond/login/code" {
				// The second factor, as loginHandler takes it as given.
				if _, err := e.store.DB().Exec(`UPDATE sessions SET state = $1 WHERE token_hash = $2`,
					string(domain.StateFull), auth.HashToken(coordCookie)); err != nil {
					t.Fatal(err)
				}
			}
			wantRefused(t, e.get(coordCookie, base), http.StatusForbidden, "geen sleutel voor deze melding")

			recover := url.Values{"handler": {fmt.Sprint(coord.ID)}, "recovery_key": {recoveryKey}}
			res = e.post(cust, "/helmond/custodian/recover", recover)
			wantRedirect(t, res, "/helmond/custodian?done=recovered")
			page := e.get(cust, res.location())
			if !strings.Contains(page.body, "1 melding opnieuw toegankelijk gemaakt voor coord") || !strings.Contains(page.body, "utrecht-alert--ok") {
				t.Fatalf("recovery after a reset\n%s", page.body)
			}
			if res := e.get(coordCookie, base); res.StatusCode != http.StatusOK || !strings.Contains(res.body, "Melding van voor de reset") {
				t.Fatalf("the handler after recovery: %d", res.StatusCode)
			}

			// Nothing left to restore: a warning that says why.
			res = e.post(cust, "/helmond/custodian/recover", recover)
			wantRedirect(t, res, "/helmond/custodian?done=recovered")
			page = e.get(cust, res.location())
			if !strings.Contains(page.body, "utrecht-alert--warning") || strings.Contains(page.body, "utrecht-alert--ok") ||
				!strings.Contains(page.body, "Er is niets hersteld voor coord") || !strings.Contains(page.body, "die kan de 1 melding van zijn of haar meldkanalen al openen") {
				t.Fatalf("a recovery that restored nothing\n%s", page.body)
			}
		})
	}
}
