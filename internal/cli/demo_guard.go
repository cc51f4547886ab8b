package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/integer-nl/integer/internal/config"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// demoMarker names the server secret that SeedDemo writes first: it marks a
// database as the demo's own, so a real organisation that happens to be
// called "demo" is never taken for it.
const demoMarker = "demo-database"

// checkDemoData refuses, before anything is written, a data folder or
// database the demo must not use: one holding any organisation but the
// demo's own (which would get the demo's banner and seeding, and was given
// its shortcut past two-factor authentication), or a folder without a
// database that holds other files. A missing or empty folder and an empty
// database pass.
func checkDemoData(ctx context.Context, cfg config.Config) error {
	where := cfg.DataDir
	if cfg.DatabaseURL != "" {
		where = "the database of --database"
	} else if _, err := os.Stat(cfg.DSN()); errors.Is(err, fs.ErrNotExist) {
		return checkDemoFolder(cfg.DataDir)
	}
	s, err := store.OpenNoMigrate(ctx, cfg.DSN())
	if err != nil {
		return err
	}
	defer s.Close()
	others, err := s.NotDemoOrganisations(ctx, DemoSlug, demoMarker)
	if err != nil {
		return err
	}
	if len(others) > 0 {
		// The names lead the error's text too, for the log and the tests;
		// the operator reads the translated message.
		return fmt.Errorf("%s: %w", strings.Join(others, ", "), domain.Errorf(domain.ECONFLICT, "cli.err_demo_others", where, strings.Join(others, ", ")))
	}
	return nil
}

// checkDemoFolder refuses a folder without a database that holds files.
func checkDemoFolder(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return err
	}
	if len(entries) > 0 {
		names := make([]string, 0, 3)
		for _, e := range entries[:min(3, len(entries))] {
			names = append(names, e.Name())
		}
		return domain.Errorf(domain.ECONFLICT, "cli.err_demo_files", dir, strings.Join(names, ", "))
	}
	return nil
}
