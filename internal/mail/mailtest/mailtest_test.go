package mailtest

import (
	"strings"
	"testing"
)

// TestParse covers the message forms other senders than ours may produce, so
// tests of other packages can rely on Subject and Text.
func TestParse(t *testing.T) {
	crlf := func(s string) []byte { return []byte(strings.ReplaceAll(s, "\n", "\r\n")) }
	tests := []struct {
		name        string
		raw         []byte
		wantSubject string
		wantText    string
		wantErr     bool
	}{
		{
			name:        "plain ASCII without Content-Type",
			raw:         crlf("Subject: Hallo\n\nregel 1\nregel 2\n"),
			wantSubject: "Hallo",
			wantText:    "regel 1\nregel 2\n",
		},
		{
			name: "quoted-printable with soft line break",
			raw: crlf("Subject: =?UTF-8?q?co=C3=B6rdinator?=\nContent-Type: text/plain; charset=UTF-8\n" +
				"Content-Transfer-Encoding: quoted-printable\n\n=C3=A9=C3=A9n lange=\n regel\n"),
			wantSubject: "coördinator",
			wantText:    "één lange regel\n",
		},
		{
			name: "base64 in B-encoded subject",
			raw: crlf("Subject: =?utf-8?b?w6nDqW4=?=\nContent-Type: text/plain; charset=utf-8\n" +
				"Content-Transfer-Encoding: base64\n\nw6nDqW4K\n"),
			wantSubject: "één",
			wantText:    "één\n",
		},
		{
			name: "multipart takes the text/plain part",
			raw: crlf("Subject: x\nContent-Type: multipart/alternative; boundary=XX\n\n" +
				"--XX\nContent-Type: text/html; charset=utf-8\n\n<p>html</p>\n" +
				"--XX\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n=C3=A9=C3=A9n\n" +
				"--XX--\n"),
			wantSubject: "x",
			wantText:    "één",
		},
		{
			name:    "HTML only",
			raw:     crlf("Subject: x\nContent-Type: text/html\n\n<p>x</p>\n"),
			wantErr: true,
		},
		{
			name:    "other charset",
			raw:     crlf("Subject: x\nContent-Type: text/plain; charset=iso-8859-1\n\n\xe9\n"),
			wantErr: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parse(tt.raw)
			if (err != nil) != tt.wantErr {
				t.Fatalf("parse: %v, want error: %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if got.Subject != tt.wantSubject || got.Text != tt.wantText {
				t.Errorf("parse = %q, %q; want %q, %q", got.Subject, got.Text, tt.wantSubject, tt.wantText)
			}
		})
	}
}
