package i18n

// English strings of tags that travel (SPEC 3b, R24).
func init() { merge(en, enTags) }

var enTags = map[string]string{
	"tags.title":              "Tags",
	"tags.read_only":          "Set by the image's owner. Choose one to list the images tagged with it.",
	"tags.hint":               "Up to %d tags. A key (1-127 characters) and a value (up to 255): letters, digits, spaces and + - = . _ : / @ ( ) [ ] , ; > < (no = in keys). Everyone you share the image with sees them, and copies carry them.",
	"tags.key":                "Key",
	"tags.value":              "Value",
	"tags.remove":             "Remove",
	"tags.key_label":          "Key of tag %d",
	"tags.value_label":        "Value of tag %d",
	"tags.remove_label":       "Remove tag %d when saving",
	"tags.save":               "Save tags",
	"tags.add_row":            "Add row",
	"tags.count":              "%d tag|%d tags",
	"tags.filter_by":          "List the images tagged %s",
	"tags.filter_label":       "Tag",
	"tags.filter_placeholder": "key or key=value",
	"tags.filter_active":      "Tagged:",
	"tags.filter_remove":      "Remove the tag filter %s",
	"flash.tags_saved":        "Tags saved.",
	"tags.limit_exceeded":     "An image can have at most %d tags; this has %d. Remove some.",
	"tags.key_required":       "Tag %d: enter a key (or remove the row).",
	"tags.key_too_long":       "Tag %d: use at most %d characters for the key.",
	"tags.key_chars":          "Tag %d: a key may hold letters, digits, spaces and + - . _ : / @ ( ) [ ] , ; > < only (no =).",
	"tags.key_reserved":       "Tag %d: keys starting with qcs: or project: are reserved (%s).",
	"tags.key_duplicate":      "Tag %[1]d: the key %[2]s is already used by tag %[3]d; keys must differ.",
	"tags.value_too_long":     "Tag %d: use at most %d characters for the value.",
	"tags.value_chars":        "Tag %d: a value may hold letters, digits, spaces and + - = . _ : / @ ( ) [ ] , ; > < only.",
	"audit.ok.image.tags":     "Set the tags of image %[1]s: %[2]s.",
	"audit.no.image.tags":     "Could not set the tags of image %[1]s.",
}
