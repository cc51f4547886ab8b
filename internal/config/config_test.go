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
		{"base url scheme", func(c *Config) { c.BaseURL = "ftp://integriteit.example.nl" }, "base_url"},
		{"base url relative", func(c *Config) { c.BaseURL = "/integer" }, "base_url"},
		{"base url query", func(c *Config) { c.BaseURL = "https://integriteit.example.nl/?x=1" }, "base_url"},
		{"smtp without base url", func(c *Config) { smtp(c); c.BaseURL = "" }, "base_url"},
		{"smtp tls", func(c *Config) { smtp(c); c.SMTPTLS = "ssl" }, "smtp_tls"},
		{"smtp port", func(c *Config) { smtp(c); c.SMTPPort = 70000 }, "smtp_port"},
		{"smtp from missing", func(c *Config) { smtp(c); c.SMTPFrom = "" }, "smtp_from"},
		{"smtp from invalid", func(c *Config) { smtp(c); c.SMTPFrom = "noreply" }, "smtp_from"},
		{"smtp password alone", func(c *Config) { smtp(c); c.SMTPPassword = "geheim" }, "smtp_password"},
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

// smtp turns e-mail on with valid settings.
func smtp(c *Config) {
	c.SMTPHost = "smtp.example.nl"
	c.SMTPFrom = "Integer <noreply@example.nl>"
	c.BaseURL = "https://integriteit.example.nl"
}

func TestMailSettings(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "integer.toml")
	os.WriteFile(file, []byte("smtp_host = \"smtp.example.nl\"\nsmtp_port = 2525\nsmtp_username = \"integer\"\n"+
		"smtp_from = \"Integer <noreply@example.nl>\"\nbase_url = \"https://integriteit.example.nl/\"\n"), 0o600)
	secret := filepath.Join(dir, "smtp-password")
	os.WriteFile(secret, []byte("s3cret\n"), 0o600)

	c, err := Load(file, env(map[string]string{
		"INTEGER_SMTP_PASSWORD_FILE": secret,
		"INTEGER_SMTP_TLS":           "tls",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.BaseURL != "https://integriteit.example.nl" {
		t.Errorf("base_url = %q, want it without the trailing slash", c.BaseURL)
	}
	m := c.Mail()
	if !m.Enabled() || m.Host != "smtp.example.nl" || m.Port != 2525 || m.Username != "integer" ||
		m.Password != "s3cret" || m.From != "Integer <noreply@example.nl>" || m.TLS != "tls" {
		t.Fatalf("mail config = %+v (password %q)", m, m.Password)
	}
	// The Message-ID names the base URL's host, not the machine.
	if m.Domain != "integriteit.example.nl" {
		t.Errorf("mail domain = %q, want the base URL's host", m.Domain)
	}

	// The variable wins over the file, as for the database URL.
	c, err = Load("", env(map[string]string{"INTEGER_SMTP_PASSWORD": "direct", "INTEGER_SMTP_PASSWORD_FILE": secret, "INTEGER_SMTP_PORT": "587"}))
	if err != nil || c.SMTPPassword != "direct" || c.SMTPPort != 587 {
		t.Fatalf("config = %v, %v", c.SMTPPassword, err)
	}
	if _, err := Load("", env(map[string]string{"INTEGER_SMTP_PORT": "smtp"})); err == nil || !strings.Contains(err.Error(), "INTEGER_SMTP_PORT") {
		t.Fatalf("bad port: %v", err)
	}
	if _, err := Load("", env(map[string]string{"INTEGER_SMTP_PASSWORD_FILE": filepath.Join(dir, "missing")})); err == nil ||
		!strings.Contains(err.Error(), "INTEGER_SMTP_PASSWORD_FILE") {
		t.Fatalf("missing password file: %v", err)
	}
}

func TestMailOffByDefault(t *testing.T) {
	c := Default()
	// Without smtp_host the other smtp settings are not checked: e-mail is off.
	c.SMTPTLS = "nonsense"
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if c.Mail().Enabled() {
		t.Fatal("mail enabled without smtp_host")
	}
	c = Default()
	c.BaseURL = "http://localhost:8080"
	if err := c.Validate(); err != nil {
		t.Fatalf("base_url without e-mail: %v", err)
	}
}
