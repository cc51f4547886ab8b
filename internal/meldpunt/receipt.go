package meldpunt

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/seal"
	"github.com/integer-nl/integer/internal/store"
)

// Receipt codes are guessed, if at all, from anywhere: throttling is per
// organisation and over the whole installation, never per client address
// (which is not even looked at). A block lasts minutes, so the true holder
// of a code is never locked out for long.
var (
	receiptOrgRule = store.ThrottleRule{Limit: 30, Window: 10 * time.Minute, Block: time.Minute, MaxBlock: 10 * time.Minute}
	receiptAllRule = store.ThrottleRule{Limit: 300, Window: 10 * time.Minute, Block: time.Minute, MaxBlock: 10 * time.Minute}
)

func receiptOrgKey(orgID int64) string { return "receipt:org:" + strconv.FormatInt(orgID, 10) }

const receiptAllKey = "receipt:all"

// Key is a receipt code that passed unlock: what it opens in one
// organisation. Whether it belongs to a report only the store knows.
type Key struct {
	Org     *domain.Organisation
	Code    string // the code as 16 digits, for the hidden field of the mailbox's forms
	receipt store.Receipt
}

// derive derives the lookup value and mailbox key of a receipt code: the
// organisation's salt, then one argon2id computation in a slot. It is the
// only caller of seal.ReceiptKeys.
func (s *Service) derive(ctx context.Context, orgID int64, code string) (store.Receipt, error) {
	keys, err := s.store.OrgKeys(ctx, orgID)
	if err != nil {
		return store.Receipt{}, err
	}
	var rc store.Receipt
	err = s.slots.Do(ctx, func() { rc.Lookup, rc.Mailbox = seal.ReceiptKeys(s.params, code, keys.ReceiptSalt) })
	return rc, err
}

// unlock turns a typed receipt code into what it unlocks, within the
// throttling: ETHROTTLED while blocked, EUNAUTHORIZED for a malformed code
// (counted as a failure like a wrong one). The caller checks first that
// something was typed at all: nothing typed is not a guess and is not
// counted. A code the store does not know is counted by the use case that
// finds out (open, write, answerMinutes).
func (s *Service) unlock(ctx context.Context, org *domain.Organisation, typed string) (Key, error) {
	if err := s.store.ThrottleCheck(ctx, receiptOrgKey(org.ID), receiptAllKey); err != nil {
		return Key{}, refused(err)
	}
	code, ok := seal.NormalizeReceipt(typed)
	derived := code
	if !ok {
		// The same work as for a well-formed code, so that the answer's
		// timing says nothing either.
		derived = "0000000000000000"
	}
	rc, err := s.derive(ctx, org.ID, derived)
	if err != nil {
		return Key{}, err
	}
	if !ok {
		return Key{}, refused(s.receiptFailed(ctx, org.ID))
	}
	return Key{Org: org, Code: code, receipt: rc}, nil
}

// receiptFailed counts a wrong code and returns the error to show: the one
// message for an unknown or wrong code, or the throttling message.
func (s *Service) receiptFailed(ctx context.Context, orgID int64) error {
	errOrg := s.store.ThrottleFail(ctx, receiptOrgKey(orgID), receiptOrgRule)
	errAll := s.store.ThrottleFail(ctx, receiptAllKey, receiptAllRule)
	for _, err := range []error{errOrg, errAll} {
		if err != nil {
			return err
		}
	}
	return domain.Errorf(domain.EUNAUTHORIZED, "err.receipt_wrong")
}

// wrongCode counts a code the store did not know (EUNAUTHORIZED) and
// returns the error to show, marked as refusing the code; other errors
// pass unchanged.
func (s *Service) wrongCode(ctx context.Context, k Key, err error) error {
	if domain.ErrorCode(err) == domain.EUNAUTHORIZED {
		return refused(s.receiptFailed(ctx, k.Org.ID))
	}
	return err
}

// refusedError marks an error that refuses the receipt code: blocked,
// malformed, unknown or wrong. The domain error inside is what to show.
type refusedError struct{ err error }

func (e refusedError) Error() string { return e.err.Error() }
func (e refusedError) Unwrap() error { return e.err }

func refused(err error) error { return refusedError{err} }

// Refused reports whether err refuses the receipt code itself (the caller
// asks for the code again), rather than what was done with it.
func Refused(err error) bool {
	_, ok := errors.AsType[refusedError](err)
	return ok
}
