// Package config holds every setting of an Integer server in one struct:
// defaults, then a TOML file, then INTEGER_* environment variables (and
// INTEGER_*_FILE for secrets), then command-line flags. It is validated once at
// start and passed explicitly; there are no globals.
package config

import (
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
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
	// Demo marks a demonstration server: a banner on every page, and demo
	// accounts may log in without two-factor authentication.
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
	if _, err := c.TrustedPrefixes(); err != nil {
		errs = append(errs, err)
	}
	if c.SessionIdle < time.Minute || c.SessionAbsolute < c.SessionIdle {
		errs = append(errs, errors.New("session_idle must be at least 1m and session_absolute at least session_idle"))
	}
	if c.LogFormat != "json" && c.LogFormat != "text" {
		errs = append(errs, fmt.Errorf("log_format: %q is not json or text", c.LogFormat))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("log_level: %q is not debug, info, warn or error", c.LogLevel))
	}
	return errors.Join(errs...)
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
