// Package backup makes an encrypted, consistent copy of an installation's
// database and brings it back: `integer backup -o FILE` and
// `integer restore FILE`.
//
// A backup is an age file (filippo.io/age, to the installation's backup
// recipients) holding a tar archive of two entries: manifest.json (format,
// engine, schema version, time) and the database: integer.db, an online
// consistent copy of the SQLite file (VACUUM INTO, which reads one
// snapshot while the server keeps writing), or integer.pgdump, pg_dump's
// custom format (one transaction's snapshot). The audit key file is never
// in it: it lives beside the configuration and is backed up apart, so a
// stolen backup cannot rewrite the audit chain unseen (docs/deploy.md).
package backup

import (
	"archive/tar"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"filippo.io/age"

	"github.com/integer-nl/integer/internal/store"
)

// Format names the archive layout; Restore refuses any other.
const Format = "integer-backup-1"

// Manifest describes a backup.
type Manifest struct {
	Format  string       `json:"format"`
	Engine  store.Engine `json:"engine"`
	Schema  int64        `json:"schema_version"`
	Created time.Time    `json:"created"`
}

const (
	manifestName = "manifest.json"
	sqliteName   = "integer.db"
	pgName       = "integer.pgdump"
)

// ErrNoPgDump is returned when PostgreSQL must be backed up or restored and
// pg_dump or pg_restore is not installed.
var ErrNoPgDump = errors.New("backup: pg_dump and pg_restore (the PostgreSQL client programs, package postgresql-client) are needed for a PostgreSQL database and were not found in PATH")

// ParseRecipients reads age recipients (age1…), each a value or a line of
// a file named by a value starting with @ or a path to an existing file.
func ParseRecipients(values []string) ([]age.Recipient, error) {
	var out []age.Recipient
	for _, v := range values {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		if strings.HasPrefix(v, "age1") {
			r, err := age.ParseX25519Recipient(v)
			if err != nil {
				return nil, fmt.Errorf("backup: recipient %q: %w", v, err)
			}
			out = append(out, r)
			continue
		}
		f, err := os.Open(strings.TrimPrefix(v, "@"))
		if err != nil {
			return nil, fmt.Errorf("backup: recipient %q is neither an age1… key nor a readable file: %w", v, err)
		}
		rs, err := age.ParseRecipients(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("backup: recipients file %q: %w", v, err)
		}
		out = append(out, rs...)
	}
	if len(out) == 0 {
		return nil, errors.New("backup: no backup recipient: set backup_recipients (an age public key, age1…) or pass --recipient")
	}
	return out, nil
}

// Write writes an encrypted backup of the store's database to w. tmpDir
// holds the unencrypted copy while it is archived (mode 0600, removed
// before Write returns): put it on the same protected disk as the data.
func Write(ctx context.Context, s *store.Store, dsn string, w io.Writer, recipients []age.Recipient, tmpDir string) (*Manifest, error) {
	current, _, err := s.MigrationStatus(ctx)
	if err != nil {
		return nil, err
	}
	m := &Manifest{Format: Format, Engine: s.Engine(), Schema: current, Created: time.Now().UTC().Truncate(time.Second)}
	dir, err := os.MkdirTemp(tmpDir, "integer-backup-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	copyPath, name := filepath.Join(dir, "copy"), sqliteName
	switch s.Engine() {
	case store.SQLite:
		// One read transaction's snapshot, written as a compact database.
		if _, err := s.DB().ExecContext(ctx, "VACUUM INTO $1", copyPath); err != nil {
			return nil, fmt.Errorf("backup: copy the SQLite database: %w", err)
		}
	case store.Postgres:
		name = pgName
		bin, err := exec.LookPath("pg_dump")
		if err != nil {
			return nil, ErrNoPgDump
		}
		cmd := exec.CommandContext(ctx, bin, "--format=custom", "--no-owner", "--no-privileges", "--file="+copyPath, "--dbname="+dsn)
		if out, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("backup: pg_dump: %w: %s", err, strings.TrimSpace(string(out)))
		}
	default:
		return nil, fmt.Errorf("backup: engine %q", s.Engine())
	}
	enc, err := age.Encrypt(w, recipients...)
	if err != nil {
		return nil, err
	}
	tw := tar.NewWriter(enc)
	manifest, _ := json.MarshalIndent(m, "", "  ")
	if err := addBytes(tw, manifestName, manifest, m.Created); err != nil {
		return nil, err
	}
	if err := addFile(tw, name, copyPath, m.Created); err != nil {
		return nil, err
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return m, nil
}

func addBytes(tw *tar.Writer, name string, b []byte, at time.Time) error {
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: int64(len(b)), ModTime: at, Typeflag: tar.TypeReg}); err != nil {
		return err
	}
	_, err := tw.Write(b)
	return err
}

