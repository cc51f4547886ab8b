// Package throttle holds the limits that are kept in memory, per process:
// token buckets and failure counters keyed by a Client, which names a client
// address without holding it.
//
// A Client is an HMAC of the address under a key made at random when the
// process starts and kept in memory only: it is never stored, logged or
// shown, and it means nothing after a restart, so neither a copy of the
// database nor the logs lead back to an address. IPv6 addresses are keyed by
// their /64 prefix, the block one subscriber usually holds, so that an
// attacker cannot step through 2^64 addresses of their own.
//
// Every limit here is per process: with several servers, each bounds its
// own clients and its own CPU, which is what a limit on argon2id work has to
// do anyway.
package throttle

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"net/netip"
)

// Client names a client address (or an account at an address) for the
// limits. The zero Client is no client: a caller the limits do not apply to
// (a handler's entry, the demo, the load tool).
type Client [16]byte

// IsZero reports whether c is no client.
func (c Client) IsZero() bool { return c == Client{} }

// Keyer turns addresses into Clients with the process's random key.
type Keyer struct{ key []byte }

// NewKeyer returns a Keyer with a fresh random key, held in memory only.
func NewKeyer() *Keyer {
	k := make([]byte, 32)
	_, _ = rand.Read(k) // crypto/rand.Read never fails
	return &Keyer{key: k}
}

// Client returns the Client of an address: the HMAC of the address, of its
// /64 prefix for IPv6.
func (k *Keyer) Client(a netip.Addr) Client {
	a = a.Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		a = p.Addr()
	}
	b, _ := a.MarshalBinary()
	return k.sum("addr", b)
}

// Pair returns the Client of a name (an account) at a client address.
func (k *Keyer) Pair(c Client, name string) Client {
	return k.sum("pair", append(c[:], name...))
}

func (k *Keyer) sum(kind string, msg []byte) Client {
	m := hmac.New(sha256.New, k.key)
	m.Write([]byte(kind))
	m.Write([]byte{0})
	m.Write(msg)
	var c Client
	copy(c[:], m.Sum(nil))
	return c
}
