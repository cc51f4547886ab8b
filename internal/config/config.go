// Package config holds every setting of an Integer server in one struct:
// defaults, then a TOML file, then INTEGER_* environment variables (and
// INTEGER_*_FILE for secrets), then command-line flags. It is validated once at
// start and passed explicitly; there are no globals.
package config

import (
	"errors"
	"fmt"
	netmail "net/mail"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/integer-nl/integer/internal/mail"
)

// Config is the server's configuration. The toml tag names the key in the
// configuration file; the env tag the environment variable.
type Config struct {
	// Addr is the address the HTTP server listens on.
	Addr string `toml:"addr" env:"INTEGER_ADDR"`
	// DataDir holds the SQLite database (and nothing else yet) when no
	// database URL is given.
	DataDir string `toml:"data" env:"INTEGER_DATA"`
	// DatabaseURL selects PostgreSQL: postgres://user@host/db. Empty means the
	// embedded SQLite file in DataDir.
	DatabaseURL string `toml:"database" env:"INTEGER_DATABASE" secret:"true"`
	// TrustedProxies are the addresses (CIDR) of reverse proxies whose
	// X-Forwarded-For and X-Forwarded-Proto headers are believed.
	TrustedProxies []string `toml:"trusted_proxies" env:"INTEGER_TRUSTED_PROXIES"`
	// SessionIdle ends a staff session after this long without a request.
	SessionIdle time.Duration `toml:"session_idle" env:"INTEGER_SESSION_IDLE"`
	// SessionAbsolute ends a staff session this long after login.
	SessionAbsolute time.Duration `toml:"session_absolute" env:"INTEGER_SESSION_ABSOLUTE"`
	// LogFormat is "json" (production) or "text".
	LogFormat string `toml:"log_format" env:"INTEGER_LOG_FORMAT"`
	// LogLevel is debug, info, warn or error.
	LogLevel string `toml:"log_level" env:"INTEGER_LOG_LEVEL"`
	// BaseURL is the public address of the server (https://integriteit.example.nl),
	// for the links in e-mails. Required when e-mail is on.
	BaseURL string `toml:"base_url" env:"INTEGER_BASE_URL"`
	// SMTPHost is the mail server for notifications. Empty: no e-mail.
	SMTPHost string `toml:"smtp_host" env:"INTEGER_SMTP_HOST"`
	// SMTPPort is the mail server's port; 0 is the usual one of SMTPTLS.
	SMTPPort int `toml:"smtp_port" env:"INTEGER_SMTP_PORT"`
	// SMTPUsername and SMTPPassword log in to the mail server; empty: no login.
	SMTPUsername string `toml:"smtp_username" env:"INTEGER_SMTP_USERNAME"`
	SMTPPassword string `toml:"smtp_password" env:"INTEGER_SMTP_PASSWORD" secret:"true"`
	// SMTPFrom is the sender of notifications: "Integer <noreply@example.nl>".
	SMTPFrom string `toml:"smtp_from" env:"INTEGER_SMTP_FROM"`
	// SMTPTLS is starttls (default), tls or none.
	SMTPTLS string `toml:"smtp_tls" env:"INTEGER_SMTP_TLS"`
	// ReceiptGuessesPerMinute is how many receipt codes one client address
	// may get wrong a minute before it must wait.
	ReceiptGuessesPerMinute int `toml:"receipt_guesses_per_minute" env:"INTEGER_RECEIPT_GUESSES_PER_MINUTE"`
	// GuessShare is the percentage of the argon2id slots that clients who
	// failed lately (a wrong receipt code or password) may hold together.
	GuessShare int `toml:"guess_share" env:"INTEGER_GUESS_SHARE"`
	// SubmissionsPerHour is how many reports one client address may file
	// an hour through the form and the API.
	SubmissionsPerHour int `toml:"submissions_per_hour" env:"INTEGER_SUBMISSIONS_PER_HOUR"`
	// OrgSubmissionsPerHour is how many reports one organisation accepts
	// an hour from all clients together; past it the coordinators get one
	// notice for the hour.
	OrgSubmissionsPerHour int `toml:"org_submissions_per_hour" env:"INTEGER_ORG_SUBMISSIONS_PER_HOUR"`
	// AuditKeyFile is the file holding the audit key, which keys the audit
	// log's hash chain and signs its checkpoints. It must not be in the
	// database or its backups. Empty: audit.key in DataDir. Made on first
	// start when missing.
	AuditKeyFile string `toml:"audit_key_file" env:"INTEGER_AUDIT_KEY_FILE"`
	// Chromium is the browser that prints the annual report's PDF (a path,
	// or a name looked up in PATH). Empty: chromium, chromium-browser,
	// google-chrome or google-chrome-stable, the first found in PATH.
	// Without one the PDF download says it is unavailable.
	Chromium string `toml:"chromium" env:"INTEGER_CHROMIUM"`
	// SSO holds the single sign-on provider of each organisation that has
	// one, by the organisation's slug: [sso.SLUG] in the file (no
	// environment variables). See docs/configuration.md.
	SSO map[string]SSO `toml:"sso" env:"-"`
	// Theme holds the own look of each organisation that has one, by slug:
	// [theme.SLUG] in the file. See docs/configuration.md.
	Theme map[string]Theme `toml:"theme" env:"-"`
	// MetricsAddr is a second listen address that serves only /metrics
	// (Prometheus), e.g. 127.0.0.1:9090, reachable from the monitoring
	// network only. Empty: no second listener.
	MetricsAddr string `toml:"metrics_addr" env:"INTEGER_METRICS_ADDR"`
	// MetricsToken, when set, opens /metrics on the main address to a
	// scraper that sends "Authorization: Bearer <token>" (at least 32
	// characters). Empty: /metrics does not exist on the main address.
	MetricsToken string `toml:"metrics_token" env:"INTEGER_METRICS_TOKEN" secret:"true"`
	// BackupRecipients are the age public keys (age1…) or files of them that
	// `integer backup` encrypts to. The private key stays offline, with
	// whoever may restore.
	BackupRecipients []string `toml:"backup_recipients" env:"INTEGER_BACKUP_RECIPIENTS"`
	// Demo marks a demonstration server: a banner on every page, and the
	// accounts of the demo organisation (domain.DemoSlug) alone may log in
	// without two-factor authentication.
	Demo bool `toml:"-" env:"-"`
}

