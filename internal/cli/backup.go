package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"filippo.io/age"

	"github.com/integer-nl/integer/internal/backup"
	"github.com/integer-nl/integer/internal/store"
)

// stringList is a flag that may be given several times.
type stringList []string

func (l *stringList) String() string     { return strings.Join(*l, ",") }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

// backupCmd writes an encrypted, consistent backup of the database while
// the server may keep running.
func backupCmd(env *Env, args []string) error {
	f := newFlags(env, "backup", "-o FILE")
	out := f.String("o", "", "the backup FILE to write (- for standard output)")
	var recipients stringList
	f.Var(&recipients, "recipient", "an age public key (age1…) or a file of them to encrypt to; repeatable (default: backup_recipients)")
	if err := f.parse(args, 0); err != nil {
		return err
	}
	if *out == "" {
		f.Usage()
		return errUsage
	}
	cfg, err := f.config()
	if err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	if len(recipients) == 0 {
		recipients = cfg.BackupRecipients
	}
	rs, err := backup.ParseRecipients(recipients)
	if err != nil {
		return err
	}
	if err := requireDatabase(cfg); err != nil {
		return err
	}
	s, err := store.OpenNoMigrate(env.Context, cfg.DSN())
	if err != nil {
		return err
	}
	defer s.Close()
	w, tmpDir, final := env.Stdout, os.TempDir(), ""
	var file *os.File
	if *out != "-" {
		final = *out
		tmpDir = filepath.Dir(final)
		// Written beside the target and renamed when complete, so a
		// failed backup never leaves a truncated file under the name.
		if file, err = os.OpenFile(final+".partial", os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600); err != nil {
			return err
		}
		defer os.Remove(final + ".partial")
		w = file
	}
	m, err := backup.Write(env.Context, s, cfg.DSN(), w, rs, tmpDir)
	if file != nil {
		if err == nil {
			err = file.Sync()
		}
		if cerr := file.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Rename(final+".partial", final)
		}
	}
	if err != nil {
		return err
	}
	if final != "" {
		env.say(env.Stderr, "cli.backup_written", final, m.Engine, m.Schema)
	}
	return nil
}

// restoreCmd brings a backup back into an empty data directory or database.
func restoreCmd(env *Env, args []string) error {
	f := newFlags(env, "restore", "--identity KEYFILE FILE")
	identity := f.String("identity", "", "the age private key FILE the backup was encrypted to (env INTEGER_BACKUP_IDENTITY_FILE)")
	if err := f.parse(args, 1); err != nil {
		return err
	}
	cfg, err := f.config()
	if err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	if *identity == "" {
		*identity, _ = env.Getenv("INTEGER_BACKUP_IDENTITY_FILE")
	}
	if *identity == "" {
		f.Usage()
		return errUsage
	}
	kf, err := os.Open(*identity)
	if err != nil {
		return err
	}
	ids, err := age.ParseIdentities(kf)
	kf.Close()
	if err != nil {
		return fmt.Errorf("restore: identity file %s: %w", *identity, err)
	}
	in, err := os.Open(f.Arg(0))
	if err != nil {
		return err
	}
	defer in.Close()
	tmpDir := os.TempDir()
	if cfg.DatabaseURL == "" {
		tmpDir = ""
	}
	m, err := backup.Restore(env.Context, in, ids, cfg.DSN(), tmpDir)
	if err != nil {
		return err
	}
	// Open it as the server would: this applies the migrations of this
	// binary when the backup is older.
	s, err := store.Open(env.Context, cfg.DSN())
	if err != nil {
		return errors.Join(errors.New("restore: the restored database does not open"), err)
	}
	defer s.Close()
	current, _, err := s.MigrationStatus(env.Context)
	if err != nil {
		return err
	}
	env.say(env.Stdout, "cli.backup_restored", f.Arg(0), m.Engine, m.Created.Format("2006-01-02 15:04:05 UTC"), current)
	env.say(env.Stdout, "cli.backup_audit_key", cfg.AuditKeyPath())
	return nil
}
