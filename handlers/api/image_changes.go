package api

import (
	"context"
	"errors"

	"imageshare/models"
)

// The actions that change images, and the quota they count toward. Each is
// one call (or one per image) on the console's image store.

type modifyImageAttributeRequest struct {
	ImageId          *string `json:"ImageId"`
	ImageName        *string `json:"ImageName"`
	ImageDescription *string `json:"ImageDescription"`
	ImageDeprecated  *bool   `json:"ImageDeprecated"`
	// DeletionProtection is an extension (R22): Tencent's model lacks it.
	DeletionProtection *bool `json:"DeletionProtection"`
}

// modifyImageAttribute renames an image or changes its description; what is
// not given keeps its value. Only the owner can (R2), names follow R16. It
// also deprecates (Tencent's ImageDeprecated) and protects (the extension
// DeletionProtection) the image (R21, R22).
func (h *Handler) modifyImageAttribute(ctx context.Context, c *call) (response, error) {
	var in modifyImageAttributeRequest
	if err := decode(c, &in); err != nil {
		return nil, err
	}
	img, err := h.regionImage(ctx, c, in.ImageId, "ImageId")
	if err != nil {
		return nil, err
	}
	rename := in.ImageName != nil || in.ImageDescription != nil
	if !rename && in.ImageDeprecated == nil && in.DeletionProtection == nil {
		return nil, apiErrorf("MissingParameter", "Give ImageName, ImageDescription, ImageDeprecated or DeletionProtection.")
	}
	if rename {
		edit := models.ImageEdit{Name: img.Name, Description: img.Description}
		if in.ImageName != nil {
			edit.Name = *in.ImageName
		}
		if in.ImageDescription != nil {
			edit.Description = *in.ImageDescription
		}
		if _, err := h.images.Update(ctx, c.actor, img.ID, edit); err != nil {
			return nil, err
		}
	}
	if err := h.modifyLifecycle(ctx, c, img, in.ImageDeprecated, in.DeletionProtection); err != nil {
		return nil, err
	}
	return &empty{}, nil
}

type deleteImagesRequest struct {
	ImageIds []string `json:"ImageIds"`
	DryRun   bool     `json:"DryRun"`
}

// deleteImages deletes custom images of the caller. Every id is looked up in
// the region first; then each is deleted in turn, and the first refusal (R6:
// still shared, or being made; R7: shared with the caller) ends the call.
func (h *Handler) deleteImages(ctx context.Context, c *call) (response, error) {
	var in deleteImagesRequest
	if err := decode(c, &in); err != nil {
		return nil, err
	}
	ids, err := h.regionImages(ctx, c, in.ImageIds, "ImageIds")
	if err != nil {
		return nil, err
	}
	ctx = dryRun(ctx, in.DryRun)
	if err := eachChange(ids, func(id string) error { return h.images.Delete(ctx, c.actor, id) }); err != nil {
		return nil, err
	}
	return &empty{}, nil
}

type syncImagesRequest struct {
	ImageIds           []string `json:"ImageIds"`
	DestinationRegions []string `json:"DestinationRegions"`
	ImageName          string   `json:"ImageName"`
	DryRun             bool     `json:"DryRun"`
}

// SyncImage is one copy SyncImages started.
type SyncImage struct {
	ImageId string `json:"ImageId"`
	Region  string `json:"Region"`
}

type syncImagesResponse struct {
	ImageSet []SyncImage `json:"ImageSet"`
	meta
}

// syncImages copies the caller's images to other regions (R5): each copy is a
// new image of the caller, SYNCING there (DescribeImages in that region shows
// its SyncPercent) and counted in that region's quota.
func (h *Handler) syncImages(ctx context.Context, c *call) (response, error) {
	var in syncImagesRequest
	if err := decode(c, &in); err != nil {
		return nil, err
	}
	ids, err := h.regionImages(ctx, c, in.ImageIds, "ImageIds")
	switch {
	case err != nil:
		return nil, err
	case len(in.DestinationRegions) == 0:
		return nil, missing("DestinationRegions")
	}
	out := &syncImagesResponse{ImageSet: []SyncImage{}}
	ctx = dryRun(ctx, in.DryRun)
	err = eachChange(ids, func(id string) error {
		copies, err := h.images.Copy(ctx, c.actor, id, models.ImageCopy{Regions: in.DestinationRegions, Name: in.ImageName})
		for _, cp := range copies {
			out.ImageSet = append(out.ImageSet, SyncImage{ImageId: cp.ID, Region: cp.RegionID})
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

type createImageRequest struct {
	InstanceId       *string `json:"InstanceId"`
	ImageName        *string `json:"ImageName"`
	ImageDescription string  `json:"ImageDescription"`
	DryRun           bool    `json:"DryRun"`
}

type createImageResponse struct {
	ImageId string `json:"ImageId"`
	meta
}

// createImage makes a custom image of one of the caller's instances in the
// region; it is CREATING until done and counts toward the quota (R3).
func (h *Handler) createImage(ctx context.Context, c *call) (response, error) {
	var in createImageRequest
	if err := decode(c, &in); err != nil {
		return nil, err
	}
	ins, err := h.regionInstance(ctx, c, in.InstanceId, "InstanceId")
	if err != nil {
		return nil, err
	}
	if in.ImageName == nil {
		return nil, missing("ImageName")
	}
	img, err := h.images.CreateFromInstance(dryRun(ctx, in.DryRun), c.actor,
		models.NewImage{InstanceID: ins.ID, Name: *in.ImageName, Description: in.ImageDescription})
	if err != nil {
		return nil, err
	}
	return &createImageResponse{ImageId: img.ID}, nil
}

type describeImageQuotaResponse struct {
	ImageNumQuota int64 `json:"ImageNumQuota"`
	meta
}

// describeImageQuota tells how many custom images the caller's account may
// keep in the region (R3; images shared with it do not count).
func (h *Handler) describeImageQuota(ctx context.Context, c *call) (response, error) {
	q, err := h.quotas.Region(ctx, c.actor, c.region)
	if err != nil {
		return nil, err
	}
	return &describeImageQuotaResponse{ImageNumQuota: int64(q.Limit)}, nil
}

// dryRun marks ctx for a dry run when the request asks for one (the CVM
// reference's DryRun): the domain runs every check of the change in its
// transaction, changes nothing, and answers DryRunOperation when the request
// would pass, or the refusal's own code.
func dryRun(ctx context.Context, asked bool) context.Context {
	if asked {
		return models.WithDryRun(ctx)
	}
	return ctx
}

// eachChange applies change to every id in turn, stopping at the first
// refusal. In a dry run each change is checked (and rolled back) in turn,
// and the answer is DryRunOperation only if every one of them would pass.
func eachChange(ids []string, change func(id string) error) error {
	dry := false
	for _, id := range ids {
		err := change(id)
		switch {
		case errors.Is(err, models.ErrDryRun):
			dry = true
		case err != nil:
			return err
		}
	}
	if dry {
		return models.ErrDryRunPassed
	}
	return nil
}
