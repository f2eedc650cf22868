package api

import (
	"context"
	"strings"

	"imageshare/models"
)

// Tags that travel (R24): DescribeImages' tag filters and Tags, and the
// extension action ModifyImageTags (README "Extension actions").

// tagFilterOf reads one of Tencent's tag filters of DescribeImages: tag-key
// (any of the keys), tag-value (any of the values) and tag:<key> (that key
// with any of the values). ok is false for a filter of another name.
func tagFilterOf(flt Filter) (f models.TagFilter, ok bool, err error) {
	switch {
	case flt.Name == "tag-key":
		return models.TagFilter{Keys: flt.Values}, true, nil
	case flt.Name == "tag-value":
		return models.TagFilter{Values: flt.Values}, true, nil
	case strings.HasPrefix(flt.Name, "tag:"):
		key := strings.TrimPrefix(flt.Name, "tag:")
		if key == "" {
			return f, true, apiErrorf("InvalidFilter", "The filter `tag:` names no tag key: use tag:<key>.")
		}
		return models.TagFilter{Keys: []string{key}, Values: flt.Values}, true, nil
	}
	return f, false, nil
}

// addTagFilter appends a tag filter, refusing more than the store allows.
func addTagFilter(filters []models.TagFilter, f models.TagFilter) ([]models.TagFilter, error) {
	if len(filters) >= models.MaxTagFilters {
		return filters, apiErrorf("InvalidFilterValue.LimitExceeded", "Give at most %d tag filters.", models.MaxTagFilters)
	}
	return append(filters, f), nil
}

// tagsOut is an image's tags with Tencent's field names ([] when none).
func tagsOut(tags []models.Tag) []Tag {
	out := make([]Tag, len(tags))
	for i, t := range tags {
		out[i] = Tag{Key: t.Key, Value: t.Value}
	}
	return out
}

type modifyImageTagsRequest struct {
	ImageId *string `json:"ImageId"`
	Tags    *[]Tag  `json:"Tags"`
}

// modifyImageTags replaces the tags of one of the caller's images with Tags
// (an empty list removes them all): the console's tag form, as one call.
func (h *Handler) modifyImageTags(ctx context.Context, c *call) (response, error) {
	var in modifyImageTagsRequest
	if err := decode(c, &in); err != nil {
		return nil, err
	}
	img, err := h.regionImage(ctx, c, in.ImageId, "ImageId")
	if err != nil {
		return nil, err
	}
	if in.Tags == nil {
		return nil, missing("Tags")
	}
	tags := make([]models.Tag, len(*in.Tags))
	for i, t := range *in.Tags {
		tags[i] = models.Tag{Key: t.Key, Value: t.Value}
	}
	if _, err := h.images.SetTags(ctx, c.actor, img.ID, tags); err != nil {
		return nil, err
	}
	return &empty{}, nil
}
