package mail_test

import (
	"context"
	"errors"
	"net"
	"net/mail"
	"slices"
	"strings"
	"testing"
	"time"

	gomail "github.com/wneessen/go-mail"

	imail "github.com/integer-nl/integer/internal/mail"
	"github.com/integer-nl/integer/internal/mail/mailtest"
)

// config returns a Config for srv, without TLS as the test server has none.
func config(srv *mailtest.Server) imail.Config {
	host, port := srv.Addr()
	return imail.Config{Host: host, Port: port, From: "Integer <noreply@integer.example>", TLS: imail.TLSNone}
}

func TestSendDutchText(t *testing.T) {
	srv := mailtest.NewServer(t)
	s := imail.NewSender(config(srv))
	subject := "Nieuwe melding ontvangen – coördinator"
	text := "Beste coördinator,\n\n" +
		"Er is nieuws in Integer: één melding wacht op uw reactie (€ 0, ß, ü, ĳ).\n" +
		"Bekijk haar via https://integer.example/zaanstad/meldingen?filter=nieuw&sortering=ontvangen-aflopend&pagina=1\n\n" +
		"Dit bericht is automatisch verstuurd.\n"
	err := s.Send(t.Context(), imail.Message{
		To:      []string{"Coördinator Integriteit <coordinator@gemeente.example>"},
		Subject: subject,
		Text:    text,
	})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}

	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("server got %d messages, want 1", len(msgs))
	}
	m := msgs[0]
	if m.From != "noreply@integer.example" {
		t.Errorf("envelope sender = %q", m.From)
	}
	if !slices.Equal(m.To, []string{"coordinator@gemeente.example"}) {
		t.Errorf("envelope recipients = %q", m.To)
	}
	checkAddress(t, m.Header, "From", "Integer", "noreply@integer.example")
	checkAddress(t, m.Header, "To", "Coördinator Integriteit", "coordinator@gemeente.example")
	if m.Subject != subject {
		t.Errorf("Subject = %q, want %q", m.Subject, subject)
	}
	if m.Text != text {
		t.Errorf("Text = %q, want %q", m.Text, text)
	}
	if ct := m.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") || !strings.Contains(strings.ToLower(ct), "utf-8") {
		t.Errorf("Content-Type = %q, want text/plain in UTF-8", ct)
	}
	if got := m.Header.Get("Auto-Submitted"); got != "auto-generated" {
		t.Errorf("Auto-Submitted = %q, want auto-generated", got)
	}
	for _, h := range []string{"User-Agent", "X-Mailer"} {
		if got := m.Header.Get(h); got != "" {
			t.Errorf("%s = %q, want none", h, got)
		}
	}
	for _, h := range []string{"Date", "Message-Id"} {
		if m.Header.Get(h) == "" {
			t.Errorf("no %s header", h)
		}
	}
	// The raw message is 7-bit: it passes relays without 8BITMIME unharmed.
	for i, b := range m.Raw {
		if b >= 0x80 {
			t.Fatalf("raw message has byte %#x at %d; want 7-bit", b, i)
		}
	}
}

func checkAddress(t *testing.T, h mail.Header, field, name, addr string) {
	t.Helper()
	list, err := h.AddressList(field)
	if err != nil || len(list) != 1 || list[0].Name != name || list[0].Address != addr {
		t.Errorf("%s = %v (%v), want %q <%s>", field, list, err, name, addr)
	}
}

func TestSendSeveralRecipients(t *testing.T) {
	srv := mailtest.NewServer(t)
	s := imail.NewSender(config(srv))
	to := []string{"a@gemeente.example", "B <b@gemeente.example>"}
	if err := s.Send(t.Context(), imail.Message{To: to, Subject: "Nieuws", Text: "Zie Integer."}); err != nil {
		t.Fatalf("Send: %v", err)
	}
	// Wait is what tests of background senders use; here it returns at once.
	m := srv.Wait(t, 1)[0]
	if !slices.Equal(m.To, []string{"a@gemeente.example", "b@gemeente.example"}) {
		t.Errorf("envelope recipients = %q", m.To)
	}
}