// Default returns the configuration before any file, variable or flag.
func Default() Config {
	return Config{
		Addr:            ":8080",
		DataDir:         "integer-data",
		SessionIdle:     30 * time.Minute,
		SessionAbsolute: 10 * time.Hour,
		LogFormat:       "json",
		LogLevel:        "info",
		SMTPTLS:         mail.TLSStartTLS,

		ReceiptGuessesPerMinute: 5,
		GuessShare:              50,
		SubmissionsPerHour:      10,
		OrgSubmissionsPerHour:   60,
	}
}

// Load returns the defaults overlaid with the TOML file at path (when path is
// not empty) and then with the environment.
func Load(path string, environ func(string) (string, bool)) (Config, error) {
	c := Default()
	if path != "" {
		meta, err := toml.DecodeFile(path, &c)
		if err != nil {
			return c, fmt.Errorf("config: %s: %w", path, err)
		}
		// A misspelt key would otherwise be ignored without a word.
		if unknown := meta.Undecoded(); len(unknown) > 0 {
			return c, fmt.Errorf("config: %s: unknown setting %q", path, unknown[0].String())
		}
	}
	if err := c.applyEnv(environ); err != nil {
		return c, err
	}
	return c, nil
}

// applyEnv sets each field whose env variable is present. For a field marked
// secret, NAME_FILE names a file holding the value (Docker and systemd
// credentials); its trailing newline is removed.
func (c *Config) applyEnv(environ func(string) (string, bool)) error {
	v := reflect.ValueOf(c).Elem()
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		name := f.Tag.Get("env")
		if name == "" || name == "-" {
			continue
		}
		raw, ok := environ(name)
		if !ok && f.Tag.Get("secret") == "true" {
			if file, okFile := environ(name + "_FILE"); okFile {
				b, err := os.ReadFile(file)
				if err != nil {
					return fmt.Errorf("config: %s_FILE: %w", name, err)
				}
				raw, ok = strings.TrimRight(string(b), "\r\n"), true
			}
		}
		if !ok {
			continue
		}
		if err := setField(v.Field(i), raw); err != nil {
			return fmt.Errorf("config: %s: %w", name, err)
		}
	}
	return nil
}

