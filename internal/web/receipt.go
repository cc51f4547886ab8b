package web

import (
	"context"
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

func receiptOrgKey(orgID int64) string { return "receipt:org:" + itoa(int(orgID)) }

const receiptAllKey = "receipt:all"

// newReceipt makes a receipt code for a new report and what it unlocks.
func (s *Server) newReceipt(ctx context.Context, orgID int64) (string, store.Receipt, error) {
	code := seal.NewReceipt()
	rc, err := s.receiptKeys(ctx, orgID, code)
	return code, rc, err
}

// receiptKeys derives the lookup value and mailbox key of a receipt code
// (one argon2id computation, in a password slot).
func (s *Server) receiptKeys(ctx context.Context, orgID int64, code string) (store.Receipt, error) {
	keys, err := s.store.OrgKeys(ctx, orgID)
	if err != nil {
		return store.Receipt{}, err
	}
	var rc store.Receipt
	err = s.slots.do(ctx, func() { rc.Lookup, rc.Mailbox = seal.ReceiptKeys(s.password, code, keys.ReceiptSalt) })
	return rc, err
}

// checkReceipt turns a typed receipt code into what it unlocks, within the
// throttling: ETHROTTLED while blocked, EUNAUTHORIZED for a malformed code
// (counted as a failure like a wrong one). The caller reports a wrong code
// with receiptFailed.
func (s *Server) checkReceipt(ctx context.Context, orgID int64, typed string) (store.Receipt, error) {
	if err := s.store.ThrottleCheck(ctx, receiptOrgKey(orgID), receiptAllKey); err != nil {
		return store.Receipt{}, err
	}
	code, ok := seal.NormalizeReceipt(typed)
	if !ok {
		// The same work as for a well-formed code, so that the answer's
		// timing says nothing either.
		code = "0000000000000000"
	}
	rc, err := s.receiptKeys(ctx, orgID, code)
	if err != nil {
		return rc, err
	}
	if !ok {
		return rc, s.receiptFailed(ctx, orgID)
	}
	return rc, nil
}

// receiptFailed counts a wrong code and returns the error to show: the one
// message for an unknown or wrong code, or the throttling message.
func (s *Server) receiptFailed(ctx context.Context, orgID int64) error {
	errOrg := s.store.ThrottleFail(ctx, receiptOrgKey(orgID), receiptOrgRule)
	errAll := s.store.ThrottleFail(ctx, receiptAllKey, receiptAllRule)
	for _, err := range []error{errOrg, errAll} {
		if err != nil {
			return err
		}
	}
	return domain.Errorf(domain.EUNAUTHORIZED, "err.receipt_wrong")
}
