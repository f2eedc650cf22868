package models

import (
	"context"
	"regexp"
	"strings"

	"gorm.io/gorm"

	"imageshare/storage"
)

// TransferExport writes a copy of an image's bytes into an export bucket.
const TransferExport = "export"

// ExportRegion is the storage namespace export buckets live in when no
// export target is configured: in the images' storage, but outside the
// regions' content and outside reference counting (an export is the
// owner's copy, not an image).
const ExportRegion = "exports"

// exportTargetSource marks an export written to the configured export
// target (StoreConfig.Exports), where each bucket is a namespace of its
// own: <bucket>/<prefix><image-id>.<format>.
const exportTargetSource = "export-target"

// ImageExport asks for images to be exported into a bucket.
type ImageExport struct {
	ImageIDs []string
	Bucket   string
	// Prefixes name each exported file (one per image, or none: the ids).
	Prefixes []string
	// Format must be the image's own (or empty): no conversion is done.
	Format string
}

var bucketRule = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,62}$`)
var prefixRule = regexp.MustCompile(`^[a-z0-9._-]{0,100}$`)

// Export starts exporting images the actor owns (their Download verdict,
// so never a recipient's shared image, as on Tencent) and returns the
// transfer id of the first (the task) and the path of each file.
func (s *ContentStore) Export(ctx context.Context, actor Actor, in ImageExport) (int64, []string, error) {
	var paths []string
	var task int64
	err := s.db.change(ctx, actor, "image.export", func(tx *gorm.DB, ev *AuditEvent) error {
		ev.Resource, ev.Detail = strings.Join(in.ImageIDs, " "), in.Bucket
		if !bucketRule.MatchString(in.Bucket) {
			return invalid("InvalidParameterValue", FieldError{"BucketName", Msg("export.bad_bucket")})
		}
		if len(in.Prefixes) > 0 && len(in.Prefixes) != len(in.ImageIDs) {
			return invalid("InvalidParameterValue", FieldError{"FileNamePrefixList", Msg("export.prefix_count")})
		}
		for i, id := range in.ImageIDs {
			img, err := getVisible(tx, actor, id)
			if err != nil {
				return err
			}
			if r := img.Can.Download.Refusal; r != nil {
				return r
			}
			if in.Format != "" && !strings.EqualFold(in.Format, img.DiskFormat) {
				return invalid("InvalidParameterValue", FieldError{"ExportFormat", Msg("export.no_conversion", img.DiskFormat)})
			}
			name := img.ID
			if len(in.Prefixes) > 0 {
				if !prefixRule.MatchString(in.Prefixes[i]) {
					return invalid("InvalidParameterValue", FieldError{"FileNamePrefixList", Msg("export.bad_prefix")})
				}
				name = in.Prefixes[i] + img.ID
			}
			if err := refBlob(tx, img.RegionID, img.ContentSHA256); err != nil {
				return err
			}
			file := name + "." + img.DiskFormat
			if storage.CheckName(in.Bucket, file) != nil { // say, a prefix starting with a dot
				return invalid("InvalidParameterValue", FieldError{"FileNamePrefixList", Msg("export.bad_prefix")})
			}
			t := Transfer{Kind: TransferExport, ImageID: img.ID, RegionID: ExportRegion, ObjectKey: in.Bucket + "/" + file,
				SourceRegion: img.RegionID, SourceSHA256: img.ContentSHA256, TotalBytes: img.ContentBytes}
			path := ExportRegion + "/" + t.ObjectKey
			if s.exports != nil {
				t.Source, t.RegionID, t.ObjectKey = exportTargetSource, in.Bucket, file
				path = s.exports.String() + "/" + in.Bucket + "/" + file
			}
			if err := enqueueTransfer(tx, t); err != nil {
				return err
			}
			if task == 0 {
				if err := tx.Model(&Transfer{}).Where("object_key = ? AND state = ?", t.ObjectKey, JobQueued).
					Order("id DESC").Limit(1).Pluck("id", &task).Error; err != nil {
					return err
				}
			}
			paths = append(paths, path)
		}
		return nil
	})
	return task, paths, wrap("export images", err)
}

// exportDone records a finished export: the file stays, the hold on the
// source's content goes.
func (q *TransferQueue) exportDone(ctx context.Context, t *Transfer) error {
	return q.db.tx(ctx, func(tx *gorm.DB) error {
		if err := unrefBlob(tx, t.SourceRegion, t.SourceSHA256); err != nil {
			return err
		}
		return tx.Model(&Transfer{}).Where("id = ?", t.ID).
			Updates(map[string]any{"state": JobDone, "done_bytes": t.DoneBytes, "updated_at": q.now()}).Error
	})
}
