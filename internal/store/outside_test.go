package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// outsidePosition saves a position; political is "" for an official.
func outsidePosition(t *testing.T, s *store.Store, org *domain.Organisation, ref, title string, designated bool, political string) *domain.Position {
	t.Helper()
	p := &domain.Position{OrgID: org.ID, Ref: ref, Title: title, DesignatedPublication: designated, DesignatedFinancial: designated,
		Political: domain.PoliticalOffice(political)}
	if err := s.SavePosition(context.Background(), store.CLI, p); err != nil {
		t.Fatal(err)
	}
	return p
}

func outsidePerson(t *testing.T, s *store.Store, org *domain.Organisation, ref, name string, pos *domain.Position) *domain.Person {
	t.Helper()
	p := &domain.Person{OrgID: org.ID, Ref: ref, Name: name, Employment: "permanent"}
	if pos != nil {
		p.PositionID = pos.ID
		if pos.Political != "" {
			p.Employment = "office_holder"
		}
	}
	if err := s.SavePerson(context.Background(), store.CLI, p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOutsideActivities(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		clk := newClock(s) // 2 March 2026
		org, other := mustOrg(t, s, "helmond"), mustOrg(t, s, "huizen")
		hr := mustUser(t, s, org, "pieter", domain.RoleHR)
		actor := store.UserActor(hr, "sess")
		inkoper := outsidePosition(t, s, org, "F-INK", "Inkoper", true, "")
		wethouder := outsidePosition(t, s, org, "W-1", "Wethouder Financiën", false, "alderman")
		eva := outsidePerson(t, s, org, "1001", "Eva Jansen", inkoper)
		kees := outsidePerson(t, s, org, "W01", "Kees de Wit", wethouder)
		elsewhere := outsidePerson(t, s, other, "1001", "Iemand Anders", nil)

		// Bad input: every field named; nothing stored.
		bad := &domain.OutsideActivity{PersonID: eva.ID, Activity: "", Organisation: "Voetbalclub", Status: "maybe",
			HoursPerMonth: 800, ReportedOn: recDay(2026, 4, 1)}
		errs := bad.Check(clk.now)
		var fields []string
		for _, err := range errs {
			fields = append(fields, domain.AsError(err).Field)
		}
		if !slices.Equal(fields, []string{"activity", "hours_per_month", "status", "reported_on"}) {
			t.Fatalf("fields = %v", fields)
		}
		wantCode(t, s.CreateOutsideActivity(ctx, actor, org.ID, bad), domain.EINVALID)
		income := int64(1200)
		for name, a := range map[string]*domain.OutsideActivity{
			"person": {PersonID: elsewhere.ID}, "income_eur": {PersonID: eva.ID, IncomeEUR: &income},
			"position": {PersonID: eva.ID, PositionID: outsidePosition(t, s, other, "X", "Elders", true, "").ID},
		} {
			a.Activity, a.Organisation, a.Paid, a.Status, a.ReportedOn = "Penningmeester", "Stichting", true, "reported", recDay(2026, 2, 1)
			err := s.CreateOutsideActivity(ctx, actor, org.ID, a)
			if e := domain.AsError(err); e == nil || e.Code != domain.EINVALID || e.Field != name {
				t.Errorf("%s: %v", name, err)
			}
		}
		if list, _ := s.OutsideActivities(ctx, org.ID, store.OutsideFilter{}); len(list) != 0 {
			t.Fatalf("bad input stored %d", len(list))
		}

		// A valid one gets the person's position and is pending, whatever
		// the caller says.
		a := &domain.OutsideActivity{PersonID: eva.ID, Activity: "Bestuurslid", Organisation: "Voetbalvereniging De Ster",
			HoursPerMonth: 6, Status: "reported", ReportedOn: recDay(2026, 2, 10), Assessment: "allowed", Reasons: "x"}
		if err := s.CreateOutsideActivity(ctx, actor, org.ID, a); err != nil {
			t.Fatal(err)
		}
		got, err := s.OutsideActivity(ctx, org.ID, a.ID)
		if err != nil || got.PositionID != inkoper.ID || got.Assessment != "pending" || got.Reasons != "" || got.PersonName != "Eva Jansen" ||
			got.PositionTitle != "Inkoper" || !got.PositionDesignated || !got.ReportedOn.Equal(recDay(2026, 2, 10)) {
			t.Fatalf("stored = %+v, %v", got, err)
		}
		_, err = s.OutsideActivity(ctx, other.ID, a.ID)
		wantCode(t, err, domain.ENOTFOUND)
		_, err = s.OwnOutsideActivity(ctx, org.ID, kees.ID, a.ID)
		wantCode(t, err, domain.ENOTFOUND)
		if _, err := s.OwnOutsideActivity(ctx, org.ID, eva.ID, a.ID); err != nil {
			t.Fatal(err)
		}
		if reg, _ := s.OutsideRegister(ctx, org.ID); len(reg) != 0 {
			t.Fatalf("a pending activity is published: %+v", reg)
		}

		// Assessment: conditions need reasons; no future day; the assessor.
		day := recDay(2026, 2, 20)
		err = s.AssessOutsideActivity(ctx, actor, org.ID, a.ID, "allowed_with_conditions", " ", &day)
		if e := domain.AsError(err); e == nil || e.Field != "reasons" {
			t.Fatalf("conditions without reasons: %v", err)
		}
		future := recDay(2026, 3, 5)
		wantCode(t, s.AssessOutsideActivity(ctx, actor, org.ID, a.ID, "allowed", "", &future), domain.EINVALID)
		early := recDay(2026, 2, 1)
		wantCode(t, s.AssessOutsideActivity(ctx, actor, org.ID, a.ID, "allowed", "", &early), domain.EINVALID)
		wantCode(t, s.AssessOutsideActivity(ctx, actor, other.ID, a.ID, "allowed", "", &day), domain.ENOTFOUND)
		if err := s.AssessOutsideActivity(ctx, actor, org.ID, a.ID, "allowed_with_conditions", "Niet tijdens werktijd; geen opdrachten van de club.", &day); err != nil {
			t.Fatal(err)
		}
		got, _ = s.OutsideActivity(ctx, org.ID, a.ID)
		if got.Assessment != "allowed_with_conditions" || got.AssessedBy != hr.ID || got.AssessorName != hr.DisplayName ||
			!got.AssessedOn.Equal(day) || got.Reasons == "" {
			t.Fatalf("assessed = %+v", got)
		}
		reg, _ := s.OutsideRegister(ctx, org.ID)
		if want := []domain.RegisterEntry{{PositionTitle: "Inkoper", Activity: "Bestuurslid", Organisation: "Voetbalvereniging De Ster"}}; !slices.Equal(reg, want) {
			t.Fatalf("register = %+v", reg)
		}

		// Editing keeps the assessment, and cannot move the report after it.
		got.Paid, got.ReportedOn = true, recDay(2026, 2, 25)
		wantCode(t, s.UpdateOutsideActivity(ctx, actor, org.ID, got), domain.EINVALID)
		got.ReportedOn = recDay(2026, 2, 9)
		if err := s.UpdateOutsideActivity(ctx, actor, org.ID, got); err != nil {
			t.Fatal(err)
		}
		if got, _ = s.OutsideActivity(ctx, org.ID, a.ID); !got.Paid || got.Assessment != "allowed_with_conditions" {
			t.Fatalf("updated = %+v", got)
		}
		if err := s.AssessOutsideActivity(ctx, actor, org.ID, a.ID, "pending", "", &day); err != nil {
			t.Fatal(err)
		}
		if got, _ = s.OutsideActivity(ctx, org.ID, a.ID); got.AssessedOn != nil || got.AssessedBy != 0 {
			t.Fatalf("back to pending = %+v", got)
		}

		// An office holder's position is published with name and income.
		w := &domain.OutsideActivity{PersonID: kees.ID, Activity: "Voorzitter", Organisation: "Stichting Stadsfestival", Paid: true,
			IncomeEUR: &income, Status: "reported", ReportedOn: recDay(2025, 6, 1)}
		if err := s.CreateOutsideActivity(ctx, actor, org.ID, w); err != nil {
			t.Fatal(err)
		}
		reg, _ = s.OutsideRegister(ctx, org.ID)
		if len(reg) != 1 || reg[0].Name != "Kees de Wit" || reg[0].Office != "alderman" || reg[0].IncomeEUR == nil || *reg[0].IncomeEUR != 1200 {
			t.Fatalf("register = %+v", reg)
		}

		// Re-confirmation: the alderman's position is over 12 months old on
		// 2 June 2026, Eva's is not; confirming takes it off the list.
		clk.now = time.Date(2026, 6, 2, 9, 0, 0, 0, time.UTC)
		due, _ := s.OutsideToReconfirm(ctx, org.ID)
		if len(due) != 1 || due[0].ID != w.ID {
			t.Fatalf("to reconfirm = %v", due)
		}
		wantCode(t, s.ConfirmOutsideActivity(ctx, actor, org.ID, eva.ID, w.ID), domain.ENOTFOUND) // not Eva's
		if err := s.ConfirmOutsideActivity(ctx, actor, org.ID, kees.ID, w.ID); err != nil {
			t.Fatal(err)
		}
		if due, _ := s.OutsideToReconfirm(ctx, org.ID); len(due) != 0 {
			t.Fatalf("after confirming: %v", due)
		}

		// Filters and counts.
		for _, tc := range []struct {
			f    store.OutsideFilter
			want int
		}{
			{store.OutsideFilter{}, 2}, {store.OutsideFilter{Year: 2025}, 1}, {store.OutsideFilter{Year: 2026, Assessment: "pending"}, 1},
			{store.OutsideFilter{Published: "yes"}, 1}, {store.OutsideFilter{Published: "no"}, 1}, {store.OutsideFilter{PersonID: eva.ID}, 1},
		} {
			if list, _ := s.OutsideActivities(ctx, org.ID, tc.f); len(list) != tc.want {
				t.Errorf("filter %+v: %d, want %d", tc.f, len(list), tc.want)
			}
		}
		if list, _ := s.OutsideActivities(ctx, org.ID, store.OutsideFilter{Sort: "person"}); list[0].PersonName != "Eva Jansen" {
			t.Errorf("by person: %s first", list[0].PersonName)
		}
		c, err := s.OutsideActivityCounts(ctx, org.ID, 2026)
		if err != nil || c != (domain.OutsideCounts{Year: 2026, Reported: 1, Pending: 1}) {
			t.Fatalf("counts 2026 = %+v, %v", c, err)
		}
		if c, _ := s.OutsideActivityCounts(ctx, org.ID, 2025); c != (domain.OutsideCounts{Year: 2025, Reported: 1, Pending: 1, Published: 1}) {
			t.Fatalf("counts 2025 = %+v", c)
		}
		if byYear, _ := s.OutsideCountsByYear(ctx, org.ID); len(byYear) != 2 || byYear[0].Year != 2026 {
			t.Fatalf("by year = %+v", byYear)
		}

		// Delete. A person with registrations stays in the people register
		// (and so do the registrations); without them they can go.
		wantCode(t, s.DeleteOutsideActivity(ctx, actor, other.ID, a.ID), domain.ENOTFOUND)
		if err := s.DeleteOutsideActivity(ctx, actor, org.ID, a.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.DeletePerson(ctx, store.CLI, org.ID, kees.ID); err == nil {
			t.Fatal("a person with an outside activity was deleted")
		}
		if list, _ := s.OutsideActivities(ctx, org.ID, store.OutsideFilter{}); len(list) != 1 {
			t.Fatalf("left: %d", len(list))
		}
		if err := s.DeleteOutsideActivity(ctx, actor, org.ID, w.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.DeletePerson(ctx, store.CLI, org.ID, kees.ID); err != nil {
			t.Fatal(err)
		}
		actions := recAuditActions(t, s, org.ID)
		for _, act := range []string{"outside.create", "outside.update", "outside.assess", "outside.confirm", "outside.delete"} {
			if actions[act] == 0 {
				t.Errorf("no audit entry %s", act)
			}
		}
	})
}

// TestOutsideRegisterShowsExactlyThePublished builds every combination of
// position (none, not designated, designated, each political office, and
// political and designated), assessment and period (running, ended, holder
// left), and checks that the register holds exactly the entries the rule
// admits, each with the public fields only, and nothing of another
// organisation.
func TestOutsideRegisterShowsExactlyThePublished(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		clk := newClock(s)
		today := domain.Day(clk.now)
		org, other := mustOrg(t, s, "helmond"), mustOrg(t, s, "huizen")
		hr := mustUser(t, s, org, "pieter", domain.RoleHR)
		actor := store.UserActor(hr, "sess")
		type kind struct {
			name       string
			designated bool
			political  string
			none       bool // the person holds no position
		}
		kinds := []kind{{name: "none", none: true}, {name: "official"}, {name: "designated", designated: true},
			{name: "councillor", political: "councillor"}, {name: "alderman", political: "alderman"}, {name: "mayor", political: "mayor"},
			{name: "designated-mayor", designated: true, political: "mayor"}}
		periods := []string{"running", "ended", "left"}
		var want []domain.RegisterEntry
		n := 0
		for _, k := range kinds {
			for _, as := range domain.OutsideAssessments {
				for _, period := range periods {
					n++
					ref := fmt.Sprintf("P%03d", n)
					var pos *domain.Position
					if !k.none {
						pos = outsidePosition(t, s, org, "F"+ref, "Functie "+ref, k.designated, k.political)
					}
					person := outsidePerson(t, s, org, ref, "Persoon "+ref, pos)
					if period == "left" {
						left := today.AddDate(0, 0, -1)
						person.EndOn = &left
						if err := s.SavePerson(ctx, store.CLI, person); err != nil {
							t.Fatal(err)
						}
					}
					a := &domain.OutsideActivity{PersonID: person.ID, Activity: "Activiteit " + ref, Organisation: "Organisatie " + ref,
						Paid: n%2 == 0, HoursPerMonth: 7, Status: "reported", ReportedOn: today.AddDate(0, -2, 0), Assessment: as}
					if period == "ended" {
						end := today.AddDate(0, 0, -1)
						a.EndOn = &end
					}
					if k.political != "" && a.Paid {
						v := int64(100 * n)
						a.IncomeEUR = &v
					}
					if err := s.CreateOutsideActivity(ctx, actor, org.ID, a); err != nil {
						t.Fatalf("%s %s %s: %v", k.name, as, period, err)
					}
					if as != "pending" {
						day := today.AddDate(0, -1, 0)
						if err := s.AssessOutsideActivity(ctx, actor, org.ID, a.ID, as, "Redenen "+ref, &day); err != nil {
							t.Fatal(err)
						}
					}
					published := period == "running" && !k.none &&
						(k.political != "" || (k.designated && (as == "allowed" || as == "allowed_with_conditions")))
					if !published {
						continue
					}
					e := domain.RegisterEntry{PositionTitle: "Functie " + ref, Activity: "Activiteit " + ref, Organisation: "Organisatie " + ref, Paid: a.Paid}
					if k.political != "" {
						e.Office, e.Name, e.IncomeEUR = domain.PoliticalOffice(k.political), "Persoon "+ref, a.IncomeEUR
					}
					want = append(want, e)
				}
			}
		}
		// Another organisation's published entries never show.
		op := outsidePosition(t, s, other, "W", "Wethouder", false, "alderman")
		oa := &domain.OutsideActivity{PersonID: outsidePerson(t, s, other, "1", "Elders", op).ID, Activity: "Elders", Organisation: "Elders",
			Status: "reported", ReportedOn: today}
		if err := s.CreateOutsideActivity(ctx, store.CLI, other.ID, oa); err != nil {
			t.Fatal(err)
		}

		got, err := s.OutsideRegister(ctx, org.ID)
		if err != nil {
			t.Fatal(err)
		}
		key := func(e domain.RegisterEntry) string {
			inc := "-"
			if e.IncomeEUR != nil {
				inc = fmt.Sprint(*e.IncomeEUR)
			}
			return fmt.Sprintf("%s|%s|%s|%s|%s|%v|%s", e.Office, e.Name, e.PositionTitle, e.Activity, e.Organisation, e.Paid, inc)
		}
		var gotKeys, wantKeys []string
		for _, e := range got {
			gotKeys = append(gotKeys, key(e))
		}
		for _, e := range want {
			wantKeys = append(wantKeys, key(e))
		}
		slices.Sort(gotKeys)
		slices.Sort(wantKeys)
		if !slices.Equal(gotKeys, wantKeys) {
			t.Fatalf("register:\n got %q\nwant %q", gotKeys, wantKeys)
		}
		// 2 designated official assessments + 4 political kinds × 4 assessments.
		if len(got) != 2+4*4 {
			t.Fatalf("register has %d entries", len(got))
		}
		// Office holders first, mayors before aldermen before councillors.
		if got[0].Office != "mayor" || got[len(got)-1].Office != "" {
			t.Errorf("order: %+v … %+v", got[0], got[len(got)-1])
		}
		for _, e := range got {
			if e.Office == "" && (e.Name != "" || e.IncomeEUR != nil) {
				t.Errorf("an official's entry shows a name or income: %+v", e)
			}
		}
		// The list's published filter agrees with the register.
		list, _ := s.OutsideActivities(ctx, org.ID, store.OutsideFilter{Published: "yes"})
		if len(list) != len(got) {
			t.Errorf("published filter: %d, register %d", len(list), len(got))
		}
	})
}

