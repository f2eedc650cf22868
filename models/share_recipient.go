package models

import (
	"time"

	"gorm.io/gorm"
)

// Notification kinds of the share lifecycle (SPEC 3b).
const (
	NoteShareLeft     = "share_left"     // to the owner: the recipient removed the image (R18)
	NoteShareOffered  = "share_offered"  // to the recipient: an invitation to accept (R19)
	NoteShareAccepted = "share_accepted" // to the owner (R19)
	NoteShareDeclined = "share_declined" // to the owner, with the recipient's reason (R19)
	NoteShareExpiring = "share_expiring" // to the recipient, days before the expiry (R20)
	NoteShareExpired  = "share_expired"  // to the recipient and the owner (R20)
)

// moveRecipientShare moves the actor's own share of an image from one
// status to another, as its recipient decided (leave, accept, decline). The
// update is conditional on the status, so of two concurrent decisions only
// the first applies and the second finds nothing to move. It returns the
// share as it was, or ok false when the actor has no share in that status.
func moveRecipientShare(tx *gorm.DB, actor Actor, imageID, from, to, reason string) (Share, bool, error) {
	var sh Share
	err := tx.Where("image_id = ? AND recipient_account_id = ? AND status = ?", imageID, actor.AccountID, from).
		Limit(1).Find(&sh).Error
	if err != nil || sh.ID == 0 {
		return sh, false, err
	}
	update := map[string]any{"status": to, "decided_at": time.Now().UTC(), "reason": reason, "decided_by_user_id": nil}
	if actor.UserID != 0 {
		update["decided_by_user_id"] = actor.UserID
	}
	res := tx.Model(&Share{}).Where("id = ? AND status = ?", sh.ID, from).Updates(update)
	if res.Error != nil || res.RowsAffected == 0 {
		return sh, false, res.Error
	}
	return sh, true, nil
}

// imageOwner returns the owner account of a custom image ("" for a public one).
func imageOwner(img Image) string {
	if img.OwnerAccountID == nil {
		return ""
	}
	return *img.OwnerAccountID
}

// notifyOwnerOf tells an image's owner what a recipient did with its share.
func notifyOwnerOf(tx *gorm.DB, img Image, recipient, kind, reason string) error {
	return notify(tx, Notification{AccountID: imageOwner(img), Kind: kind, ImageID: img.ID, ImageName: img.Name,
		OtherAccountID: recipient, Reason: reason})
}

// notifyRecipientOf tells a recipient what happened to a share with it.
func notifyRecipientOf(tx *gorm.DB, img Image, recipient, kind, reason string) error {
	return notify(tx, Notification{AccountID: recipient, Kind: kind, ImageID: img.ID, ImageName: img.Name,
		OtherAccountID: imageOwner(img), Reason: reason})
}
