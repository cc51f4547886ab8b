package cli

import (
	"context"
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/integer-nl/integer/internal/app"
	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/config"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/seal"
	"github.com/integer-nl/integer/internal/store"
)

// DemoSlug is the demo organisation's slug, the only organisation whose
// accounts may skip two-factor authentication on a demo server.
const DemoSlug = domain.DemoSlug

// demoAccount is one demo login; every name is fictional.
type demoAccount struct {
	username, name string
	roles          []domain.Role
}

var demoAccounts = []demoAccount{
	{"coordinator", "Sanne de Vries", []domain.Role{domain.RoleCoordinator}},
	{"adviser", "Karim El Amrani", []domain.Role{domain.RoleAdviser}},
	{"hr", "Petra Jansen", []domain.Role{domain.RoleHR}},
	{"clerk", "Thomas Bakker", []domain.Role{domain.RoleClerk}},
	{"controller", "Ingrid Visser", []domain.Role{domain.RoleController}},
	{"custodian", "Marco Smit", []domain.Role{domain.RoleCustodian}},
	{"employee", "Fatima Yilmaz", []domain.Role{domain.RoleEmployee}},
	{"admin", "Joost Mulder", []domain.Role{domain.RoleAdmin}},
	{"auditor", "Eva de Boer", []domain.Role{domain.RoleAuditor}},
	// Handlers of the other two channels: the mayor handles reports about
	// office holders, the council clerk those about the mayor.
	{"burgemeester", "Annelies van Dam", []domain.Role{domain.RoleCoordinator}},
	{"griffier", "Henk Brouwer", []domain.Role{domain.RoleClerk, domain.RoleCoordinator}},
}

// demoPassword is the password of a demo account: printed at start, known to
// all, which is why demo servers show a banner and hold only fictional data.
func demoPassword(username string) string { return "integer-demo-" + username }

func demo(env *Env, args []string) error {
	f := newServerFlags(env, "demo")
	fresh := f.Bool("fresh", false, "start again from an empty demo database")
	if err := f.parse(args, 0); err != nil {
		return err
	}
	cfg, err := f.config()
	if err != nil {
		return err
	}
	// Where no flag, variable or file chose otherwise, a demo keeps its data
	// in a directory of its own, listens on this machine only, and logs for
	// a person at a terminal.
	defaults := config.Default()
	ownFolder := cfg.DataDir == defaults.DataDir && cfg.DatabaseURL == ""
	if ownFolder {
		cfg.DataDir = demoDir()
	}
	if cfg.Addr == defaults.Addr {
		cfg.Addr = "localhost:8080"
	}
	if cfg.LogFormat == defaults.LogFormat {
		cfg.LogFormat = "text"
	}
	cfg.Demo = true
	if !ownFolder { // the demo's own folder in the cache holds nothing else
		if err := checkDemoData(env.Context, cfg); err != nil {
			return err
		}
	}
	if *fresh {
		if err := removeDemoDatabase(cfg); err != nil {
			return err
		}
	}
	return runServer(env, cfg, app.Options{}, func(a *app.App) error {
		recovery, err := SeedDemo(env.Context, a.Store, auth.DefaultParams)
		if err != nil {
			return err
		}
		printDemo(env, a, recovery)
		return nil
	})
}

// removeDemoDatabase deletes the SQLite database files of the demo and its
// audit key file, and nothing else: --fresh must never empty a directory or a PostgreSQL
// database someone pointed the demo at.
func removeDemoDatabase(cfg config.Config) error {
	if cfg.DatabaseURL != "" {
		return domain.Errorf(domain.EINVALID, "cli.err_fresh_postgres")
	}
	files := []string{cfg.DSN(), cfg.DSN() + "-wal", cfg.DSN() + "-shm"}
	if cfg.AuditKeyFile == "" {
		// The audit key in the data directory belongs to the database it keyed.
		files = append(files, cfg.AuditKeyPath())
	}
	for _, file := range files {
		if err := os.Remove(file); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	return nil
}

// SeedDemo creates the demo organisation, its accounts and its reports unless
// they exist. It returns the recovery key's private part when it created
// them, "" when they existed.
func SeedDemo(ctx context.Context, s *store.Store, params auth.Params) (string, error) {
	if _, err := s.OrganisationBySlug(ctx, DemoSlug); err == nil {
		return "", nil
	} else if !domain.IsNotFound(err) {
		return "", err
	}
	if _, err := s.ServerSecret(ctx, demoMarker); err != nil {
		return "", err
	}
	org := &domain.Organisation{Slug: DemoSlug, Name: "Gemeente Voorbeeldstad"}
	if err := s.CreateOrganisation(ctx, store.CLI, org); err != nil {
		return "", err
	}
	for _, a := range demoAccounts {
		hash, err := auth.HashPassword(params, demoPassword(a.username))
		if err != nil {
			return "", err
		}
		u := &domain.User{OrgID: org.ID, Username: a.username, DisplayName: a.name,
			Email: a.username + "@voorbeeldstad.example", PasswordHash: hash, Roles: a.roles}
		if err := s.CreateUser(ctx, store.CLI.In(org.ID), u); err != nil {
			return "", err
		}
	}
	recovery, err := seedDemoReports(ctx, s, params, org)
	if err != nil {
		return "", err
	}
	return recovery, seedDemoRecords(ctx, s, params, org)
}

func printDemo(env *Env, a *app.App, recovery string) {
	created := recovery != ""
	w := env.Stdout
	where := a.Config.DataDir
	if a.Config.DatabaseURL != "" {
		where = "PostgreSQL"
	}
	state := env.t("cli.demo_data_kept")
	if created {
		state = env.t("cli.demo_data_new")
	}
	fmt.Fprintln(w)
	env.say(w, "cli.demo_address", fmt.Sprintf("http://%s/%s/", displayAddr(a.Config.Addr), DemoSlug))
	env.say(w, "cli.demo_data", where, state)
	fmt.Fprintln(w)
	env.say(w, "cli.demo_accounts")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	env.say(tw, "cli.demo_columns")
	for _, acc := range demoAccounts {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", acc.roles[0], acc.username, demoPassword(acc.username))
	}
	tw.Flush()
	fmt.Fprintln(w)
	env.say(w, "cli.demo_mailbox", fmt.Sprintf("http://%s/%s/mailbox", displayAddr(a.Config.Addr), DemoSlug), seal.FormatReceipt(DemoReceipt))
	if created {
		env.say(w, "cli.demo_recovery")
		fmt.Fprintf(w, "  %s\n", recovery)
	}
	fmt.Fprintln(w)
	env.say(w, "cli.demo_stop")
}

func displayAddr(addr string) string {
	if len(addr) > 0 && addr[0] == ':' {
		return "localhost" + addr
	}
	return addr
}
