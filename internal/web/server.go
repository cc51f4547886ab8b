// Package web serves Integer's HTML interface: server-rendered pages that work
// without JavaScript, with the NL Design System look, Dutch first. Every route
// is listed once in routes.go with who may use it; the default is deny.
package web

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"runtime"
	"time"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/config"
	"github.com/integer-nl/integer/internal/i18n"
	"github.com/integer-nl/integer/internal/keys"
	"github.com/integer-nl/integer/internal/meldpunt"
	"github.com/integer-nl/integer/internal/notify"
	"github.com/integer-nl/integer/internal/report"
	"github.com/integer-nl/integer/internal/store"
	"github.com/integer-nl/integer/internal/throttle"
)

// Server is the HTTP interface of one installation.
type Server struct {
	store      *store.Store
	cfg        config.Config
	cat        *i18n.Catalog
	log        *slog.Logger
	pages      *pages
	assets     *assets
	trusted    []netip.Prefix
	keys       serverKeys
	userKeys   *keys.Keys        // password checks and users' private keys, in the argon2id slots
	meldpunt   *meldpunt.Service // the reporting point's use cases
	pdf        *report.PDFEngine // prints the annual report's PDF (Chromium), when installed
	routes     []route
	handler    http.Handler
	notices    *notify.Notifier     // e-mail notices; sends nothing without smtp_host
	keyer      *throttle.Keyer      // names client addresses for the limits, with a key of this process only
	logins     *loginLimits         // failed logins per account at an address, and per address
	sso        ssoClients           // the organisations' single sign-on providers, once discovered
	themes     map[string]*orgTheme // the organisations' own themes, by slug
	sleep      func(context.Context, time.Duration) error
	metricsReg *serverMetrics // /metrics: requests, key derivations, database pool, jobs, deadlines

	importDeadline time.Duration // how long an import may take before it stores nothing
}

// Options tune a Server: cheaper password hashing for tests, and what app
// shares with the rest of the process: the message catalogue (nil loads
// it) and the installation's e-mail notices, whose reminder job app runs
// (nil makes a Notifier of cfg here). ImportDeadline is how long an import
// may run before it is rolled back (zero: DefaultImportDeadline); app sets
// it below the HTTP server's write timeout, past which no answer arrives.
type Options struct {
	PasswordParams auth.Params
	Catalog        *i18n.Catalog
	Notices        *notify.Notifier
	ImportDeadline time.Duration
	// Sleep waits before the login of an account under attack (nil: really
	// waits); tests pass one that only records.
	Sleep func(context.Context, time.Duration) error
}

// DefaultImportDeadline is how long an import may take when Options do not
// say.
const DefaultImportDeadline = 45 * time.Second

// serverKeys are installation secrets kept in the database, so that every
// server of one installation agrees on them.
type serverKeys struct {
	formKey []byte // signs values a form carries between two requests (the TOTP secret while enrolling)
}

// New builds the server: templates are parsed and checked now, so a broken
// template stops the program at start rather than a person at a page.
func New(ctx context.Context, cfg config.Config, st *store.Store, logger *slog.Logger, opts Options) (*Server, error) {
	cat := opts.Catalog
	if cat == nil {
		var err error
		if cat, err = i18n.Load(); err != nil {
			return nil, err
		}
	}
	trusted, err := cfg.TrustedPrefixes()
	if err != nil {
		return nil, err
	}
	s := &Server{store: st, cfg: cfg, cat: cat, log: logger, trusted: trusted, notices: opts.Notices, keyer: throttle.NewKeyer(),
		importDeadline: cmp.Or(opts.ImportDeadline, DefaultImportDeadline),
		logins:         newLoginLimits(func() time.Time { return st.Now() }), sleep: opts.Sleep}
	if s.sleep == nil {
		s.sleep = sleepCtx
	}
	if s.notices == nil {
		s.notices = notify.New(cfg, st, cat, logger)
	}
	slots := keys.NewSlotsShare(runtime.GOMAXPROCS(0), cmp.Or(cfg.GuessShare, keys.DefaultGuessShare))
	s.userKeys = keys.New(st, opts.PasswordParams, slots)
	if s.keys.formKey, err = st.ServerSecret(ctx, "form-signing"); err != nil {
		return nil, err
	}
	s.meldpunt = meldpunt.New(st, meldpunt.Options{Params: s.userKeys.Params(), Slots: slots, Notices: s.notices,
		FormKey: s.keys.formKey, Log: logger, Limits: meldpunt.Limits{GuessesPerMinute: cfg.ReceiptGuessesPerMinute,
			SubmissionsPerHour: cfg.SubmissionsPerHour, OrgSubmissionsPerHour: cfg.OrgSubmissionsPerHour}})
	if s.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if s.pages, err = parsePages(cat, s.assets); err != nil {
		return nil, err
	}
	if s.themes, err = loadThemes(cfg.Theme); err != nil {
		return nil, err
	}
	s.pdf = report.NewPDFEngine(cfg.Chromium)
	if !s.pdf.Available() {
		logger.Warn("no Chromium found: the annual report's PDF download is unavailable (install chromium or set chromium / INTEGER_CHROMIUM)")
	}
	s.metricsReg = s.newMetrics()
	s.routes = s.routeTable()
	s.handler = s.buildHandler()
	return s, nil
}

