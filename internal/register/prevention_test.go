package register

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

func prevention(t *testing.T, names ...string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, n := range names {
		b, err := os.ReadFile("testdata/prevention/" + n)
		if err != nil {
			t.Fatal(err)
		}
		out[strings.Replace(n, "-bad", "", 1)] = b
	}
	return out
}

func problemTexts(t *testing.T, err error) []string {
	t.Helper()
	var p *Problems
	if !errors.As(err, &p) {
		t.Fatalf("error %v is not the problems of the files", err)
	}
	var out []string
	for _, q := range p.List {
		out = append(out, q.String())
	}
	return out
}

// TestImportPrevention imports the analyses of vulnerable positions (one
// linked to a position of the same import) and the actions of a plan
// created by the file; again, updated and not doubled; and refuses files
// with problems as a whole, naming each problem's file, row and column,
// with nothing stored.
func TestImportPrevention(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		s.Now = func() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) }
		org := mustOrg(t, s, "preventie")
		anna := &domain.User{OrgID: org.ID, Username: "anna", PasswordHash: "$argon2id$test", Roles: []domain.Role{domain.RoleEmployee}}
		if err := s.CreateUser(ctx, store.CLI, anna); err != nil {
			t.Fatal(err)
		}

		// All or nothing: a bad actions.csv refuses the good files beside it.
		_, err := Import(ctx, s, store.CLI, org.ID, prevention(t, "positions.csv", "vulnerable_positions.csv", "actions-bad.csv"))
		got := problemTexts(t, err)
		for _, want := range []string{
			"actions.csv, rij 2, kolom plan_title: Het plan PVA-2027 is nieuw: vul de titel en het eerste en laatste jaar in.",
			"actions.csv, rij 2, kolom plan_until_year: Het plan PVA-2027 is nieuw",
			"actions.csv, rij 3, kolom planned_until: 2026-K5 is geen kwartaal; schrijf het als 2025-K1.",
			"actions.csv, rij 3, kolom owner: Er is geen gebruiker met de gebruikersnaam nobody.",
			"actions.csv, rij 4, kolom status_reason: Vul in waarom de actie vervalt.",
			"actions.csv, rij 4, kolom line_title: Actielijn 3 is nieuw in dit plan: vul de naam van de actielijn in.",
			"actions.csv, rij 5, kolom planned_until: Het einde ligt vóór het begin.",
			"actions.csv, rij 5, kolom number: Het nummer PVA-2025 1 staat ook in rij 3.",
		} {
			if !slices.ContainsFunc(got, func(g string) bool { return strings.HasPrefix(g, want) }) {
				t.Errorf("no problem %q in\n%s", want, strings.Join(got, "\n"))
			}
		}
		if plans, _ := s.Plans(ctx, org.ID); len(plans) != 0 {
			t.Errorf("a refused import stored %d plans", len(plans))
		}
		if list, _ := s.VulnerablePositions(ctx, org.ID); len(list) != 0 {
			t.Errorf("a refused import stored %d analyses", len(list))
		}
		if _, positions := count(t, s, org.ID); positions != 0 {
			t.Errorf("a refused import stored %d positions", positions)
		}

		// A vulnerable_positions.csv with problems, named per cell.
		bad := []byte("ref;name;position_ref;granting;four_eyes_review_on;last_review_on;next_review_on\n" +
			"KF-9;Vergunningen;F-NIET;heel erg;2026-01-01;2026-02-01;2025-02-01\n" +
			";Zonder nummer;;primary;;;\n" +
			"KF-9;Dubbel;;;;;\n")
		_, err = Import(ctx, s, store.CLI, org.ID, map[string][]byte{"vulnerable_positions.csv": bad})
		got = problemTexts(t, err)
		for _, want := range []string{
			"vulnerable_positions.csv, rij 2, kolom granting: ",
			"vulnerable_positions.csv, rij 2, kolom four_eyes_owner: Deze cel is verplicht.",
			"vulnerable_positions.csv, rij 2, kolom next_review_on: De volgende toetsing ligt vóór de laatste.",
			"vulnerable_positions.csv, rij 2, kolom position_ref: ",
			"vulnerable_positions.csv, rij 3, kolom ref: Deze cel is verplicht.",
			"vulnerable_positions.csv, rij 4, kolom ref: Het nummer KF-9 staat ook in rij 2.",
		} {
			if !slices.ContainsFunc(got, func(g string) bool { return strings.HasPrefix(g, want) }) {
				t.Errorf("no problem %q in\n%s", want, strings.Join(got, "\n"))
			}
		}

		// The good files.
		files := prevention(t, "positions.csv", "vulnerable_positions.csv", "actions.csv")
		res, err := Import(ctx, s, store.CLI, org.ID, files)
		if err != nil {
			t.Fatal(err)
		}
		if c := res.Count(ActionsFile); c.Created != 4 || c.Updated != 0 {
			t.Errorf("actions: %+v", c)
		}
		if c := res.Count(VulnerablePositionsFile); c.Created != 2 {
			t.Errorf("vulnerable positions: %+v", c)
		}
		list, err := s.VulnerablePositions(ctx, org.ID)
		if err != nil || len(list) != 2 {
			t.Fatalf("analyses %+v, %v", list, err)
		}
		k := list[0]
		if k.PositionID == 0 || k.Risk() != domain.RiskHigh || k.Level(domain.VulnPayingOut) != domain.VulnLevelSecondary || len(k.Measures) != 1 ||
			k.Measures[0].Owner != "Teamleider Inkoop" || domain.DateOf(*k.Measures[0].ReviewOn).String() != "2026-06-30" || !k.HighThin() {
			t.Errorf("KF-01 = %+v", k)
		}
		if p := list[1]; p.PositionID != 0 || len(p.Measures) != 2 || p.Risk() != domain.RiskMedium {
			t.Errorf("KF-02 = %+v", p)
		}
		plans, err := s.Plans(ctx, org.ID)
		if err != nil || len(plans) != 1 {
			t.Fatalf("plans %+v, %v", plans, err)
		}
		p := plans[0]
		if p.Ref != "PVA-2025" || p.FromYear != 2025 || p.UntilYear != 2026 || len(p.Lines) != 2 || len(p.Actions) != 4 {
			t.Fatalf("plan = %+v", p)
		}
		a := p.Actions
		if a[0].Kind != domain.ActionContinued || a[0].Status != domain.ActionRunning || a[0].OwnerID != anna.ID || a[0].Until != (domain.Quarter{Year: 2026, Q: 4}) ||
			a[2].OwnerID != anna.ID || a[2].LineID != p.Lines[1].ID || a[3].Status != domain.ActionDropped || a[3].StatusReason == "" || a[3].Kind != domain.ActionNew {
			t.Errorf("actions = %+v", a)
		}
		if st := p.StateOn(domain.Date{Year: 2026, Month: 3, Day: 2}); st.Overdue != 1 {
			t.Errorf("state = %+v", st)
		}

		// Again: updated, not doubled.
		res, err = Import(ctx, s, store.CLI, org.ID, files)
		if err != nil {
			t.Fatal(err)
		}
		if c := res.Count(ActionsFile); c.Created != 0 || c.Updated != 4 {
			t.Errorf("actions again: %+v", c)
		}
		if c := res.Count(VulnerablePositionsFile); c.Created != 0 || c.Updated != 2 {
			t.Errorf("vulnerable positions again: %+v", c)
		}
		if plans, _ := s.Plans(ctx, org.ID); len(plans) != 1 || len(plans[0].Actions) != 4 || len(plans[0].Lines) != 2 {
			t.Errorf("after the second import: %+v", plans)
		}
	})
}
