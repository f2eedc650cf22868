package api

import (
	"context"
	"slices"
	"strings"

	"imageshare/models"
)

// Filter is one of Tencent's list filters: a name and the values any of
// which an item may match (different filters must all match).
type Filter struct {
	Name   string   `json:"Name"`
	Values []string `json:"Values"`
}

type describeImagesRequest struct {
	ImageIds []string `json:"ImageIds"`
	Filters  []Filter `json:"Filters"`
	Offset   *int64   `json:"Offset"`
	Limit    *int64   `json:"Limit"`
}

type describeImagesResponse struct {
	TotalCount int64   `json:"TotalCount"`
	ImageSet   []Image `json:"ImageSet"`
	meta
}

// imageFilters are DescribeImages' filters, once checked.
type imageFilters struct {
	ids       []string           // image-id, or ImageIds
	tabs      []string           // image-type, as the console's tabs
	name      string             // image-name: the console's search (part of the name, or the id)
	platforms []string           // platform, each value matched as part of a name; nil: any
	tags      []models.TagFilter // tag-key, tag-value, tag:<key> (R24)
	none      bool               // a filter no image can match (a platform matching none)
}

// imageTypeTabs maps Tencent's image types to the console's tabs, in the order
// DescribeImages lists them. Marketplace images do not exist here.
var imageTypeTabs = map[string]string{
	models.PublicImage: models.TabPublic, models.PrivateImage: models.TabCustom, models.SharedImage: models.TabShared,
	"MARKET_IMAGE": "",
}

// describeImages lists the images the caller sees in the region: public ones,
// its own, those shared with it (R4: only in their own region), through the
// console's image list, so the API sees exactly what the console shows.
func (h *Handler) describeImages(ctx context.Context, c *call) (response, error) {
	var in describeImagesRequest
	if err := decode(c, &in); err != nil {
		return nil, err
	}
	if len(in.ImageIds) > 0 && len(in.Filters) > 0 {
		return nil, apiErrorf("InvalidParameter.InvalidParameterCoexistImageIdsFilters",
			"ImageIds and Filters cannot be given together.")
	}
	offset, limit, err := window(in.Offset, in.Limit)
	if err != nil {
		return nil, err
	}
	f, err := parseImageFilters(in)
	if err != nil {
		return nil, err
	}
	var views []models.ImageView
	var total int64
	switch {
	case f.none:
	case f.ids != nil:
		views, total, err = h.imagesByID(ctx, c, f, offset, limit)
	default:
		views, total, err = h.imagesByTab(ctx, c, f, offset, limit)
	}
	if err != nil {
		return nil, err
	}
	out := &describeImagesResponse{TotalCount: total, ImageSet: make([]Image, len(views))}
	for i, v := range views {
		out.ImageSet[i] = imageOut(v)
	}
	return out, nil
}

func parseImageFilters(in describeImagesRequest) (imageFilters, error) {
	f := imageFilters{tabs: []string{models.TabPublic, models.TabCustom, models.TabShared}}
	if len(in.ImageIds) > 0 {
		ids, err := imageID.list(in.ImageIds, "ImageIds")
		f.ids = ids
		return f, err
	}
	var tabs []string
	for _, flt := range in.Filters {
		if len(flt.Values) == 0 {
			return f, apiErrorf("InvalidParameterValue", "The filter `%s` has no values.", flt.Name)
		}
		if tf, ok, err := tagFilterOf(flt); ok {
			if err == nil {
				f.tags, err = addTagFilter(f.tags, tf)
			}
			if err != nil {
				return f, err
			}
			continue
		}
		switch flt.Name {
		case "image-id":
			ids, err := imageID.list(flt.Values, "Filters.image-id")
			if err != nil {
				return f, err
			}
			f.ids = append(f.ids, ids...)
		case "image-type":
			for _, v := range flt.Values {
				tab, ok := imageTypeTabs[v]
				if !ok {
					return f, apiErrorf("InvalidParameterValue",
						"The image type %q does not exist: use PUBLIC_IMAGE, PRIVATE_IMAGE or SHARED_IMAGE.", v)
				}
				if tab != "" && !slices.Contains(tabs, tab) {
					tabs = append(tabs, tab)
				}
			}
			f.none = f.none || len(tabs) == 0
		case "image-name":
			if len(flt.Values) > 1 {
				return f, apiErrorf("InvalidFilterValue.LimitExceeded", "The filter `image-name` takes one value.")
			}
			f.name = strings.TrimSpace(flt.Values[0])
		case "platform":
			for _, v := range flt.Values {
				for _, p := range models.PlatformsMatching(v) {
					if !slices.Contains(f.platforms, p) {
						f.platforms = append(f.platforms, p)
					}
				}
			}
			f.none = f.none || len(f.platforms) == 0
		default:
			return f, apiErrorf("InvalidFilter",
				"The filter %q does not exist: use image-id, image-type, image-name, platform, tag-key, tag-value or tag:<key>.", flt.Name)
		}
	}
	if tabs != nil {
		f.tabs = tabs
	}
	return f, nil
}

