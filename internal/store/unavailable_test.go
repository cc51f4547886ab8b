package store

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

func TestUnavailable(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("store: organisation: %w", err) }
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"no rows", sql.ErrNoRows, false},
		{"plain error", errors.New("boom"), false},
		{"unique violation", &pgconn.PgError{Code: "23505"}, false},
		{"syntax error", &pgconn.PgError{Code: "42601"}, false},
		{"admin shutdown", wrap(&pgconn.PgError{Code: "57P01"}), true},
		{"crash shutdown", wrap(&pgconn.PgError{Code: "57P02"}), true},
		{"starting up", wrap(&pgconn.PgError{Code: "57P03"}), true},
		{"connection failure", wrap(&pgconn.PgError{Code: "08006"}), true},
		{"refused", wrap(&net.OpError{Op: "dial", Net: "unix", Err: syscall.ECONNREFUSED}), true},
		{"bad conn", wrap(driver.ErrBadConn), true},
		{"conn done", wrap(sql.ErrConnDone), true},
		{"cut off", wrap(io.ErrUnexpectedEOF), true},
	}
	for _, tt := range tests {
		if got := Unavailable(tt.err); got != tt.want {
			t.Errorf("%s: Unavailable(%v) = %v, want %v", tt.name, tt.err, got, tt.want)
		}
	}
}
