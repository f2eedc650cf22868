package models

import "gorm.io/gorm"

// startCopy starts filling a copy: with the bytes of its source when the
// source has any (a transfer, which holds a reference on the source's
// content until it ends, so deleting the source meanwhile frees nothing it
// still reads), otherwise with the simulator's job.
func startCopy(tx *gorm.DB, src Image, cp *Image) error {
	if !src.HasContent() {
		return enqueue(tx, Job{Kind: JobImageCopy, ImageID: cp.ID})
	}
	if err := checkByteQuota(tx, src.OwnerID(), src.ContentBytes); err != nil {
		return err
	}
	if err := refBlob(tx, src.RegionID, src.ContentSHA256); err != nil {
		return err
	}
	cp.DiskFormat, cp.VirtualBytes, cp.TransferTotal = src.DiskFormat, src.VirtualBytes, src.ContentBytes
	if err := tx.Model(&Image{}).Where("id = ?", cp.ID).Updates(map[string]any{"disk_format": cp.DiskFormat,
		"virtual_bytes": cp.VirtualBytes, "transfer_total": cp.TransferTotal}).Error; err != nil {
		return err
	}
	return enqueueTransfer(tx, Transfer{Kind: TransferCopy, ImageID: cp.ID, RegionID: cp.RegionID,
		SourceRegion: src.RegionID, SourceSHA256: src.ContentSHA256, TotalBytes: src.ContentBytes})
}

// shareDisk makes an image from an instance refer to the content of the
// instance's disk, as clouds make images from snapshots: no byte is copied.
func shareDisk(tx *gorm.DB, img *Image, ins Instance) error {
	if ins.DiskSHA256 == "" {
		return nil
	}
	var b Blob
	if err := tx.Where("region_id = ? AND sha256 = ?", ins.RegionID, ins.DiskSHA256).Limit(1).Find(&b).Error; err != nil {
		return err
	}
	if err := refBlob(tx, ins.RegionID, ins.DiskSHA256); err != nil {
		return err
	}
	img.ImageContent = ImageContent{ContentSHA256: b.SHA256, ContentBytes: b.Size, DiskFormat: b.DiskFormat,
		VirtualBytes: b.VirtualBytes}
	return tx.Model(&Image{}).Where("id = ?", img.ID).Updates(map[string]any{"content_sha256": b.SHA256,
		"content_bytes": b.Size, "disk_format": b.DiskFormat, "virtual_bytes": b.VirtualBytes}).Error
}

// releaseDisk drops a terminated instance's reference (once: terminating a
// terminated instance changes nothing).
func releaseDisk(tx *gorm.DB, ins Instance) error {
	if ins.State == InstanceTerminated {
		return nil
	}
	return unrefBlob(tx, ins.RegionID, ins.DiskSHA256)
}

// swapDisk moves an instance's reference to a reinstall's image content.
func swapDisk(tx *gorm.DB, ins Instance, sha string) error {
	if err := refBlob(tx, ins.RegionID, sha); err != nil {
		return err
	}
	return unrefBlob(tx, ins.RegionID, ins.DiskSHA256)
}

// OwnerID is the owning account's id, "" for a public image.
func (img Image) OwnerID() string {
	if img.OwnerAccountID == nil {
		return ""
	}
	return *img.OwnerAccountID
}
