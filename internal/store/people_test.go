package store_test

import (
	"context"
	"errors"
	"strings"
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
		start := domain.Day(time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC))
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

// pday is a date as the register keeps it: midnight in Amsterdam.
func pday(y, m, d int) *time.Time {
	t := domain.Day(time.Date(y, time.Month(m), d, 12, 0, 0, 0, time.UTC))
	return &t
}

func TestPersonAccountLink(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org, other := mustOrg(t, s, "helmond"), mustOrg(t, s, "huizen")
		emp := mustUser(t, s, org, "fatima", domain.RoleEmployee)
		hr := mustUser(t, s, org, "petra", domain.RoleHR)
		foreign := mustUser(t, s, other, "elders", domain.RoleEmployee)
		a := &domain.Person{OrgID: org.ID, Ref: "1", Name: "Fatima Yilmaz", Employment: "permanent", UserID: emp.ID}
		if err := s.SavePerson(ctx, store.CLI, a); err != nil {
			t.Fatal(err)
		}
		got, err := s.PersonForUser(ctx, org.ID, emp.ID)
		if err != nil || got.ID != a.ID {
			t.Fatalf("person for user = %+v, %v", got, err)
		}
		b := &domain.Person{OrgID: org.ID, Ref: "2", Employment: "permanent", UserID: emp.ID}
		err = s.SavePerson(ctx, store.CLI, b)
		if e := domain.AsError(err); e == nil || e.Code != domain.ECONFLICT || e.Field != "account" || e.Args[0] != "Fatima Yilmaz" {
			t.Fatalf("second link: %v", err)
		}
		for _, u := range []*domain.User{hr, foreign} {
			b.UserID = u.ID
			if e := domain.AsError(s.SavePerson(ctx, store.CLI, b)); e == nil || e.Code != domain.EINVALID || e.Field != "account" {
				t.Fatalf("link to %s: %v", u.Username, e)
			}
		}
		// Saving the person again keeps the link, even once the role is gone.
		if err := s.SetRoles(ctx, store.CLI, org.ID, emp.ID, []domain.Role{domain.RoleHR}); err != nil {
			t.Fatal(err)
		}
		a.Name = "Fatima Yılmaz"
		if err := s.SavePerson(ctx, store.CLI, a); err != nil {
			t.Fatalf("save with the link kept: %v", err)
		}
	})
}

func TestPeopleFiltersAndSorts(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		c := newClock(s) // 2 March 2026
		org, other := mustOrg(t, s, "helmond"), mustOrg(t, s, "huizen")
		pos := &domain.Position{OrgID: org.ID, Ref: "HH", Title: "Handhaver", Department: "Handhaving"}
		if err := s.SavePosition(ctx, store.CLI, pos); err != nil {
			t.Fatal(err)
		}
		all := pday(2026, 1, 5)
		people := []*domain.Person{
			{Ref: "3", Name: "bram de Wit", Employment: "permanent", Department: "Handhaving", PositionID: pos.ID, StartOn: pday(2026, 1, 10)},
			{Ref: "1", Name: "Anna Smit", Employment: "hired", Department: "Burgerzaken", StartOn: pday(2025, 6, 1), VOGOn: all, DeclarationOn: all, ConfidentialOn: all},
			{Ref: "2", Name: "Carla Kok", Employment: "temporary", Department: "Burgerzaken", StartOn: pday(2024, 1, 1), EndOn: pday(2026, 3, 1)},
			{Ref: "4", Name: "Dirk Mol", Employment: "permanent", Department: "Handhaving", StartOn: pday(2025, 1, 1), EndOn: pday(2026, 3, 2), VOGOn: all},
		}
		for _, p := range people {
			p.OrgID = org.ID
			if err := s.SavePerson(ctx, store.CLI, p); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.SavePerson(ctx, store.CLI, &domain.Person{OrgID: other.ID, Ref: "1", Name: "Elders", Employment: "permanent", Department: "Elders"}); err != nil {
			t.Fatal(err)
		}
		refs := func(f store.PeopleFilter) string {
			t.Helper()
			list, err := s.People(ctx, org.ID, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, p := range list {
				out = append(out, p.Ref)
			}
			return strings.Join(out, ",")
		}
		for _, tc := range []struct {
			f    store.PeopleFilter
			want string
		}{
			{store.PeopleFilter{}, "1,3,2,4"}, // by name, without regard to case
			{store.PeopleFilter{Current: true}, "1,3,4"},
			{store.PeopleFilter{Left: true}, "2"}, // Dirk's last day is today
			{store.PeopleFilter{Department: "Handhaving", Sort: "ref"}, "3,4"},
			{store.PeopleFilter{PositionID: pos.ID}, "3"},
			{store.PeopleFilter{Employment: "hired"}, "1"},
			{store.PeopleFilter{Gaps: true}, "3,4"}, // Anna, hired, has everything she owes; Carla left
			{store.PeopleFilter{Search: "SMIT"}, "1"},
			{store.PeopleFilter{Search: "4"}, "4"},
			{store.PeopleFilter{Sort: "start"}, "3,1,4,2"},
			{store.PeopleFilter{Sort: "gaps", Current: true}, "3,4,1"},
			{store.PeopleFilter{Sort: "department"}, "1,2,3,4"},
		} {
			if got := refs(tc.f); got != tc.want {
				t.Errorf("%+v: %s, want %s", tc.f, got, tc.want)
			}
		}
		c.Add(24 * time.Hour)
		if got := refs(store.PeopleFilter{Left: true}); got != "2,4" {
			t.Errorf("the day after Dirk's last: left = %s", got)
		}
		deps, err := s.Departments(ctx, org.ID)
		if err != nil || strings.Join(deps, ",") != "Burgerzaken,Handhaving" {
			t.Errorf("departments = %v, %v", deps, err)
		}
	})
}

