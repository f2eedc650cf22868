package i18n

// English strings of bulk sharing (SPEC 3b, R26).
func init() { merge(en, enBulk) }

var enBulk = map[string]string{
	// Refusals of the domain.
	"bulk.refused":       "%[1]d of the %[2]d images cannot be shared, so none was shared.|%[1]d of the %[2]d images cannot be shared, so none was shared.",
	"bulk.image_refused": "Image %[1]s: %[2]s",
	"bulk.no_images":     "Select at least one image to share.",
	"bulk.too_many":      "Share at most %d images at once.",
	"bulk.other_region":  "Image %[1]s is in %[2]s, not %[3]s: share the images of one region at a time (copy an image to share it in another region).",
	// The Custom images tab's selection.
	"bulk.select_all":     "Select all on this page",
	"bulk.share_selected": "Share selected",
	"bulk.col_select":     "Select",
	"bulk.select_label":   "Select %s for sharing",
	// The bulk share page.
	"bulk.title":         "Share selected images",
	"bulk.subtitle":      "Share %[1]d image in %[2]s with the same accounts: it is shared, or nothing changes.|Share %[1]d images in %[2]s with the same accounts: all of them are shared, or none.",
	"bulk.none_title":    "No images selected",
	"bulk.back":          "Back to custom images",
	"bulk.images":        "%d image|%d images",
	"bulk.risk_accept":   "I understand these risks and want to share the %d image selected.|I understand these risks and want to share the %d images selected.",
	"bulk.review":        "Check each image",
	"bulk.verdict_ok":    "Can be shared",
	"bulk.with":          "With %d account|With %d accounts",
	"bulk.ready":         "%d image can be shared as asked.|All %d images can be shared as asked.",
	"bulk.not_ready":     "%[1]d of the %[2]d images cannot be shared as asked, so nothing can be shared yet. Change the accounts, or go back and select other images.|%[1]d of the %[2]d images cannot be shared as asked, so nothing can be shared yet. Change the accounts, or go back and select other images.",
	"bulk.submit":        "Share %d image|Share %d images",
	"bulk.change":        "Change",
	"bulk.flash":         "Shared %[1]d image with %[2]s.|Shared %[1]d images with %[2]s.",
	"bulk.flash_pending": "Sent the shares of %[1]d image with %[2]s for review. Recipients will see it once an administrator approves.|Sent the shares of %[1]d images with %[2]s for review. Recipients will see them once an administrator approves.",
	"bulk.flash_offered": "Offered %[1]d image to %[2]s. Each recipient sees it once it accepts.|Offered %[1]d images to %[2]s. Each recipient sees them once it accepts.",
	"bulk.and_more":      "%[1]s and %[2]d more",
}
