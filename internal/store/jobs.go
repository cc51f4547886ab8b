package store

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"time"
)

// Background jobs run on every server, but each pass must run once across
// all servers on one database: a reminder, a checkpoint mail, a clean-up.
// Before a pass a server takes the job's lease (job_leases) for one period
// with a single conditional upsert: the row is written when the job has no
// row yet, when this process holds it already (the holder runs every
// period), or when the lease ran out (its holder died or stopped). The
// server whose statement changed the row runs the pass; the others skip it.
// One statement is atomic on both engines, so two servers that start in the
// same second cannot both take it. Why a lease and not an advisory lock:
// see docs/architecture.md#background-jobs-on-several-servers.

// JobLease is who holds a job's lease, for /metrics.
type JobLease struct {
	Job     string
	Holder  string
	TakenAt time.Time // the start of the last pass the holder ran
	Expires time.Time
}

// Holder names this process in job_leases: host, process id and a random
// part, so that a restarted process with the same id is another holder.
func (s *Store) Holder() string { return s.holder }

func newHolder() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "host"
	}
	return host + ":" + strconv.Itoa(os.Getpid()) + ":" + newRef()
}

// TakeJobLease reports whether this process may run a pass of job now, and
// if so holds the job until one period from now. The store's clock decides,
// so servers sharing a database need synchronised clocks (NTP); a skew of
// seconds only moves a pass by seconds.
func (s *Store) TakeJobLease(ctx context.Context, job string, period time.Duration) (bool, error) {
	if job == "" || period <= 0 {
		return false, fmt.Errorf("store: job lease %q for %s", job, period)
	}
	now := s.now()
	res, err := s.db.ExecContext(ctx, `INSERT INTO job_leases (job, holder, taken_at, expires_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (job) DO UPDATE SET holder = excluded.holder, taken_at = excluded.taken_at, expires_at = excluded.expires_at
		WHERE job_leases.holder = excluded.holder OR job_leases.expires_at <= excluded.taken_at`,
		job, s.holder, now, now.Add(period))
	if err != nil {
		return false, fmt.Errorf("store: take job lease %s: %w", job, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: take job lease %s: %w", job, err)
	}
	return n == 1, nil
}

// ReleaseJobLease gives up this process's leases, when it stops, so that
// another server runs the next pass at its own next tick instead of a
// period after the last one.
func (s *Store) ReleaseJobLeases(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM job_leases WHERE holder = $1`, s.holder); err != nil {
		return fmt.Errorf("store: release job leases: %w", err)
	}
	return nil
}

// JobLeases lists every job's lease, by job.
func (s *Store) JobLeases(ctx context.Context) ([]JobLease, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT job, holder, taken_at, expires_at FROM job_leases ORDER BY job`)
	if err != nil {
		return nil, fmt.Errorf("store: job leases: %w", err)
	}
	defer rows.Close()
	var out []JobLease
	for rows.Next() {
		var l JobLease
		if err := rows.Scan(&l.Job, &l.Holder, &l.TakenAt, &l.Expires); err != nil {
			return nil, fmt.Errorf("store: job leases: %w", err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}
