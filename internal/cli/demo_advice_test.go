package cli

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// TestDemoAdviceAndAggression checks the demo's figures: Helmond's 2021
// advice requests and aggression incidents, moved into the past year.
func TestDemoAdviceAndAggression(t *testing.T) {
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "integer.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	if _, err := SeedDemo(ctx, s, testParams); err != nil {
		t.Fatal(err)
	}
	org, _ := s.OrganisationBySlug(ctx, DemoSlug)
	now := time.Now()
	yearAgo := domain.Day(now).AddDate(-1, 0, 0)

	advice, err := s.AdviceRequests(ctx, org.ID, store.AdviceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	topics, open, summaries := map[string]int{}, 0, 0
	for _, a := range advice {
		if a.ReceivedOn.Before(yearAgo) || a.ReceivedOn.After(now) {
			t.Errorf("advice request of %v is not in the past year", a.ReceivedOn)
		}
		topics[string(a.Topic)]++
		if !a.Answered() {
			open++
		}
		if a.HasSummary {
			summaries++
		}
	}
	if len(advice) != 38 || topics["outside_activities"] != 14 || topics["policy"] != 8 || topics["conduct"] != 10 ||
		topics["resources"] != 6 || open != 2 || summaries == 0 {
		t.Errorf("demo advice: %d requests, topics %v, %d open, %d with a summary", len(advice), topics, open, summaries)
	}
	// The demo coordinator's key opens a summary.
	coord, _ := s.UserByUsername(ctx, org.ID, "coordinator")
	key, _ := s.UserKey(ctx, coord.ID)
	identity, err := key.Open(testParams, demoPassword("coordinator"))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range advice {
		if a.HasSummary {
			got, err := s.OpenAdviceRequest(ctx, store.UserActor(coord, "test"), org.ID, a.ID, store.Keyring{UserID: coord.ID, Identity: identity})
			if err != nil || got.Summary == "" {
				t.Fatalf("open demo summary: %v", err)
			}
			break
		}
	}

	incidents, err := s.AggressionIncidents(ctx, org.ID, store.AggressionFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var last, before, police int
	for _, a := range incidents {
		switch {
		case !a.OccurredOn.Before(yearAgo):
			last++
			if a.PoliceInvolved {
				police++
			}
		case !a.OccurredOn.Before(yearAgo.AddDate(-1, 0, 0)):
			before++
		default:
			t.Errorf("incident of %v is older than two years", a.OccurredOn)
		}
	}
	if last != 21 || police != 12 || before != 14 {
		t.Errorf("demo aggression: %d in the last 12 months (%d with police), %d in the 12 before", last, police, before)
	}
}