func TestOnboardingCounts(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org, other := mustOrg(t, s, "helmond"), mustOrg(t, s, "huizen")
		add := func(orgID int64, ref, employment string, start, vog, oath *time.Time, kind string, decl *time.Time) {
			t.Helper()
			p := &domain.Person{OrgID: orgID, Ref: ref, Employment: domain.Employment(employment), StartOn: start, VOGOn: vog, OathOn: oath, OathKind: domain.OathKind(kind), DeclarationOn: decl}
			if err := s.SavePerson(ctx, store.CLI, p); err != nil {
				t.Fatal(err)
			}
		}
		add(org.ID, "1", "permanent", pday(2021, 1, 4), pday(2020, 12, 28), pday(2021, 1, 18), "oath", pday(2021, 1, 1))
		add(org.ID, "2", "temporary", pday(2021, 12, 31), pday(2021, 12, 31), pday(2022, 1, 1), "affirmation", nil)
		add(org.ID, "3", "permanent", pday(2021, 6, 1), nil, pday(2021, 6, 2), "affirmation", pday(2021, 6, 1))
		add(org.ID, "4", "hired", pday(2021, 3, 1), pday(2021, 2, 20), nil, "", pday(2021, 3, 1))
		add(org.ID, "5", "office_holder", pday(2021, 4, 1), nil, pday(2021, 4, 1), "oath", nil) // sworn in before the council: not counted
		add(other.ID, "1", "permanent", pday(2021, 1, 4), pday(2021, 1, 1), pday(2021, 1, 18), "oath", pday(2021, 1, 1))
		p, _ := s.People(ctx, org.ID, store.PeopleFilter{Search: "3"})
		p[0].IntroTrainingOn, p[0].ConfidentialOn, p[0].EndOn = pday(2021, 7, 1), pday(2021, 6, 1), pday(2021, 9, 30) // left since: still counted
		if err := s.SavePerson(ctx, store.CLI, p[0]); err != nil {
			t.Fatal(err)
		}
		got, err := s.OnboardingCounts(ctx, org.ID, 2021)
		want := domain.OnboardingCounts{Year: 2021, Started: 4, Oaths: 1, Affirmations: 1, Sworn: 2, VOGs: 2, Declarations: 3, Confidentiality: 1, IntroTrainings: 1}
		if err != nil || got != want {
			t.Errorf("2021 = %+v, %v\nwant   %+v", got, err, want)
		}
		got, _ = s.OnboardingCounts(ctx, org.ID, 2022)
		if got.Sworn != 1 || got.Affirmations != 1 || got.Started != 0 {
			t.Errorf("2022 = %+v", got)
		}
	})
}

