package cli

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// TestDemoPeople checks the demo's people register: 320 in service, the
// council, Helmond's 114 oaths and affirmations in the past twelve months,
// 8 % without a VOG, hired staff without an oath, the employee linked.
func TestDemoPeople(t *testing.T) {
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "integer.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	org := &domain.Organisation{Slug: DemoSlug, Name: "Gemeente Voorbeeldstad"}
	if err := s.CreateOrganisation(ctx, store.CLI, org); err != nil {
		t.Fatal(err)
	}
	for _, a := range demoAccounts {
		u := &domain.User{OrgID: org.ID, Username: a.username, DisplayName: a.name, PasswordHash: "$argon2id$test", Roles: a.roles}
		if err := s.CreateUser(ctx, store.CLI.In(org.ID), u); err != nil {
			t.Fatal(err)
		}
	}
	if err := seedDemoPeople(ctx, s, testParams, org); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	yearAgo := domain.Day(now).AddDate(-1, 0, 0)
	all, err := s.People(ctx, org.ID, store.PeopleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	positions, _ := s.Positions(ctx, org.ID)
	political := map[int64]string{}
	designated := 0
	for _, p := range positions {
		political[p.ID] = string(p.Political)
		if p.DesignatedPublication || p.DesignatedFinancial {
			designated++
		}
	}
	if len(positions) < 18 || len(positions) > 26 || designated < 5 {
		t.Errorf("%d positions, %d designated", len(positions), designated)
	}
	var staff, left, noVOG, sworn, oaths, hiredSworn int
	offices := map[string]int{}
	departments := map[string]bool{}
	names := map[string]bool{}
	for _, p := range all {
		if names[p.Name] {
			t.Errorf("the name %s twice", p.Name)
		}
		names[p.Name] = true
		if p.Employment == "office_holder" {
			offices[political[p.PositionID]]++
			continue
		}
		if p.Left(now) {
			left++
			continue
		}
		staff++
		departments[p.Department] = true
		if p.VOGOn == nil {
			noVOG++
		}
		if p.OathOn != nil && !p.OathOn.Before(yearAgo) {
			sworn++
			if p.OathKind == "oath" {
				oaths++
			}
		}
		if !domain.MayTakeOath(p.Employment) && p.OathOn != nil {
			hiredSworn++
		}
	}
	if staff != 320 || left != 25 || len(departments) < 8 {
		t.Errorf("%d in service in %d departments, %d left", staff, len(departments), left)
	}
	if offices["councillor"] != 29 || offices["alderman"] != 5 || offices["mayor"] != 1 {
		t.Errorf("office holders = %v", offices)
	}
	if sworn != 114 || oaths != 85 {
		t.Errorf("sworn in the past year: %d (%d oaths), want 114 (85)", sworn, oaths)
	}
	if noVOG != 26 || hiredSworn != 0 {
		t.Errorf("%d without a VOG (want 26, 8 %%), %d hired or interns with an oath", noVOG, hiredSworn)
	}
	gaps := map[string]int{}
	for _, p := range all {
		for _, g := range p.Gaps(now) {
			gaps[string(g.Item)]++
		}
	}
	for _, item := range domain.OnboardingItems {
		if gaps[string(item)] == 0 || gaps[string(item)] > 40 {
			t.Errorf("%d lack %s: %v", gaps[string(item)], item, gaps)
		}
	}
	t.Logf("gaps per item: %v", gaps)
	employee, _ := s.UserByUsername(ctx, org.ID, "employee")
	if p, err := s.PersonForUser(ctx, org.ID, employee.ID); err != nil || p.Name != "Fatima Yilmaz" {
		t.Errorf("the employee's person: %+v, %v", p, err)
	}
}
