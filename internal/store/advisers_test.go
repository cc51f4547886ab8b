package store_test

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/seal"
	"github.com/integer-nl/integer/internal/store"
)

// mustAdviser makes a confidential adviser with a key pair and returns them
// with the keyring their login would give.
func mustAdviser(t *testing.T, s *store.Store, org *domain.Organisation, name, kind string) (*domain.User, store.Keyring) {
	t.Helper()
	ctx := context.Background()
	u := mustUser(t, s, org, name, domain.RoleAdviser)
	id, pub, err := seal.NewIdentity()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetUserKey(ctx, store.CLI, &store.UserKey{UserID: u.ID, Public: pub, WrappedPrivate: []byte("x"), Salt: []byte("s")}); err != nil {
		t.Fatal(err)
	}
	if kind != "" {
		if err := s.SetAdviserKind(ctx, store.UserActor(u, "s"), org.ID, u.ID, kind); err != nil {
			t.Fatal(err)
		}
	}
	return u, store.Keyring{UserID: u.ID, Identity: id}
}

func adviserDate(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestAdviserRecords(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newClock(s) // 2 March 2026
		org, other := mustOrg(t, s, "helmond"), mustOrg(t, s, "huizen")
		karim, kr := mustAdviser(t, s, org, "karim", "internal")
		marloes, mkr := mustAdviser(t, s, org, "marloes", "external")
		act := store.UserActor(karim, "sess")

		// A case with a note: the note is sealed to Karim alone.
		note := "Wil eerst zelf het gesprek aangaan " + canary
		c := &domain.AdviserCase{OpenedOn: adviserDate("2026-02-03"), IssueKinds: []string{"bullying", "financial", "bullying"},
			Relations: []string{"manager"}, Note: note}
		if err := s.CreateAdviserCase(ctx, act, org.ID, karim.ID, c); err != nil {
			t.Fatal(err)
		}
		if c.Ref != "VP-2026-001" || !c.HasNote {
			t.Fatalf("case = %+v", c)
		}
		got, err := s.AdviserCase(ctx, act, org.ID, karim.ID, c.ID, kr)
		if err != nil || got.Note != note || !cmp.Equal(got.IssueKinds, []string{"bullying", "financial"}) || got.FormalReport != "none" {
			t.Fatalf("case = %+v, %v", got, err)
		}
		var grants int
		s.DB().QueryRow(`SELECT COUNT(*) FROM record_grants WHERE kind = 'adviser_cases' AND record_id = $1`, c.ID).Scan(&grants)
		if grants != 1 {
			t.Errorf("the note's key is wrapped %d times, want once (the adviser only)", grants)
		}
		var sealed []byte
		s.DB().QueryRow(`SELECT note FROM adviser_cases WHERE id = $1`, c.ID).Scan(&sealed)
		if strings.Contains(string(sealed), canary) {
			t.Error("the note is stored in the clear")
		}
		// Marloes numbers her own cases and sees none of Karim's.
		m := &domain.AdviserCase{OpenedOn: adviserDate("2026-02-10")}
		if err := s.CreateAdviserCase(ctx, store.UserActor(marloes, "m"), org.ID, marloes.ID, m); err != nil || m.Ref != "VP-2026-001" {
			t.Fatalf("Marloes's case %+v, %v", m, err)
		}
		if _, err := s.AdviserCase(ctx, act, org.ID, marloes.ID, c.ID, mkr); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("another adviser's case: %v", err)
		}
		if _, err := s.AdviserCase(ctx, act, other.ID, karim.ID, c.ID, kr); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("a case through another organisation: %v", err)
		}
		if list, _ := s.AdviserCases(ctx, org.ID, marloes.ID, store.AdviserCaseFilter{}); len(list) != 1 || list[0].ID != m.ID {
			t.Fatalf("Marloes lists %+v", list)
		}

		// Contacts: one on the case, one opening a new case, one without.
		first := &domain.AdviserContact{On: adviserDate("2026-02-03"), Kind: "conversation", Minutes: 45, FirstContact: true, CaseID: c.ID}
		if err := s.RecordAdviserContact(ctx, act, org.ID, karim.ID, first, false); err != nil {
			t.Fatal(err)
		}
		again := &domain.AdviserContact{On: adviserDate("2026-02-20"), Kind: "guidance", Minutes: 90, FirstContact: true, CaseID: c.ID}
		err = s.RecordAdviserContact(ctx, act, org.ID, karim.ID, again, false)
		if e := domain.AsError(err); e == nil || e.Field != "first_contact" {
			t.Fatalf("a second first contact on a case: %v", err)
		}
		again.FirstContact = false
		if err := s.RecordAdviserContact(ctx, act, org.ID, karim.ID, again, false); err != nil {
			t.Fatal(err)
		}
		fresh := &domain.AdviserContact{On: adviserDate("2026-03-01"), Kind: "conversation", Minutes: 30, FirstContact: true}
		if err := s.RecordAdviserContact(ctx, act, org.ID, karim.ID, fresh, true); err != nil || fresh.CaseRef != "VP-2026-002" {
			t.Fatalf("contact with a new case: %+v, %v", fresh, err)
		}
		loose := &domain.AdviserContact{On: adviserDate("2026-03-02"), Kind: "conversation", Minutes: 15, FirstContact: true}
		if err := s.RecordAdviserContact(ctx, act, org.ID, karim.ID, loose, false); err != nil {
			t.Fatal(err)
		}
		// Marloes cannot put a contact on Karim's case.
		theirs := &domain.AdviserContact{On: adviserDate("2026-03-01"), Kind: "conversation", Minutes: 30, CaseID: c.ID}
		err = s.RecordAdviserContact(ctx, store.UserActor(marloes, "m"), org.ID, marloes.ID, theirs, false)
		if e := domain.AsError(err); e == nil || e.Field != "case" {
			t.Fatalf("contact on another adviser's case: %v", err)
		}
		// Bad input: nothing stored.
		for _, bad := range []domain.AdviserContact{
			{On: adviserDate("2026-03-03"), Kind: "conversation", Minutes: 30},
			{On: adviserDate("2026-03-01"), Kind: "chat", Minutes: 30},
			{On: adviserDate("2026-03-01"), Kind: "conversation"},
			{On: adviserDate("2026-03-01"), Kind: "conversation", Minutes: 25 * 60},
		} {
			if err := s.RecordAdviserContact(ctx, act, org.ID, karim.ID, &bad, false); domain.ErrorCode(err) != domain.EINVALID {
				t.Errorf("contact %+v: %v, want invalid", bad, err)
			}
		}
		contacts, err := s.AdviserContacts(ctx, org.ID, karim.ID, store.AdviserContactFilter{Year: 2026})
		if err != nil || len(contacts) != 4 {
			t.Fatalf("contacts = %d, %v", len(contacts), err)
		}
		onCase, _ := s.AdviserContacts(ctx, org.ID, karim.ID, store.AdviserContactFilter{CaseID: c.ID})
		if len(onCase) != 2 || onCase[0].CaseRef != "VP-2026-001" {
			t.Fatalf("contacts on the case = %+v", onCase)
		}
		if none, _ := s.AdviserContacts(ctx, org.ID, karim.ID, store.AdviserContactFilter{Year: 2025}); len(none) != 0 {
			t.Fatalf("contacts of 2025 = %+v", none)
		}
		if other, _ := s.AdviserContacts(ctx, org.ID, marloes.ID, store.AdviserContactFilter{}); len(other) != 0 {
			t.Fatalf("Marloes sees contacts %+v", other)
		}

		// Edit a contact; another adviser cannot.
		again.Minutes, again.Kind = 75, "conversation"
		if err := s.UpdateAdviserContact(ctx, act, org.ID, karim.ID, again); err != nil {
			t.Fatal(err)
		}
		if err := s.UpdateAdviserContact(ctx, act, org.ID, marloes.ID, again); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("another adviser edits a contact: %v", err)
		}
		if got, _ := s.AdviserContact(ctx, org.ID, karim.ID, again.ID); got.Minutes != 75 || got.Kind != "conversation" {
			t.Fatalf("edited contact = %+v", got)
		}

		// Close the case: only with what it was about.
		closed := adviserDate("2026-02-28")
		edit := &domain.AdviserCase{ID: c.ID, OpenedOn: c.OpenedOn, ClosedOn: &closed, FormalReport: "via_adviser",
			IssueKinds: []string{"bullying"}, Note: ""}
		if err := s.UpdateAdviserCase(ctx, act, org.ID, karim.ID, edit); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("closing without relations: %v", err)
		}
		edit.Relations = []string{"colleague", "manager"}
		if err := s.UpdateAdviserCase(ctx, act, org.ID, karim.ID, edit); err != nil {
			t.Fatal(err)
		}
		got, err = s.AdviserCase(ctx, act, org.ID, karim.ID, c.ID, store.Keyring{})
		if err != nil || got.HasNote || got.ClosedOn == nil || got.Contacts != 2 || got.Minutes != 120 {
			t.Fatalf("closed case = %+v, %v", got, err)
		}
		s.DB().QueryRow(`SELECT COUNT(*) FROM record_grants WHERE kind = 'adviser_cases' AND record_id = $1`, c.ID).Scan(&grants)
		if grants != 0 {
			t.Error("removing the note left its key behind")
		}
		if open, _ := s.AdviserCases(ctx, org.ID, karim.ID, store.AdviserCaseFilter{State: "open"}); len(open) != 1 || open[0].Ref != "VP-2026-002" {
			t.Fatalf("open cases = %+v", open)
		}
		if closedList, _ := s.AdviserCases(ctx, org.ID, karim.ID, store.AdviserCaseFilter{State: "closed", Year: 2026}); len(closedList) != 1 {
			t.Fatalf("closed cases = %+v", closedList)
		}

		// Delete: a case with contacts stays; contacts and activities go.
		if err := s.DeleteAdviserCase(ctx, act, org.ID, karim.ID, c.ID); domain.ErrorCode(err) != domain.ECONFLICT {
			t.Fatalf("deleting a case with contacts: %v", err)
		}
		if err := s.DeleteAdviserContact(ctx, act, org.ID, marloes.ID, first.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("another adviser deletes a contact: %v", err)
		}
		for _, id := range []int64{first.ID, again.ID} {
			if err := s.DeleteAdviserContact(ctx, act, org.ID, karim.ID, id); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.DeleteAdviserCase(ctx, act, org.ID, karim.ID, c.ID); err != nil {
			t.Fatal(err)
		}
		a := &domain.AdviserActivity{On: adviserDate("2026-01-15"), Kind: "training", Minutes: 360}
		if err := s.CreateAdviserActivity(ctx, act, org.ID, karim.ID, a); err != nil {
			t.Fatal(err)
		}
		a.Minutes = 240
		if err := s.UpdateAdviserActivity(ctx, act, org.ID, karim.ID, a); err != nil {
			t.Fatal(err)
		}
		if err := s.UpdateAdviserActivity(ctx, act, org.ID, marloes.ID, a); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("another adviser edits an activity: %v", err)
		}
		if err := s.CreateAdviserActivity(ctx, act, org.ID, karim.ID, &domain.AdviserActivity{On: adviserDate("2026-01-15"), Kind: "party"}); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("activity of an unknown kind: %v", err)
		}
		if list, _ := s.AdviserActivities(ctx, org.ID, karim.ID, 2026); len(list) != 1 || list[0].Minutes != 240 {
			t.Fatalf("activities = %+v", list)
		}
		if err := s.DeleteAdviserActivity(ctx, act, org.ID, marloes.ID, a.ID); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Fatalf("another adviser deletes an activity: %v", err)
		}

		// Karim's own figures: the loose first contact, the new case.
		f, err := s.AdviserOwnFigures(ctx, org.ID, karim.ID, 2026)
		if err != nil || f.FirstContacts != 2 || f.Cases != 1 || f.Contacts["conversation"].Count != 2 || f.ActivityHours["training"] != 4 {
			t.Fatalf("own figures = %+v, %v", f, err)
		}

		// Every change is in the audit log, and the note's read too.
		entries, err := s.AuditEntries(ctx, domain.AuditFilter{OrgID: org.ID, Action: "adviser.", Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]int{}
		for _, e := range entries {
			seen[e.Action]++
			if strings.Contains(e.Detail, canary) {
				t.Errorf("audit entry %s holds the note", e.Action)
			}
		}
		for action, n := range map[string]int{"adviser.profile": 2, "adviser.case_create": 3, "adviser.case_update": 1, "adviser.case_delete": 1,
			"adviser.contact_create": 4, "adviser.contact_update": 1, "adviser.contact_delete": 2, "adviser.note_read": 1,
			"adviser.activity_create": 1, "adviser.activity_update": 1} {
			if seen[action] != n {
				t.Errorf("audit has %d × %s, want %d", seen[action], action, n)
			}
		}
	})
}

