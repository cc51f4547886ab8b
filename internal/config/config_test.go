package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestLoadOrder(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "integer.toml")
	os.WriteFile(file, []byte("addr = \":9000\"\nsession_idle = \"20m\"\ntrusted_proxies = [\"10.0.0.0/8\"]\n"), 0o600)
	secret := filepath.Join(dir, "db")
	os.WriteFile(secret, []byte("postgres://u:p@db/integer\n"), 0o600)

	c, err := Load(file, env(map[string]string{
		"INTEGER_ADDR":          ":9100",
		"INTEGER_DATABASE_FILE": secret,
		"INTEGER_LOG_FORMAT":    "text",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":9100" || c.SessionIdle != 20*time.Minute || c.DatabaseURL != "postgres://u:p@db/integer" ||
		c.LogFormat != "text" || !cmp.Equal(c.TrustedProxies, []string{"10.0.0.0/8"}) {
		t.Fatalf("config = %+v", c)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.DSN() != "postgres://u:p@db/integer" {
		t.Errorf("DSN = %q", c.DSN())
	}
}

func TestValidateNamesTheSetting(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*Config)
		wants string
	}{
		{"bad proxy", func(c *Config) { c.TrustedProxies = []string{"nonsense"} }, "trusted_proxies"},
		{"mysql", func(c *Config) { c.DatabaseURL = "mysql://x" }, "database"},
		{"idle", func(c *Config) { c.SessionIdle = time.Second }, "session_idle"},
		{"log format", func(c *Config) { c.LogFormat = "xml" }, "log_format"},
		{"log level", func(c *Config) { c.LogLevel = "loud" }, "log_level"},
		{"no storage", func(c *Config) { c.DataDir = "" }, "data"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := Default()
			tc.edit(&c)
			err := c.Validate()
			if err == nil || !strings.Contains(err.Error(), tc.wants) {
				t.Fatalf("Validate() = %v, want a message naming %q", err, tc.wants)
			}
		})
	}
	c := Default()
	if err := c.Validate(); err != nil {
		t.Fatalf("defaults invalid: %v", err)
	}
	if c.DSN() != filepath.Join("integer-data", "integer.db") {
		t.Errorf("default DSN = %q", c.DSN())
	}
}

func TestBadEnvironmentValue(t *testing.T) {
	_, err := Load("", env(map[string]string{"INTEGER_SESSION_IDLE": "soon"}))
	if err == nil || !strings.Contains(err.Error(), "INTEGER_SESSION_IDLE") {
		t.Fatalf("err = %v", err)
	}
}

func TestUnknownFileKeyIsAnError(t *testing.T) {
	file := filepath.Join(t.TempDir(), "integer.toml")
	os.WriteFile(file, []byte("adr = \":9000\"\n"), 0o600)
	_, err := Load(file, env(nil))
	if err == nil || !strings.Contains(err.Error(), `"adr"`) {
		t.Fatalf("err = %v, want it to name the unknown key", err)
	}
}
