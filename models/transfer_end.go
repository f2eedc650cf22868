package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// finish records verified content: the region's blob of that checksum gains
// a reference (this object becomes it, or is dropped as a duplicate) and the
// image becomes NORMAL, all in one transaction.
func (q *TransferQueue) finish(ctx context.Context, t *Transfer, c ImageContent) error {
	defer dropSpool(t)
	return q.db.tx(ctx, func(tx *gorm.DB) error {
		var img Image
		if err := tx.Where("id = ? AND state IN ?", t.ImageID, busyStates).Limit(1).Find(&img).Error; err != nil {
			return err
		}
		if img.ID == "" {
			return q.close(ctx, tx, t, JobDone)
		}
		if err := q.store(ctx, tx, t, c); err != nil {
			return err
		}
		update := map[string]any{"state": ImageNormal, "progress": 100, "content_sha256": c.ContentSHA256,
			"content_bytes": c.ContentBytes, "transfer_done": c.ContentBytes, "transfer_total": c.ContentBytes,
			"updated_at": q.now()}
		if t.Kind == TransferImport {
			update["disk_format"], update["virtual_bytes"], update["size_gb"] = c.DiskFormat, c.VirtualBytes, gib(c.VirtualBytes)
		}
		if err := tx.Model(&Image{}).Where("id = ?", img.ID).Updates(update).Error; err != nil {
			return err
		}
		if err := tx.Model(&Transfer{}).Where("id = ?", t.ID).Updates(map[string]any{
			"state": JobDone, "done_bytes": t.DoneBytes, "updated_at": q.now()}).Error; err != nil {
			return err
		}
		if t.Kind == TransferCopy {
			if err := unrefBlob(tx, t.SourceRegion, t.SourceSHA256); err != nil {
				return err
			}
			img.State = ImageNormal
			return applyPendingShare(tx, img)
		}
		return nil
	})
}

// store makes the transfer's object the region's blob of its checksum, or
// adds a reference to the one already there and drops this duplicate.
func (q *TransferQueue) store(ctx context.Context, tx *gorm.DB, t *Transfer, c ImageContent) error {
	b, found, err := lockBlob(tx, t.RegionID, c.ContentSHA256)
	switch {
	case err != nil:
		return err
	case !found:
		return tx.Create(&Blob{RegionID: t.RegionID, SHA256: c.ContentSHA256, ObjectKey: t.ObjectKey,
			Size: c.ContentBytes, Refs: 1, DiskFormat: c.DiskFormat, VirtualBytes: c.VirtualBytes, CreatedAt: q.now()}).Error
	case b.Refs == 0:
		// Unreferenced and not yet swept: take its place rather than rely on
		// bytes the sweeper may be deleting.
		if err := tx.Model(&Blob{}).Where("region_id = ? AND sha256 = ?", b.RegionID, b.SHA256).
			Updates(map[string]any{"object_key": t.ObjectKey, "refs": 1}).Error; err != nil {
			return err
		}
		return q.blobs.Delete(ctx, b.RegionID, b.ObjectKey)
	}
	if err := refBlob(tx, t.RegionID, c.ContentSHA256); err != nil {
		return err
	}
	if b.ObjectKey == t.ObjectKey {
		return nil
	}
	return q.blobs.Delete(ctx, t.RegionID, t.ObjectKey)
}

// close ends a transfer without content: its object is deleted (in the
// transaction, so a failure to delete leaves the transfer to retry rather
// than an orphan) and a copy's hold on its source is released.
func (q *TransferQueue) close(ctx context.Context, tx *gorm.DB, t *Transfer, state string) error {
	dest, err := q.destination(t)
	if err != nil {
		return err
	}
	if err := dest.Delete(ctx, t.RegionID, t.ObjectKey); err != nil {
		return err
	}
	if t.Kind == TransferCopy || t.Kind == TransferExport {
		if err := unrefBlob(tx, t.SourceRegion, t.SourceSHA256); err != nil {
			return err
		}
	}
	return tx.Model(&Transfer{}).Where("id = ?", t.ID).
		Updates(map[string]any{"state": state, "updated_at": q.now()}).Error
}

// fail records a failed attempt: retried later with a growing delay, unless
// it is permanent or the last one, when the image fails with the reason.
func (q *TransferQueue) fail(ctx context.Context, t Transfer, cause error) error {
	var te *transferError
	if !errors.As(cause, &te) {
		te = &transferError{reason: "image.failed_storage", detail: cause.Error()}
	}
	t.Attempts++
	return q.db.tx(ctx, func(tx *gorm.DB) error {
		if errors.Is(cause, errImageGone) {
			return q.close(ctx, tx, &t, JobDone)
		}
		if !te.permanent && t.Attempts < maxAttempts {
			delay := time.Duration(t.Attempts*t.Attempts) * time.Second
			return tx.Model(&Transfer{}).Where("id = ?", t.ID).Updates(map[string]any{"attempts": t.Attempts,
				"last_error": cause.Error(), "run_at": q.now().Add(delay), "updated_at": q.now()}).Error
		}
		failed := ImageCreateFailed
		if t.Kind == TransferImport {
			failed = ImageImportFailed
		}
		err := tx.Model(&Image{}).Where("id = ? AND state IN ?", t.ImageID, busyStates).Updates(map[string]any{
			"state": failed, "failure_reason": te.reason, "failure_detail": te.detail, "updated_at": q.now()}).Error
		if err != nil {
			return err
		}
		if err := tx.Model(&Transfer{}).Where("id = ?", t.ID).Updates(map[string]any{
			"attempts": t.Attempts, "last_error": cause.Error()}).Error; err != nil {
			return err
		}
		dropSpool(&t)
		return q.close(ctx, tx, &t, JobFailed)
	})
}

// Sweep frees the bytes no image or instance refers to any more. Each blob
// goes in its own transaction that deletes the row only if it is still
// unreferenced and deletes the object before committing, so a failure leaves
// the row to try again rather than an orphaned object.
func (q *TransferQueue) Sweep(ctx context.Context) error {
	if q.blobs == nil {
		return nil
	}
	var free []Blob
	if err := q.db.reader(ctx).Where("refs = 0").Limit(50).Find(&free).Error; err != nil {
		return fmt.Errorf("sweep: %w", err)
	}
	for _, b := range free {
		err := q.db.tx(ctx, func(tx *gorm.DB) error {
			res := tx.Where("region_id = ? AND sha256 = ? AND refs = 0 AND object_key = ?", b.RegionID, b.SHA256, b.ObjectKey).
				Delete(&Blob{})
			if res.Error != nil || res.RowsAffected == 0 {
				return res.Error
			}
			return q.blobs.Delete(ctx, b.RegionID, b.ObjectKey)
		})
		if err != nil {
			return fmt.Errorf("sweep %s in %s: %w", b.SHA256, b.RegionID, err)
		}
	}
	return nil
}
