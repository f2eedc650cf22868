package api

import (
	"context"
	"strings"
	"time"

	"imageshare/models"
)

// Extension actions of the image lifecycle (SPEC 3b R21, R22; README
// "Extension actions"): deprecate an image now or at a time naming a
// successor, cancel that, disable and enable an image. Deletion protection
// is a parameter of ModifyImageAttribute (modifyLifecycle), beside
// Tencent's own ImageDeprecated.
func (h *Handler) lifecycleActions() {
	h.actions["DeprecateImage"] = action{run: h.deprecateImage}
	h.actions["CancelImageDeprecation"] = action{run: h.cancelImageDeprecation}
	h.actions["DisableImage"] = action{run: h.disableImage}
	h.actions["EnableImage"] = action{run: h.enableImage}
}

// ImageLifecycle are DescribeImages' extension fields of an image (Tencent
// has ImageDeprecated only): when its deprecation began (or, for its owner,
// will begin), its successor, whether it is disabled, and for its owner
// whether deletion protection is on.
type ImageLifecycle struct {
	DeprecationTime    *string `json:"DeprecationTime"`
	SuccessorImageId   *string `json:"SuccessorImageId"`
	SuccessorImageName *string `json:"SuccessorImageName"`
	ImageDisabled      bool    `json:"ImageDisabled"`
	DeletionProtection bool    `json:"DeletionProtection"`
}

func lifecycleOut(v models.ImageView) ImageLifecycle {
	n := v.Notice.LifecycleNotice
	out := ImageLifecycle{ImageDisabled: n.Disabled, DeletionProtection: n.Protected}
	switch {
	case n.DeprecatedSince != nil:
		out.DeprecationTime = expiredTime(n.DeprecatedSince)
	case n.DeprecationScheduled != nil:
		out.DeprecationTime = expiredTime(n.DeprecationScheduled)
	}
	if s := n.Successor; s != nil {
		out.SuccessorImageId, out.SuccessorImageName = &s.ID, &s.Name
	}
	return out
}

type deprecateImageRequest struct {
	ImageId          *string `json:"ImageId"`
	DeprecateAt      *string `json:"DeprecateAt"`
	SuccessorImageId *string `json:"SuccessorImageId"`
}

// deprecateImage deprecates one of the caller's images now (no
// DeprecateAt) or at DeprecateAt (ISO 8601), naming SuccessorImageId or none.
func (h *Handler) deprecateImage(ctx context.Context, c *call) (response, error) {
	var in deprecateImageRequest
	if err := decode(c, &in); err != nil {
		return nil, err
	}
	img, err := h.regionImage(ctx, c, in.ImageId, "ImageId")
	if err != nil {
		return nil, err
	}
	var d models.Deprecation
	if in.DeprecateAt != nil && strings.TrimSpace(*in.DeprecateAt) != "" {
		at, err := models.ParseExpiry("", *in.DeprecateAt)
		if err != nil {
			return nil, apiErrorf("InvalidParameterValue", "`DeprecateAt` must be a time such as 2027-01-31T18:00:00Z, not %q.", *in.DeprecateAt)
		}
		d.At = at
	}
	if in.SuccessorImageId != nil {
		d.SuccessorID = strings.TrimSpace(*in.SuccessorImageId)
	}
	if err := h.images.Deprecate(ctx, c.actor, img.ID, d); err != nil {
		return nil, err
	}
	return &empty{}, nil
}

// imageChange runs one change of an image named by ImageId in the region.
func (h *Handler) imageChange(ctx context.Context, c *call, change func(ctx context.Context, actor models.Actor, id string) error) (response, error) {
	var in imageOnlyRequest
	if err := decode(c, &in); err != nil {
		return nil, err
	}
	img, err := h.regionImage(ctx, c, in.ImageId, "ImageId")
	if err != nil {
		return nil, err
	}
	if err := change(ctx, c.actor, img.ID); err != nil {
		return nil, err
	}
	return &empty{}, nil
}

func (h *Handler) cancelImageDeprecation(ctx context.Context, c *call) (response, error) {
	return h.imageChange(ctx, c, h.images.CancelDeprecation)
}

func (h *Handler) disableImage(ctx context.Context, c *call) (response, error) {
	return h.imageChange(ctx, c, h.images.Disable)
}

func (h *Handler) enableImage(ctx context.Context, c *call) (response, error) {
	return h.imageChange(ctx, c, h.images.Enable)
}

// modifyLifecycle applies ModifyImageAttribute's ImageDeprecated (Tencent's:
// deprecate now, or cancel) and DeletionProtection (the extension, R22).
// Asking for what already holds changes nothing, as on Tencent.
func (h *Handler) modifyLifecycle(ctx context.Context, c *call, img models.ImageView, deprecated, protection *bool) error {
	if deprecated != nil {
		var err error
		switch {
		case *deprecated && !img.Notice.Deprecated:
			err = h.images.Deprecate(ctx, c.actor, img.ID, models.Deprecation{At: new(time.Now().UTC())})
		case !*deprecated && img.DeprecateAt != nil:
			err = h.images.CancelDeprecation(ctx, c.actor, img.ID)
		}
		if err != nil {
			return err
		}
	}
	if protection != nil {
		return h.images.SetDeletionProtection(ctx, c.actor, img.ID, *protection)
	}
	return nil
}