func TestAdviserSettings(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		org := mustOrg(t, s, "helmond")
		ctrl := mustUser(t, s, org, "ctrl", domain.RoleController)
		if st, err := s.AdviserSettings(ctx, org.ID); err != nil || st != domain.DefaultAdviserSettings {
			t.Fatalf("default settings = %+v, %v", st, err)
		}
		err := s.SetAdviserSettings(ctx, store.UserActor(ctrl, "c"), org.ID, domain.AdviserSettings{MinCell: 1})
		if e := domain.AsError(err); e == nil || e.Field != "min_cell" {
			t.Fatalf("minimum 1: %v", err)
		}
		want := domain.AdviserSettings{PublishSmallNumbers: true, MinCell: 5}
		if err := s.SetAdviserSettings(ctx, store.UserActor(ctrl, "c"), org.ID, want); err != nil {
			t.Fatal(err)
		}
		if st, _ := s.AdviserSettings(ctx, org.ID); st != want {
			t.Fatalf("settings = %+v", st)
		}
		if entries, _ := s.AuditEntries(ctx, domain.AuditFilter{OrgID: org.ID, Action: "adviser.settings"}); len(entries) != 1 {
			t.Fatalf("audit: %+v", entries)
		}
		if err := s.SetAdviserKind(ctx, store.UserActor(ctrl, "c"), org.ID, ctrl.ID, "freelance"); domain.ErrorCode(err) != domain.EINVALID {
			t.Fatalf("unknown adviser kind: %v", err)
		}
	})
}

