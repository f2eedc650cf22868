package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// RemedyProtectionOff: turn the image's deletion protection off first (R22).
const RemedyProtectionOff Remedy = "protection_off"

// protectionRefusal applies R22: a protected image cannot be deleted until
// its owner turns the protection off.
func protectionRefusal(img Image) *Error {
	if !img.DeletionProtection {
		return nil
	}
	return &Error{Kind: ErrConflict, Code: "OperationDenied.DeletionProtection", Msg: Msg("protection.delete_refused")}
}

// SetDeletionProtection turns one of the actor's images' deletion
// protection on or off (R22).
func (s *ImageStore) SetDeletionProtection(ctx context.Context, actor Actor, id string, on bool) error {
	action := "image.unprotect"
	if on {
		action = "image.protect"
	}
	err := s.lifecycleChange(ctx, actor, action, id, ownerOnly, func(tx *gorm.DB, img ImageView, _ *AuditEvent) error {
		return tx.Model(&Image{}).Where("id = ?", img.ID).
			Updates(map[string]any{"deletion_protection": on, "updated_at": time.Now().UTC()}).Error
	})
	return wrap("set deletion protection", err)
}
