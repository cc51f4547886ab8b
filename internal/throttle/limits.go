package throttle

import (
	"sync"
	"time"
)

// Clock returns the current time; tests pass one they move.
type Clock func() time.Time

// sweepAt is the number of entries after which a limiter forgets the ones
// that no longer limit anything (a full bucket, a spent counter).
const sweepAt = 4096

// Buckets are token buckets, one per Client: each holds at most Burst
// tokens and gains one every Every. A missing bucket is a full one.
type Buckets struct {
	Burst int
	Every time.Duration
	now   Clock

	mu    sync.Mutex
	m     map[Client]*bucket
	limit int // sweep when the map reaches it
}

type bucket struct {
	tokens float64
	at     time.Time
}

// NewBuckets returns buckets of burst tokens, one more every every.
func NewBuckets(burst int, every time.Duration, now Clock) *Buckets {
	return &Buckets{Burst: burst, Every: every, now: now, m: map[Client]*bucket{}, limit: sweepAt}
}

// Take takes a token from c's bucket. When it is empty it takes nothing
// and returns false with the time until the next token.
func (b *Buckets) Take(c Client) (bool, time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	bk := b.fill(c)
	if bk.tokens >= 1 {
		bk.tokens--
		return true, 0
	}
	return false, time.Duration((1 - bk.tokens) * float64(b.Every))
}

// Give puts back a token that Take took (the attempt turned out not to
// count); a bucket never holds more than Burst.
func (b *Buckets) Give(c Client) {
	b.mu.Lock()
	defer b.mu.Unlock()
	bk := b.fill(c)
	bk.tokens = min(bk.tokens+1, float64(b.Burst))
}

// Full reports whether c's bucket is full: c took nothing lately.
func (b *Buckets) Full(c Client) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	bk, ok := b.m[c]
	return !ok || b.level(bk, b.now()) >= float64(b.Burst)
}

// fill returns c's bucket, refilled up to now; b.mu is held.
func (b *Buckets) fill(c Client) *bucket {
	now := b.now()
	bk, ok := b.m[c]
	if !ok {
		b.sweep(now)
		bk = &bucket{tokens: float64(b.Burst), at: now}
		b.m[c] = bk
	}
	bk.tokens, bk.at = b.level(bk, now), now
	return bk
}

func (b *Buckets) level(bk *bucket, now time.Time) float64 {
	if b.Every <= 0 {
		return float64(b.Burst)
	}
	return min(bk.tokens+float64(now.Sub(bk.at))/float64(b.Every), float64(b.Burst))
}

// sweep forgets full buckets once the map has grown to its limit; b.mu is
// held.
func (b *Buckets) sweep(now time.Time) {
	if len(b.m) < b.limit {
		return
	}
	for c, bk := range b.m {
		if b.level(bk, now) >= float64(b.Burst) {
			delete(b.m, c)
		}
	}
	b.limit = max(sweepAt, 2*len(b.m))
}

// Rule limits failures under one Client: after Limit failures within
// Window it is blocked for Block, doubling with each further failure up to
// MaxBlock.
type Rule struct {
	Limit    int
	Window   time.Duration
	Block    time.Duration
	MaxBlock time.Duration
}

// Counters count failures per Client under one Rule.
type Counters struct {
	rule Rule
	now  Clock

	mu    sync.Mutex
	m     map[Client]*counter
	limit int
}

type counter struct {
	failures int
	start    time.Time // of the window
	until    time.Time // blocked until
}

// NewCounters returns failure counters under the rule.
func NewCounters(r Rule, now Clock) *Counters {
	return &Counters{rule: r, now: now, m: map[Client]*counter{}, limit: sweepAt}
}

// Blocked returns how long c is still blocked, 0 when it is not.
func (k *Counters) Blocked(c Client) time.Duration {
	k.mu.Lock()
	defer k.mu.Unlock()
	if ct, ok := k.m[c]; ok {
		return max(ct.until.Sub(k.now()), 0)
	}
	return 0
}

// Failures returns c's failures in the current window.
func (k *Counters) Failures(c Client) int {
	k.mu.Lock()
	defer k.mu.Unlock()
	if ct, ok := k.m[c]; ok && !k.expired(ct, k.now()) {
		return ct.failures
	}
	return 0
}

// Fail counts a failure of c and returns how long c is blocked from now
// on: 0 below the limit.
func (k *Counters) Fail(c Client) time.Duration {
	k.mu.Lock()
	defer k.mu.Unlock()
	now := k.now()
	ct, ok := k.m[c]
	if !ok {
		k.sweep(now)
		ct = &counter{start: now}
		k.m[c] = ct
	}
	if k.expired(ct, now) {
		ct.failures, ct.start = 0, now
	}
	ct.failures++
	if ct.failures < k.rule.Limit {
		return 0
	}
	block := k.rule.Block << min(ct.failures-k.rule.Limit, 16)
	if block > k.rule.MaxBlock || block <= 0 {
		block = k.rule.MaxBlock
	}
	// The window restarts so that the count keeps growing while the
	// failures go on, and expires when they stop.
	ct.until, ct.start = now.Add(block), now
	return block
}

// Reset forgets c's failures (after a success).
func (k *Counters) Reset(c Client) {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.m, c)
}

func (k *Counters) expired(ct *counter, now time.Time) bool {
	return now.Sub(ct.start) > k.rule.Window && !now.Before(ct.until)
}

func (k *Counters) sweep(now time.Time) {
	if len(k.m) < k.limit {
		return
	}
	for c, ct := range k.m {
		if k.expired(ct, now) {
			delete(k.m, c)
		}
	}
	k.limit = max(sweepAt, 2*len(k.m))
}

// Marks remember that something happened for a Client, for a while: an
// account that logged in from an address.
type Marks struct {
	ttl time.Duration
	now Clock

	mu    sync.Mutex
	m     map[Client]time.Time
	limit int
}

// NewMarks returns marks that last ttl.
func NewMarks(ttl time.Duration, now Clock) *Marks {
	return &Marks{ttl: ttl, now: now, m: map[Client]time.Time{}, limit: sweepAt}
}

// Mark marks c from now on.
func (m *Marks) Mark(c Client) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	if _, ok := m.m[c]; !ok && len(m.m) >= m.limit {
		for k, at := range m.m {
			if now.Sub(at) > m.ttl {
				delete(m.m, k)
			}
		}
		m.limit = max(sweepAt, 2*len(m.m))
	}
	m.m[c] = now
}

// Has reports whether c was marked within the ttl.
func (m *Marks) Has(c Client) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	at, ok := m.m[c]
	return ok && m.now().Sub(at) <= m.ttl
}