// TestSubjectIsOneLine checks that a line break in a subject cannot add a
// header field, such as a Bcc to an outsider.
func TestSubjectIsOneLine(t *testing.T) {
	srv := mailtest.NewServer(t)
	s := imail.NewSender(config(srv))
	err := s.Send(t.Context(), imail.Message{
		To:      []string{"a@gemeente.example"},
		Subject: "Nieuws\r\nBcc: buiten@example.org",
		Text:    "Zie Integer.",
	})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	m := srv.Messages()[0]
	if m.Subject != "Nieuws Bcc: buiten@example.org" || m.Header.Get("Bcc") != "" || len(m.To) != 1 {
		t.Errorf("Subject = %q, Bcc = %q, recipients %q", m.Subject, m.Header.Get("Bcc"), m.To)
	}
}

func TestSendAuth(t *testing.T) {
	tests := []struct {
		name     string
		username string
		password string
		wantErr  bool
	}{
		{"right credentials", "integer", "geheim wachtwoord", false},
		{"wrong password", "integer", "fout", true},
		{"no credentials", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := mailtest.NewServer(t, mailtest.RequireAuth("integer", "geheim wachtwoord"))
			cfg := config(srv)
			cfg.Username, cfg.Password = tt.username, tt.password
			err := imail.NewSender(cfg).Send(t.Context(), imail.Message{
				To: []string{"a@gemeente.example"}, Subject: "Nieuws", Text: "Zie Integer.",
			})
			if (err != nil) != tt.wantErr {
				t.Fatalf("Send: %v, want error: %v", err, tt.wantErr)
			}
			if err != nil {
				t.Logf("error: %v", err)
				if tt.password != "" && strings.Contains(err.Error(), tt.password) {
					t.Errorf("error %q contains the password", err)
				}
				if n := len(srv.Messages()); n != 0 {
					t.Errorf("server got %d messages, want none", n)
				}
				return
			}
			if got := srv.Messages()[0].Auth; got != "integer" {
				t.Errorf("authenticated as %q, want integer", got)
			}
		})
	}
}

// TestSendRefusedRecipient checks that a refused recipient is an error that
// tells which server but not whom, nor what: addresses of reporters and
// message text must not end up in logs.
func TestSendRefusedRecipient(t *testing.T) {
	srv := mailtest.NewServer(t, mailtest.RejectRecipients("melder@example.org"))
	s := imail.NewSender(config(srv))
	m := imail.Message{
		To:      []string{"coordinator@gemeente.example", "Melder <Melder@Example.org>"},
		Subject: "Onderwerp-geheim",
		Text:    "Tekst-geheim",
	}
	err := s.Send(t.Context(), m)
	if err == nil {
		t.Fatal("Send succeeded, want an error")
	}
	host, _ := srv.Addr()
	msg := err.Error()
	if !strings.Contains(msg, host) || !strings.Contains(msg, "550") {
		t.Errorf("error %q does not name the server and the SMTP code", msg)
	}
	for _, secret := range []string{"geheim", "melder@", "coordinator@"} {
		if strings.Contains(strings.ToLower(msg), secret) {
			t.Errorf("error %q contains %q", msg, secret)
		}
	}
	var se *gomail.SendError
	if !errors.As(err, &se) || se.IsTemp() {
		t.Errorf("error %v is not a permanent *gomail.SendError", err)
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("server got %d messages, want none: one refused recipient stops the message", n)
	}
}

