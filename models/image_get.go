package models

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"
)

// visibleTo narrows an images query to what an actor may see: public images,
// the account's own, and others' images with an active share to the account
// from an active owner. Anything else does not exist for the actor.
func visibleTo(db *gorm.DB, actor Actor) *gorm.DB {
	// The shared part is one uncorrelated subquery over the recipient's
	// shares, so listing a region never probes shares image by image.
	return db.Where("images.owner_account_id IS NULL OR images.owner_account_id = ? OR ("+
		"images.id IN (SELECT image_id FROM shares WHERE recipient_account_id = ? AND status = 'active') AND "+
		"EXISTS (SELECT 1 FROM accounts a WHERE a.id = images.owner_account_id AND a.status = 'active'))",
		actor.AccountID, actor.AccountID)
}

// imageNotFound is the one answer for an image the actor may not see.
func imageNotFound(id string) *Error {
	return notFound("InvalidImageId.NotFound", Msg("image.not_found", id))
}

// getVisible loads one image as the actor sees it.
func getVisible(tx *gorm.DB, actor Actor, id string) (ImageView, error) {
	if !ValidImageID(id) {
		return ImageView{}, imageNotFound(id)
	}
	var row struct {
		Image     `gorm:"embedded"`
		OwnerName string
	}
	err := visibleTo(tx.Table("images"), actor).
		Select("images.*, COALESCE(owners.name, '') AS owner_name").
		Joins("LEFT JOIN accounts owners ON owners.id = images.owner_account_id").
		Where("images.id = ?", id).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return ImageView{}, imageNotFound(id)
	}
	if err != nil {
		return ImageView{}, fmt.Errorf("get image: %w", err)
	}
	return ImageView{Image: row.Image, Type: row.Image.TypeFor(actor.AccountID), OwnerName: row.OwnerName}, nil
}

// getOwned loads an image the actor must own to act on, with the error each
// rule gives a non-owner: a recipient gets notShared's code (R2, R5, R7, R9
// differ), anyone else gets not-found.
func getOwned(tx *gorm.DB, actor Actor, id string, sharedErr *Error) (ImageView, error) {
	img, err := getVisible(tx, actor, id)
	if err != nil {
		return img, err
	}
	switch img.Type {
	case SharedImage:
		return img, sharedErr
	case PublicImage:
		return img, &Error{Kind: ErrInvalid, Code: "UnauthorizedOperation.ImageNotBelongToAccount", Msg: Msg("image.not_yours")}
	}
	return img, nil
}

// Owner-only operations, each with the refusal its rule gives a recipient.
const (
	OpEdit   = "edit"   // R2
	OpDelete = "delete" // R7
	OpCopy   = "copy"   // R5
	OpShare  = "share"  // R9
)

func refusalFor(op string) *Error {
	switch op {
	case OpEdit:
		return &Error{Kind: ErrInvalid, Code: "UnsupportedOperation.SharedImageModifyUnsupported", Msg: Msg("image.shared_no_modify")}
	case OpDelete:
		return &Error{Kind: ErrInvalid, Code: "InvalidParameterValue.InvalidImageIdIsShared", Msg: Msg("image.shared_no_delete")}
	case OpCopy:
		return &Error{Kind: ErrInvalid, Code: "UnauthorizedOperation.ImageNotBelongToAccount", Msg: Msg("image.shared_no_copy")}
	}
	return &Error{Kind: ErrInvalid, Code: "UnauthorizedOperation.ImageNotBelongToAccount", Msg: Msg("share.not_owner")}
}

// Owned returns an image of the actor's own account for an owner-only
// operation, or the refusal that operation's rule gives anyone else: pages
// offering the operation ask first, so a recipient never sees its form.
func (s *ImageStore) Owned(ctx context.Context, actor Actor, id, op string) (ImageView, error) {
	return getOwned(s.db.WithContext(ctx), actor, id, refusalFor(op))
}

// Get returns one image the actor may see.
func (s *ImageStore) Get(ctx context.Context, actor Actor, id string) (ImageView, error) {
	return getVisible(s.db.WithContext(ctx), actor, id)
}
