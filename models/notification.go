package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Notification kinds: what an account is told about shares.
const (
	NoteShareReceived = "share_received" // to the recipient, once the share is active
	NoteShareEnded    = "share_ended"    // to the recipient, when the owner cancels
	NoteShareRevoked  = "share_revoked"  // to both, when an admin revokes, with the reason
	NoteShareApproved = "share_approved" // to the owner, under the review policy
	NoteShareRejected = "share_rejected" // to the owner, with the reason
)

// Notification is one message in an account's inbox.
type Notification struct {
	ID             int64 `gorm:"primaryKey"`
	AccountID      string
	Kind           string
	ImageID        string
	ImageName      string
	OtherAccountID string // the owner (for recipients) or the recipient (for owners)
	Reason         string
	ReadAt         *time.Time
	CreatedAt      time.Time
}

// notify adds a notification in the caller's transaction, so it exists if and
// only if the change it tells about does.
func notify(tx *gorm.DB, n Notification) error {
	n.CreatedAt = time.Now().UTC()
	if err := tx.Create(&n).Error; err != nil {
		return fmt.Errorf("notify %s: %w", n.Kind, err)
	}
	return nil
}

// notifyShares tells the recipient (and, for admin decisions, the owner) of
// shares that moved to a new status.
func notifyShares(tx *gorm.DB, shares []Share, img Image, kind, reason string) error {
	for _, s := range shares {
		if s.TargetID != nil {
			if err := notifyGroupShare(tx, s, img, kind, reason); err != nil {
				return err
			}
			continue
		}
		owner := ""
		if img.OwnerAccountID != nil {
			owner = *img.OwnerAccountID
		}
		note := Notification{Kind: kind, ImageID: img.ID, ImageName: img.Name, Reason: reason}
		switch kind {
		case NoteShareReceived, NoteShareEnded, NoteShareOffered, NoteShareExpired, NoteShareExpiring:
			note.AccountID, note.OtherAccountID = s.RecipientAccountID, owner
		case NoteShareApproved, NoteShareRejected:
			note.AccountID, note.OtherAccountID = owner, s.RecipientAccountID
		case NoteShareRevoked:
			note.AccountID, note.OtherAccountID = s.RecipientAccountID, owner
			if err := notify(tx, note); err != nil {
				return err
			}
			note.AccountID, note.OtherAccountID = owner, s.RecipientAccountID
		}
		if err := notify(tx, note); err != nil {
			return err
		}
	}
	return nil
}

// notifyGroupShare is notifyShares for a group share (R25): each member it
// reaches is told once, and the owner, for an admin's decision, once with
// the target's id.
func notifyGroupShare(tx *gorm.DB, s Share, img Image, kind, reason string) error {
	owner := imageOwner(img)
	if kind != NoteShareApproved && kind != NoteShareRejected {
		members, err := audienceOf(tx, s, img)
		if err != nil {
			return err
		}
		for _, m := range members {
			if err := notifyRecipientOf(tx, img, m, kind, reason); err != nil {
				return err
			}
		}
		if kind != NoteShareRevoked {
			return nil
		}
	}
	return notify(tx, Notification{AccountID: owner, Kind: kind, ImageID: img.ID, ImageName: img.Name,
		OtherAccountID: *s.TargetID, Reason: reason})
}

// NotificationStore reads an account's inbox.
type NotificationStore struct{ db *DB }

// NewNotificationStore returns the notification store.
func NewNotificationStore(db *DB) *NotificationStore { return &NotificationStore{db: db} }

// unreadOf counts the unread notifications of the account an SQL expression
// names (a column, or a ?): the header's bell, which the session lookup
// reads in the same statement.
func unreadOf(account string) string {
	return "SELECT COUNT(*) FROM notifications n WHERE n.account_id = " + account + " AND n.read_at IS NULL"
}

// NotificationView is a notification as its reader sees it: where the image
// is, who the other account is, and whether the reader may open the image.
type NotificationView struct {
	Notification
	RegionID         string // empty once the image is deleted
	OtherAccountName string
	// Mine: the reader owns the image (a revoke tells both sides).
	Mine bool
	// CanOpen: the image exists and the reader owns it or holds an active
	// share of it, so a link to it leads somewhere.
	CanOpen bool
}

// List returns the account's latest notifications, newest first.
func (s *NotificationStore) List(ctx context.Context, actor Actor) ([]NotificationView, error) {
	var out []NotificationView
	err := s.db.WithContext(ctx).Table("notifications n").
		Select(`n.*, COALESCE(i.region_id, '') AS region_id, COALESCE(a.name, '') AS other_account_name,
			COALESCE(i.owner_account_id = ?, FALSE) AS mine,
			COALESCE(i.owner_account_id = ? OR (`+sharedWithOn("i")+`), FALSE) AS can_open`,
			append([]any{actor.AccountID, actor.AccountID}, sharedWithArgs(actor.AccountID)...)...).
		// An image in the recycle bin reads as deleted (R23).
		Joins("LEFT JOIN (SELECT * FROM images WHERE "+notBinned+") i ON i.id = n.image_id").
		Joins("LEFT JOIN accounts a ON a.id = n.other_account_id").
		Where("n.account_id = ?", actor.AccountID).Order("n.created_at DESC, n.id DESC").Limit(200).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list notifications: %w", err)
	}
	return out, nil
}

// MarkAllRead marks every notification of the account read.
func (s *NotificationStore) MarkAllRead(ctx context.Context, actor Actor) error {
	err := s.db.WithContext(ctx).Model(&Notification{}).Where("account_id = ? AND read_at IS NULL", actor.AccountID).
		Update("read_at", time.Now().UTC()).Error
	if err != nil {
		return fmt.Errorf("mark notifications read: %w", err)
	}
	return nil
}
