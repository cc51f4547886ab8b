package store_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/seal"
	"github.com/integer-nl/integer/internal/store"
)

// handler makes a coordinator with a key pair who handles the channel, and
// returns their keyring.
func handler(t *testing.T, s *store.Store, org *domain.Organisation, name, channel string) (*domain.User, store.Keyring) {
	t.Helper()
	ctx := context.Background()
	u := mustUser(t, s, org, name, domain.RoleCoordinator)
	id, pub, err := seal.NewIdentity()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetUserKey(ctx, store.CLI, &store.UserKey{UserID: u.ID, Public: pub, WrappedPrivate: []byte("x"), Salt: []byte("s")}); err != nil {
		t.Fatal(err)
	}
	ch, err := s.ChannelByCode(ctx, org.ID, channel)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetChannelHandlers(ctx, store.CLI, org.ID, ch.ID, append(ch.Handlers, u.ID)); err != nil {
		t.Fatal(err)
	}
	return u, store.Keyring{UserID: u.ID, Identity: id}
}

func receipt(t *testing.T, s *store.Store, orgID int64, code string) store.Receipt {
	t.Helper()
	keys, err := s.OrgKeys(context.Background(), orgID)
	if err != nil {
		t.Fatal(err)
	}
	lookup, mailbox := seal.ReceiptKeys(auth.TestParams, code, keys.ReceiptSalt)
	return store.Receipt{Lookup: lookup, Mailbox: mailbox}
}

const canary = "CANARY-7f3a9c-geheim"

func TestReportLifecycle(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "helmond")
		coord, kr := handler(t, s, org, "coord", "officials")
		_, mayorKR := handler(t, s, org, "mayor", "office_holders")
		actor := store.UserActor(coord, "sess")
		rc := receipt(t, s, org.ID, "1234567890123456")
		r, err := s.CreateReport(ctx, store.Reporter, org.ID, domain.NewReport{
			Channel: "officials", ReporterKind: "employee", Whistleblower: true,
			Content:  domain.ReportContent{What: "Fraude met declaraties " + canary, Who: "afdeling X"},
			Identity: domain.ReporterIdentity{Name: "Jan " + canary, Contact: "06-12345678"},
		}, rc, store.File{Name: "foto-" + canary + ".jpg", Content: []byte("JPEG " + canary)})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(r.Number, "-0001") || r.State != domain.StateReceived || !r.HasIdentity {
			t.Fatalf("report = %+v", r)
		}
		// The mayor's channel does not see it; neither can anyone without a grant.
		if _, err := s.OpenReport(ctx, actor, org.ID, r.ID, mayorKR); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("other channel's handler: %v", err)
		}
		got, err := s.OpenReport(ctx, actor, org.ID, r.ID, kr)
		if err != nil || !strings.Contains(got.Content.What, canary) || got.Identity != nil {
			t.Fatalf("open = %+v, %v (identity must stay hidden)", got, err)
		}
		// No outcome before acknowledgement.
		fraude := &domain.OwnCategory{Label: "Fraude", Category: "financial"}
		if err := s.SaveOwnCategory(ctx, actor, org.ID, fraude); err != nil {
			t.Fatal(err)
		}
		if err := s.AddAllegation(ctx, actor, org.ID, r.ID, kr, "", fraude.ID); err != nil {
			t.Fatal(err)
		}
		got, _ = s.OpenReport(ctx, actor, org.ID, r.ID, kr)
		aID := got.Allegations[0].ID
		if err := s.SetOutcome(ctx, actor, org.ID, r.ID, aID, kr, "substantiated", ""); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("outcome before acknowledgement: %v", err)
		}
		if err := s.Acknowledge(ctx, actor, org.ID, r.ID, kr, "Uw melding is ontvangen."); err != nil {
			t.Fatal(err)
		}
		if err := s.AddAllegation(ctx, actor, org.ID, r.ID, kr, "undesirable_conduct", 0); err != nil {
			t.Fatal(err)
		}
		if err := s.CloseReport(ctx, actor, org.ID, r.ID, kr, "Afgerond."); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("close with open allegations: %v", err)
		}
		// The reporter reads and answers in the mailbox.
		mb, err := s.OpenMailbox(ctx, org.ID, rc)
		if err != nil || len(mb.Messages) != 1 || mb.Messages[0].Body != "Uw melding is ontvangen." {
			t.Fatalf("mailbox = %+v, %v", mb, err)
		}
		if _, err := s.ReporterMessage(ctx, org.ID, rc, "Aanvulling "+canary, []store.File{{Name: "bewijs-" + canary + ".pdf", Content: []byte("%PDF " + canary)}}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.OpenMailbox(ctx, org.ID, receipt(t, s, org.ID, "1234567890123457")); domain.ErrorCode(err) != domain.EUNAUTHORIZED {
			t.Fatalf("wrong receipt: %v", err)
		}
		opened, err := s.OpenReport(ctx, actor, org.ID, r.ID, kr)
		if err != nil {
			t.Fatal(err)
		}
		msgs, atts := opened.Messages, opened.Attachments
		if len(msgs) != 2 || len(atts) != 2 || !strings.Contains(atts[1].Name, canary) {
			t.Fatalf("handler messages = %d, attachments %+v, %v", len(msgs), atts, err)
		}
		a, err := s.AttachmentFor(ctx, actor, org.ID, r.ID, atts[1].ID, kr)
		if err != nil || !bytes.Contains(a.Content, []byte(canary)) {
			t.Fatalf("attachment: %v", err)
		}
		got, _ = s.OpenReport(ctx, actor, org.ID, r.ID, kr)
		for _, al := range got.Allegations {
			outcome := map[string]string{"financial": "substantiated", "undesirable_conduct": "unsubstantiated"}[string(al.Category)]
			if err := s.SetOutcome(ctx, actor, org.ID, r.ID, al.ID, kr, domain.Outcome(outcome), "toelichting "+canary); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.AddMeasure(ctx, actor, org.ID, r.ID, kr, "reprimand", ""); err != nil {
			t.Fatal(err)
		}
		if err := s.SetInvestigation(ctx, actor, org.ID, r.ID, kr, "external", "Bureau Onderzoek BV"); err != nil {
			t.Fatal(err)
		}
		// Closing needs the feedback first, and is not the feedback itself.
		if err := s.CloseReport(ctx, actor, org.ID, r.ID, kr, "Uw melding is afgehandeld."); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("close before the feedback: %v", err)
		}
		if _, err := s.AddMessage(ctx, actor, org.ID, r.ID, kr, domain.KindFeedback, "Uw melding is onderzocht."); err != nil {
			t.Fatal(err)
		}
		if err := s.CloseReport(ctx, actor, org.ID, r.ID, kr, "Uw melding is afgehandeld."); err != nil {
			t.Fatal(err)
		}
		mb, _ = s.OpenMailbox(ctx, org.ID, rc)
		if mb.Report.State != domain.StateClosed || mb.Messages[len(mb.Messages)-1].Body != "Uw melding is afgehandeld." ||
			mb.Report.Content.Investigator != "" {
			t.Fatalf("closed mailbox = %+v", mb.Report)
		}
		if _, err := s.ReporterMessage(ctx, org.ID, rc, "nog iets", nil); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("message on a closed report: %v", err)
		}
		assertNoCanary(t, s)
	})
}

