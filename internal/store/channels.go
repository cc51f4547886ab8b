package store

import (
	"context"
	"fmt"

	"github.com/integer-nl/integer/internal/domain"
	"github.com/integer-nl/integer/internal/seal"
)

// createOrgDefaults gives a new organisation its default channels and its
// receipt salt, in the transaction that creates it.
func (tx *Tx) createOrgDefaults(ctx context.Context, orgID int64) error {
	for _, c := range domain.DefaultChannels {
		if _, err := tx.ExecContext(ctx, `INSERT INTO channels (org_id, code, name_nl, name_en, created_at)
			VALUES ($1, $2, $3, $4, $5)`, orgID, c.Code, c.NameNL, c.NameEN, tx.now); err != nil {
			return fmt.Errorf("store: channel %s: %w", c.Code, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO org_keys (org_id, receipt_salt) VALUES ($1, $2)`, orgID, seal.NewSalt()); err != nil {
		return fmt.Errorf("store: organisation keys: %w", err)
	}
	return nil
}

// Channels lists the organisation's reporting channels with their handlers.
func (s *Store) Channels(ctx context.Context, orgID int64) ([]*domain.Channel, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, org_id, code, name_nl, name_en FROM channels WHERE org_id = $1 ORDER BY id`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: channels: %w", err)
	}
	var out []*domain.Channel
	byID := map[int64]*domain.Channel{}
	for rows.Next() {
		c := &domain.Channel{}
		if err := rows.Scan(&c.ID, &c.OrgID, &c.Code, &c.NameNL, &c.NameEN); err != nil {
			rows.Close()
			return nil, fmt.Errorf("store: channels: %w", err)
		}
		out = append(out, c)
		byID[c.ID] = c
	}
	rows.Close()
	hrows, err := s.db.QueryContext(ctx, `SELECT h.channel_id, h.user_id FROM channel_handlers h
		JOIN channels c ON c.id = h.channel_id WHERE c.org_id = $1 ORDER BY h.user_id`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: channel handlers: %w", err)
	}
	defer hrows.Close()
	for hrows.Next() {
		var cid, uid int64
		if err := hrows.Scan(&cid, &uid); err != nil {
			return nil, fmt.Errorf("store: channel handlers: %w", err)
		}
		if c := byID[cid]; c != nil {
			c.Handlers = append(c.Handlers, uid)
		}
	}
	return out, hrows.Err()
}

// ChannelByCode returns the organisation's channel with the code, or ENOTFOUND.
func (s *Store) ChannelByCode(ctx context.Context, orgID int64, code string) (*domain.Channel, error) {
	chans, err := s.Channels(ctx, orgID)
	if err != nil {
		return nil, err
	}
	for _, c := range chans {
		if c.Code == code {
			return c, nil
		}
	}
	return nil, domain.FieldError("context", "err.channel_unknown", code)
}

// SetChannelHandlers replaces the handlers of a channel. Each must be an
// account of the organisation holding the coordinator role. New reports are
// encrypted to the handlers of their channel at the time; a handler added
// later reaches older reports only through the custodian's recovery.
func (s *Store) SetChannelHandlers(ctx context.Context, actor Actor, orgID, channelID int64, userIDs []int64) error {
	return s.inTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM channels WHERE id = $1 AND org_id = $2`, channelID, orgID).Scan(&n); err != nil || n == 0 {
			return domain.Errorf(domain.ENOTFOUND, "err.page_not_found")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM channel_handlers WHERE channel_id = $1`, channelID); err != nil {
			return fmt.Errorf("store: channel handlers: %w", err)
		}
		for _, uid := range userIDs {
			var ok int
			err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users u JOIN user_roles r ON r.user_id = u.id
				WHERE u.id = $1 AND u.org_id = $2 AND r.role = $3`, uid, orgID, string(domain.RoleCoordinator)).Scan(&ok)
			if err != nil {
				return fmt.Errorf("store: channel handlers: %w", err)
			}
			if ok == 0 {
				return domain.FieldError("handlers", "err.handler_not_coordinator")
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO channel_handlers (channel_id, user_id) VALUES ($1, $2)`, channelID, uid); err != nil {
				return fmt.Errorf("store: channel handlers: %w", err)
			}
		}
		return tx.audit(ctx, actor.In(orgID), "channel.handlers", "channel", channelID, fmt.Sprint(userIDs))
	})
}

// channelRecipients returns the public keys of the channel's handlers that
// have a key pair, by grantee name ("user:ID").
func (tx *Tx) channelRecipients(ctx context.Context, channelID int64) (map[string]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT k.user_id, k.public_key FROM channel_handlers h
		JOIN user_keys k ON k.user_id = h.user_id JOIN users u ON u.id = h.user_id
		WHERE h.channel_id = $1 AND u.disabled = FALSE`, channelID)
	if err != nil {
		return nil, fmt.Errorf("store: channel recipients: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var uid int64
		var pub string
		if err := rows.Scan(&uid, &pub); err != nil {
			return nil, fmt.Errorf("store: channel recipients: %w", err)
		}
		out[userGrantee(uid)] = pub
	}
	return out, rows.Err()
}

func userGrantee(userID int64) string { return fmt.Sprintf("user:%d", userID) }

// CreateChannel adds a reporting channel of the organisation's own (e.g.
// complaints about undesirable conduct, to a complaints committee). Errors:
// EINVALID, ECONFLICT when the code is taken.
func (s *Store) CreateChannel(ctx context.Context, actor Actor, orgID int64, c *domain.Channel) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO channels (org_id, code, name_nl, name_en, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, orgID, c.Code, c.NameNL, c.NameEN, tx.now).Scan(&c.ID)
		if isUniqueViolation(err) {
			return &domain.Error{Code: domain.ECONFLICT, Key: "err.channel_code_taken", Args: []any{c.Code}, Field: "code"}
		}
		if err != nil {
			return fmt.Errorf("store: create channel: %w", err)
		}
		c.OrgID = orgID
		return tx.audit(ctx, actor.In(orgID), "channel.create", "channel", c.ID, c.Code)
	})
}
