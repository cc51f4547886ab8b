package cli

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/integer-nl/integer/internal/audit"
	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/config"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// openStore opens (and migrates) the database the flags name. Unless create
// is set, a SQLite file must exist already: a mistyped --data should fail,
// not start an empty database and report on that.
func (f *flags) openStore(create bool) (*store.Store, error) {
	cfg, err := f.config()
	if err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if !create {
		if err := requireDatabase(cfg); err != nil {
			return nil, err
		}
	}
	s, err := store.Open(f.env.Context, cfg.DSN())
	if err != nil {
		return nil, err
	}
	if err := s.UseAuditKey(f.env.Context, cfg.AuditKeyPath()); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// requireDatabase refuses a SQLite file that does not exist, so that a
// mistyped --data fails instead of opening an empty database.
func requireDatabase(cfg config.Config) error {
	if cfg.DatabaseURL != "" {
		return nil
	}
	if _, err := os.Stat(cfg.DSN()); err != nil {
		return domain.Errorf(domain.ENOTFOUND, "cli.err_no_database", cfg.DSN())
	}
	return nil
}

func orgAdd(env *Env, args []string) error {
	f := newFlags(env, "org add", "SLUG NAME")
	if err := f.parse(args, -1); err != nil {
		return err
	}
	if f.NArg() < 2 {
		f.Usage()
		return errUsage
	}
	o := &domain.Organisation{Slug: f.Arg(0), Name: strings.Join(f.Args()[1:], " ")}
	check := *o // Check tidies what it checks; the store checks o again
	if errs := check.Check(); len(errs) > 0 {
		for _, err := range errs {
			fmt.Fprintln(env.Stderr, "integer org add: "+describe(env, err))
		}
		return exitError(1)
	}
	s, err := f.openStore(true)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.CreateOrganisation(env.Context, store.CLI, o); err != nil {
		return err
	}
	env.say(env.Stdout, "cli.org_created", o.Slug, o.Name)
	return nil
}

func orgList(env *Env, args []string) error {
	f := newFlags(env, "org list", "")
	if err := f.parse(args, 0); err != nil {
		return err
	}
	s, err := f.openStore(false)
	if err != nil {
		return err
	}
	defer s.Close()
	orgs, err := s.Organisations(env.Context)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	env.say(tw, "cli.org_columns")
	for _, o := range orgs {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", o.Slug, o.Name, o.CreatedAt.Format("2006-01-02"))
	}
	return tw.Flush()
}

// userFlags adds --org to the storage flags.
type userFlags struct {
	*flags
	org string
}

func newUserFlags(env *Env, name, argsHelp string) *userFlags {
	f := &userFlags{flags: newFlags(env, name, argsHelp)}
	f.StringVar(&f.org, "org", "", "organisation slug (required)")
	return f
}

// open opens the store and loads the organisation.
func (f *userFlags) open() (*store.Store, *domain.Organisation, error) {
	if f.org == "" {
		f.Usage()
		return nil, nil, errUsage
	}
	s, err := f.openStore(false)
	if err != nil {
		return nil, nil, err
	}
	org, err := s.OrganisationBySlug(f.env.Context, f.org)
	if err != nil {
		s.Close()
		return nil, nil, err
	}
	return s, org, nil
}

// generatedPassword is a random password of 20 characters (about 120 bits),
// for the operator to hand over.
func generatedPassword() (string, error) {
	t, err := auth.NewToken()
	if err != nil {
		return "", err
	}
	return t[:20], nil
}

func userAdd(env *Env, args []string) error {
	f := newUserFlags(env, "user add", "USERNAME")
	rolesFlag := f.String("roles", "", "comma-separated roles: "+allRoles())
	name := f.String("name", "", "display name")
	email := f.String("email", "", "e-mail address")
	if err := f.parse(args, 1); err != nil {
		return err
	}
	roles, err := domain.ParseRoles(*rolesFlag)
	if err != nil {
		return err
	}
	s, org, err := f.open()
	if err != nil {
		return err
	}
	defer s.Close()
	password, err := generatedPassword()
	if err != nil {
		return err
	}
	hash, err := auth.HashPassword(auth.DefaultParams, password)
	if err != nil {
		return err
	}
	u := &domain.User{OrgID: org.ID, Username: f.Arg(0), DisplayName: *name, Email: *email, PasswordHash: hash, Roles: roles}
	if err := s.CreateUser(env.Context, store.CLI.In(org.ID), u); err != nil {
		return err
	}
	env.say(env.Stdout, "cli.user_created", u.Username, org.Slug, *rolesFlag)
	env.say(env.Stdout, "cli.password_once", password)
	if u.RequiresTwoFactor() {
		env.say(env.Stdout, "cli.two_factor_first_login")
	}
	return nil
}

func allRoles() string {
	var names []string
	for _, r := range domain.AllRoles {
		names = append(names, string(r))
	}
	return strings.Join(names, ", ")
}

func userList(env *Env, args []string) error {
	f := newUserFlags(env, "user list", "")
	if err := f.parse(args, 0); err != nil {
		return err
	}
	s, org, err := f.open()
	if err != nil {
		return err
	}
	defer s.Close()
	users, err := s.Users(env.Context, org.ID)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	env.say(tw, "cli.user_columns")
	for _, u := range users {
		roles := make([]string, len(u.Roles))
		for i, r := range u.Roles {
			roles[i] = string(r)
		}
		status := env.t("cli.user_active")
		if u.Disabled {
			status = env.t("cli.user_disabled")
		}
		twoFactor := env.t("cli.no")
		if u.TwoFactorEnrolled() {
			twoFactor = env.t("cli.yes")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Username, u.DisplayName, strings.Join(roles, ","), twoFactor, status)
	}
	return tw.Flush()
}

func userPasswd(env *Env, args []string) error {
	f := newUserFlags(env, "user passwd", "USERNAME")
	fromStdin := f.Bool("stdin", false, "read the new password from the first line of standard input")
	if err := f.parse(args, 1); err != nil {
		return err
	}
	password, err := generatedPassword()
	if err != nil {
		return err
	}
	if *fromStdin {
		line, err := bufio.NewReader(env.Stdin).ReadString('\n')
		if err != nil && line == "" {
			return domain.Errorf(domain.EINVALID, "cli.err_password_stdin")
		}
		password = strings.TrimRight(line, "\r\n")
		if err := auth.CheckPasswordPolicy(password); err != nil {
			if errors.Is(err, auth.ErrPasswordGuessable) {
				return domain.Errorf(domain.EINVALID, "cli.err_password_guessable")
			}
			return domain.Errorf(domain.EINVALID, "cli.err_password_length", auth.MinPasswordLength, auth.MaxPasswordLength)
		}
	}
	return withUser(f, func(s *store.Store, org *domain.Organisation, u *domain.User) error {
		if *fromStdin {
			if err := auth.CheckPasswordPolicy(password, org.Name, org.Slug, u.Username, u.DisplayName, u.Email); err != nil {
				return domain.Errorf(domain.EINVALID, "cli.err_password_names")
			}
		}
		hash, err := auth.HashPassword(auth.DefaultParams, password)
		if err != nil {
			return err
		}
		if err := s.SetPassword(env.Context, store.CLI.In(org.ID), org.ID, u.ID, hash); err != nil {
			return err
		}
		env.say(env.Stdout, "cli.password_changed", u.Username)
		if !*fromStdin {
			env.say(env.Stdout, "cli.password_once", password)
		}
		return nil
	})
}

func userResetTwoFactor(env *Env, args []string) error {
	f := newUserFlags(env, "user reset-2fa", "USERNAME")
	if err := f.parse(args, 1); err != nil {
		return err
	}
	return withUser(f, func(s *store.Store, org *domain.Organisation, u *domain.User) error {
		if err := s.ResetTwoFactor(env.Context, store.CLI.In(org.ID), org.ID, u.ID); err != nil {
			return err
		}
		env.say(env.Stdout, "cli.two_factor_removed", u.Username)
		return nil
	})
}

func userDisable(env *Env, args []string) error {
	f := newUserFlags(env, "user disable", "USERNAME")
	enable := f.Bool("enable", false, "enable the account again")
	if err := f.parse(args, 1); err != nil {
		return err
	}
	return withUser(f, func(s *store.Store, org *domain.Organisation, u *domain.User) error {
		if err := s.SetDisabled(env.Context, store.CLI.In(org.ID), org.ID, u.ID, !*enable); err != nil {
			return err
		}
		key := "cli.account_disabled"
		if *enable {
			key = "cli.account_enabled"
		}
		env.say(env.Stdout, key, u.Username)
		return nil
	})
}

func withUser(f *userFlags, fn func(*store.Store, *domain.Organisation, *domain.User) error) error {
	s, org, err := f.open()
	if err != nil {
		return err
	}
	defer s.Close()
	u, err := s.UserByUsername(f.env.Context, org.ID, f.Arg(0))
	if err != nil {
		return err
	}
	return fn(s, org, u)
}

func auditVerify(env *Env, args []string) error {
	f := newFlags(env, "audit verify", "")
	cpFile := f.String("checkpoint", "", "a checkpoint FILE the auditor kept (mailed, logged or downloaded): also catch a cut tail and a rewrite before it")
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
	if err := requireDatabase(cfg); err != nil {
		return err
	}
	s, err := store.Open(env.Context, cfg.DSN())
	if err != nil {
		return err
	}
	defer s.Close()
	// Verifying writes nothing: without a key file it does not make one.
	if err := s.LoadAuditKey(env.Context, cfg.AuditKeyPath()); err != nil {
		return err
	}
	if s.AuditKey() == nil {
		env.say(env.Stderr, "cli.audit_unkeyed", cfg.AuditKeyPath())
	}
	var n int64
	var brk *domain.AuditBreak
	var cp audit.Checkpoint
	if *cpFile != "" {
		cp, err = readCheckpoint(*cpFile)
		if err != nil {
			return err
		}
		n, brk, err = s.VerifyAuditCheckpoint(env.Context, cp)
		if errors.Is(err, audit.ErrForged) || errors.Is(err, audit.ErrOtherKey) {
			env.say(env.Stdout, "cli.checkpoint_refused", err)
			return exitError(1)
		}
	} else {
		n, brk, err = s.VerifyAudit(env.Context)
	}
	if err != nil {
		return err
	}
	if brk != nil {
		env.say(env.Stdout, "cli.audit_broken", brk.ID, breakText(env, brk, cp), n)
		return exitError(1)
	}
	if *cpFile != "" {
		env.say(env.Stdout, "cli.audit_intact_checkpoint", n, cp.At.Format(time.RFC3339), cp.Seq, cp.KeyID)
		return nil
	}
	env.say(env.Stdout, "cli.audit_intact", n)
	return nil
}

func readCheckpoint(path string) (audit.Checkpoint, error) {
	file, err := os.Open(path)
	if err != nil {
		return audit.Checkpoint{}, err
	}
	defer file.Close()
	return audit.ReadCheckpoint(file)
}

// breakText says what the break means.
func breakText(env *Env, brk *domain.AuditBreak, cp audit.Checkpoint) string {
	switch brk.Reason {
	case "cut":
		return env.t("cli.audit_cut", brk.ID-1, cp.At.Format(time.RFC3339), cp.Seq)
	case "rewritten":
		return env.t("cli.audit_rewritten", cp.Seq, cp.At.Format(time.RFC3339))
	}
	return brk.Reason
}

// auditCheckpoint prints a signed checkpoint of the chain's head (and logs
// it), for the auditor to keep outside the server.
func auditCheckpoint(env *Env, args []string) error {
	f := newFlags(env, "audit checkpoint", "")
	org := f.String("org", "", "the organisation (slug) the checkpoint is for; empty: the installation")
	if err := f.parse(args, 0); err != nil {
		return err
	}
	s, err := f.openStore(false)
	if err != nil {
		return err
	}
	defer s.Close()
	if *org != "" {
		if _, err := s.OrganisationBySlug(env.Context, *org); err != nil {
			return err
		}
	}
	cp, err := s.AuditCheckpoint(env.Context, *org)
	if err != nil {
		return err
	}
	_, err = env.Stdout.Write(cp.Encode())
	return err
}
