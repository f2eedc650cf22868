package api

import (
	"context"

	"imageshare/models"
)

// Extension actions of the recycle bin (R23, README "Extension actions"):
// DeleteImages moves images to the caller's bin; these list it, restore an
// image from it, and delete images from it for good. Tencent has no such
// actions; their shapes follow its conventions.

// RecycleBinImage is one image of the caller's bin in the call's region.
type RecycleBinImage struct {
	ImageId     string `json:"ImageId"`
	ImageName   string `json:"ImageName"`
	OsName      string `json:"OsName"`
	ImageSize   int    `json:"ImageSize"`
	DeletedTime string `json:"DeletedTime"`
	// PurgeTime is when the image is deleted for good.
	PurgeTime string `json:"PurgeTime"`
	// Restorable is false while another image holds its name.
	Restorable bool `json:"Restorable"`
}

type describeRecycleBinImagesResponse struct {
	TotalCount int               `json:"TotalCount"`
	ImageSet   []RecycleBinImage `json:"ImageSet"`
	meta
}

// describeRecycleBinImages lists the caller's bin in the region, the soonest
// purged first.
func (h *Handler) describeRecycleBinImages(ctx context.Context, c *call) (response, error) {
	var in struct{}
	if err := decode(c, &in); err != nil {
		return nil, err
	}
	list, err := h.bin.List(ctx, c.actor, c.region)
	if err != nil {
		return nil, err
	}
	out := &describeRecycleBinImagesResponse{TotalCount: len(list), ImageSet: []RecycleBinImage{}}
	for _, b := range list {
		r := RecycleBinImage{ImageId: b.ID, ImageName: b.Name, OsName: b.OSName, ImageSize: b.SizeGB, Restorable: b.Restore.OK()}
		if b.BinnedAt != nil {
			r.DeletedTime = timeOut(*b.BinnedAt)
		}
		if b.PurgeAt != nil {
			r.PurgeTime = timeOut(*b.PurgeAt)
		}
		out.ImageSet = append(out.ImageSet, r)
	}
	return out, nil
}

// binnedInRegion returns an image of the caller's bin in the call's region;
// one elsewhere, or not in the bin, is not found here.
func (h *Handler) binnedInRegion(ctx context.Context, c *call, id string) (models.BinnedImage, error) {
	b, err := h.bin.Get(ctx, c.actor, id)
	if err == nil && b.RegionID != c.region {
		return b, apiErrorf("InvalidImageId.NotFound", "The image `%s` does not exist.", id)
	}
	return b, err
}

// restoreImage brings an image back from the caller's bin, refused with
// InvalidImageName.Duplicate while another image holds its name.
func (h *Handler) restoreImage(ctx context.Context, c *call) (response, error) {
	var in imageOnlyRequest
	if err := decode(c, &in); err != nil {
		return nil, err
	}
	id, err := imageID.one(in.ImageId, "ImageId")
	if err != nil {
		return nil, err
	}
	if _, err := h.binnedInRegion(ctx, c, id); err != nil {
		return nil, err
	}
	if _, err := h.bin.Restore(ctx, c.actor, id); err != nil {
		return nil, err
	}
	return &empty{}, nil
}

// deleteImagesPermanently deletes images of the caller's bin for good: every
// id is looked up first, then each is purged in turn.
func (h *Handler) deleteImagesPermanently(ctx context.Context, c *call) (response, error) {
	var in deleteImagesRequest
	if err := decode(c, &in); err != nil {
		return nil, err
	}
	if len(in.ImageIds) == 0 {
		return nil, missing("ImageIds")
	}
	ids, err := imageID.list(in.ImageIds, "ImageIds")
	for i := 0; err == nil && i < len(ids); i++ {
		_, err = h.binnedInRegion(ctx, c, ids[i])
	}
	if err != nil {
		return nil, err
	}
	ctx = dryRun(ctx, in.DryRun)
	if err := eachChange(ids, func(id string) error { return h.bin.DeletePermanently(ctx, c.actor, id) }); err != nil {
		return nil, err
	}
	return &empty{}, nil
}