// assertNoCanary checks the SQLite files, or a dump of every PostgreSQL
// table, for the canary.
func assertNoCanary(t *testing.T, s *store.Store) {
	t.Helper()
	if s.Engine() == store.SQLite {
		dir := filepath.Dir(sqlitePath(t, s))
		files, _ := filepath.Glob(filepath.Join(dir, "*"))
		for _, f := range files {
			b, _ := os.ReadFile(f)
			if bytes.Contains(b, []byte(canary)) {
				t.Errorf("%s contains the canary", filepath.Base(f))
			}
		}
		return
	}
	rows, err := s.DB().Query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	for _, tbl := range tables {
		var hits int
		if err := s.DB().QueryRow(fmt.Sprintf(`SELECT COUNT(*) FROM %q t WHERE position($1 in t::text) > 0 OR position($2 in encode(convert_to(t::text, 'UTF8'), 'escape')) > 0`, tbl),
			canary, canary).Scan(&hits); err != nil {
			t.Fatal(err)
		}
		if hits > 0 {
			t.Errorf("table %s contains the canary", tbl)
		}
	}
}

func sqlitePath(t *testing.T, s *store.Store) string {
	var seq int
	var name, file string
	if err := s.DB().QueryRow(`PRAGMA database_list`).Scan(&seq, &name, &file); err != nil {
		t.Fatal(err)
	}
	return file
}

func TestConcurrentSubmissionsAllSucceed(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "helmond")
		handler(t, s, org, "coord", "officials")
		var wg sync.WaitGroup
		errs := make(chan error, 20)
		numbers := make(chan string, 20)
		for i := range 20 {
			wg.Go(func() {
				rc := receipt(t, s, org.ID, fmt.Sprintf("%016d", i))
				r, err := s.CreateReport(ctx, store.Reporter, org.ID, domain.NewReport{Channel: "officials", Anonymous: true,
					Content: domain.ReportContent{What: "melding"}}, rc)
				if err != nil {
					errs <- err
					return
				}
				numbers <- r.Number
			})
		}
		wg.Wait()
		close(errs)
		close(numbers)
		for err := range errs {
			t.Error(err)
		}
		seen := map[string]bool{}
		for n := range numbers {
			if seen[n] {
				t.Errorf("number %s given twice", n)
			}
			seen[n] = true
		}
		if len(seen) != 20 {
			t.Errorf("%d reports, want 20", len(seen))
		}
	})
}

