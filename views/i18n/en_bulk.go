package i18n

// English strings of bulk sharing (SPEC 3b, R26).
func init() { merge(en, enBulk) }

var enBulk = map[string]string{
	// Refusals of the domain.
	"bulk.refused":      "%[1]d of the %[2]d images cannot be shared, so none was shared.",
	"bulk.no_images":    "Select at least one image to share.",
	"bulk.too_many":     "Share at most %d images at once.",
	"bulk.other_region": "Image %[1]s is in %[2]s, not %[3]s: share the images of one region at a time (copy an image to share it in another region).",
}