func addFile(tw *tar.Writer, name, path string, at time.Time) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: fi.Size(), ModTime: at, Typeflag: tar.TypeReg}); err != nil {
		return err
	}
	_, err = io.Copy(tw, f)
	return err
}

// Restore decrypts the backup r with the identities and brings it into
// the database named by dsn, which must be empty: for SQLite, no database
// file yet (the data directory is created); for PostgreSQL, a database
// without tables. A SQLite backup restores only into SQLite and a
// PostgreSQL one only into PostgreSQL.
func Restore(ctx context.Context, r io.Reader, identities []age.Identity, dsn string, tmpDir string) (*Manifest, error) {
	dec, err := age.Decrypt(r, identities...)
	if err != nil {
		return nil, fmt.Errorf("backup: decrypt: %w", err)
	}
	tr := tar.NewReader(dec)
	hdr, err := tr.Next()
	if err != nil || hdr.Name != manifestName || hdr.Size > 1<<16 {
		return nil, errors.New("backup: not an Integer backup (no manifest first)")
	}
	var m Manifest
	if err := json.NewDecoder(io.LimitReader(tr, 1<<16)).Decode(&m); err != nil || m.Format != Format {
		return nil, fmt.Errorf("backup: not an Integer backup of format %s", Format)
	}
	if hdr, err = tr.Next(); err != nil {
		return nil, fmt.Errorf("backup: the database is missing: %w", err)
	}
	postgres := strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
	switch {
	case m.Engine == store.SQLite && hdr.Name == sqliteName && !postgres:
		return &m, restoreSQLite(tr, strings.TrimPrefix(dsn, "sqlite:"))
	case m.Engine == store.Postgres && hdr.Name == pgName && postgres:
		return &m, restorePostgres(ctx, tr, dsn, tmpDir)
	default:
		return nil, fmt.Errorf("backup: a %s backup cannot be restored into this database (%s); restore it into the same engine", m.Engine, map[bool]string{true: "PostgreSQL", false: "SQLite"}[postgres])
	}
}

// restoreSQLite writes the database file, refusing to overwrite one.
func restoreSQLite(r io.Reader, path string) error {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if _, err := os.Stat(p); err == nil {
			return fmt.Errorf("backup: %s exists: restore into an empty data directory (move the old one away first)", p)
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	tmp := path + ".restoring"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, r)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	return os.Rename(tmp, path)
}

// restorePostgres runs pg_restore into an empty database, in one
// transaction: on an error nothing is restored.
func restorePostgres(ctx context.Context, r io.Reader, dsn, tmpDir string) error {
	bin, err := exec.LookPath("pg_restore")
	if err != nil {
		return ErrNoPgDump
	}
	s, err := store.OpenNoMigrate(ctx, dsn)
	if err != nil {
		return err
	}
	var tables int
	err = s.DB().QueryRowContext(ctx, `SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()`).Scan(&tables)
	s.Close()
	if err != nil {
		return err
	}
	if tables > 0 {
		return fmt.Errorf("backup: the database holds %d tables: restore into an empty database (createdb a new one)", tables)
	}
	dir, err := os.MkdirTemp(tmpDir, "integer-restore-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	dump := filepath.Join(dir, "dump")
	f, err := os.OpenFile(dump, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, bin, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--dbname="+dsn, dump)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("backup: pg_restore: %w: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}
