package cli

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// TestDemoAdvisers checks the demo adviser's year: Helmond's amounts of
// 2021, all within the past twelve months, and the notes sealed to the
// adviser's own key.
func TestDemoAdvisers(t *testing.T) {
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
	u, _ := s.UserByUsername(ctx, org.ID, "adviser")
	// The past twelve months span this year and the last: add them up.
	today := domain.Today(time.Now()).UTCMidnight()
	total := domain.NewAdviserFigures(today.Year())
	for _, y := range []int{today.Year() - 1, today.Year()} {
		f, err := s.AdviserFigures(ctx, org.ID, y)
		if err != nil {
			t.Fatal(err)
		}
		total.FirstContacts += f.FirstContacts
		total.Cases += f.Cases
		for k, v := range f.Contacts {
			c := total.Contacts[k]
			c.Count, c.Hours = c.Count+v.Count, c.Hours+v.Hours
			total.Contacts[k] = c
		}
		for k, v := range f.ActivityHours {
			total.ActivityHours[k] += v
		}
		for k, v := range f.IssueKinds {
			total.IssueKinds[k] += v
		}
		for k, v := range f.Relations {
			total.Relations[k] += v
		}
	}
	ct := total.ContactTotal()
	if total.FirstContacts != 45 || total.Cases != 21 || ct.Count != 57 || ct.Hours != 50 || total.ActivityTotal() != 99 ||
		total.Contacts["conversation"].Count != 41 || total.Contacts["guidance"].Hours != 21 {
		t.Errorf("demo figures: %d first contacts, %d cases, contacts %+v, %v activity hours", total.FirstContacts, total.Cases, total.Contacts, total.ActivityTotal())
	}
	if total.IssueKinds["labour_conflict_conduct"] != 16 || total.IssueKinds["sexual_harassment"] != 3 || total.IssueKinds["private_misconduct"] != 1 ||
		total.Relations["manager"] != 17 || total.Relations["colleague"] != 6 {
		t.Errorf("demo kinds %v, relations %v", total.IssueKinds, total.Relations)
	}
	cases, _ := s.AdviserCases(ctx, org.ID, u.ID, store.AdviserCaseFilter{})
	yearAgo := today.AddDate(-1, 0, 0)
	open, notes := 0, 0
	for _, c := range cases {
		if c.OpenedOn.Before(yearAgo) || c.OpenedOn.After(today) {
			t.Errorf("case %s opened %v, not in the past year", c.Ref, c.OpenedOn)
		}
		if c.ClosedOn == nil {
			open++
		}
		if c.HasNote {
			notes++
		}
	}
	if open == 0 || notes == 0 {
		t.Errorf("demo cases: %d open, %d with a note", open, notes)
	}
	// The note opens with the adviser's key as their login unlocks it.
	k, err := s.UserKey(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	identity, err := k.Open(testParams, demoPassword("adviser"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		if c.HasNote {
			got, err := s.AdviserCase(ctx, store.UserActor(u, ""), org.ID, u.ID, c.ID, store.Keyring{UserID: u.ID, Identity: identity})
			if err != nil {
				t.Errorf("note of %s: %v", c.Ref, err)
			} else if got.Note == "" {
				t.Errorf("note of %s is empty", c.Ref)
			}
			break
		}
	}
	if kind, _ := s.AdviserKind(ctx, org.ID, u.ID); kind != "internal" {
		t.Errorf("demo adviser kind %q", kind)
	}
}
