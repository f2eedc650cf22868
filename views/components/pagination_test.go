package components_test

import (
	"strconv"
	"testing"

	"imageshare/views/components"
	"imageshare/views/i18n"
)

func TestPager(t *testing.T) {
	url := func(p int) string { return "/things?page=" + strconv.Itoa(p) }
	tests := []struct {
		name           string
		p              components.Pagination
		summary        string
		previous, next string // href, "" when the link must be absent
	}{
		{"only page", components.Pagination{Page: 1, Pages: 1, PageSize: 20, Rows: 5, Total: 5}, "Showing 1–5 of 5", "", ""},
		{"first of two", components.Pagination{Page: 1, Pages: 2, PageSize: 20, Rows: 20, Total: 25}, "Showing 1–20 of 25", "", "/things?page=2"},
		{"last of two", components.Pagination{Page: 2, Pages: 2, PageSize: 20, Rows: 5, Total: 25}, "Showing 21–25 of 25", "/things?page=1", ""},
		{"middle", components.Pagination{Page: 3, Pages: 5, PageSize: 20, Rows: 20, Total: 100}, "Showing 41–60 of 100", "/things?page=2", "/things?page=4"},
		{"empty", components.Pagination{Page: 1, Pages: 1, PageSize: 20, Total: 0}, i18n.Tr("en", "pager.none"), "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.p.URL, tt.p.Target = url, "the-list"
			doc := render(t, components.Pager(tt.p))
			nav := doc.Find(`nav[aria-label="` + i18n.Tr("en", "pager.label") + `"]`)
			if nav.Length() != 1 {
				t.Fatal("no labelled pagination nav")
			}
			if got := nav.Find("p").Text(); got != tt.summary {
				t.Errorf("summary = %q, want %q", got, tt.summary)
			}
			if got, want := nav.Find("span").First().Text(), i18n.Tr("en", "pager.page_of", tt.p.Page, tt.p.Pages); got != want {
				t.Errorf("page of = %q, want %q", got, want)
			}
			for rel, href := range map[string]string{"prev": tt.previous, "next": tt.next} {
				a := nav.Find(`a[rel="` + rel + `"]`)
				if href == "" {
					if a.Length() != 0 {
						t.Errorf("%s link shown", rel)
					}
					continue
				}
				if a.Length() != 1 {
					t.Fatalf("no %s link", rel)
				}
				attrs := map[string]string{"href": href, "hx-get": href, "hx-target": "#the-list", "hx-push-url": "true"}
				for k, v := range attrs {
					if got, _ := a.Attr(k); got != v {
						t.Errorf("%s %s = %q, want %q", rel, k, got, v)
					}
				}
			}
		})
	}
}