func TestSendFails(t *testing.T) {
	srv := mailtest.NewServer(t)
	ok := imail.Message{To: []string{"a@gemeente.example"}, Subject: "Nieuws", Text: "Zie Integer."}
	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	tests := []struct {
		name   string
		modify func(*imail.Config)
		ctx    context.Context
		msg    imail.Message
	}{
		// The test server offers no STARTTLS: mandatory STARTTLS must refuse
		// to go on in the clear rather than fall back.
		{"starttls required but not offered", func(c *imail.Config) { c.TLS = imail.TLSStartTLS }, nil, ok},
		{"starttls is the default", func(c *imail.Config) { c.TLS = "" }, nil, ok},
		{"implicit TLS to a plain server", func(c *imail.Config) { c.TLS = imail.TLSImplicit }, nil, ok},
		{"unknown TLS mode", func(c *imail.Config) { c.TLS = "ssl" }, nil, ok},
		{"no sender address", func(c *imail.Config) { c.From = "" }, nil, ok},
		{"nothing listens", func(c *imail.Config) { c.Port = closedPort(t) }, nil, ok},
		{"context cancelled", nil, cancelled, ok},
		{"no recipients", nil, nil, imail.Message{Subject: "Nieuws", Text: "Zie Integer."}},
		{"invalid recipient", nil, nil, imail.Message{To: []string{"geen adres"}, Subject: "Nieuws", Text: "Zie Integer."}},
		{"invalid UTF-8", nil, nil, imail.Message{To: ok.To, Subject: "Nieuws", Text: "Zie \xff"}},
		// TestDefect_BadInputRefused's addresses, should one get past the form.
		{"header injection in a recipient", nil, nil, imail.Message{To: []string{"a@b.nl\r\nBcc: c@d.nl"}, Subject: "Nieuws", Text: "Zie Integer."}},
		{"a line break after a display name", nil, nil, imail.Message{To: []string{"X\r\nBcc: c@d.nl <a@b.nl>"}, Subject: "Nieuws", Text: "Zie Integer."}},
		{"two recipients in one", nil, nil, imail.Message{To: []string{"a@b.nl, c@d.nl"}, Subject: "Nieuws", Text: "Zie Integer."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := config(srv)
			if tt.modify != nil {
				tt.modify(&cfg)
			}
			ctx := tt.ctx
			if ctx == nil {
				ctx = t.Context()
			}
			start := time.Now()
			err := imail.NewSender(cfg).Send(ctx, tt.msg)
			if err == nil {
				t.Fatal("Send succeeded, want an error")
			}
			t.Logf("error: %v", err)
			if d := time.Since(start); d > imail.Timeout {
				t.Errorf("Send took %v, want at most %v", d, imail.Timeout)
			}
			if strings.Contains(err.Error(), "Zie") {
				t.Errorf("error %q contains the text", err)
			}
		})
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("server got %d messages, want none", n)
	}
}

// closedPort returns a port on 127.0.0.1 on which nothing listens.
func closedPort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return port
}

func TestDisabledSenderDoesNothing(t *testing.T) {
	// Not even the message is checked: without a mail server, notifications
	// are off and callers go on as if sent.
	for _, s := range []*imail.Sender{imail.NewSender(imail.Config{}), nil} {
		if s.Enabled() {
			t.Errorf("sender %v is enabled", s)
		}
		if err := s.Send(t.Context(), imail.Message{}); err != nil {
			t.Errorf("Send on disabled sender: %v", err)
		}
	}
}

// TestDefect_MessageIDFromHostName: go-mail names the machine (os.Hostname)
// in the Message-ID, which tells the world the server's internal host name
// and makes spam filters distrust the mail. The domain comes from the
// configuration (the base URL's host), else from the sender's address.
func TestDefect_MessageIDFromHostName(t *testing.T) {
	tests := []struct {
		name, domain, want string
	}{
		{"the base URL's host", "integriteit.gemeente.example", "@integriteit.gemeente.example>"},
		{"no domain: the sender's", "", "@integer.example>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := mailtest.NewServer(t)
			cfg := config(srv)
			cfg.Domain = tt.domain
			if err := imail.NewSender(cfg).Send(t.Context(), imail.Message{To: []string{"a@gemeente.example"}, Subject: "Nieuws", Text: "Zie Integer."}); err != nil {
				t.Fatal(err)
			}
			id := srv.Messages()[0].Header.Get("Message-Id")
			if !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, tt.want) || len(id) < len(tt.want)+16 {
				t.Errorf("Message-Id = %q, want <random%s", id, tt.want)
			}
		})
	}
}
