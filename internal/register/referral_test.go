package register

import (
	"context"
	"strings"
	"testing"

	"github.com/integer-nl/integer/internal/i18n"
	"github.com/integer-nl/integer/internal/store"
)

// TestDefect_ImportReferredWithoutBody: an allegation with the outcome
// "referred" names the body, in allegations.csv's referred_to or on the
// report in reports.csv; without either the import is refused with a clear
// Dutch message and stores nothing; the allegation's body becomes the
// report's; a different body than the report's is refused.
func TestDefect_ImportReferredWithoutBody(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "verwijsstad")
		empty := tables(t, s, org.ID)
		reports := "ref,received_on,referred_to\nV-1,2024-03-01,\nV-2,2024-04-01,police\n"
		_, err := Import(ctx, s, store.CLI, org.ID, map[string][]byte{
			ReportsFile:     []byte(reports),
			AllegationsFile: []byte("report_ref,category,outcome\nV-1,information_misuse,referred\nV-2,financial,referred\n"),
		})
		if got := problemsOf(t, err); got != "allegations.csv:002/referred_to err.import_referred_without_body" {
			t.Fatalf("problems: %s", got)
		}
		msg := err.(*Problems).List[0].Text(i18n.MustLoad(), "nl")
		if !strings.Contains(msg, "Doorverwezen") || !strings.Contains(msg, "V-1") {
			t.Errorf("the message is not clear Dutch: %q", msg)
		}
		if got := tables(t, s, org.ID); !equal(got, empty) {
			t.Errorf("stored %v", got)
		}
		_, err = Import(ctx, s, store.CLI, org.ID, map[string][]byte{
			ReportsFile:     []byte(reports),
			AllegationsFile: []byte("report_ref,category,outcome,referred_to\nV-1,information_misuse,referred,data_protection_officer\nV-2,financial,referred,whistleblowers_authority\n"),
		})
		if got := problemsOf(t, err); got != "allegations.csv:003/referred_to err.import_referral_conflict" {
			t.Fatalf("problems: %s", got)
		}
		if _, err := Import(ctx, s, store.CLI, org.ID, map[string][]byte{
			ReportsFile:     []byte(reports),
			AllegationsFile: []byte("report_ref,category,outcome,referred_to\nV-1,information_misuse,referred,data_protection_officer\nV-2,financial,referred,\n"),
		}); err != nil {
			t.Fatal(err)
		}
		var to string
		if err := s.DB().QueryRowContext(ctx, `SELECT referred_to FROM reports WHERE import_ref = 'V-1'`).Scan(&to); err != nil || to != "data_protection_officer" {
			t.Errorf("V-1 referred_to = %q, %v", to, err)
		}
	})
}