// helmondAdvisers are the advisers of the fixture and their kinds.
var helmondAdvisers = map[string]string{"VP intern A": "internal", "VP intern B": "internal", "VP extern": "external"}

// loadHelmondAdvisers enters the Helmond 2021 registers of the confidential
// advisers (testdata, a copy of shared/fixtures/helmond-2021) through the
// store, as the advisers would.
func loadHelmondAdvisers(t *testing.T, s *store.Store, org *domain.Organisation) {
	t.Helper()
	ctx := context.Background()
	users := map[string]*domain.User{}
	for name, kind := range helmondAdvisers {
		users[name], _ = mustAdviser(t, s, org, strings.ToLower(strings.ReplaceAll(name, " ", "-")), kind)
	}
	read := func(file string) []map[string]string {
		f, err := os.Open(filepath.Join("testdata", "advisers-helmond-2021", file))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		var out []map[string]string
		for _, r := range rows[1:] {
			m := map[string]string{}
			for i, h := range rows[0] {
				m[h] = r[i]
			}
			out = append(out, m)
		}
		return out
	}
	hours := func(s string) int {
		m, ok := domain.ParseHours(s)
		if !ok {
			t.Fatalf("hours %q", s)
		}
		return m
	}
	cases := map[string]int64{}
	for _, r := range read("adviser_cases.csv") {
		u := users[r["adviser"]]
		c := &domain.AdviserCase{OpenedOn: adviserDate(r["opened_on"]), IssueKinds: strings.Split(r["issue_kinds"], ";"),
			Relations: strings.Split(r["relations"], ";"), FormalReport: domain.AdviserFormalReport(r["formal_report"])}
		if r["closed_on"] != "" {
			closed := adviserDate(r["closed_on"])
			c.ClosedOn = &closed
		}
		if err := s.CreateAdviserCase(ctx, store.UserActor(u, ""), org.ID, u.ID, c); err != nil {
			t.Fatalf("case %s: %v", r["ref"], err)
		}
		cases[r["ref"]] = c.ID
	}
	for _, r := range read("adviser_contacts.csv") {
		u := users[r["adviser"]]
		c := &domain.AdviserContact{On: adviserDate(r["date"]), Kind: domain.AdviserContactKind(r["kind"]), Minutes: hours(r["hours"]),
			FirstContact: r["first_contact"] == "yes", CaseID: cases[r["case_ref"]]}
		if err := s.RecordAdviserContact(ctx, store.UserActor(u, ""), org.ID, u.ID, c, false); err != nil {
			t.Fatalf("contact %v: %v", r, err)
		}
	}
	for _, r := range read("adviser_activities.csv") {
		u := users[r["adviser"]]
		a := &domain.AdviserActivity{On: adviserDate(r["date"]), Kind: domain.AdviserActivityKind(r["kind"]), Minutes: hours(r["hours"])}
		if err := s.CreateAdviserActivity(ctx, store.UserActor(u, ""), org.ID, u.ID, a); err != nil {
			t.Fatalf("activity %v: %v", r, err)
		}
	}
}