// TestReportNumberYear: a report's number carries the year of the day it was
// received in Amsterdam, the year the annual report counts it in; 23:30 UTC on
// 31 December is already the new year there.
func TestReportNumberYear(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "helmond")
		handler(t, s, org, "coord", "officials")
		for i, c := range []struct {
			received time.Time
			want     string
		}{
			{time.Date(2026, 12, 31, 22, 59, 0, 0, time.UTC), "2026-"},
			{time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC), "2027-"},
			{time.Date(2027, 6, 30, 21, 59, 0, 0, time.UTC), "2027-"},
		} {
			rc := receipt(t, s, org.ID, fmt.Sprintf("%016d", i))
			r, err := s.CreateReport(ctx, store.Reporter, org.ID, domain.NewReport{Channel: "officials", Anonymous: true,
				ReceivedAt: c.received, Content: domain.ReportContent{What: "melding"}}, rc)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(r.Number, c.want) {
				t.Errorf("received %s: number %s, want %s…", c.received, r.Number, c.want)
			}
		}
	})
}

func TestRecoveryAndIdentityDisclosure(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "helmond")
		orgID, orgPub, _ := seal.NewIdentity()
		custodian := mustUser(t, s, org, "bewaarder", domain.RoleCustodian)
		cActor := store.UserActor(custodian, "c")
		if err := s.SetRecoveryKey(ctx, cActor, org.ID, orgPub); err != nil {
			t.Fatal(err)
		}
		if err := s.SetRecoveryKey(ctx, cActor, org.ID, orgPub); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("second recovery key: %v", err)
		}
		a, krA := handler(t, s, org, "aa", "officials")
		r, err := s.CreateReport(ctx, store.Reporter, org.ID, domain.NewReport{Channel: "officials",
			Content: domain.ReportContent{What: "melding"}, Identity: domain.ReporterIdentity{Name: "Piet"}}, receipt(t, s, org.ID, "1111222233334444"))
		if err != nil {
			t.Fatal(err)
		}
		b, krB := handler(t, s, org, "bb", "officials") // joins after the report came in
		if _, err := s.OpenReport(ctx, store.UserActor(b, "b"), org.ID, r.ID, krB); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Fatalf("new handler before recovery: %v", err)
		}
		if _, err := s.RecoverAccess(ctx, cActor, org.ID, orgID, custodian.ID); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Fatalf("custodian aiming recovery at themselves: %v", err)
		}
		wrongID, _, _ := seal.NewIdentity()
		if _, err := s.RecoverAccess(ctx, cActor, org.ID, wrongID, b.ID); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("wrong recovery key: %v", err)
		}
		n, err := s.RecoverAccess(ctx, cActor, org.ID, orgID, b.ID)
		if err != nil || n.Restored != 1 {
			t.Fatalf("recovery: %d, %v", n, err)
		}
		if _, err := s.OpenReport(ctx, store.UserActor(b, "b"), org.ID, r.ID, krB); err != nil {
			t.Fatalf("handler b after recovery: %v", err)
		}
		// Identity: requested by a, decided by the custodian (not by a).
		aActor := store.UserActor(a, "a")
		if err := s.RequestIdentity(ctx, aActor, org.ID, r.ID, krA, "aangifte bij de politie", "legal_duty"); err != nil {
			t.Fatal(err)
		}
		reqs, _ := s.IdentityRequests(ctx, org.ID)
		if len(reqs) != 1 || reqs[0].Status != "pending" {
			t.Fatalf("requests = %+v", reqs)
		}
		if err := s.DecideIdentity(ctx, aActor, org.ID, reqs[0].ID, true, ""); domain.ErrorCode(err) != domain.EFORBIDDEN {
			t.Fatalf("requester deciding: %v", err)
		}
		if err := s.DecideIdentity(ctx, cActor, org.ID, reqs[0].ID, true, ""); err != nil {
			t.Fatal(err)
		}
		got, _ := s.OpenReport(ctx, aActor, org.ID, r.ID, krA)
		if got.Identity == nil || got.Identity.Name != "Piet" {
			t.Fatalf("identity after approval = %+v", got.Identity)
		}
		if got, _ := s.OpenReport(ctx, store.UserActor(b, "b"), org.ID, r.ID, krB); got.Identity != nil {
			t.Fatal("identity shown to a handler without an approved request")
		}
		mb, _ := s.OpenMailbox(ctx, org.ID, receipt(t, s, org.ID, "1111222233334444"))
		if len(mb.Disclosures) != 1 || mb.Disclosures[0].Requester != "aa" {
			t.Fatalf("mailbox disclosures = %+v", mb.Disclosures)
		}
		entries, _ := s.AuditEntries(ctx, domain.AuditFilter{OrgID: org.ID, Action: "report.access_recovered"})
		if len(entries) != 1 {
			t.Errorf("recovery audited %d times, want 1", len(entries))
		}
	})
}
