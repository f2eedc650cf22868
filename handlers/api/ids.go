package api

import (
	"context"
	"slices"
	"strings"

	"imageshare/models"
)

// idKind is a kind of resource id: its form, and the error for an id that
// does not have it.
type idKind struct {
	valid     func(string) bool
	malformed func(id string) *apiError
}

var (
	imageID = idKind{models.ValidImageID, func(id string) *apiError {
		return apiErrorf("InvalidImageId.Malformed", "%q is not an image id (img- followed by 8 lowercase letters or digits).", id)
	}}
	instanceID = idKind{models.ValidInstanceID, func(id string) *apiError {
		return apiErrorf("InvalidInstanceId.Malformed", "%q is not an instance id (ins- followed by 8 lowercase letters or digits).", id)
	}}
)

// one checks a required id parameter.
func (k idKind) one(id *string, param string) (string, error) {
	switch {
	case id == nil || strings.TrimSpace(*id) == "":
		return "", missing(param)
	case !k.valid(*id):
		return "", k.malformed(*id)
	}
	return *id, nil
}

// list checks the form of up to 100 ids, dropping repeats.
func (k idKind) list(ids []string, param string) ([]string, error) {
	if len(ids) > models.MaxPageSize {
		return nil, apiErrorf("InvalidParameterValue.LimitExceeded", "`%s` takes at most %d ids.", param, models.MaxPageSize)
	}
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if !k.valid(id) {
			return nil, k.malformed(id)
		}
		if !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, nil
}

// regionImage returns an image the caller sees in the call's region (R4:
// every call is scoped to its X-TC-Region), checking the id's form first.
func (h *Handler) regionImage(ctx context.Context, c *call, id *string, param string) (models.ImageView, error) {
	checked, err := imageID.one(id, param)
	if err != nil {
		return models.ImageView{}, err
	}
	return h.images.InRegion(ctx, c.actor, checked, c.region)
}

// regionImages checks a required list of image ids, each one the caller
// sees in the region, so a request naming one it does not fails before
// anything changes.
func (h *Handler) regionImages(ctx context.Context, c *call, ids []string, param string) ([]string, error) {
	if len(ids) == 0 {
		return nil, missing(param)
	}
	checked, err := imageID.list(ids, param)
	for i := 0; err == nil && i < len(checked); i++ {
		_, err = h.images.InRegion(ctx, c.actor, checked[i], c.region)
	}
	return checked, err
}

// regionInstance returns one of the caller's instances in the call's region;
// one elsewhere is not found here.
func (h *Handler) regionInstance(ctx context.Context, c *call, id *string, param string) (models.Instance, error) {
	checked, err := instanceID.one(id, param)
	if err != nil {
		return models.Instance{}, err
	}
	return h.instances.InRegion(ctx, c.actor, checked, c.region)
}

// regionInstances checks a required list of instance ids, each one of the
// caller's in the region.
func (h *Handler) regionInstances(ctx context.Context, c *call, ids []string, param string) ([]string, error) {
	if len(ids) == 0 {
		return nil, missing(param)
	}
	checked, err := instanceID.list(ids, param)
	for i := 0; err == nil && i < len(checked); i++ {
		_, err = h.instances.InRegion(ctx, c.actor, checked[i], c.region)
	}
	return checked, err
}
