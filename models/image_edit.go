package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// ImageEdit is the new name and description of an image.
type ImageEdit struct {
	Name        string
	Description string
}

// Update renames an image or changes its description. Only the owner can
// (R2: a recipient is refused with its own code); the name follows R16.
func (s *ImageStore) Update(ctx context.Context, actor Actor, id string, in ImageEdit) (Image, error) {
	in.Name = strings.TrimSpace(in.Name)
	in.Description = strings.TrimSpace(in.Description)
	var out Image
	err := s.db.change(ctx, actor, "image.update", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource, ev.Detail = id, in.Name
		img, err := getOwned(tx, actor, id, OpEdit)
		if err != nil {
			return err
		}
		if e := checkImageText(in.Name, in.Description); e != nil {
			return e
		}
		if err := lockAccount(tx, actor.AccountID); err != nil {
			return err
		}
		if err := checkNameFree(tx, actor.AccountID, img.RegionID, in.Name, img.ID); err != nil {
			return err
		}
		out = img.Image
		out.Name, out.Description, out.UpdatedAt = in.Name, in.Description, time.Now().UTC()
		return tx.Model(&Image{}).Where("id = ?", img.ID).
			Updates(map[string]any{"name": out.Name, "description": out.Description, "updated_at": out.UpdatedAt}).Error
	})
	if err != nil {
		return out, wrap("update image", err)
	}
	return out, nil
}

// Delete removes a custom image of the actor's account: to its recycle bin
// for the retention in force, or for good with none (R23). Refused while it
// is being created or copied, and while any active account still has a
// pending or active share of it (R6: the error lists them); a recipient
// cannot delete an image shared with it (R7). Instances launched from it
// are untouched; suspended shares with disabled accounts end with it.
func (s *ImageStore) Delete(ctx context.Context, actor Actor, id string) error {
	err := s.db.change(ctx, actor, "image.delete", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource = id
		img, err := getOwned(tx, actor, id, OpDelete)
		if err != nil {
			return err
		}
		// Lock first: a share being created right now must either be seen
		// below or wait until the image is gone (then it fails as not found).
		if err := lockImage(tx, img.ID); err != nil {
			return err
		}
		recipients, err := liveRecipients(tx, img.ID)
		if err != nil {
			return err
		}
		if r := first(protectionRefusal(img.Image), deleteRefusal(img.Image, len(recipients), recipients...)); r != nil {
			return r
		}
		ev.Detail = img.Name
		binned, err := binImage(tx, actor, img.Image)
		if binned {
			ev.Action = "image.bin"
		}
		return err
	})
	return wrap("delete image", err)
}

// wrap adds the operation to unexpected errors; domain errors pass unchanged
// so callers can read their code.
func wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	if _, ok := AsError(err); ok {
		return err
	}
	return fmt.Errorf("%s: %w", op, err)
}
