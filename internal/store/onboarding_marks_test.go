package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// HR's marks on onboarding duties: kept per person and item, replaced by a
// second mark, refused for a duty the person does not owe or a day ahead,
// scoped to the organisation, taken back, and gone with the person.
func TestOnboardingMarks(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org, other := mustOrg(t, s, "helmond"), mustOrg(t, s, "oss")
		p := &domain.Person{OrgID: org.ID, Ref: "1", Name: "Henk", Employment: domain.EmploymentPermanent}
		hired := &domain.Person{OrgID: org.ID, Ref: "2", Name: "Ina", Employment: domain.EmploymentHired}
		for _, x := range []*domain.Person{p, hired} {
			if err := s.SavePerson(ctx, store.CLI, x); err != nil {
				t.Fatal(err)
			}
		}
		on := time.Date(2001, 3, 1, 0, 0, 0, 0, time.UTC)
		mark := domain.OnboardingMark{PersonID: p.ID, Item: domain.OnboardingItemVOG, Mark: domain.DutySettledBefore, On: on}
		if err := s.SetOnboardingMark(ctx, store.CLI, org.ID, mark); err != nil {
			t.Fatal(err)
		}
		mark.Mark = domain.DutyNotApplicable
		if err := s.SetOnboardingMark(ctx, store.CLI, org.ID, mark); err != nil {
			t.Fatal(err)
		}
		for name, bad := range map[string]struct {
			org int64
			m   domain.OnboardingMark
		}{
			"not owed":           {org.ID, domain.OnboardingMark{PersonID: hired.ID, Item: domain.OnboardingItemOath, Mark: domain.DutyNotApplicable, On: on}},
			"ahead":              {org.ID, domain.OnboardingMark{PersonID: p.ID, Item: domain.OnboardingItemOath, Mark: domain.DutyNotApplicable, On: time.Now().AddDate(0, 0, 2)}},
			"no day":             {org.ID, domain.OnboardingMark{PersonID: p.ID, Item: domain.OnboardingItemOath, Mark: domain.DutyNotApplicable}},
			"other organisation": {other.ID, domain.OnboardingMark{PersonID: p.ID, Item: domain.OnboardingItemOath, Mark: domain.DutyNotApplicable, On: on}},
		} {
			if err := s.SetOnboardingMark(ctx, store.CLI, bad.org, bad.m); err == nil {
				t.Errorf("%s: accepted", name)
			}
		}
		marks, err := s.OnboardingMarks(ctx, org.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := marks[p.ID][domain.OnboardingItemVOG]
		if len(marks) != 1 || len(marks[p.ID]) != 1 || got.Mark != domain.DutyNotApplicable || domain.DateOf(got.On).String() != "2001-03-01" {
			t.Fatalf("marks = %+v", marks)
		}
		if m, _ := s.OnboardingMarks(ctx, other.ID); len(m) != 0 {
			t.Fatal("marks cross organisations")
		}
		if err := s.ClearOnboardingMark(ctx, store.CLI, org.ID, p.ID, domain.OnboardingItemVOG); err != nil {
			t.Fatal(err)
		}
		if m, _ := s.OnboardingMarks(ctx, org.ID); len(m) != 0 {
			t.Fatalf("after taking back: %+v", m)
		}
		if err := s.SetOnboardingMark(ctx, store.CLI, org.ID, mark); err != nil {
			t.Fatal(err)
		}
		if err := s.DeletePerson(ctx, store.CLI, org.ID, p.ID); err != nil {
			t.Fatalf("deleting a person with a mark: %v", err)
		}
	})
}