// TestAdviserFiguresHelmond2021 enters Helmond's registers and expects the
// tables of its annual report 2021 (helmond-2021.expected.json,
// confidential_advisers.*).
func TestAdviserFiguresHelmond2021(t *testing.T) {
	forEachEngine(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		newClock(s)
		org, other := mustOrg(t, s, "helmond"), mustOrg(t, s, "huizen")
		loadHelmondAdvisers(t, s, org)
		f, err := s.AdviserFigures(ctx, org.ID, 2021)
		if err != nil {
			t.Fatal(err)
		}
		want := domain.NewAdviserFigures(2021)
		want.FirstContacts, want.Cases = 45, 21
		want.FirstContactsTrend = []domain.AdviserYearCount{{Year: 2021, Count: 45}}
		want.Contacts["conversation"] = domain.AdviserCountHours{Count: 41, Hours: 29}
		want.Contacts["guidance"] = domain.AdviserCountHours{Count: 16, Hours: 21}
		want.ActivityHours = map[string]float64{"consultation": 48, "training": 30, "information_meeting": 0, "awareness_event": 21}
		for k, n := range map[string]int{"bullying": 1, "sexual_harassment": 3, "other_conduct": 3, "labour_conflict_conduct": 16, "private_misconduct": 1} {
			want.IssueKinds[k] = n
		}
		want.Relations = map[string]int{"colleague": 6, "manager": 17, "external": 0}
		if diff := cmp.Diff(want, f); diff != "" {
			t.Fatalf("figures 2021 (-want +got):\n%s", diff)
		}
		if tot := f.ContactTotal(); tot.Count != 57 || tot.Hours != 50 || f.ActivityTotal() != 99 || f.FormalReportTotal() != 0 {
			t.Fatalf("totals %+v, %v, %d", tot, f.ActivityTotal(), f.FormalReportTotal())
		}

		// Per kind of adviser the figures add up to the whole.
		all, byKind, err := s.AdviserOverview(ctx, org.ID, 2021)
		if err != nil || !cmp.Equal(all, f) || len(byKind) != 2 {
			t.Fatalf("overview: %v, kinds %v", err, len(byKind))
		}
		in, ex := byKind["internal"], byKind["external"]
		if in.FirstContacts+ex.FirstContacts != 45 || in.Cases != 14 || ex.Cases != 7 ||
			in.IssueKinds["labour_conflict_conduct"]+ex.IssueKinds["labour_conflict_conduct"] != 16 ||
			in.ActivityHours["consultation"]+ex.ActivityHours["consultation"] != 48 {
			t.Fatalf("internal %+v\nexternal %+v", in, ex)
		}

		// The next year: the two cases opened in 2021 and closed in 2022 do
		// not count again; the trend shows 2021. Another organisation: nothing.
		f22, _ := s.AdviserFigures(ctx, org.ID, 2022)
		if f22.Cases != 0 || !cmp.Equal(f22.FirstContactsTrend, []domain.AdviserYearCount{{Year: 2021, Count: 45}, {Year: 2022}}) {
			t.Fatalf("2022 = %+v", f22)
		}
		if f, _ := s.AdviserFigures(ctx, other.ID, 2021); !f.Empty() || len(f.FirstContactsTrend) != 1 {
			t.Fatalf("another organisation's figures %+v", f)
		}
		if y, err := s.AdviserFirstYear(ctx, org.ID, 0); err != nil || y != 2021 {
			t.Fatalf("first year %d, %v", y, err)
		}
	})
}

func TestParseHours(t *testing.T) {
	for in, want := range map[string]int{"1,5": 90, "1.5": 90, "0,75": 45, "2": 120, " 1:30 ": 90, "0,5": 30, "1.25": 75} {
		if got, ok := domain.ParseHours(in); !ok || got != want {
			t.Errorf("ParseHours(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "abc", "-1", "1,234", "1e3", ",5", "1:75", "1,5,5", "1.", "+2"} {
		if got, ok := domain.ParseHours(in); ok {
			t.Errorf("ParseHours(%q) = %d, want refused", in, got)
		}
	}
	if got := domain.FormatHours(1.5, "nl"); got != "1,5" {
		t.Errorf("FormatHours(1.5, nl) = %q", got)
	}
	if got := domain.FormatHours(0.75, "en"); got != "0.75" {
		t.Errorf("FormatHours(0.75, en) = %q", got)
	}
}
