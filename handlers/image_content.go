package handlers

import (
	"github.com/labstack/echo/v4"

	"imageshare/models"
	"imageshare/views/pages"
)

// contentView is the content block of an image's page: nil for an image
// that holds no bytes and expects none.
func contentView(c echo.Context, img models.ImageView) *pages.ImageContentView {
	if !img.HoldsBytes() {
		return nil
	}
	return &pages.ImageContentView{ImageID: img.ID, Format: img.DiskFormat, VirtualBytes: img.VirtualBytes,
		StoredBytes: img.ContentBytes, SHA256: img.ContentSHA256, Busy: img.Notice.Busy,
		TransferDone: img.TransferDone, TransferTotal: img.TransferTotal, Download: action(c, img.Can.Download)}
}

// failureArgs fill a failure reason's placeholder with its detail.
func failureArgs(img models.Image) []any {
	if img.FailureDetail == "" {
		return nil
	}
	return []any{img.FailureDetail}
}
