package pages

import (
	"net/url"
	"strconv"

	"imageshare/views/components"
)

// ImageTagsID is the tags section of the image detail page, which the tag
// form swaps.
const ImageTagsID = "image-tags"

// TagChip is one tag as a page shows it.
type TagChip struct{ Key, Value string }

// Filter is the tag as the Images page's tag filter writes it.
func (t TagChip) Filter() string { return t.Key + "=" + t.Value }

// ImageTagsView is the tags section of an image's page (R24): everyone who
// sees the image reads its tags; its owner edits them as rows.
type ImageTagsView struct {
	ImageID, Region, Tab string
	Tags                 []TagChip
	// CanEdit is the domain's Can.EditTags verdict.
	CanEdit bool
	// Rows are the form's rows (the saved tags and one blank row, or what
	// a refused or unsaved form sent back), with their errors.
	Rows []TagRow
	// Error is the form's own refusal (too many tags).
	Error string
	Max   int
}

// TagRow is one key/value row of the tag form.
type TagRow struct {
	Key, Value           string
	KeyError, ValueError string
}

// FilterURL is the Images tab the image lists under, filtered by one tag.
func (v ImageTagsView) FilterURL(t TagChip) string {
	return "/images?" + url.Values{"region": {v.Region}, "tab": {v.Tab}, "tag": {t.Filter()}}.Encode()
}

// CanAdd reports whether another blank row fits under the limit.
func (v ImageTagsView) CanAdd() bool { return len(v.Rows) < v.Max }

func tagRowID(i int, part string) string { return "tag-" + part + "-" + strconv.Itoa(i) }

// listTagsShown is how many tags a list row shows before "+N".
const listTagsShown = 2

// shownTags are the first tags of a list row, and how many are left over.
func shownTags(tags []TagChip) ([]TagChip, int) {
	if len(tags) <= listTagsShown {
		return tags, 0
	}
	return tags[:listTagsShown], len(tags) - listTagsShown
}

// TagFilterURL is the current tab without its tag filter.
func (v ImagesView) TagFilterURL() string {
	w := v
	w.Tag = ""
	return w.URL(v.Tab, 1)
}

// fieldClassOf is an input's classes, red when it has an error.
func fieldClassOf(err string) string {
	if err != "" {
		return components.InputErrorClass
	}
	return components.InputClass
}
