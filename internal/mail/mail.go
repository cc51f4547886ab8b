// Package mail sends notification e-mail over SMTP.
//
// A notification says only that there is news and where to look: a link to
// Integer. It never carries any content of a report. E-mail passes through
// servers outside the municipality's control and lands in mailboxes that are
// shared, forwarded and archived, while the law demands that a report and the
// reporter's identity reach only the people authorised to handle them. This
// package cannot check that of the text it is given; callers must build the
// text from fixed phrases and links only.
package mail

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	gomail "github.com/wneessen/go-mail"
)

// Timeout bounds connecting and each SMTP exchange, so that a mail server
// that does not answer holds up a notification for seconds, not minutes.
const Timeout = 10 * time.Second

// The values of Config.TLS.
const (
	TLSStartTLS = "starttls" // plain connection upgraded with STARTTLS, which is required (default; port 587)
	TLSImplicit = "tls"      // TLS from the first byte (port 465)
	TLSNone     = "none"     // no encryption: tests and a relay on the same host only (port 25)
)

// Config is where and how to send. An empty Host disables sending.
type Config struct {
	Host     string
	Port     int // 0: the usual port of the TLS mode (587, 465 or 25)
	Username string
	Password string
	From     string // sender address, may have a display name: "Integer <noreply@example.nl>"
	TLS      string // TLSStartTLS (also when empty), TLSImplicit or TLSNone
	// Domain names the installation in each Message-ID (<random@Domain>):
	// the base URL's host. Empty: the domain of From. Never the machine's
	// host name, which is nobody's business and which spam filters distrust.
	Domain string
}

// Enabled reports whether a mail server is configured. Without one,
// notifications are simply not sent: a small installation may do without.
func (c Config) Enabled() bool { return c.Host != "" }

// Validate reports a configuration that cannot work, so that it fails at
// start-up rather than at the first notification. A disabled configuration is
// valid whatever its other fields hold.
func (c Config) Validate() error {
	if !c.Enabled() {
		return nil
	}
	if _, err := c.tlsMode(); err != nil {
		return err
	}
	if c.Port < 0 || c.Port > 65535 {
		return fmt.Errorf("mail: port %d out of range", c.Port)
	}
	if c.From == "" {
		return errors.New("mail: no sender address (From)")
	}
	if _, err := mail.ParseAddress(c.From); err != nil {
		return fmt.Errorf("mail: sender address %q: %w", c.From, err)
	}
	if c.Password != "" && c.Username == "" {
		return errors.New("mail: password without user name")
	}
	return nil
}

// String describes the configuration without the password, so that logging a
// Config, on purpose or by %v, does not leak it.
func (c Config) String() string {
	if !c.Enabled() {
		return "mail disabled"
	}
	mode, _ := c.tlsMode()
	s := fmt.Sprintf("smtp://%s (tls=%s, from=%s", c.addr(), mode, c.From)
	if c.Username != "" {
		s += ", user=" + c.Username
	}
	return s + ")"
}

// tlsMode returns the TLS mode, with the default applied.
func (c Config) tlsMode() (string, error) {
	switch mode := strings.ToLower(strings.TrimSpace(c.TLS)); mode {
	case "":
		return TLSStartTLS, nil
	case TLSStartTLS, TLSImplicit, TLSNone:
		return mode, nil
	default:
		return "", fmt.Errorf("mail: TLS mode %q, want %q, %q or %q", c.TLS, TLSStartTLS, TLSImplicit, TLSNone)
	}
}

// port returns the configured port or the usual one of the TLS mode.
func (c Config) port() int {
	if c.Port != 0 {
		return c.Port
	}
	switch mode, _ := c.tlsMode(); mode {
	case TLSImplicit:
		return 465
	case TLSNone:
		return 25
	default:
		return 587
	}
}

func (c Config) addr() string { return net.JoinHostPort(c.Host, strconv.Itoa(c.port())) }

// Message is one plain-text e-mail in UTF-8.
type Message struct {
	To      []string // addresses, each may have a display name
	Subject string
	Text    string // "\n" line ends; sent as text/plain, quoted-printable
}

// Sender sends Messages with one Config. It is safe for concurrent use: every
// Send opens its own connection, which suits the low volume of notifications.
type Sender struct {
	cfg Config
}

// NewSender returns a Sender for cfg. With a disabled cfg it returns a Sender
// whose Send does nothing, so callers need no case of their own.
func NewSender(cfg Config) *Sender { return &Sender{cfg: cfg} }

// Enabled reports whether Send actually sends.
func (s *Sender) Enabled() bool { return s != nil && s.cfg.Enabled() }

// Send delivers m to the configured server. It returns once the server has
// accepted the message for all recipients, or with an error; if any
// recipient is refused, nothing is sent. ctx and Timeout bound the connection
// attempt, Timeout each exchange after it. Errors name the server, never the
// recipients, the subject or the text. On a disabled Sender, Send returns nil
// at once.
func (s *Sender) Send(ctx context.Context, m Message) error {
	if !s.Enabled() {
		return nil
	}
	if err := s.cfg.Validate(); err != nil {
		return err
	}
	msg, err := s.build(m)
	if err != nil {
		return err
	}
	client, err := s.client()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return &sendError{
			msg: fmt.Sprintf("mail: sending to %d recipient(s) via %s: %s",
				len(m.To), s.cfg.addr(), redact(err.Error(), m.To)),
			err: err,
		}
	}
	return nil
}