func TestRegisterImportKeepsWhatTheFileLacks(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "helmond")
		emp := mustUser(t, s, org, "fatima", domain.RoleEmployee)
		pos := &domain.Position{OrgID: org.ID, Ref: "F1", Title: "Jurist", Department: "Juridische zaken", DesignatedFinancial: true}
		if err := s.SavePosition(ctx, store.CLI, pos); err != nil {
			t.Fatal(err)
		}
		p := &domain.Person{OrgID: org.ID, Ref: "E1", Name: "Fatima Yilmaz", Employment: "temporary", PositionID: pos.ID, UserID: emp.ID,
			EndOn: pday(2027, 1, 31), IntroTrainingOn: pday(2026, 2, 3), OathWitness: "de gemeentesecretaris", OathOn: pday(2026, 2, 2), OathKind: "oath"}
		if err := s.SavePerson(ctx, store.CLI, p); err != nil {
			t.Fatal(err)
		}
		// A file without names and positions: the name and position stay,
		// and so does what the template has no column for.
		res, err := s.ImportRegister(ctx, store.CLI, org.ID, store.RegisterImport{
			People:        []*domain.Person{{Ref: "E1", Employment: "permanent", OathOn: pday(2026, 2, 2), OathKind: "oath"}, {Ref: "E2", Employment: "hired"}},
			PositionRefs:  []string{"", ""},
			PeopleColumns: []string{"ref", "employment", "oath_on", "oath_kind"},
			Positions:     []*domain.Position{{Ref: "F1", Title: "Senior jurist"}}, PositionColumns: []string{"ref", "title"},
		})
		if err != nil || res.Created != 1 || res.Updated != 1 || res.PositionsUpdated != 1 {
			t.Fatalf("import = %+v, %v", res, err)
		}
		got, _ := s.Person(ctx, org.ID, p.ID)
		if got.Name != "Fatima Yilmaz" || got.Employment != "permanent" || got.PositionID != pos.ID || got.UserID != emp.ID ||
			got.EndOn == nil || got.IntroTrainingOn == nil || got.OathWitness != "de gemeentesecretaris" {
			t.Errorf("after import: %+v", got)
		}
		if got, _ := s.Position(ctx, org.ID, pos.ID); got.Title != "Senior jurist" || !got.DesignatedFinancial || got.Department != "Juridische zaken" {
			t.Errorf("position after import: %+v", got)
		}
		// The same file again: nothing changes, nothing is written.
		before := peopleAuditCount(t, s, org.ID, "person.update")
		res, err = s.ImportRegister(ctx, store.CLI, org.ID, store.RegisterImport{
			People:        []*domain.Person{{Ref: "E1", Employment: "permanent", OathOn: pday(2026, 2, 2), OathKind: "oath"}, {Ref: "E2", Employment: "hired"}},
			PositionRefs:  []string{"", ""},
			PeopleColumns: []string{"ref", "employment", "oath_on", "oath_kind"},
		})
		if err != nil || res.Created != 0 || res.Updated != 0 || res.Unchanged != 2 {
			t.Fatalf("re-import = %+v, %v", res, err)
		}
		if after := peopleAuditCount(t, s, org.ID, "person.update"); after != before {
			t.Errorf("an unchanged re-import wrote %d updates", after-before)
		}
		// A row the store refuses (the account's person turned hired with an
		// oath) names its row; nothing of the file is stored.
		_, err = s.ImportRegister(ctx, store.CLI, org.ID, store.RegisterImport{
			People:        []*domain.Person{{Ref: "E3", Employment: "intern"}, {Ref: "E1", Employment: "hired"}},
			PositionRefs:  []string{"", ""},
			PeopleColumns: []string{"ref", "employment"},
		})
		var rowErr *store.RowError
		if !errors.As(err, &rowErr) || rowErr.Index != 1 || domain.AsError(err).Field != "oath_on" {
			t.Fatalf("err = %v", err)
		}
		if _, err := s.People(ctx, org.ID, store.PeopleFilter{Search: "E3"}); err != nil {
			t.Fatal(err)
		} else if list, _ := s.People(ctx, org.ID, store.PeopleFilter{Search: "E3"}); len(list) != 0 {
			t.Error("the refused import stored E3")
		}
	})
}

func TestDeletePersonIsAudited(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "helmond")
		p := &domain.Person{OrgID: org.ID, Ref: "1", Employment: "permanent"}
		if err := s.SavePerson(ctx, store.CLI, p); err != nil {
			t.Fatal(err)
		}
		wantCode(t, s.DeletePerson(ctx, store.CLI, org.ID, p.ID+1), domain.ENOTFOUND)
		if err := s.DeletePerson(ctx, store.CLI, org.ID, p.ID); err != nil {
			t.Fatal(err)
		}
		for _, action := range []string{"person.create", "person.delete"} {
			if peopleAuditCount(t, s, org.ID, action) != 1 {
				t.Errorf("no audit entry %s", action)
			}
		}
	})
}

func peopleAuditCount(t *testing.T, s *store.Store, orgID int64, action string) int {
	t.Helper()
	entries, err := s.AuditEntries(context.Background(), domain.AuditFilter{OrgID: orgID, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.Action == action {
			n++
		}
	}
	return n
}
