package audit

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"
)

// CheckpointKind is the "kind" of every checkpoint file, so that a file
// of another sort is refused by name.
const CheckpointKind = "integer-audit-checkpoint/v1"

// Checkpoint is a signed statement of the audit chain's head: entry Seq of
// the installation's log had hash Head at time At. It is issued for one
// organisation (its auditors receive it) but covers the whole chain, of
// which every organisation's entries are links.
type Checkpoint struct {
	Kind         string    `json:"kind"`
	Organisation string    `json:"organisation"`
	Seq          int64     `json:"sequence"`
	Head         string    `json:"head_hash"`
	At           time.Time `json:"time"`
	KeyID        string    `json:"key_id"`
	PublicKey    string    `json:"public_key"`
	Signature    string    `json:"signature,omitempty"`
}

// ErrForged is returned for a checkpoint whose signature does not hold.
var ErrForged = errors.New("audit: the checkpoint's signature does not hold: it was changed or forged")

// ErrOtherKey is returned for a checkpoint signed with another key than
// the installation's.
var ErrOtherKey = errors.New("audit: the checkpoint was signed with another key than this installation's")

// signed is what the signature covers: every field but the signature, in
// the fixed JSON encoding of the struct.
func (c Checkpoint) signed() []byte {
	c.Signature = ""
	c.At = c.At.UTC()
	b, err := json.Marshal(c)
	if err != nil {
		panic(err) // strings, an integer and a time always encode
	}
	return b
}

// Checkpoint signs the head (entry seq with hash head) for the organisation
// at time at.
func (k *Key) Checkpoint(org string, seq int64, head string, at time.Time) Checkpoint {
	c := Checkpoint{Kind: CheckpointKind, Organisation: org, Seq: seq, Head: head,
		At: at.UTC().Truncate(time.Second), KeyID: k.ID, PublicKey: k.PublicKey()}
	c.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(k.sign, c.signed()))
	return c
}

// Verify checks that c was signed by this key: ErrOtherKey when it names
// another key, ErrForged when the signature does not hold over its fields.
func (k *Key) Verify(c Checkpoint) error {
	pub := k.sign.Public().(ed25519.PublicKey)
	if c.KeyID != k.ID || c.PublicKey != k.PublicKey() {
		return fmt.Errorf("%w (%s, this installation's is %s)", ErrOtherKey, c.KeyID, k.ID)
	}
	sig, err := base64.StdEncoding.DecodeString(c.Signature)
	if err != nil || c.Kind != CheckpointKind || !ed25519.Verify(pub, c.signed(), sig) {
		return ErrForged
	}
	return nil
}

// Encode returns the checkpoint as the file an auditor keeps: indented
// JSON with a final newline.
func (c Checkpoint) Encode() []byte {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		panic(err)
	}
	return append(b, '\n')
}

// maxCheckpoint bounds a checkpoint file; a real one is about 400 bytes.
const maxCheckpoint = 8 << 10

// ReadCheckpoint parses a checkpoint file (at most 8 KiB, no unknown
// fields). It does not check the signature: Key.Verify does.
func ReadCheckpoint(r io.Reader) (Checkpoint, error) {
	var c Checkpoint
	b, err := io.ReadAll(io.LimitReader(r, maxCheckpoint+1))
	if err != nil {
		return c, fmt.Errorf("audit: checkpoint: %w", err)
	}
	if len(b) > maxCheckpoint {
		return c, errors.New("audit: checkpoint: file too large")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return c, fmt.Errorf("audit: checkpoint: %w", err)
	}
	if c.Kind != CheckpointKind || c.Seq < 0 || c.Signature == "" {
		return c, errors.New("audit: checkpoint: not an Integer audit checkpoint")
	}
	return c, nil
}
