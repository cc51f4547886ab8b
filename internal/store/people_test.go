package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

func TestPeopleRegister(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org, other := mustOrg(t, s, "helmond"), mustOrg(t, s, "huizen")
		pos := &domain.Position{OrgID: org.ID, Ref: "F-INK-01", Title: "Inkoper", Department: "Inkoop", DesignatedPublication: true}
		if err := s.SavePosition(ctx, store.CLI, pos); err != nil {
			t.Fatal(err)
		}
		start := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
		p := &domain.Person{OrgID: org.ID, Ref: "12345", Name: "Eva Jansen", Employment: "hired", PositionID: pos.ID, StartOn: &start}
		if err := s.SavePerson(ctx, store.CLI, p); err != nil {
			t.Fatal(err)
		}
		dup := &domain.Person{OrgID: org.ID, Ref: "12345", Employment: "permanent"}
		wantCode(t, s.SavePerson(ctx, store.CLI, dup), domain.ECONFLICT)
		foreign := &domain.Person{OrgID: other.ID, Ref: "9", Employment: "permanent", PositionID: pos.ID}
		wantCode(t, s.SavePerson(ctx, store.CLI, foreign), domain.EINVALID) // another organisation's position
		_, err := s.Person(ctx, other.ID, p.ID)
		wantCode(t, err, domain.ENOTFOUND)
		got, err := s.Person(ctx, org.ID, p.ID)
		if err != nil || got.Name != "Eva Jansen" || got.PositionID != pos.ID || !got.StartOn.Equal(start) {
			t.Fatalf("person = %+v, %v", got, err)
		}
		list, _ := s.People(ctx, org.ID, store.PeopleFilter{Employment: "hired"})
		if len(list) != 1 {
			t.Fatalf("filtered list = %d", len(list))
		}
		if err := s.DeletePerson(ctx, store.CLI, org.ID, p.ID); err != nil {
			t.Fatal(err)
		}
	})
}

func TestImportPeopleIsAllOrNothing(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "helmond")
		positions := []*domain.Position{{Ref: "F1", Title: "Handhaver"}}
		people := []*domain.Person{{Ref: "1", Employment: "permanent"}, {Ref: "2", Employment: "astronaut"}}
		_, _, err := s.ImportPeople(ctx, store.CLI, org.ID, positions, people, []string{"F1", ""})
		var rowErr *store.RowError
		if !errors.As(err, &rowErr) || rowErr.List != "people" || rowErr.Index != 1 || domain.AsError(err).Field != "employment" {
			t.Fatalf("err = %v, want people row 1 employment", err)
		}
		if list, _ := s.People(ctx, org.ID, store.PeopleFilter{}); len(list) != 0 {
			t.Fatal("a failed import stored people")
		}
		if list, _ := s.Positions(ctx, org.ID); len(list) != 0 {
			t.Fatal("a failed import stored positions")
		}
		people[1].Employment = "hired"
		c, u, err := s.ImportPeople(ctx, store.CLI, org.ID, positions, people, []string{"F1", ""})
		if err != nil || c != 2 || u != 0 {
			t.Fatalf("import = %d created, %d updated, %v", c, u, err)
		}
		people = []*domain.Person{{Ref: "1", Employment: "permanent", Name: "Bijgewerkt"}, {Ref: "2", Employment: "hired"}}
		c, u, err = s.ImportPeople(ctx, store.CLI, org.ID, positions, people, []string{"F1", ""})
		if err != nil || c != 0 || u != 2 {
			t.Fatalf("re-import = %d created, %d updated, %v", c, u, err)
		}
		if list, _ := s.People(ctx, org.ID, store.PeopleFilter{}); len(list) != 2 {
			t.Fatalf("re-import duplicated: %d people", len(list))
		}
	})
}
