package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// A sign-on's state works once, for its organisation, before it expires;
// a provider's subject links to one account.
func TestSSOLoginsAndLinks(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		clk := newClock(s)
		org, other := mustOrg(t, s, "helmond"), mustOrg(t, s, "deurne")
		begin := func(state string) {
			t.Helper()
			l := store.SSOLogin{OrgID: org.ID, Nonce: "n-" + state, Verifier: "v-" + state, Next: "/helmond/gifts", ExpiresAt: clk.now.Add(10 * time.Minute)}
			if err := s.BeginSSOLogin(ctx, []byte(state), l); err != nil {
				t.Fatal(err)
			}
		}
		begin("s1")
		got, err := s.TakeSSOLogin(ctx, org.ID, []byte("s1"))
		if err != nil || got.Nonce != "n-s1" || got.Verifier != "v-s1" || got.Next != "/helmond/gifts" {
			t.Fatalf("take = %+v, %v", got, err)
		}
		_, err = s.TakeSSOLogin(ctx, org.ID, []byte("s1"))
		wantCode(t, err, domain.EUNAUTHORIZED) // used once
		begin("s2")
		_, err = s.TakeSSOLogin(ctx, other.ID, []byte("s2"))
		wantCode(t, err, domain.EUNAUTHORIZED) // another organisation's
		begin("s3")
		clk.Add(11 * time.Minute)
		_, err = s.TakeSSOLogin(ctx, org.ID, []byte("s3"))
		wantCode(t, err, domain.EUNAUTHORIZED) // expired

		u := mustUser(t, s, org, "jan", domain.RoleEmployee)
		if _, err := s.DB().Exec(`UPDATE users SET email = 'Jan@Helmond.example' WHERE id = $1`, u.ID); err != nil {
			t.Fatal(err)
		}
		if byMail, err := s.UserByEmail(ctx, org.ID, "jan@helmond.EXAMPLE"); err != nil || byMail.ID != u.ID {
			t.Fatalf("by e-mail = %+v, %v", byMail, err)
		}
		_, err = s.UserByEmail(ctx, other.ID, "jan@helmond.example")
		wantCode(t, err, domain.ENOTFOUND)
		if err := s.LinkSSO(ctx, store.CLI, org.ID, u.ID, "https://idp.example", "sub-1"); err != nil {
			t.Fatal(err)
		}
		if linked, err := s.UserBySSO(ctx, org.ID, "https://idp.example", "sub-1"); err != nil || linked.ID != u.ID {
			t.Fatalf("by subject = %+v, %v", linked, err)
		}
		_, err = s.UserBySSO(ctx, other.ID, "https://idp.example", "sub-1")
		wantCode(t, err, domain.ENOTFOUND)
		v := mustUser(t, s, org, "piet", domain.RoleEmployee)
		wantCode(t, s.LinkSSO(ctx, store.CLI, org.ID, v.ID, "https://idp.example", "sub-1"), domain.ECONFLICT)
	})
}
