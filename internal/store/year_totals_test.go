package store_test

import (
	"context"
	"maps"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// TestYearTotalsEqualCountsByYear: the annual report's trends of advice
// requests and aggression take the totals per year from one column
// (AdviceTotalsByYear, AggressionTotalsByYear); they equal the totals of
// AdviceCountsByYear and AggressionCountsByYear, which read every record,
// for records on the first and last day of a year, of another
// organisation, and destroyed advice requests counted by their kept facts,
// on both engines.
func TestYearTotalsEqualCountsByYear(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newClock(s)
		org, other := mustOrg(t, s, "helmond"), mustOrg(t, s, "huizen")
		days := []time.Time{recDay(2023, 1, 1), recDay(2023, 12, 31), recDay(2024, 1, 1), recDay(2024, 6, 15), recDay(2024, 12, 31),
			recDay(2025, 1, 1), recDay(2025, 3, 3)}
		for i, on := range days {
			if err := s.CreateAdviceRequest(ctx, store.CLI, org.ID, &domain.AdviceRequest{ReceivedOn: on, Topic: "gifts", Requester: "manager"}); err != nil {
				t.Fatal(err)
			}
			a := &domain.AggressionIncident{OccurredOn: on, Kind: domain.AggressionKinds[i%len(domain.AggressionKinds)], Target: "employee"}
			if err := s.CreateAggressionIncident(ctx, store.CLI, org.ID, a); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.CreateAdviceRequest(ctx, store.CLI, other.ID, &domain.AdviceRequest{ReceivedOn: recDay(2022, 5, 1), Topic: "gifts", Requester: "manager"}); err != nil {
			t.Fatal(err)
		}
		if err := s.CreateAggressionIncident(ctx, store.CLI, other.ID, &domain.AggressionIncident{OccurredOn: recDay(2022, 5, 1), Kind: "verbal", Target: "employee"}); err != nil {
			t.Fatal(err)
		}
		// Two destroyed requests, kept as facts: one of 1 January 2021.
		var destruction int64
		if err := s.DB().QueryRowContext(ctx, `INSERT INTO destructions (org_id, approved_by, authority, created_at) VALUES ($1, 'Archivaris', 'Mandaat', $2) RETURNING id`,
			org.ID, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)).Scan(&destruction); err != nil {
			t.Fatal(err)
		}
		for _, on := range []time.Time{recDay(2021, 1, 1), recDay(2023, 12, 31)} {
			if _, err := s.DB().ExecContext(ctx, `INSERT INTO retained_advice_facts (org_id, destruction_id, received_on, topic, requester, answered)
				VALUES ($1, $2, $3, 'gifts', 'manager', TRUE)`, org.ID, destruction, on.UTC()); err != nil {
				t.Fatal(err)
			}
		}

		advice, err := s.AdviceCountsByYear(ctx, org.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := map[int]int{}
		for _, c := range advice {
			want[c.Year] = c.Total
		}
		got, err := s.AdviceTotalsByYear(ctx, org.ID)
		if err != nil || !maps.Equal(got, want) {
			t.Errorf("advice totals = %v, %v; the counts by year give %v", got, err, want)
		}
		if want[2021] != 1 || len(want) < 4 {
			t.Errorf("advice counts by year = %v: the test does not test the kept facts and the year bounds", want)
		}

		aggression, err := s.AggressionCountsByYear(ctx, org.ID)
		if err != nil {
			t.Fatal(err)
		}
		want = map[int]int{}
		for _, c := range aggression {
			want[c.Year] = c.Total
		}
		got, err = s.AggressionTotalsByYear(ctx, org.ID)
		if err != nil || !maps.Equal(got, want) {
			t.Errorf("aggression totals = %v, %v; the counts by year give %v", got, err, want)
		}
		if len(want) < 3 {
			t.Errorf("aggression counts by year = %v: the test does not test the year bounds", want)
		}
	})
}
