package cli

import (
	"bytes"
	"context"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/dbtest"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/meldpunt"
	"github.com/integer-nl/integer/internal/store"
	"github.com/integer-nl/integer/internal/throttle"
)

func TestBackupRestoreSQLite(t *testing.T) {
	src, dst := t.TempDir(), filepath.Join(t.TempDir(), "restored")
	backupRoundTrip(t, map[string]string{"INTEGER_DATA": src}, map[string]string{"INTEGER_DATA": dst},
		filepath.Join(src, "integer.db"), filepath.Join(dst, "integer.db"))
}

func TestBackupRestorePostgres(t *testing.T) {
	// The backup of a PostgreSQL database runs the client programs; a
	// machine may reach a server (INTEGER_TEST_POSTGRES) without them.
	for _, prog := range []string{"pg_dump", "pg_restore"} {
		if _, err := exec.LookPath(prog); err != nil {
			dbtest.SkipOrFail(t, "the PostgreSQL backup test needs %s (Debian: apt-get install postgresql-client); skipping", prog)
			return
		}
	}
	src, dst := dbtest.PostgresURL(t), dbtest.PostgresURL(t)
	backupRoundTrip(t, map[string]string{"INTEGER_DATABASE": src}, map[string]string{"INTEGER_DATABASE": dst}, src, dst)
}

// backupRoundTrip seeds the demo into the source database, backs it up with
// `integer backup` while it is open, restores it with `integer restore`
// into an empty target and checks that the target has the same rows in
// every table, that the audit chain verifies with the installation's key,
// and that the demo report's mailbox opens with its receipt code. The
// backup is encrypted: it holds no clear text of the database.
func backupRoundTrip(t *testing.T, srcVars, dstVars map[string]string, srcDSN, dstDSN string) {
	ctx := context.Background()
	keyFile := filepath.Join(t.TempDir(), "audit.key")
	s, err := store.Open(ctx, srcDSN)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close() // open during the backup, as a running server's
	if err := s.UseAuditKey(ctx, keyFile); err != nil {
		t.Fatal(err)
	}
	if _, err := SeedDemo(ctx, s, auth.TestParams); err != nil {
		t.Fatal(err)
	}
	want := tableCounts(t, s)

	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	idFile := filepath.Join(dir, "backup.key")
	os.WriteFile(idFile, []byte(id.String()+"\n"), 0o600)
	out := filepath.Join(dir, "integer.backup")
	srcVars["INTEGER_BACKUP_RECIPIENTS"] = id.Recipient().String()
	if r := run(t, srcVars, "backup", "-o", out); r.code != 0 {
		t.Fatalf("backup: exit %d: %s", r.code, r.stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("age-encryption.org/v1")) {
		t.Fatalf("backup is not an age file: %q", b[:min(len(b), 40)])
	}
	for _, clear := range []string{"SQLite format", "PGDMP", "manifest.json", "audit_log", domain.DemoSlug + "\x00"} {
		if bytes.Contains(b, []byte(clear)) {
			t.Errorf("backup holds %q in the clear", clear)
		}
	}
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o600 {
		t.Errorf("backup file mode %v, want 0600", fi.Mode().Perm())
	}

	// Without the right key: refused, nothing restored.
	other, _ := age.GenerateX25519Identity()
	otherFile := filepath.Join(dir, "other.key")
	os.WriteFile(otherFile, []byte(other.String()+"\n"), 0o600)
	if r := run(t, dstVars, "restore", "--identity", otherFile, out); r.code == 0 {
		t.Fatal("restore with another key succeeded")
	}

	dstVars["INTEGER_AUDIT_KEY_FILE"] = keyFile
	if r := run(t, dstVars, "restore", "--identity", idFile, out); r.code != 0 {
		t.Fatalf("restore: exit %d: %s %s", r.code, r.stdout, r.stderr)
	}
	// Into a database that is no longer empty: refused.
	if r := run(t, dstVars, "restore", "--identity", idFile, out); r.code == 0 || !strings.Contains(r.stderr, "empty") {
		t.Errorf("restore over a restored database: exit %d: %s", r.code, r.stderr)
	}

	d, err := store.Open(ctx, dstDSN)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if got := tableCounts(t, d); !equalCounts(got, want) {
		t.Errorf("rows after restore:\n got %v\nwant %v", got, want)
	}
	if err := d.LoadAuditKey(ctx, keyFile); err != nil {
		t.Fatal(err)
	}
	n, brk, err := d.VerifyAudit(ctx)
	if err != nil || brk != nil || n == 0 {
		t.Fatalf("audit chain after restore: %d entries, break %+v, %v", n, brk, err)
	}
	if r := run(t, dstVars, "audit", "verify"); r.code != 0 {
		t.Errorf("integer audit verify after restore: exit %d: %s %s", r.code, r.stdout, r.stderr)
	}
	org, err := d.OrganisationBySlug(ctx, domain.DemoSlug)
	if err != nil {
		t.Fatal(err)
	}
	mp := meldpunt.New(d, meldpunt.Options{Params: auth.TestParams})
	client := throttle.NewKeyer().Client(netip.MustParseAddr("192.0.2.1"))
	if _, mb, err := mp.OpenMailbox(ctx, org, client, DemoReceipt); err != nil || mb == nil {
		t.Fatalf("the demo report's mailbox after restore: %v", err)
	}
}

// tableCounts counts the rows of every table of the store's database.
func tableCounts(t *testing.T, s *store.Store) map[string]int {
	t.Helper()
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`
	if s.Engine() == store.Postgres {
		q = `SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema()`
	}
	rows, err := s.DB().Query(q)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		names = append(names, n)
	}
	rows.Close()
	out := map[string]int{}
	for _, n := range names {
		var c int
		if err := s.DB().QueryRow(`SELECT count(*) FROM "` + n + `"`).Scan(&c); err != nil {
			t.Fatal(err)
		}
		out[n] = c
	}
	if out["reports"] == 0 || out["audit_log"] == 0 {
		t.Fatalf("no reports or audit entries to back up: %v", out)
	}
	return out
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
