package models

import (
	"fmt"
	"strings"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// imageField is one column of the images table and where a read puts its
// value in an Image.
type imageField struct {
	column string
	dest   func(*Image) any
}

// imageFields are every column of the images table, in the order image
// reads select them. Reads scan through this list rather than GORM's
// reflection, which took as long as SQLite took to run a list page's query
// (TestImageFieldsCoverTheSchema keeps it in step with Image).
var imageFields = []imageField{
	{"id", func(i *Image) any { return &i.ID }},
	{"region_id", func(i *Image) any { return &i.RegionID }},
	{"owner_account_id", func(i *Image) any { return &i.OwnerAccountID }},
	{"name", func(i *Image) any { return &i.Name }},
	{"description", func(i *Image) any { return &i.Description }},
	{"os_name", func(i *Image) any { return &i.OSName }},
	{"platform", func(i *Image) any { return &i.Platform }},
	{"architecture", func(i *Image) any { return &i.Architecture }},
	{"size_gb", func(i *Image) any { return &i.SizeGB }},
	{"state", func(i *Image) any { return &i.State }},
	{"source", func(i *Image) any { return &i.Source }},
	{"source_image_id", func(i *Image) any { return &i.SourceImageID }},
	{"source_instance_id", func(i *Image) any { return &i.SourceInstanceID }},
	{"progress", func(i *Image) any { return &i.Progress }},
	{"failure_reason", func(i *Image) any { return &i.FailureReason }},
	{"content_sha256", func(i *Image) any { return &i.ContentSHA256 }},
	{"content_bytes", func(i *Image) any { return &i.ContentBytes }},
	{"disk_format", func(i *Image) any { return &i.DiskFormat }},
	{"virtual_bytes", func(i *Image) any { return &i.VirtualBytes }},
	{"transfer_done", func(i *Image) any { return &i.TransferDone }},
	{"transfer_total", func(i *Image) any { return &i.TransferTotal }},
	{"failure_detail", func(i *Image) any { return &i.FailureDetail }},
	{"deprecate_at", func(i *Image) any { return &i.DeprecateAt }},
	{"successor_image_id", func(i *Image) any { return &i.SuccessorImageID }},
	{"disabled", func(i *Image) any { return &i.Disabled }},
	{"deletion_protection", func(i *Image) any { return &i.DeletionProtection }},
	{"binned_at", func(i *Image) any { return &i.BinnedAt }},
	{"purge_at", func(i *Image) any { return &i.PurgeAt }},
	{"purged_at", func(i *Image) any { return &i.PurgedAt }},
	{"created_at", func(i *Image) any { return &i.CreatedAt }},
	{"updated_at", func(i *Image) any { return &i.UpdatedAt }},
}

// imageColumns is imageFields' select list on the images table.
var imageColumns = func() string {
	cols := make([]string, len(imageFields))
	for i, f := range imageFields {
		cols[i] = fmt.Sprintf("images.%s", f.column)
	}
	return strings.Join(cols, ", ")
}()

// dests are where a row of selectImageViews goes, column by column.
func (r *imageViewRow) dests() []any {
	d := make([]any, 0, len(imageFields)+5)
	for _, f := range imageFields {
		d = append(d, f.dest(&r.Image))
	}
	return append(d, &r.OwnerName, &r.LiveShares, &r.SuccessorName, &r.SuccessorOwnerID, &r.HasTags)
}

// scanImageViewRows runs a read built on selectImageViews. Every row is
// scanned into one value, whose destinations are listed once, and copied
// out, into a slice sized by the read's LIMIT: a destination list per row
// and a slice growing by copying large rows were most of a list read's
// garbage.
func scanImageViewRows(q *gorm.DB) ([]imageViewRow, error) {
	rows, err := q.Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]imageViewRow, 0, expectedRows(q))
	var r imageViewRow
	dests := r.dests()
	for rows.Next() {
		// Every column is scanned into every row (nullable ones get a
		// fresh pointer or nil), so nothing of the previous row remains.
		if err := rows.Scan(dests...); err != nil {
			return nil, fmt.Errorf("scan image: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// expectedRows is a read's LIMIT, when it has a small one.
func expectedRows(q *gorm.DB) int {
	if c, ok := q.Statement.Clauses["LIMIT"]; ok {
		if l, ok := c.Expression.(clause.Limit); ok && l.Limit != nil && *l.Limit <= MaxPageSize {
			return *l.Limit
		}
	}
	return 0
}
