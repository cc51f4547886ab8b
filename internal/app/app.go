// Package app ties the parts of an Integer server together: configuration,
// store, e-mail notices and HTTP interface, with Open, Run and Close. The
// binary and the end-to-end tests drive the same App. It is the only
// package that imports web (layers_test.go checks).
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/config"
	"github.com/integer-nl/integer/internal/i18n"
	"github.com/integer-nl/integer/internal/notify"
	"github.com/integer-nl/integer/internal/store"
	"github.com/integer-nl/integer/internal/web"
)

// App is a running (or ready to run) Integer server.
type App struct {
	Config config.Config
	Store  *store.Store
	Web    *web.Server
	Notify *notify.Notifier // e-mail notices and the deadline reminders
	Log    *slog.Logger

	http     *http.Server
	listener net.Listener

	metricsHTTP     *http.Server
	metricsListener net.Listener // metrics_addr: /metrics only, when set

	every JobIntervals
}

// NewLogger returns the configured logger: JSON in production, text for
// people at a terminal.
func NewLogger(cfg config.Config) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "text" {
		return slog.New(slog.NewTextHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewJSONHandler(os.Stderr, opts))
}

// Options tune an App for tests: cheaper password hashing, shorter job
// intervals.
type Options struct {
	PasswordParams auth.Params // argon2id for passwords, keys and receipt codes; auth.DefaultParams when zero
	Jobs           JobIntervals
}

// JobIntervals are the periods of the background jobs; a zero field is the
// default.
type JobIntervals struct {
	Reminders   time.Duration // deadline reminders: an hour
	Checkpoints time.Duration // audit checkpoints: a day
	Maintenance time.Duration // sessions, failed logins, form claims: ten minutes
}

func (j JobIntervals) orDefaults() JobIntervals {
	or := func(d, def time.Duration) time.Duration {
		if d > 0 {
			return d
		}
		return def
	}
	return JobIntervals{Reminders: or(j.Reminders, time.Hour), Checkpoints: or(j.Checkpoints, 24*time.Hour),
		Maintenance: or(j.Maintenance, 10*time.Minute)}
}

// Open validates the configuration, opens and migrates the database and
// builds the HTTP interface.
func Open(ctx context.Context, cfg config.Config, logger *slog.Logger, opts Options) (*App, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, cfg.DSN())
	if err != nil {
		return nil, err
	}
	if err := st.UseAuditKey(ctx, cfg.AuditKeyPath()); err != nil {
		st.Close()
		return nil, err
	}
	cat, err := i18n.Load()
	if err != nil {
		st.Close()
		return nil, err
	}
	n := notify.New(cfg, st, cat, logger)
	w, err := web.New(ctx, cfg, st, logger, web.Options{PasswordParams: opts.PasswordParams, Catalog: cat, Notices: n,
		ImportDeadline: importDeadline})
	if err != nil {
		st.Close()
		return nil, err
	}
	n.OnJob = w.ObserveJob
	return &App{Config: cfg, Store: st, Web: w, Notify: n, Log: logger, every: opts.Jobs.orDefaults()}, nil
}

// writeTimeout is how long a response may take; importDeadline, shorter,
// is how long an import may run before it is rolled back, so that an import
// is never committed after its answer could no longer be written.
const (
	writeTimeout   = 60 * time.Second
	importDeadline = writeTimeout - 15*time.Second
)

// Listen binds the configured address (":0" picks a free port; Addr tells it).
func (a *App) Listen() error {
	ln, err := net.Listen("tcp", a.Config.Addr)
	if err != nil {
		return fmt.Errorf("app: listen on %s: %w", a.Config.Addr, err)
	}
	a.listener = ln
	if a.Config.MetricsAddr != "" {
		mln, err := net.Listen("tcp", a.Config.MetricsAddr)
		if err != nil {
			ln.Close()
			return fmt.Errorf("app: listen on metrics_addr %s: %w", a.Config.MetricsAddr, err)
		}
		a.metricsListener = mln
	}
	return nil
}

// Addr is the address the server listens on, after Listen.
func (a *App) Addr() string { return a.listener.Addr().String() }

// MetricsAddr is the address of the metrics listener, after Listen ("" when
// metrics_addr is not set).
func (a *App) MetricsAddr() string {
	if a.metricsListener == nil {
		return ""
	}
	return a.metricsListener.Addr().String()
}

// Run serves HTTP until ctx ends, then stops accepting requests and lets the
// ones in flight finish (up to 20 seconds).
func (a *App) Run(ctx context.Context) error {
	if a.listener == nil {
		if err := a.Listen(); err != nil {
			return err
		}
	}
	a.http = &http.Server{
		Handler:           a.Web,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn),
	}
	// The background jobs run on every server; each pass runs on the one
	// that holds the job's lease (store.TakeJobLease).
	var jobs sync.WaitGroup
	jobCtx, stopJobs := context.WithCancel(ctx)
	jobs.Go(func() { a.Web.Maintain(jobCtx, a.every.Maintenance) })
	// Deadline reminders by e-mail; without smtp_host it logs that e-mail is
	// off and returns.
	jobs.Go(func() { a.Notify.Reminders(jobCtx, a.every.Reminders) })
	// Signed checkpoints of the audit log leave the server: in the log
	// stream at start and daily, and by e-mail to the auditors.
	jobs.Go(func() { a.Notify.Checkpoints(jobCtx, a.every.Checkpoints) })
	defer func() {
		// Once no pass of ours runs any more, hand the jobs over: another
		// server runs the next pass at its next tick, not a period later.
		stopJobs()
		jobs.Wait()
		rctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := a.Store.ReleaseJobLeases(rctx); err != nil {
			a.Log.Warn("job leases not released", "err", err)
		}
	}()
	errc := make(chan error, 1)
	go func() { errc <- a.http.Serve(a.listener) }()
	if a.metricsListener != nil {
		a.metricsHTTP = &http.Server{Handler: a.Web.MetricsHandler(), ReadHeaderTimeout: 10 * time.Second,
			WriteTimeout: 30 * time.Second, ErrorLog: slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn)}
		go func() {
			if err := a.metricsHTTP.Serve(a.metricsListener); err != nil && !errors.Is(err, http.ErrServerClosed) {
				a.Log.Error("metrics listener", "err", err)
			}
		}()
		a.Log.Info("serving metrics", "addr", a.MetricsAddr())
	}
	a.Log.Info("serving", "addr", a.Addr(), "engine", string(a.Store.Engine()))
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if a.metricsHTTP != nil {
		_ = a.metricsHTTP.Shutdown(shutdownCtx)
	}
	if err := a.http.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("app: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// Close stops the PDF engine's browser and releases the database.
func (a *App) Close() error {
	a.Web.Close()
	return a.Store.Close()
}

// ReportStylesheet is the annual report's stylesheet, for the stand-alone
// HTML file of `integer report`.
func ReportStylesheet() []byte { return web.ReportStylesheet() }
