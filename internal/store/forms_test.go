package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/store"
)

func TestFormClaims(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		clk := newClock(s)
		if ok, _, err := s.ClaimForm(ctx, "k1"); err != nil || !ok {
			t.Fatalf("first claim: %v, %v", ok, err)
		}
		if ok, number, err := s.ClaimForm(ctx, "k1"); err != nil || ok || number != "" {
			t.Fatalf("second claim before completion: %v %q %v", ok, number, err)
		}
		if err := s.CompleteForm(ctx, "k1", "2026-0007"); err != nil {
			t.Fatal(err)
		}
		if ok, number, _ := s.ClaimForm(ctx, "k1"); ok || number != "2026-0007" {
			t.Fatalf("claim after completion: %v %q", ok, number)
		}
		s.ClaimForm(ctx, "k2")
		if err := s.ReleaseForm(ctx, "k2"); err != nil {
			t.Fatal(err)
		}
		if ok, _, _ := s.ClaimForm(ctx, "k2"); !ok {
			t.Fatal("a released form cannot be sent again")
		}
		clk.Add(25 * time.Hour)
		if err := s.DeleteStaleFormClaims(ctx, 24*time.Hour); err != nil {
			t.Fatal(err)
		}
		if ok, _, _ := s.ClaimForm(ctx, "k1"); !ok {
			t.Fatal("a stale claim was kept")
		}
	})
}
