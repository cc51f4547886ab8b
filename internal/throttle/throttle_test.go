package throttle

import (
	"net/netip"
	"testing"
	"time"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestKeyerNamesAddressesWithoutHoldingThem(t *testing.T) {
	k, other := NewKeyer(), NewKeyer()
	a := netip.MustParseAddr("203.0.113.7")
	if k.Client(a) != k.Client(netip.MustParseAddr("::ffff:203.0.113.7")) {
		t.Error("an IPv4-mapped address is another client")
	}
	if k.Client(a) == other.Client(a) {
		t.Error("two processes name an address alike: the key is not random")
	}
	if k.Client(a) == k.Client(netip.MustParseAddr("203.0.113.8")) || k.Client(a).IsZero() {
		t.Error("two addresses are one client")
	}
	if k.Client(netip.MustParseAddr("2001:db8:1:2::1")) != k.Client(netip.MustParseAddr("2001:db8:1:2:ffff::9")) {
		t.Error("one IPv6 /64 is several clients")
	}
	if k.Client(netip.MustParseAddr("2001:db8:1:2::1")) == k.Client(netip.MustParseAddr("2001:db8:1:3::1")) {
		t.Error("two IPv6 /64s are one client")
	}
	c := k.Client(a)
	if k.Pair(c, "1:coord") == k.Pair(c, "1:hr") || k.Pair(c, "1:coord") == k.Pair(k.Client(netip.MustParseAddr("198.51.100.1")), "1:coord") {
		t.Error("pairs collide")
	}
}

func TestBuckets(t *testing.T) {
	clk := &clock{t: time.Unix(1e9, 0)}
	b := NewBuckets(5, 12*time.Second, clk.now)
	c, d := Client{1}, Client{2}
	for i := range 5 {
		if ok, _ := b.Take(c); !ok {
			t.Fatalf("take %d refused", i+1)
		}
	}
	ok, wait := b.Take(c)
	if ok || wait != 12*time.Second {
		t.Fatalf("sixth take: %v, wait %v", ok, wait)
	}
	if ok, _ := b.Take(d); !ok || b.Full(d) || !b.Full(Client{3}) {
		t.Error("another client is limited by the first")
	}
	b.Give(c)
	if ok, _ := b.Take(c); !ok {
		t.Error("a token given back cannot be taken")
	}
	clk.t = clk.t.Add(6 * time.Second)
	if ok, wait := b.Take(c); ok || wait != 6*time.Second {
		t.Errorf("half a token later: %v, wait %v", ok, wait)
	}
	clk.t = clk.t.Add(time.Hour)
	if !b.Full(c) {
		t.Error("not full after an hour")
	}
	for range 10 {
		b.Give(c)
	}
	for i := range 6 {
		if ok, _ := b.Take(c); ok != (i < 5) {
			t.Fatalf("take %d after giving back too much: %v", i+1, ok)
		}
	}
}

func TestCounters(t *testing.T) {
	clk := &clock{t: time.Unix(1e9, 0)}
	k := NewCounters(Rule{Limit: 3, Window: 15 * time.Minute, Block: time.Minute, MaxBlock: 4 * time.Minute}, clk.now)
	c := Client{1}
	for i := range 2 {
		if d := k.Fail(c); d != 0 {
			t.Fatalf("failure %d blocks for %v", i+1, d)
		}
	}
	if d := k.Fail(c); d != time.Minute || k.Blocked(c) != time.Minute || k.Blocked(Client{2}) != 0 {
		t.Fatalf("third failure blocks for %v", d)
	}
	clk.t = clk.t.Add(time.Minute)
	if k.Blocked(c) != 0 || k.Failures(c) != 3 {
		t.Fatalf("after the block: blocked %v, failures %d", k.Blocked(c), k.Failures(c))
	}
	for _, want := range []time.Duration{2 * time.Minute, 4 * time.Minute, 4 * time.Minute} {
		if d := k.Fail(c); d != want {
			t.Errorf("further failure blocks for %v, want %v", d, want)
		}
	}
	clk.t = clk.t.Add(time.Hour)
	if k.Failures(c) != 0 || k.Fail(c) != 0 {
		t.Error("failures outlive their window")
	}
	k.Fail(c)
	k.Reset(c)
	if k.Failures(c) != 0 {
		t.Error("reset forgets nothing")
	}
}

func TestMarks(t *testing.T) {
	clk := &clock{t: time.Unix(1e9, 0)}
	m := NewMarks(time.Hour, clk.now)
	m.Mark(Client{1})
	if !m.Has(Client{1}) || m.Has(Client{2}) {
		t.Fatal("marks")
	}
	clk.t = clk.t.Add(2 * time.Hour)
	if m.Has(Client{1}) {
		t.Error("a mark outlives its ttl")
	}
}