// imagesByID returns the images named by id that the caller sees in the
// region and that match the other filters, in the order asked.
func (h *Handler) imagesByID(ctx context.Context, c *call, f imageFilters, offset, limit int) ([]models.ImageView, int64, error) {
	views, err := h.images.ByIDs(ctx, c.actor, c.region, f.ids, f.name, f.platforms, f.tags)
	if err != nil {
		return nil, 0, err
	}
	found := slices.DeleteFunc(views, func(v models.ImageView) bool { return !slices.Contains(f.tabs, v.Tab()) })
	total := int64(len(found))
	if offset >= len(found) {
		return nil, total, nil
	}
	return found[offset:min(len(found), offset+limit)], total, nil
}

// imagesByTab pages through the console's lists of each requested type (and
// platform), in order, as if they were one list: each list is asked only for
// the rows of the window that fall in it (and its count).
func (h *Handler) imagesByTab(ctx context.Context, c *call, f imageFilters, offset, limit int) ([]models.ImageView, int64, error) {
	platforms := f.platforms
	if platforms == nil {
		platforms = []string{""}
	}
	var out []models.ImageView
	var total int64
	skip := offset
	for _, tab := range f.tabs {
		for _, p := range platforms {
			q := models.ImageQuery{Region: c.region, Tab: tab, Search: f.name, Platform: p, Tags: f.tags}
			rows, n, err := h.listWindow(ctx, c.actor, q, skip, limit-len(out))
			if err != nil {
				return nil, 0, err
			}
			out = append(out, rows...)
			total += n
			skip = max(0, skip-int(n))
		}
	}
	return out, total, nil
}

// listWindow returns up to want rows of one list starting at skip, and the
// list's size, in at most two pages of the console's list.
func (h *Handler) listWindow(ctx context.Context, actor models.Actor, q models.ImageQuery, skip, want int) ([]models.ImageView, int64, error) {
	q.PageSize = max(want, 1)
	q.Page = skip/q.PageSize + 1
	first, err := h.images.List(ctx, actor, q)
	if err != nil {
		return nil, 0, err
	}
	n := first.Total
	if want == 0 || int64(skip) >= n {
		return nil, n, nil
	}
	rows := first.Images[min(len(first.Images), skip%q.PageSize):]
	if len(rows) < want && int64(q.Page*q.PageSize) < n {
		q.Page++
		next, err := h.images.List(ctx, actor, q)
		if err != nil {
			return nil, 0, err
		}
		rows = append(slices.Clip(rows), next.Images...)
	}
	return rows[:min(want, len(rows))], n, nil
}

// window checks Offset and Limit: 0 and 20 by default, Limit at most 100.
func window(offset, limit *int64) (int, int, error) {
	o, l := int64(0), int64(models.DefaultPageSize)
	if offset != nil {
		o = *offset
	}
	if limit != nil {
		l = *limit
	}
	if o < 0 {
		return 0, 0, apiErrorf("InvalidParameterValue", "Offset must be 0 or more.")
	}
	if l < 1 || l > models.MaxPageSize {
		return 0, 0, apiErrorf("InvalidParameterValue", "Limit must be from 1 to %d.", models.MaxPageSize)
	}
	return int(min(o, 1<<31)), int(l), nil
}
