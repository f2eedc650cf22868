package pages

import (
	"net/url"

	"imageshare/models"
)

// Bulk sharing (R26): the Custom images tab's selection, and the page that
// shares the selected images with the same accounts, then confirms with a
// verdict per image.

// BulkShareFormID is the form the Custom tab's row checkboxes belong to
// (through their form attribute: the table stays outside it).
const BulkShareFormID = "bulk-share-form"

// BulkShareURL is the bulk share page.
const BulkShareURL = "/images/bulk-share"

// Steps of the bulk share page.
const (
	BulkStepEdit    = "edit"    // the accounts, the risk notice and the expiry
	BulkStepConfirm = "confirm" // a verdict per image, then Share
)

// BulkShareView is the bulk share page.
type BulkShareView struct {
	Region string
	Step   string
	Images []BulkImageRow
	Form   ShareForm
	// Targets are the accounts (or units) typed, one by one, as the domain
	// reads the list: the confirm step repeats them.
	Targets []string
	// Errors of the request as a whole, by field, translated.
	ImagesError, AccountsError, RiskError, UntilError, FormError string
	// Ready: every image may be shared as asked (the confirm step's Share
	// is enabled only then).
	Ready   bool
	Review  bool // R17: new shares wait for an admin
	Consent bool // R19: recipients accept each share
}

// BulkImageRow is one selected image and the domain's verdict on sharing it.
type BulkImageRow struct {
	ID, Name string
	// Checked: a verdict was given (the confirm step); Problem is empty when
	// the image may be shared.
	Checked bool
	Problem string
	// Details say more of Problem: each refused account, or the cap.
	Details []string
}

// BackURL is the Custom images tab of the page's region.
func (v BulkShareView) BackURL() string {
	return "/images?" + url.Values{"region": {v.Region}, "tab": {"custom"}}.Encode()
}

// ImageIDs are the selected images, in order.
func (v BulkShareView) ImageIDs() []string {
	out := make([]string, len(v.Images))
	for i, img := range v.Images {
		out[i] = img.ID
	}
	return out
}

// RefusedCount is how many images the verdict refuses.
func (v BulkShareView) RefusedCount() int {
	n := 0
	for _, img := range v.Images {
		if img.Problem != "" {
			n++
		}
	}
	return n
}

// shareable reports whether the domain lets the viewer share a row's image,
// so the list offers its checkbox.
func (r ImageRow) shareable() bool { return r.Can.Share.OK }

// selectable reports whether the list shows the selection column and the
// bulk share bar: some row may be shared, or, on the Custom tab, some row is
// still being made or copied. Such a row may be shareable once it settles,
// and the live poll then swaps its checkbox into the column (ImageListLive).
func (v ImagesView) selectable() bool {
	for _, r := range v.Rows {
		if r.shareable() || (r.Busy && v.Tab == models.TabCustom) {
			return true
		}
	}
	return false
}
