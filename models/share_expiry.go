package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Bounds of a share's expiry (R20), from the moment it is set.
const (
	MinShareExpiry = time.Hour
	MaxShareExpiry = 365 * 24 * time.Hour
)

// expiryRefusal is R20's refusal of an expiry: at least an hour and at most
// a year ahead. No expiry (nil) is always fine.
func expiryRefusal(now time.Time, at *time.Time) *Error {
	if at == nil {
		return nil
	}
	if at.Before(now.Add(MinShareExpiry)) || at.After(now.Add(MaxShareExpiry)) {
		return invalid("InvalidParameterValue.ExpiryOutOfRange", FieldError{"until", Msg("expiry.out_of_range")})
	}
	return nil
}

// SetExpiry gives the actor's live share of an image with an account an
// expiry, moves it (extend, shorten) or removes it (at nil) (R20). A new
// expiry earns a new early warning.
func (s *ShareStore) SetExpiry(ctx context.Context, actor Actor, imageID, accountID string, at *time.Time) error {
	err := s.db.change(ctx, actor, "share.expiry", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource, ev.Detail = imageID, accountID+" until="+expiryText(at)
		img, err := getOwned(tx, actor, imageID, OpShare)
		if err != nil {
			return err
		}
		if r := expiryRefusal(time.Now().UTC(), at); r != nil {
			return r
		}
		res := tx.Model(&Share{}).Where("image_id = ? AND "+shareTargetKey+" = ? AND status IN ?", img.ID, accountID, liveStatuses).
			Updates(map[string]any{"expires_at": expiryValue(at), "expiry_warned_at": gorm.Expr("NULL")})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return invalid("InvalidAccountId.NotFound", FieldError{"until", Msg("share.not_shared_with", accountID)})
		}
		return nil
	})
	return wrap("set share expiry", err)
}

func expiryText(at *time.Time) string {
	if at == nil {
		return "none"
	}
	return at.UTC().Format(time.RFC3339)
}

// accessEnds is when the actor's access to an image through its shares
// ends (R20): the latest end of the shares that give it the image, its own
// and its organization's or units' (R25); nil when one of them has no end,
// or none does.
func accessEnds(db *gorm.DB, actor Actor, imageID string) (*time.Time, error) {
	var shares []Share
	err := db.Raw("SELECT expires_at FROM shares WHERE image_id = ? AND recipient_account_id = ? AND status = ? "+
		"UNION ALL SELECT gs.expires_at"+groupSharesReaching+" AND gs.image_id = ?",
		append(append([]any{imageID, actor.AccountID, ShareActive}, groupSharedArgs(actor.AccountID)...), imageID)...).
		Scan(&shares).Error
	if err != nil {
		return nil, wrap("read share expiry", err)
	}
	var latest *time.Time
	for _, sh := range shares {
		if sh.ExpiresAt == nil {
			return nil, nil
		}
		if latest == nil || sh.ExpiresAt.After(*latest) {
			latest = sh.ExpiresAt
		}
	}
	return latest, nil
}

// maxExpiriesPerSweep bounds one sweep's transaction; the next sweep goes on.
const maxExpiriesPerSweep = 200

// ExpireShares ends every live share whose expiry has come (status
// expired, like a cancel: R15's effects), and warns recipients whose share
// ends within the notice period (R20). Each share is moved by a conditional
// update inside a transaction, so of several replicas (or a sweep repeated
// after a crash) exactly one ends it and sends its notifications. It looks
// first without a lock, so an idle sweep takes no write lock. It returns
// how many shares it ended.
func (q *JobQueue) ExpireShares(ctx context.Context) (int, error) {
	now := q.now()
	ended, err := q.sweepShares(ctx, "expires_at <= ? AND status IN ?", []any{now, liveStatuses}, func(tx *gorm.DB, sh Share) (bool, error) {
		return expireShare(tx, sh, now)
	})
	if err != nil {
		return ended, fmt.Errorf("expire shares: %w", err)
	}
	days, err := expiryNoticeDays(q.db.reader(ctx))
	if err != nil || days == 0 {
		return ended, err
	}
	_, err = q.sweepShares(ctx, "expires_at <= ? AND expires_at > ? AND status = ? AND expiry_warned_at IS NULL",
		[]any{now.Add(time.Duration(days) * 24 * time.Hour), now, ShareActive}, func(tx *gorm.DB, sh Share) (bool, error) {
			return warnExpiry(tx, sh, now)
		})
	if err != nil {
		return ended, fmt.Errorf("warn of share expiries: %w", err)
	}
	return ended, nil
}

