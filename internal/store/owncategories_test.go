package store_test

import (
	"context"
	"testing"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// TestDefect_OwnCategoriesFreeText: the organisation's own categories are a
// list (label, national type, order), not free text per allegation: a label
// that differs from another only in case or spaces is refused, an
// allegation names a category of the list (of its own organisation) and
// takes its national type, a category in use cannot be deleted, and
// changing a category's type moves its allegations with it.
func TestDefect_OwnCategoriesFreeText(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org, other := mustOrg(t, s, "eigenstad"), mustOrg(t, s, "anderstad")
		coord, kr := handler(t, s, org, "coord", "officials")
		actor := store.UserActor(coord, "sess")
		fraude := &domain.OwnCategory{Label: "  Fraude en   corruptie ", Category: domain.CategoryFinancial}
		geweld := &domain.OwnCategory{Label: "Geweld en intimidatie", Category: domain.CategoryUndesirableConduct}
		for _, c := range []*domain.OwnCategory{fraude, geweld} {
			if err := s.SaveOwnCategory(ctx, actor, org.ID, c); err != nil {
				t.Fatal(err)
			}
		}
		if fraude.Label != "Fraude en corruptie" || fraude.Position != 1 || geweld.Position != 2 {
			t.Errorf("saved: %+v %+v", fraude, geweld)
		}
		elsewhere := &domain.OwnCategory{Label: "Diefstal", Category: domain.CategoryMisuseOfResources}
		if err := s.SaveOwnCategory(ctx, actor, other.ID, elsewhere); err != nil {
			t.Fatal(err)
		}
		field := func(err error) string {
			if e := domain.AsError(err); e != nil && e.Code == domain.EINVALID {
				return e.Field
			}
			return "not refused: " + domain.ErrorCode(err)
		}
		if f := field(s.SaveOwnCategory(ctx, actor, org.ID, &domain.OwnCategory{Label: "fraude EN corruptie", Category: domain.CategoryFinancial})); f != "label" {
			t.Errorf("a near-duplicate label: %s, want refused at label", f)
		}
		if f := field(s.SaveOwnCategory(ctx, actor, org.ID, &domain.OwnCategory{Label: " ", Category: domain.CategoryFinancial})); f != "label" {
			t.Errorf("an empty label: %s", f)
		}
		if f := field(s.SaveOwnCategory(ctx, actor, org.ID, &domain.OwnCategory{Label: "Iets", Category: "fraud"})); f != "category" {
			t.Errorf("an unknown national type: %s", f)
		}
		if err := s.SaveOwnCategory(ctx, actor, other.ID, &domain.OwnCategory{ID: fraude.ID, Label: "Gekaapt", Category: domain.CategoryOther}); !domain.IsNotFound(err) {
			t.Errorf("changing another organisation's category: %v", err)
		}

		r, err := s.CreateReport(ctx, store.Reporter, org.ID, domain.NewReport{Channel: "officials", ReporterKind: "employee", Anonymous: true,
			Content: domain.ReportContent{What: "Declaraties"}}, receipt(t, s, org.ID, "1234567890123456"))
		if err != nil {
			t.Fatal(err)
		}
		if f := field(s.AddAllegation(ctx, actor, org.ID, r.ID, kr, "", elsewhere.ID)); f != "own_category" {
			t.Errorf("another organisation's category: %s", f)
		}
		if f := field(s.AddAllegation(ctx, actor, org.ID, r.ID, kr, domain.CategoryOther, fraude.ID)); f != "category" {
			t.Errorf("a national type that is not the own category's: %s", f)
		}
		if f := field(s.AddAllegation(ctx, actor, org.ID, r.ID, kr, "", 0)); f != "category" {
			t.Errorf("no category at all: %s", f)
		}
		if err := s.AddAllegation(ctx, actor, org.ID, r.ID, kr, "", fraude.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.AddAllegation(ctx, actor, org.ID, r.ID, kr, domain.CategoryFinancial, fraude.ID); err != nil {
			t.Fatal(err)
		}
		got, err := s.OpenReport(ctx, actor, org.ID, r.ID, kr)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Allegations) != 2 {
			t.Fatalf("refused allegations were stored: %+v", got.Allegations)
		}
		for _, a := range got.Allegations {
			if a.Category != domain.CategoryFinancial || a.OwnCategoryID != fraude.ID || a.OwnLabel != "Fraude en corruptie" {
				t.Errorf("allegation = %+v", a)
			}
		}

		if err := s.DeleteOwnCategory(ctx, actor, org.ID, fraude.ID); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Errorf("deleting a category in use: %v", err)
		}
		fraude.Category = domain.CategoryConflictOfInterest
		if err := s.SaveOwnCategory(ctx, actor, org.ID, fraude); err != nil {
			t.Fatal(err)
		}
		got, _ = s.OpenReport(ctx, actor, org.ID, r.ID, kr)
		if got.Allegations[0].Category != domain.CategoryConflictOfInterest {
			t.Errorf("the allegations did not follow their category's new type: %+v", got.Allegations[0])
		}
		if err := s.DeleteOwnCategory(ctx, actor, org.ID, geweld.ID); err != nil {
			t.Errorf("deleting an unused category: %v", err)
		}
		list, err := s.OwnCategories(ctx, org.ID)
		if err != nil || len(list) != 1 || list[0].Uses != 2 {
			t.Errorf("list = %+v, %v", list, err)
		}

		if v, err := s.ReportCategoryShows(ctx, org.ID); err != nil || v != domain.ShowBoth {
			t.Errorf("default shows = %q, %v", v, err)
		}
		if f := field(s.SetReportCategoryShows(ctx, actor, org.ID, "everything")); f != "shows" {
			t.Errorf("an unknown choice: %s", f)
		}
		if err := s.SetReportCategoryShows(ctx, actor, org.ID, domain.ShowOwn); err != nil {
			t.Fatal(err)
		}
		if v, _ := s.ReportCategoryShows(ctx, org.ID); v != domain.ShowOwn {
			t.Errorf("shows = %q", v)
		}
		if v, _ := s.ReportCategoryShows(ctx, other.ID); v != domain.ShowBoth {
			t.Errorf("another organisation's choice changed: %q", v)
		}
	})
}