// Close stops what the server keeps running between requests: the PDF
// engine's browser. Call it after the requests in flight ended.
func (s *Server) Close() { _ = s.pdf.Close() }

// ServeHTTP serves every request of the interface.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// buildHandler registers the routes and wraps them in the middleware that
// applies to every response.
func (s *Server) buildHandler() http.Handler {
	top, orgs := http.NewServeMux(), http.NewServeMux()
	for _, rt := range s.routes {
		mux := top
		if rt.orgScoped() {
			mux = orgs
		}
		mux.Handle(rt.pattern, s.adapt(rt))
	}
	// Organisation pages live under /{org}/; a mux of their own keeps their
	// wildcard apart from the fixed top-level paths (/static/, /api/, ...).
	orgs.Handle("/{org}/", s.adapt(route{pattern: "/{org}/", access: public, h: s.notFound}))
	top.Handle("/{org}/", orgs)
	top.Handle("/", s.adapt(route{pattern: "/", access: public, h: s.notFound}))
	// Any other path under /api/ is the API's: a problem document, not a page.
	top.Handle("/api/", s.adapt(route{pattern: "/api/", access: public, h: s.apiUnknown(top)}))

	var h http.Handler = top
	h = s.sessionMiddleware(h)
	h = http.NewCrossOriginProtection().Handler(h)
	h = s.securityHeaders(h)
	h = s.recoverer(h)
	h = s.requestLogger(h)
	return h
}

// Maintain deletes expired sessions and stale failed-login counts, mends
// the report list's due days a server of an older version left unset
// (store.MendNextDue), and refreshes SQLite's planner statistics, every
// interval until ctx ends; with several servers on one database, only the
// one that holds the job's lease for the interval does
// (store.TakeJobLease).
func (s *Server) Maintain(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if mine, err := s.store.TakeJobLease(ctx, "maintenance", interval); err != nil || !mine {
				if err != nil && ctx.Err() == nil {
					s.log.Error("maintenance", "err", err)
				}
				continue
			}
			if _, err := s.store.DeleteExpiredSessions(ctx, s.cfg.SessionIdle); err != nil {
				s.log.Error("expire sessions", "err", err)
			}
			if err := s.store.DeleteStaleLoginFailures(ctx, 24*time.Hour); err != nil {
				s.log.Error("clean failed logins", "err", err)
			}
			if err := s.store.DeleteStaleFormClaims(ctx, 24*time.Hour); err != nil {
				s.log.Error("clean form claims", "err", err)
			}
			if n, err := s.store.MendNextDue(ctx); err != nil {
				s.log.Error("mend deadlines' order", "err", err)
			} else if n > 0 {
				s.log.Info("mended deadlines' order", "reports", n)
			}
			if err := s.store.Optimize(ctx); err != nil {
				s.log.Error("optimize statistics", "err", err)
			}
			s.ObserveJob("maintenance", 0, nil)
		}
	}
}

func (s *Server) timeouts() store.SessionTimeouts {
	return store.SessionTimeouts{Idle: s.cfg.SessionIdle, Absolute: s.cfg.SessionAbsolute}
}

func (s *Server) errorf(format string, args ...any) error { return fmt.Errorf("web: "+format, args...) }
