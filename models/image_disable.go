package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// Notification kinds of the image lifecycle (R21): to each current
// recipient of an image.
const (
	NoteImageDeprecated = "image_deprecated"
	NoteImageDisabled   = "image_disabled"
)

// codeDisabled is R21's refusal of any new use of a disabled image.
const codeDisabled = "InvalidImageId.Disabled"

// disabledRefusal applies R21: a disabled image cannot be launched from,
// used to reinstall, shared, copied or downloaded, by anyone. field names
// the form input the refusal belongs to ("" for none).
func disabledRefusal(img Image, field string) *Error {
	if !img.Disabled {
		return nil
	}
	msg := Msg("image.disabled_refused", img.ID)
	e := &Error{Kind: ErrInvalid, Code: codeDisabled, Msg: msg}
	if field != "" {
		e.Fields = []FieldError{{field, msg}}
	}
	return e
}

// requireUsable applies R21 then R13: an image in use, and NORMAL.
func requireUsable(img Image, field string) *Error {
	return first(disabledRefusal(img, field), requireNormal(img, field))
}

// disableRefusal: only the owner disables, an image in use.
func disableRefusal(v *ImageView) *Error {
	if r := ownerRefusal(v, OpEdit); r != nil {
		return r
	}
	if v.Disabled {
		return &Error{Kind: ErrConflict, Code: "FailedOperation.ImageAlreadyDisabled", Msg: Msg("disable.already")}
	}
	return nil
}

// enableRefusal: only the owner enables, a disabled image.
func enableRefusal(v *ImageView) *Error {
	if r := ownerRefusal(v, OpEdit); r != nil {
		return r
	}
	if !v.Disabled {
		return &Error{Kind: ErrConflict, Code: "FailedOperation.ImageNotDisabled", Msg: Msg("disable.not_disabled")}
	}
	return nil
}

// Disable stops every new use of one of the actor's images (R21): launches,
// reinstalls, shares, copies and downloads, by anyone. Instances launched
// from it keep running; copies queued from it fail when they next run. Its
// recipients are notified.
func (s *ImageStore) Disable(ctx context.Context, actor Actor, id string) error {
	err := s.lifecycleChange(ctx, actor, "image.disable", id, disableRefusal, func(tx *gorm.DB, img ImageView, _ *AuditEvent) error {
		if err := setDisabled(tx, img.ID, true); err != nil {
			return err
		}
		return notifyRecipients(tx, img.Image, NoteImageDisabled)
	})
	return wrap("disable image", err)
}

// Enable lets a disabled image be used again.
func (s *ImageStore) Enable(ctx context.Context, actor Actor, id string) error {
	err := s.lifecycleChange(ctx, actor, "image.enable", id, enableRefusal, func(tx *gorm.DB, img ImageView, _ *AuditEvent) error {
		return setDisabled(tx, img.ID, false)
	})
	return wrap("enable image", err)
}

func setDisabled(tx *gorm.DB, id string, disabled bool) error {
	return tx.Model(&Image{}).Where("id = ?", id).
		Updates(map[string]any{"disabled": disabled, "updated_at": time.Now().UTC()}).Error
}

// notifyRecipients tells every current recipient of an image (active
// shares, and offers waiting for an answer) about a change of its owner.
func notifyRecipients(tx *gorm.DB, img Image, kind string) error {
	recipients, err := shareAudience(tx, img, []string{ShareActive, ShareOffered})
	if err != nil {
		return err
	}
	for _, r := range recipients {
		if err := notifyRecipientOf(tx, img, r, kind, ""); err != nil {
			return err
		}
	}
	return nil
}

// copySourceDisabled reports whether the image a copy is made from was
// disabled since the copy was queued (R21): such a copy then fails, with
// its copy-then-share step (R12), instead of finishing.
func copySourceDisabled(tx *gorm.DB, cp Image) (bool, error) {
	if cp.Source != SourceCopy || cp.SourceImageID == "" {
		return false, nil
	}
	var n int64
	err := tx.Model(&Image{}).Where("id = ? AND disabled = ?", cp.SourceImageID, true).Count(&n).Error
	return n > 0, err
}

// failCopyOfDisabled fails a copy whose source was disabled, and its
// copy-then-share step with R21's code, so the owner reads why.
func failCopyOfDisabled(tx *gorm.DB, cp Image) error {
	if err := failImage(tx, cp.ID, "image.failed_source_disabled"); err != nil {
		return err
	}
	return failPendingOfDisabled(tx, cp.ID)
}

func failPendingOfDisabled(tx *gorm.DB, imageID string) error {
	return tx.Model(&PendingShare{}).Where("image_id = ? AND state = ?", imageID, PendingWaiting).
		Updates(map[string]any{"state": PendingFailed, "error": codeDisabled, "updated_at": time.Now().UTC()}).Error
}

// checkCopySource stops a byte transfer of a copy whose source was
// disabled meanwhile: the copy and its share step fail for good.
func (q *TransferQueue) checkCopySource(ctx context.Context, t *Transfer) error {
	if t.Kind != TransferCopy {
		return nil
	}
	var stop bool
	err := q.db.tx(ctx, func(tx *gorm.DB) error {
		var cp Image
		if err := tx.Where("id = ?", t.ImageID).Limit(1).Find(&cp).Error; err != nil {
			return err
		}
		var err error
		if stop, err = copySourceDisabled(tx, cp); err != nil || !stop {
			return err
		}
		return failPendingOfDisabled(tx, cp.ID)
	})
	if err != nil || !stop {
		return err
	}
	return &transferError{reason: "image.failed_source_disabled", detail: codeDisabled, permanent: true}
}