func setField(field reflect.Value, raw string) error {
	switch field.Interface().(type) {
	case string:
		field.SetString(raw)
	case int:
		n, err := strconv.Atoi(strings.TrimSpace(raw))
		if err != nil {
			return err
		}
		field.SetInt(int64(n))
	case bool:
		b, err := strconv.ParseBool(raw)
		if err != nil {
			return err
		}
		field.SetBool(b)
	case time.Duration:
		d, err := time.ParseDuration(raw)
		if err != nil {
			return err
		}
		field.SetInt(int64(d))
	case []string:
		var list []string
		for part := range strings.SplitSeq(raw, ",") {
			if p := strings.TrimSpace(part); p != "" {
				list = append(list, p)
			}
		}
		field.Set(reflect.ValueOf(list))
	default:
		return fmt.Errorf("unsupported type %s", field.Type())
	}
	return nil
}

// Validate checks the configuration and fills derived values. It names the
// setting at fault.
func (c *Config) Validate() error {
	var errs []error
	if c.Addr == "" {
		errs = append(errs, errors.New("addr: must not be empty"))
	}
	if c.DatabaseURL == "" && c.DataDir == "" {
		errs = append(errs, errors.New("data: give a data directory or a database URL"))
	}
	if c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		errs = append(errs, errors.New("database: only postgres:// URLs are supported; leave it empty for SQLite"))
	}
	if c.MetricsToken = strings.TrimSpace(c.MetricsToken); c.MetricsToken != "" && len(c.MetricsToken) < 32 {
		errs = append(errs, errors.New("metrics_token: at least 32 characters (e.g. openssl rand -hex 32)"))
	}
	if c.MetricsAddr != "" && c.MetricsAddr == c.Addr && !strings.HasSuffix(c.Addr, ":0") {
		errs = append(errs, fmt.Errorf("metrics_addr: %q is the main address; leave it empty and set metrics_token instead", c.MetricsAddr))
	}
	if _, err := c.TrustedPrefixes(); err != nil {
		errs = append(errs, err)
	}
	if c.SessionIdle < time.Minute || c.SessionAbsolute < c.SessionIdle {
		errs = append(errs, errors.New("session_idle must be at least 1m and session_absolute at least session_idle"))
	}
	errs = append(errs, c.validateLimits()...)
	if c.LogFormat != "json" && c.LogFormat != "text" {
		errs = append(errs, fmt.Errorf("log_format: %q is not json or text", c.LogFormat))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("log_level: %q is not debug, info, warn or error", c.LogLevel))
	}
	errs = append(errs, c.validateMail()...)
	errs = append(errs, c.validateSSO()...)
	errs = append(errs, c.validateThemes()...)
	return errors.Join(errs...)
}

// validateLimits checks the limits on what clients may ask.
func (c *Config) validateLimits() []error {
	var errs []error
	if c.ReceiptGuessesPerMinute < 1 || c.ReceiptGuessesPerMinute > 1000 {
		errs = append(errs, fmt.Errorf("receipt_guesses_per_minute: %d is not between 1 and 1000", c.ReceiptGuessesPerMinute))
	}
	if c.SubmissionsPerHour < 1 || c.SubmissionsPerHour > 10000 {
		errs = append(errs, fmt.Errorf("submissions_per_hour: %d is not between 1 and 10000", c.SubmissionsPerHour))
	}
	if c.OrgSubmissionsPerHour < 1 || c.OrgSubmissionsPerHour > 100000 {
		errs = append(errs, fmt.Errorf("org_submissions_per_hour: %d is not between 1 and 100000", c.OrgSubmissionsPerHour))
	}
	if c.GuessShare < 1 || c.GuessShare > 100 {
		errs = append(errs, fmt.Errorf("guess_share: %d is not a percentage between 1 and 100", c.GuessShare))
	}
	return errs
}

