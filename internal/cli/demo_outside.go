package cli

import (
	"context"

	"github.com/integer-nl/integer/internal/auth"
	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/store"
)

// seedDemoOutside fills the demo's records of this module. Being built.
func seedDemoOutside(ctx context.Context, s *store.Store, params auth.Params, org *domain.Organisation) error {
	return nil
}
