package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// leaveRefusal is R18's refusal: only an image shared with the viewer's
// account can be removed from it. Anything else is "not shared with you",
// told as not found, like every image the viewer may not use so.
func leaveRefusal(img *ImageView) *Error {
	if img.Type == SharedImage {
		return nil
	}
	return notFound("InvalidImageId.NotFound", Msg("leave.not_shared", img.ID))
}

// Leave removes an image shared with the actor's account from it, at once
// (R18): the share becomes "left", the image disappears from the account's
// lists and pickers, its instances keep running, the owner is notified and
// the share no longer counts toward N, so the owner may share it again.
func (s *ShareStore) Leave(ctx context.Context, actor Actor, imageID string) error {
	err := s.db.change(ctx, actor, "share.leave", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource = imageID
		img, err := getVisible(tx, actor, imageID)
		if err != nil {
			return err
		}
		if r := leaveRefusal(&img); r != nil {
			return r
		}
		_, moved, err := moveRecipientShare(tx, actor, img.ID, ShareActive, ShareLeft, "")
		if err != nil {
			return err
		}
		// Group shares reaching the actor (R25) are hidden for it alone:
		// the other members keep them.
		hidden, err := hideGroupShares(tx, actor, img.ID, []string{ShareActive, ShareOffered}, false, memberLeft, "")
		if err != nil {
			return err
		}
		if !moved && hidden == 0 {
			return leaveRefusal(&ImageView{Image: Image{ID: img.ID}}) // ended meanwhile
		}
		ev.Detail = imageOwner(img.Image)
		return notifyOwnerOf(tx, img.Image, actor.AccountID, NoteShareLeft, "")
	})
	return wrap("leave share", err)
}

// LeavePreview is what the leave confirmation names: the image, and the
// actor's instances launched from it, which stay.
type LeavePreview struct {
	Image     ImageView
	Instances []Instance
}

// ToLeave returns what leaving an image shared with the actor would keep,
// or the refusal Leave would give.
func (s *ShareStore) ToLeave(ctx context.Context, actor Actor, imageID string) (LeavePreview, error) {
	var p LeavePreview
	err := s.db.view(ctx, func(tx *gorm.DB) error {
		var err error
		if p.Image, err = getVisible(tx, actor, imageID); err != nil {
			return err
		}
		if !p.Image.Can.Leave.OK() {
			return p.Image.Can.Leave.Refusal
		}
		return tx.Where("account_id = ? AND image_id = ? AND state <> ?", actor.AccountID, imageID, InstanceTerminated).
			Order("created_at, id").Limit(500).Find(&p.Instances).Error
	})
	if err != nil {
		return p, fmt.Errorf("preview leaving %s: %w", imageID, err)
	}
	return p, nil
}