// sendError is a failed Send. Its text leaves out the recipients' addresses:
// a reporter who asked to be notified by e-mail is identified by the address,
// and errors end up in logs read by people who must not learn who reported.
// The go-mail error, addresses and all, stays reachable with errors.As, for
// instance for (*gomail.SendError).IsTemp.
type sendError struct {
	msg string
	err error
}

func (e *sendError) Error() string { return e.msg }
func (e *sendError) Unwrap() error { return e.err }

// redact replaces every recipient address in s, as written and as the bare
// address that SMTP servers echo in their replies, case-insensitively.
func redact(s string, to []string) string {
	for _, t := range to {
		forms := []string{t}
		if a, err := mail.ParseAddress(t); err == nil {
			forms = append(forms, a.Address)
		}
		for _, f := range forms {
			if f != "" {
				s = regexp.MustCompile(`(?i)`+regexp.QuoteMeta(f)).ReplaceAllLiteralString(s, "[recipient]")
			}
		}
	}
	return s
}

// build turns m into a go-mail message.
func (s *Sender) build(m Message) (*gomail.Msg, error) {
	if len(m.To) == 0 {
		return nil, errors.New("mail: message without recipients")
	}
	if !utf8.ValidString(m.Subject) || !utf8.ValidString(m.Text) {
		return nil, errors.New("mail: subject or text is not valid UTF-8")
	}
	// go-mail's defaults are UTF-8 and quoted-printable, which keeps Dutch text
	// readable in the raw message and passes servers without 8BITMIME. No
	// User-Agent: the library and its version are nobody's business.
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := msg.From(s.cfg.From); err != nil {
		return nil, fmt.Errorf("mail: sender address %q: %w", s.cfg.From, err)
	}
	// Checked here, not by go-mail, whose error would quote the address: see
	// sendError. Each recipient is one address (with or without a display
	// name); a control character such as a line break, or a second address,
	// is refused, even if a caller let one through.
	for i, t := range m.To {
		if _, err := mail.ParseAddress(t); err != nil || strings.ContainsFunc(t, unicode.IsControl) {
			return nil, fmt.Errorf("mail: recipient %d of %d: not one e-mail address", i+1, len(m.To))
		}
	}
	if err := msg.To(m.To...); err != nil {
		return nil, fmt.Errorf("mail: recipients: %s", redact(err.Error(), m.To))
	}
	// A subject is one line; folding any line breaks to spaces keeps a
	// caller's stray newline from becoming a header of its own.
	msg.Subject(strings.Join(strings.Fields(m.Subject), " "))
	// RFC 3834: keeps out-of-office replies and other auto-responders from
	// answering a notification.
	msg.SetGenHeader(gomail.Header("Auto-Submitted"), "auto-generated")
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	msg.SetMessageIDWithValue(rand.Text() + "@" + s.cfg.messageDomain())
	return msg, nil
}

// messageDomain is the right-hand side of the Message-ID: Domain, else the
// domain of the sender's address.
func (c Config) messageDomain() string {
	if c.Domain != "" {
		return c.Domain
	}
	if a, err := mail.ParseAddress(c.From); err == nil {
		if _, d, ok := strings.Cut(a.Address, "@"); ok && d != "" {
			return d
		}
	}
	return "localhost.localdomain"
}

// client returns a go-mail client for one connection. Clients are not reused:
// go-mail keeps the connection and the chosen AUTH mechanism in the client.
func (s *Sender) client() (*gomail.Client, error) {
	mode, _ := s.cfg.tlsMode()
	opts := []gomail.Option{gomail.WithTimeout(Timeout)}
	switch mode {
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		// Mandatory, not opportunistic: a server or attacker that hides
		// STARTTLS must not get the password or the message in the clear.
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	opts = append(opts, gomail.WithPort(s.cfg.port()))
	if s.cfg.Username != "" {
		// PLAIN and LOGIN as go-mail implements them refuse to send the
		// password over an unencrypted connection unless the server is on
		// localhost, so TLS "none" with a remote relay fails rather than leaks.
		// Mechanisms not listed fall back to go-mail's discovery.
		opts = append(opts,
			gomail.WithUsername(s.cfg.Username),
			gomail.WithPassword(s.cfg.Password),
			gomail.WithOpportunisticSMTPAuth(
				gomail.SMTPAuthSCRAMSHA256, gomail.SMTPAuthSCRAMSHA1,
				gomail.SMTPAuthPlain, gomail.SMTPAuthLogin,
			),
		)
	}
	client, err := gomail.NewClient(s.cfg.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("mail: client for %s: %w", s.cfg.addr(), err)
	}
	return client, nil
}
