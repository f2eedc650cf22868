package api

import (
	"context"
	"strings"

	"imageshare/models"
)

// ShareImages (extension, R26): several of the caller's images in the call's
// region shared with the same accounts in one change, all or nothing, on the
// console's bulk share (ShareStore.ShareMany). Like ModifyImageSharePermission,
// calling it accepts the risk notice (R10).

type shareImagesRequest struct {
	ImageIds    []string `json:"ImageIds"`
	AccountIds  []string `json:"AccountIds"`
	ExpiredTime *string  `json:"ExpiredTime"`
	DryRun      bool     `json:"DryRun"`
}

type shareImagesResponse struct {
	// ImageIds are the images shared, in the order given (repeats once).
	ImageIds []string `json:"ImageIds"`
	// ShareStatus is the status the new shares start in: ACTIVE, PENDING
	// (an admin reviews them, R17) or OFFERED (each recipient accepts, R19).
	ShareStatus string `json:"ShareStatus"`
	meta
}

// shareImages refuses, like the console, with the first refused image's code
// and a message naming every refused image and why; nothing is shared then.
func (h *Handler) shareImages(ctx context.Context, c *call) (response, error) {
	var in shareImagesRequest
	if err := decode(c, &in); err != nil {
		return nil, err
	}
	if len(in.AccountIds) == 0 {
		return nil, missing("AccountIds")
	}
	// X-TC-Region scopes the call (R4): an image of another region is not
	// found here, as in every other action.
	ids, err := h.regionImages(ctx, c, in.ImageIds, "ImageIds")
	if err != nil {
		return nil, err
	}
	accounts := make([]string, len(in.AccountIds))
	for i, a := range in.AccountIds {
		accounts[i] = strings.TrimSpace(a)
	}
	until, err := parseExpiredTime(in.ExpiredTime)
	if err != nil {
		return nil, err
	}
	res, err := h.shares.ShareMany(dryRun(ctx, in.DryRun), c.actor, models.BulkShareRequest{ImageIDs: ids, Region: c.region,
		Share: models.ShareRequest{AccountIDs: accounts, RiskAccepted: true, ExpiresAt: until}})
	if err != nil {
		return nil, err
	}
	out := &shareImagesResponse{ImageIds: []string{}, ShareStatus: strings.ToUpper(res.Status())}
	for _, img := range res.Images {
		out.ImageIds = append(out.ImageIds, img.ImageID)
	}
	return out, nil
}
