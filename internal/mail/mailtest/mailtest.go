// Package mailtest runs a real SMTP server inside a test, on 127.0.0.1 with
// a free port, and collects what it receives. Tests of any package that sends
// e-mail point a mail.Config at it (TLS "none") and check what arrived, through
// the whole SMTP conversation rather than a mock of it.
//
// It is for tests only: it keeps every message in memory and accepts
// anything from anyone.
package mailtest

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// WaitTimeout bounds Server.Wait, so a message that never comes fails the
// test instead of hanging it.
const WaitTimeout = 5 * time.Second

// Received is one message as the server got it.
type Received struct {
	From    string      // envelope sender (MAIL FROM)
	To      []string    // envelope recipients (RCPT TO), in order
	Auth    string      // the user name the client authenticated as; "" without AUTH
	Header  mail.Header // the header fields, values as sent (still MIME-encoded)
	Subject string      // the Subject field, MIME-decoded
	Text    string      // the text/plain body, transfer-decoded, with "\n" line ends
	Raw     []byte      // the message exactly as received after DATA
}

// Option changes how the server behaves; pass options to NewServer.
type Option func(*Server)

// RejectRecipients makes the server refuse RCPT TO for the given addresses
// with a permanent 550 error, as a server does for an unknown mailbox.
func RejectRecipients(addrs ...string) Option {
	return func(s *Server) {
		for _, a := range addrs {
			s.reject[strings.ToLower(a)] = true
		}
	}
}

// RequireAuth makes the server offer AUTH PLAIN over the plain connection
// and refuse MAIL FROM until the client has logged in with these credentials.
func RequireAuth(username, password string) Option {
	return func(s *Server) {
		s.username, s.password = username, password
	}
}

// Server is a running test SMTP server. It stops when the test ends.
type Server struct {
	host string
	port int

	reject             map[string]bool
	username, password string

	mu       sync.Mutex
	messages []Received
	arrived  chan struct{} // closed and replaced on every message, to wake Wait
}

// NewServer starts a server on 127.0.0.1 with a free port and registers its
// shutdown with tb.Cleanup.
func NewServer(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s := &Server{reject: map[string]bool{}, arrived: make(chan struct{})}
	for _, o := range opts {
		o(s)
	}

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("mailtest: listen: %v", err)
	}
	addr := l.Addr().(*net.TCPAddr)
	s.host, s.port = addr.IP.String(), addr.Port

	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) {
		return &session{srv: s}, nil
	}))
	srv.Domain = "localhost"
	// Bounded, so a client that stalls cannot keep the test running.
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	srv.MaxMessageBytes = 10 << 20
	srv.MaxRecipients = 100
	// Only for RequireAuth: a test server has no certificate, and the
	// credentials never leave the machine.
	srv.AllowInsecureAuth = true
	logger := &testLogger{tb: tb}
	srv.ErrorLog = logger

	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = srv.Serve(l) // returns nil after Close; other errors surface as failed sends
	}()
	tb.Cleanup(func() {
		logger.stop()
		_ = srv.Close()
		select {
		case <-served:
		case <-time.After(WaitTimeout):
			tb.Errorf("mailtest: server did not stop within %v", WaitTimeout)
		}
	})
	return s
}

// Addr returns the host and port to send to.
func (s *Server) Addr() (host string, port int) { return s.host, s.port }

// Messages returns a copy of the messages received so far, oldest first. A
// message is recorded before the server confirms DATA, so once a synchronous
// send has returned without error, its message is here.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.messages)
}

// Wait waits until at least n messages have arrived and returns them all. It
// fails the test after WaitTimeout: for senders that work in the background.
func (s *Server) Wait(tb testing.TB, n int) []Received {
	tb.Helper()
	deadline := time.NewTimer(WaitTimeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		msgs, arrived := slices.Clone(s.messages), s.arrived
		s.mu.Unlock()
		if len(msgs) >= n {
			return msgs
		}
		select {
		case <-arrived:
		case <-deadline.C:
			tb.Fatalf("mailtest: %d message(s) after %v, want %d", len(msgs), WaitTimeout, n)
			return nil
		}
	}
}

