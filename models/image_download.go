package models

import (
	"context"
	"errors"
	"fmt"

	"imageshare/storage"
)

// downloadRefusal: only the owner takes an image's bytes out (download or
// export), only once they are all there and verified; a recipient may launch
// from a shared image but not take it away (as on Tencent).
func downloadRefusal(v *ImageView) *Error {
	if v.Type != PrivateImage {
		return &Error{Kind: ErrInvalid, Code: "UnauthorizedOperation.ImageNotBelongToAccount", Msg: Msg("image.download_not_owner")}
	}
	if r := requireUsable(v.Image, ""); r != nil {
		return r
	}
	if !v.HasContent() {
		return &Error{Kind: ErrInvalid, Code: "UnsupportedOperation.ImageNoContent", Msg: Msg("image.download_no_content")}
	}
	return nil
}

// ContentStore hands out image bytes to those allowed to take them.
type ContentStore struct {
	db      *DB
	blobs   storage.Store
	exports storage.Store // the export target, if apart from blobs
}

// Download opens the bytes of one of the actor's images, or returns the
// refusal its Download verdict gives. The caller closes the object.
func (s *ContentStore) Download(ctx context.Context, actor Actor, id string) (ImageView, storage.Object, error) {
	img, err := getVisible(s.db.reader(ctx), actor, id)
	if err != nil {
		return img, nil, err
	}
	if r := img.Can.Download.Refusal; r != nil {
		return img, nil, r
	}
	if s.blobs == nil {
		return img, nil, errors.New("download: no storage configured")
	}
	var b Blob
	if err := s.db.reader(ctx).Where("region_id = ? AND sha256 = ?", img.RegionID, img.ContentSHA256).Limit(1).Find(&b).Error; err != nil {
		return img, nil, fmt.Errorf("download: %w", err)
	}
	obj, err := s.blobs.Open(ctx, img.RegionID, b.ObjectKey)
	if err != nil {
		return img, nil, fmt.Errorf("download %s: %w", img.ID, err)
	}
	return img, obj, nil
}