func TestFinancialInterests(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		clk := newClock(s)
		org, other := mustOrg(t, s, "helmond"), mustOrg(t, s, "huizen")
		hr := mustUser(t, s, org, "pieter", domain.RoleHR)
		actor := store.UserActor(hr, "sess")
		designated := outsidePosition(t, s, org, "F-INK", "Inkoper", true, "")
		plain := outsidePosition(t, s, org, "F-ADM", "Administratief medewerker", false, "")
		eva := outsidePerson(t, s, org, "1", "Eva Jansen", designated)
		jan := outsidePerson(t, s, org, "2", "Jan Smit", plain)
		if people, _ := s.FinancialPeople(ctx, org.ID); len(people) != 1 || people[0].ID != eva.ID {
			t.Fatalf("financial people = %v", people)
		}

		f := &domain.FinancialInterest{PersonID: jan.ID, Kind: "shares", Description: "Aandelen in een bouwbedrijf",
			ReportedOn: domain.Day(clk.now), Assessment: "pending"}
		err := s.CreateFinancialInterest(ctx, actor, org.ID, f)
		if e := domain.AsError(err); e == nil || e.Field != "person" || e.Key != "financial.err_not_designated" {
			t.Fatalf("not designated: %v", err)
		}
		f.PersonID, f.Assessment = eva.ID, "conflict"
		if e := domain.AsError(s.CreateFinancialInterest(ctx, actor, org.ID, f)); e == nil || e.Field != "reasons" {
			t.Fatalf("conflict without reasons: %v", e)
		}
		wantCode(t, s.CreateFinancialInterest(ctx, actor, other.ID, f), domain.EINVALID) // Eva is not huizen's
		f.Assessment = "pending"
		if err := s.CreateFinancialInterest(ctx, actor, org.ID, f); err != nil {
			t.Fatal(err)
		}
		got, err := s.FinancialInterest(ctx, org.ID, f.ID)
		if err != nil || got.AssessedOn != nil || got.PersonName != "Eva Jansen" || got.PositionTitle != "Inkoper" {
			t.Fatalf("stored = %+v, %v", got, err)
		}
		_, err = s.FinancialInterest(ctx, other.ID, f.ID)
		wantCode(t, err, domain.ENOTFOUND)

		clk.Add(48 * time.Hour)
		got.Assessment, got.Reasons = "measures_taken", "Aandelen in beheer gegeven bij een trustkantoor."
		if err := s.UpdateFinancialInterest(ctx, actor, org.ID, got); err != nil {
			t.Fatal(err)
		}
		got, _ = s.FinancialInterest(ctx, org.ID, f.ID)
		if got.AssessedBy != hr.ID || got.AssessedOn == nil || !got.AssessedOn.Equal(domain.Day(clk.now)) {
			t.Fatalf("assessed = %+v", got)
		}
		for _, tc := range []struct {
			f    store.FinancialFilter
			want int
		}{
			{store.FinancialFilter{}, 1}, {store.FinancialFilter{Kind: "bonds"}, 0}, {store.FinancialFilter{Assessment: "measures_taken"}, 1},
			{store.FinancialFilter{Year: 2025}, 0}, {store.FinancialFilter{PersonID: eva.ID, Year: 2026}, 1},
		} {
			if list, _ := s.FinancialInterests(ctx, org.ID, tc.f); len(list) != tc.want {
				t.Errorf("filter %+v: %d, want %d", tc.f, len(list), tc.want)
			}
		}
		wantCode(t, s.DeleteFinancialInterest(ctx, actor, other.ID, f.ID), domain.ENOTFOUND)
		if err := s.DeleteFinancialInterest(ctx, actor, org.ID, f.ID); err != nil {
			t.Fatal(err)
		}
		actions := recAuditActions(t, s, org.ID)
		for _, act := range []string{"financial.create", "financial.update", "financial.delete"} {
			if actions[act] != 1 {
				t.Errorf("audit %s: %d", act, actions[act])
			}
		}
	})
}