func (s *Server) add(r Received) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.messages = append(s.messages, r)
	close(s.arrived)
	s.arrived = make(chan struct{})
}

// session is one SMTP connection's state.
type session struct {
	srv  *Server
	auth string
	from string
	to   []string
}

var errAuthRequired = &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Authentication required"}

// AuthMechanisms offers PLAIN only when RequireAuth was given: a server that
// advertises AUTH without needing it would hide a client that skips it.
func (ss *session) AuthMechanisms() []string {
	if ss.srv.username == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (ss *session) Auth(mech string) (sasl.Server, error) {
	if mech != sasl.Plain || ss.srv.username == "" {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(identity, username, password string) error {
		if username != ss.srv.username || password != ss.srv.password {
			return smtp.ErrAuthFailed
		}
		ss.auth = username
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.srv.username != "" && ss.auth == "" {
		return errAuthRequired
	}
	ss.from = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if ss.srv.reject[strings.ToLower(to)] {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user here"}
	}
	ss.to = append(ss.to, to)
	return nil
}

// Data parses the message before accepting it: a message the sender could not
// get right is refused with 554, so the sending test fails where it should.
func (ss *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	rec, err := parse(raw)
	if err != nil {
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "mailtest: " + err.Error()}
	}
	rec.From, rec.To, rec.Auth = ss.from, slices.Clone(ss.to), ss.auth
	ss.srv.add(rec)
	return nil
}

func (ss *session) Reset() { ss.from, ss.to = "", nil }

func (ss *session) Logout() error { return nil }

// parse reads the header and the text body of a message.
func parse(raw []byte) (Received, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Received{}, fmt.Errorf("header: %w", err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return Received{}, fmt.Errorf("subject: %w", err)
	}
	text, err := textBody(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
	if err != nil {
		return Received{}, fmt.Errorf("body: %w", err)
	}
	return Received{
		Header:  msg.Header,
		Subject: subject,
		Text:    strings.ReplaceAll(text, "\r\n", "\n"),
		Raw:     raw,
	}, nil
}

// textBody returns the text/plain content of a body with the given content
// type and transfer encoding; of a multipart body, the first text/plain part.
func textBody(contentType, encoding string, body io.Reader) (string, error) {
	if contentType == "" {
		contentType = "text/plain; charset=us-ascii" // RFC 2045 §5.2
	}
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return "", err
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextPart()
			if err == io.EOF {
				return "", errors.New("no text/plain part")
			}
			if err != nil {
				return "", err
			}
			// NextPart already decodes quoted-printable and then drops the header.
			text, err := textBody(p.Header.Get("Content-Type"), p.Header.Get("Content-Transfer-Encoding"), p)
			if err == nil {
				return text, nil
			}
		}
	}
	if mediaType != "text/plain" {
		return "", fmt.Errorf("content type %q, want text/plain", mediaType)
	}
	// Only charsets that are UTF-8 byte for byte: the test compares strings.
	if cs := strings.ToLower(params["charset"]); cs != "utf-8" && cs != "us-ascii" && cs != "" {
		return "", fmt.Errorf("charset %q, want utf-8", cs)
	}
	var r io.Reader
	switch e := strings.ToLower(strings.TrimSpace(encoding)); e {
	case "", "7bit", "8bit", "binary":
		r = body
	case "quoted-printable":
		r = quotedprintable.NewReader(body)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, body) // skips the line breaks
	default:
		return "", fmt.Errorf("transfer encoding %q", e)
	}
	b, err := io.ReadAll(r)
	return string(b), err
}

// testLogger sends the SMTP server's error log to the test log, and drops it
// once the test is over: logging after that panics.
type testLogger struct {
	mu      sync.Mutex
	tb      testing.TB
	stopped bool
}

func (l *testLogger) Printf(format string, v ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.stopped {
		l.tb.Logf("mailtest: "+format, v...)
	}
}

func (l *testLogger) Println(v ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.stopped {
		l.tb.Log(append([]any{"mailtest:"}, v...)...)
	}
}

func (l *testLogger) stop() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.stopped = true
}
