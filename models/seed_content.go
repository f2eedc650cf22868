package models

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"gorm.io/gorm"

	"imageshare/storage"
	"imageshare/storage/diskimage"
)

// SeedDemoContent gives the demo's custom images real bytes: a small qcow2
// generated for each (its first guest bytes name the image, so each has
// content of its own), stored and counted like an import's, so download and
// copy work out of the box. Images that already hold bytes are left alone,
// so a restart seeds nothing twice, and so are images in the recycle bin or
// purged from it (R23: their bytes are gone for good); nothing is committed
// to the repository.
func SeedDemoContent(ctx context.Context, db *DB, blobs storage.Store) error {
	var images []Image
	if err := db.WithContext(ctx).Where("id LIKE ? AND content_sha256 = ''", "img-demo%").Where(notBinned).Order("id").Find(&images).Error; err != nil {
		return fmt.Errorf("seed demo content: %w", err)
	}
	for _, img := range images {
		var disk bytes.Buffer
		virtual := int64(img.SizeGB) << 30
		if _, err := diskimage.WriteQCOW2(&disk, virtual, []byte("imageshare demo disk "+img.ID+" "+img.Name)); err != nil {
			return err
		}
		sum := sha256.Sum256(disk.Bytes())
		content := ImageContent{ContentSHA256: hex.EncodeToString(sum[:]), ContentBytes: int64(disk.Len()),
			DiskFormat: diskimage.QCOW2, VirtualBytes: virtual}
		key := "objects/" + newID("")
		w, err := blobs.Create(ctx, img.RegionID, key, storage.Resume{})
		if err != nil {
			return fmt.Errorf("seed demo content: %w", err)
		}
		if _, err := w.Write(disk.Bytes()); err != nil {
			_ = w.Abort()
			return fmt.Errorf("seed demo content: %w", err)
		}
		if err := w.Commit(); err != nil {
			return fmt.Errorf("seed demo content: %w", err)
		}
		err = db.tx(ctx, func(tx *gorm.DB) error {
			if err := tx.Create(&Blob{RegionID: img.RegionID, SHA256: content.ContentSHA256, ObjectKey: key,
				Size: content.ContentBytes, Refs: 1, DiskFormat: content.DiskFormat, VirtualBytes: virtual,
				CreatedAt: time.Now().UTC()}).Error; err != nil {
				return err
			}
			return tx.Model(&Image{}).Where("id = ?", img.ID).Updates(map[string]any{
				"content_sha256": content.ContentSHA256, "content_bytes": content.ContentBytes,
				"disk_format": content.DiskFormat, "virtual_bytes": virtual}).Error
		})
		if err != nil {
			return fmt.Errorf("seed demo content of %s: %w", img.ID, err)
		}
	}
	return nil
}