// validateMail checks base_url and the smtp_* settings. The smtp_* settings
// other than smtp_host are checked only when smtp_host is set: without it
// there is no e-mail, whatever they hold.
func (c *Config) validateMail() []error {
	var errs []error
	c.BaseURL = strings.TrimRight(strings.TrimSpace(c.BaseURL), "/")
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		switch {
		case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
			errs = append(errs, fmt.Errorf("base_url: %q is not an absolute http:// or https:// URL", c.BaseURL))
		case u.User != nil || u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(c.BaseURL, "?") || strings.HasSuffix(c.BaseURL, "#"):
			errs = append(errs, fmt.Errorf("base_url: %q must not hold a user, query or fragment", c.BaseURL))
		}
	}
	c.SMTPHost = strings.TrimSpace(c.SMTPHost)
	if c.SMTPHost == "" {
		return errs
	}
	if c.BaseURL == "" {
		errs = append(errs, errors.New("base_url: required when smtp_host is set: e-mails link to the server"))
	}
	switch strings.ToLower(strings.TrimSpace(c.SMTPTLS)) {
	case "", mail.TLSStartTLS, mail.TLSImplicit, mail.TLSNone:
	default:
		errs = append(errs, fmt.Errorf("smtp_tls: %q is not starttls, tls or none", c.SMTPTLS))
	}
	if c.SMTPPort < 0 || c.SMTPPort > 65535 {
		errs = append(errs, fmt.Errorf("smtp_port: %d is not a port (1-65535, or 0 for the usual one)", c.SMTPPort))
	}
	if c.SMTPFrom == "" {
		errs = append(errs, errors.New("smtp_from: required when smtp_host is set"))
	} else if _, err := netmail.ParseAddress(c.SMTPFrom); err != nil {
		errs = append(errs, fmt.Errorf("smtp_from: %q is not an e-mail address", c.SMTPFrom))
	}
	if c.SMTPPassword != "" && c.SMTPUsername == "" {
		errs = append(errs, errors.New("smtp_password: given without smtp_username"))
	}
	if len(errs) == 0 {
		// The mail package's own check, in case it knows more than the above.
		if err := c.Mail().Validate(); err != nil {
			errs = append(errs, fmt.Errorf("smtp: %w", err))
		}
	}
	return errs
}

// Mail returns the settings of the mail server; without smtp_host the
// result is disabled (mail.Config.Enabled reports false).
func (c *Config) Mail() mail.Config {
	return mail.Config{
		Host:     c.SMTPHost,
		Port:     c.SMTPPort,
		Username: c.SMTPUsername,
		Password: c.SMTPPassword,
		From:     c.SMTPFrom,
		TLS:      c.SMTPTLS,
		Domain:   c.mailDomain(),
	}
}

// mailDomain is the base URL's host name without a port: the domain of the
// Message-ID of every e-mail ("" without a base URL, or when it names an IP
// address: then the sender's domain is used).
func (c *Config) mailDomain() string {
	u, err := url.Parse(strings.TrimSpace(c.BaseURL))
	if err != nil {
		return ""
	}
	if _, err := netip.ParseAddr(u.Hostname()); err == nil {
		return ""
	}
	return u.Hostname()
}

// TrustedPrefixes parses TrustedProxies; a bare address counts as one host.
func (c *Config) TrustedPrefixes() ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range c.TrustedProxies {
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, fmt.Errorf("trusted_proxies: %q is not an address or CIDR prefix", s)
		}
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// DSN is what the store opens: the PostgreSQL URL, or the SQLite file in DataDir.
func (c *Config) DSN() string {
	if c.DatabaseURL != "" {
		return c.DatabaseURL
	}
	return filepath.Join(c.DataDir, "integer.db")
}

// AuditKeyPath is the audit key file: AuditKeyFile, or audit.key in DataDir.
func (c *Config) AuditKeyPath() string {
	if c.AuditKeyFile != "" {
		return c.AuditKeyFile
	}
	return filepath.Join(c.DataDir, "audit.key")
}

// EnvNames lists every environment variable with its TOML key, for the help
// text and the documentation.
func EnvNames() [][2]string {
	var out [][2]string
	t := reflect.TypeFor[Config]()
	for i := range t.NumField() {
		f := t.Field(i)
		if env := f.Tag.Get("env"); env != "" && env != "-" {
			out = append(out, [2]string{env, f.Tag.Get("toml")})
		}
	}
	return out
}