// sweepShares applies fn, in one write transaction, to the shares where
// holds, if a lock-free read finds any; fn reports whether it moved one.
func (q *JobQueue) sweepShares(ctx context.Context, where string, args []any, fn func(*gorm.DB, Share) (bool, error)) (int, error) {
	var ids []int64
	if err := q.db.reader(ctx).Model(&Share{}).Where(where, args...).Order("id").Limit(maxExpiriesPerSweep).
		Pluck("id", &ids).Error; err != nil || len(ids) == 0 {
		return 0, err
	}
	n := 0
	err := q.db.tx(ctx, func(tx *gorm.DB) error {
		var shares []Share
		if err := tx.Where("id IN ?", ids).Where(where, args...).Order("id").Find(&shares).Error; err != nil {
			return err
		}
		for _, sh := range shares {
			moved, err := fn(tx, sh)
			if err != nil {
				return err
			}
			if moved {
				n++
			}
		}
		return nil
	})
	return n, err
}

// expireShare ends one due share, if no one did first, tells the recipient
// (who could see it or its invitation) and the owner, and audits it.
func expireShare(tx *gorm.DB, sh Share, now time.Time) (bool, error) {
	res := tx.Model(&Share{}).Where("id = ? AND status IN ? AND expires_at <= ?", sh.ID, liveStatuses, now).
		Updates(map[string]any{"status": ShareExpired, "decided_at": now, "decided_by_user_id": nil, "reason": ""})
	if res.Error != nil || res.RowsAffected == 0 {
		return false, res.Error
	}
	var img Image
	if err := tx.Where("id = ?", sh.ImageID).Take(&img).Error; err != nil {
		return false, err
	}
	if sh.Status != SharePending {
		if err := notifyShares(tx, []Share{sh}, img, NoteShareExpired, ""); err != nil {
			return false, err
		}
	}
	if err := notifyOwnerOf(tx, img, sh.Target(), NoteShareExpired, ""); err != nil {
		return false, err
	}
	ev := AuditEvent{At: now, AccountID: imageOwner(img), Username: "system", Action: "share.expire",
		Resource: img.ID, Outcome: OutcomeOK, Detail: strings.Join([]string{sh.Target(), expiryText(sh.ExpiresAt)}, " ")}
	return true, tx.Create(&ev).Error
}

// warnExpiry tells a recipient once that its share ends soon.
func warnExpiry(tx *gorm.DB, sh Share, now time.Time) (bool, error) {
	res := tx.Model(&Share{}).Where("id = ? AND status = ? AND expiry_warned_at IS NULL", sh.ID, ShareActive).
		Update("expiry_warned_at", now)
	if res.Error != nil || res.RowsAffected == 0 {
		return false, res.Error
	}
	var img Image
	if err := tx.Where("id = ?", sh.ImageID).Take(&img).Error; err != nil {
		return false, err
	}
	return true, notifyShares(tx, []Share{sh}, img, NoteShareExpiring, "")
}

func utcOrNil(at *time.Time) *time.Time {
	if at == nil {
		return nil
	}
	t := at.UTC()
	return &t
}

// expiryValue is an expiry as an update writes it: a typed nil pointer
// would be skipped, so no expiry is an explicit NULL.
func expiryValue(at *time.Time) any {
	if at == nil {
		return gorm.Expr("NULL")
	}
	return at.UTC()
}
