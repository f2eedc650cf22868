package pages_test

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"imageshare/views/components"
	"imageshare/views/pages"
)

// The image rows spell their table classes out rather than spreading the
// shared ones (a spread costs templ a sanitizing pass per element, on 20 to
// 100 rows a page). They must still be the shared classes: the cards a
// phone shows are built from them (data-label, col-span).
func TestImageRowsUseTheTableClasses(t *testing.T) {
	v := listView("shared", shared)
	v.ShareCap = 50
	doc := render(t, "en", pages.ImageList(v))
	rows := doc.Find("tbody tr")
	if rows.Length() != 1 {
		t.Fatalf("%d rows, want 1", rows.Length())
	}
	if class, _ := rows.Attr("class"); class != components.RowClass {
		t.Errorf("row class %q, want components.RowClass", class)
	}
	cells := rows.ChildrenFiltered("td")
	if cells.Length() < 6 {
		t.Fatalf("%d cells, want the image's columns", cells.Length())
	}
	cells.Each(func(i int, td *goquery.Selection) {
		if class, _ := td.Attr("class"); !strings.HasPrefix(class, components.CellClass) {
			t.Errorf("cell %d class %q does not start with components.CellClass", i, class)
		}
	})
	rows.Find("[data-id-cell]").Each(func(_ int, id *goquery.Selection) {
		if class, _ := id.Attr("class"); class != components.IDClass {
			t.Errorf("id class %q, want components.IDClass", class)
		}
	})
}
