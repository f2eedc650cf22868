package i18n

// English strings of the console's layout: row menus, the compact header,
// filter toggles, detail tabs and bars (issue 12).
func init() { merge(en, enLayout) }

var enLayout = map[string]string{
	"table.more":            "More",
	"table.more_label":      "More actions: %s",
	"images.col.shared":     "Shared",
	"images.shared_title":   "Shared with %d of at most %d accounts",
	"images.quota_bar":      "Custom images used in this region",
	"nav.menu":              "Menu",
	"filters.toggle":        "Filters",
	"filters.active":        "(%d filter applied)|(%d filters applied)",
	"detail.tabs_label":     "Image details",
	"detail.tab.overview":   "Overview",
	"detail.tab.sharing":    "Sharing",
	"detail.tab.history":    "History",
	"detail.edit_open":      "Edit name and description",
	"detail.shares_summary": "Shared with %d of at most %d accounts.",
}
