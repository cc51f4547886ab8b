package mail

import (
	"fmt"
	"strings"
	"testing"
)

func TestConfigPort(t *testing.T) {
	tests := []struct {
		tls  string
		port int
		want int
	}{
		{"", 0, 587},
		{"starttls", 0, 587},
		{"STARTTLS", 0, 587},
		{"tls", 0, 465},
		{"none", 0, 25},
		{"tls", 2465, 2465},
		{"none", 1025, 1025},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d", tt.tls, tt.port), func(t *testing.T) {
			if got := (Config{Host: "smtp.example", TLS: tt.tls, Port: tt.port}).port(); got != tt.want {
				t.Errorf("port() = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestConfigValidate(t *testing.T) {
	valid := Config{Host: "smtp.example", From: "Integer <noreply@integer.example>"}
	tests := []struct {
		name    string
		modify  func(*Config)
		wantErr bool
	}{
		{"valid", func(*Config) {}, false},
		{"disabled, rest ignored", func(c *Config) { *c = Config{TLS: "nonsense"} }, false},
		{"with credentials", func(c *Config) { c.Username, c.Password = "u", "p" }, false},
		{"user without password", func(c *Config) { c.Username = "u" }, false},
		{"password without user", func(c *Config) { c.Password = "p" }, true},
		{"unknown TLS mode", func(c *Config) { c.TLS = "ssl" }, true},
		{"port too large", func(c *Config) { c.Port = 65536 }, true},
		{"negative port", func(c *Config) { c.Port = -1 }, true},
		{"no From", func(c *Config) { c.From = "" }, true},
		{"bad From", func(c *Config) { c.From = "noreply" }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := valid
			tt.modify(&c)
			if err := c.Validate(); (err != nil) != tt.wantErr {
				t.Errorf("Validate() = %v, want error: %v", err, tt.wantErr)
			}
		})
	}
}

func TestConfigStringHidesPassword(t *testing.T) {
	c := Config{Host: "smtp.example", Username: "integer", Password: "s3cret-pw", From: "noreply@integer.example"}
	for _, s := range []string{c.String(), fmt.Sprint(c), fmt.Sprintf("%v", c), fmt.Sprintf("%+v", c)} {
		if strings.Contains(s, "s3cret-pw") {
			t.Errorf("%q contains the password", s)
		}
		if !strings.Contains(s, "smtp.example:587") {
			t.Errorf("%q does not name the server", s)
		}
	}
}

func TestRedact(t *testing.T) {
	to := []string{"Melder <Melder@Example.org>", "b@gemeente.example"}
	tests := []struct {
		in, want string
	}{
		{"550 5.1.1 <melder@example.org>: no such user", "550 5.1.1 <[recipient]>: no such user"},
		{"affected recipient(s): Melder@Example.org, b@gemeente.example", "affected recipient(s): [recipient], [recipient]"},
		{`bad "Melder <Melder@Example.org>"`, `bad "[recipient]"`},
		{"dial tcp 127.0.0.1:25: connection refused", "dial tcp 127.0.0.1:25: connection refused"},
	}
	for _, tt := range tests {
		if got := redact(tt.in, to); got != tt.want {
			t.Errorf("redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
