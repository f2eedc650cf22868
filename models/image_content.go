package models

import (
	"errors"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// ImageContent is what an image holds on disk: nothing for the simulated
// catalogue, otherwise a blob of its region, verified when it arrived.
type ImageContent struct {
	ContentSHA256 string `gorm:"column:content_sha256"`
	ContentBytes  int64  // the stored file's size
	DiskFormat    string // qcow2, raw, vmdk, vhd, vhdx: from the file's own headers
	VirtualBytes  int64  // the disk size the guest sees
	// TransferDone of TransferTotal bytes have arrived while IMPORTING or
	// SYNCING (TransferTotal 0: not known yet).
	TransferDone  int64
	TransferTotal int64
	// FailureDetail fills the placeholder of FailureReason's message (the
	// format refused, the address not allowed...).
	FailureDetail string
}

// HasContent reports whether the image holds real bytes.
func (c ImageContent) HasContent() bool { return c.ContentSHA256 != "" }

// Blob is one stored content of a region; Refs counts the images and
// instance disks referring to it.
type Blob struct {
	RegionID  string `gorm:"primaryKey"`
	SHA256    string `gorm:"primaryKey;column:sha256"`
	ObjectKey string
	Size      int64
	Refs      int
	// DiskFormat and VirtualBytes are what its headers said on arrival.
	DiskFormat   string
	VirtualBytes int64
	CreatedAt    time.Time
}

// refBlob adds a reference to stored content ("" is no content: nothing to
// do). The content must be stored already: a reference only ever moves
// from something that holds one, in the same transaction.
func refBlob(tx *gorm.DB, region, sha string) error {
	if sha == "" {
		return nil
	}
	res := tx.Model(&Blob{}).Where("region_id = ? AND sha256 = ?", region, sha).
		UpdateColumn("refs", gorm.Expr("refs + 1"))
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return errors.New("reference to missing content " + sha + " in " + region)
	}
	return nil
}

// unrefBlob drops a reference; at zero the transfer worker frees the bytes
// (sweepBlobs), so a delete never waits on storage.
func unrefBlob(tx *gorm.DB, region, sha string) error {
	if sha == "" {
		return nil
	}
	return tx.Model(&Blob{}).Where("region_id = ? AND sha256 = ? AND refs > 0", region, sha).
		UpdateColumn("refs", gorm.Expr("refs - 1")).Error
}

// lockBlob reads a blob row under a lock that holds until the transaction
// ends (FOR UPDATE on PostgreSQL; SQLite's write transaction already does).
func lockBlob(tx *gorm.DB, region, sha string) (Blob, bool, error) {
	var b Blob
	q := tx.Where("region_id = ? AND sha256 = ?", region, sha)
	if tx.Dialector.Name() == "postgres" {
		q = q.Clauses(clause.Locking{Strength: "UPDATE"})
	}
	err := q.Limit(1).Find(&b).Error
	return b, b.SHA256 != "", err
}

// HoldsBytes reports whether the image holds bytes or is receiving them (an
// import, or a copy of an image that holds some), as opposed to the
// simulated catalogue.
func (img Image) HoldsBytes() bool {
	return img.HasContent() || (img.Busy() && (img.Source == SourceImport || img.TransferTotal > 0))
}
