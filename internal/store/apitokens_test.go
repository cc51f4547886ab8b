package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// A token works for its organisation and scopes until it expires or is
// revoked, and every use is audited.
func TestAPITokens(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		clk := newClock(s)
		org, other := mustOrg(t, s, "helmond"), mustOrg(t, s, "deurne")
		in := domain.NewAPIToken{Name: " AFAS ", Scopes: []domain.TokenScope{domain.ScopePeopleImport}, Days: 30}
		tok, err := s.CreateAPIToken(ctx, store.CLI, org.ID, in, "abcd1234", []byte("hash-1"))
		if err != nil || tok.Name != "AFAS" {
			t.Fatalf("create = %+v, %v", tok, err)
		}
		_, err = s.CreateAPIToken(ctx, store.CLI, org.ID, domain.NewAPIToken{Name: "x", Scopes: []domain.TokenScope{"admin"}, Days: 30}, "p", []byte("h2"))
		wantCode(t, err, domain.EINVALID)

		used, err := s.UseAPIToken(ctx, org.ID, []byte("hash-1"), domain.ScopePeopleImport, "POST /api/v1/{org}/people")
		if err != nil || used.ID != tok.ID {
			t.Fatalf("use = %+v, %v", used, err)
		}
		_, err = s.UseAPIToken(ctx, org.ID, []byte("hash-1"), domain.ScopeStatisticsRead, "GET")
		wantCode(t, err, domain.EFORBIDDEN)
		_, err = s.UseAPIToken(ctx, other.ID, []byte("hash-1"), domain.ScopePeopleImport, "GET")
		wantCode(t, err, domain.EUNAUTHORIZED)
		_, err = s.UseAPIToken(ctx, org.ID, []byte("unknown"), domain.ScopePeopleImport, "GET")
		wantCode(t, err, domain.EUNAUTHORIZED)

		list, err := s.APITokens(ctx, org.ID)
		if err != nil || len(list) != 1 || list[0].LastUsedAt == nil || list[0].RevokedAt != nil || list[0].Scopes[0] != domain.ScopePeopleImport {
			t.Fatalf("list = %+v, %v", list, err)
		}
		entries, err := s.AuditEntries(ctx, domain.AuditFilter{OrgID: org.ID, Action: "api_token.used"})
		if err != nil || len(entries) != 1 || entries[0].Actor != "api-token abcd1234" {
			t.Fatalf("audit of uses = %+v, %v", entries, err)
		}

		wantCode(t, s.RevokeAPIToken(ctx, store.CLI, other.ID, tok.ID), domain.ENOTFOUND)
		if err := s.RevokeAPIToken(ctx, store.CLI, org.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, s.RevokeAPIToken(ctx, store.CLI, org.ID, tok.ID), domain.ECONFLICT)
		_, err = s.UseAPIToken(ctx, org.ID, []byte("hash-1"), domain.ScopePeopleImport, "GET")
		wantCode(t, err, domain.EUNAUTHORIZED)

		if _, err := s.CreateAPIToken(ctx, store.CLI, org.ID, domain.NewAPIToken{Name: "kort", Scopes: []domain.TokenScope{domain.ScopeStatisticsRead}, Days: 1}, "short", []byte("hash-3")); err != nil {
			t.Fatal(err)
		}
		clk.Add(25 * time.Hour)
		_, err = s.UseAPIToken(ctx, org.ID, []byte("hash-3"), domain.ScopeStatisticsRead, "GET")
		wantCode(t, err, domain.EUNAUTHORIZED)
	})
}
