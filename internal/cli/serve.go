package cli

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/integer-nl/integer/internal/app"
	"github.com/integer-nl/integer/internal/config"
	"github.com/integer-nl/integer/internal/store"
)

// serverFlags adds serve's own flags to the storage flags.
type serverFlags struct {
	*flags
	addr      string
	logFormat string
}

func newServerFlags(env *Env, name string) *serverFlags {
	f := &serverFlags{flags: newFlags(env, name, "")}
	f.StringVar(&f.addr, "addr", "", "listen address, e.g. :8080 or 127.0.0.1:8080 (env INTEGER_ADDR)")
	f.StringVar(&f.logFormat, "log-format", "", "json or text (env INTEGER_LOG_FORMAT)")
	return f
}

func (f *serverFlags) config() (config.Config, error) {
	cfg, err := f.flags.config()
	if err != nil {
		return cfg, err
	}
	if f.addr != "" {
		cfg.Addr = f.addr
	}
	if f.logFormat != "" {
		cfg.LogFormat = f.logFormat
	}
	return cfg, nil
}

func serve(env *Env, args []string) error {
	f := newServerFlags(env, "serve")
	if err := f.parse(args, 0); err != nil {
		return err
	}
	cfg, err := f.config()
	if err != nil {
		return err
	}
	return runServer(env, cfg, app.Options{}, nil)
}

// defaultMemoryLimit is the soft memory limit of a server process: 128
// MiB for the program and its caches plus 64 MiB for each argon2id
// computation that may run at once (one per core, internal/keys). Below
// what one computation per core needs live (192 MiB on 2 cores, with the
// demo's 44 MiB of heap 172 MiB live) the collector ran without pause
// during a burst of submissions and slowed every request.
func defaultMemoryLimit() int64 { return 128<<20 + int64(runtime.GOMAXPROCS(0))*64<<20 }

// runServer opens the app, runs before (if any) on it, and serves until the
// process is told to stop.
func runServer(env *Env, cfg config.Config, opts app.Options, before func(*app.App) error) error {
	start := time.Now()
	if _, set := env.Getenv("GOMEMLIMIT"); !set {
		// argon2id allocates 64 MiB per computation; without a limit the
		// garbage collector lets the heap run to twice what is live. A soft
		// limit makes it collect sooner; GOMEMLIMIT overrides it.
		debug.SetMemoryLimit(defaultMemoryLimit())
	}
	a, err := app.Open(env.Context, cfg, app.NewLogger(cfg), opts)
	if err != nil {
		return err
	}
	defer a.Close()
	if before != nil {
		if err := before(a); err != nil {
			return err
		}
	}
	if err := a.Listen(); err != nil {
		return err
	}
	a.Log.Info("ready", "startup_ms", time.Since(start).Milliseconds())
	return a.Run(env.Context)
}

func migrate(env *Env, args []string) error {
	f := newFlags(env, "migrate", "")
	status := f.Bool("status", false, "only print the current and the newest schema version")
	if err := f.parse(args, 0); err != nil {
		return err
	}
	cfg, err := f.config()
	if err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	s, err := store.OpenNoMigrate(env.Context, cfg.DSN())
	if err != nil {
		return err
	}
	defer s.Close()
	if !*status {
		applied, err := s.Migrate(env.Context)
		if err != nil {
			return err
		}
		for _, v := range applied {
			env.say(env.Stdout, "cli.migration_applied", v)
		}
	}
	current, latest, err := s.MigrationStatus(env.Context)
	if err != nil {
		return err
	}
	env.say(env.Stdout, "cli.schema_version", s.Engine(), current, latest)
	return nil
}

// demoDir is where the demo keeps its database between runs.
func demoDir() string {
	if dir, err := os.UserCacheDir(); err == nil {
		return filepath.Join(dir, "integer", "demo")
	}
	return filepath.Join(os.TempDir(), "integer-demo")
}
