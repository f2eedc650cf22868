package pages_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/a-h/templ"

	"imageshare/views/i18n"
	"imageshare/views/pages"
	"imageshare/views/reqctx"
)

// render renders c in locale and parses the result.
func render(t *testing.T, locale string, c templ.Component) *goquery.Document {
	t.Helper()
	ctx := reqctx.With(context.Background(), &reqctx.Request{Locale: locale, CSRF: "tok"})
	var buf bytes.Buffer
	if err := c.Render(ctx, &buf); err != nil {
		t.Fatalf("render: %v", err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return doc
}

func text(s *goquery.Selection) string { return strings.Join(strings.Fields(s.Text()), " ") }

func listView(tab string, rows ...pages.ImageRow) pages.ImagesView {
	return pages.ImagesView{
		Region: "ap-guangzhou", Tab: tab, Rows: rows, Page: 1, Pages: 1, Total: int64(len(rows)), PageSize: 20,
		AccountID: "100000000002",
	}
}

var (
	created = time.Date(2026, 3, 4, 5, 6, 0, 0, time.UTC)
	public  = pages.ImageRow{ID: "img-pub00001", Name: "Ubuntu Server 24.04", State: "NORMAL", OSName: "Ubuntu",
		Architecture: "x86_64", SizeGB: 20, CreatedAt: created}
	shared = pages.ImageRow{ID: "img-demo0001", Name: "web-frontend-v3", State: "NORMAL", OSName: "Ubuntu",
		Architecture: "x86_64", SizeGB: 20, CreatedAt: created, OwnerAccountID: "100000000001", OwnerName: "Alice's Studio",
		Trust: true}
	syncing = pages.ImageRow{ID: "img-copy0001", Name: "copy", State: "SYNCING", Progress: 40, OSName: "Debian",
		Architecture: "arm64", SizeGB: 50, CreatedAt: created, Busy: true}
)

func TestImageListRows(t *testing.T) {
	tests := []struct {
		name  string
		view  pages.ImagesView
		ids   []string
		owner bool
	}{
		{"public", listView("public", public), []string{"img-pub00001"}, false},
		{"custom", listView("custom", syncing, public), []string{"img-copy0001", "img-pub00001"}, false},
		{"shared", listView("shared", shared), []string{"img-demo0001"}, true},
	}
	ownerHeader := i18n.Tr("en", "images.col.owner")
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list := render(t, "en", pages.ImageList(tt.view)).Find("#" + pages.ImageListID)
			if list.Length() != 1 {
				t.Fatalf("no #%s", pages.ImageListID)
			}
			var ids []string
			list.Find("tbody tr").Each(func(_ int, tr *goquery.Selection) {
				id, _ := tr.Attr("data-image-id")
				ids = append(ids, id)
				if !strings.Contains(tr.Text(), id) {
					t.Errorf("row %s does not show its id", id)
				}
			})
			if strings.Join(ids, ",") != strings.Join(tt.ids, ",") {
				t.Errorf("rows %v, want %v", ids, tt.ids)
			}
			headers := list.Find("thead th")
			if got := strings.Contains(text(headers), ownerHeader); got != tt.owner {
				t.Errorf("owner column = %v, want %v", got, tt.owner)
			}
			if got := list.Find("tbody tr").First().Find("td").Length(); got != headers.Length() {
				t.Errorf("%d cells under %d headers", got, headers.Length())
			}
			if tt.owner {
				row := text(list.Find("tbody tr").First())
				if !strings.Contains(row, "100000000001") || !strings.Contains(row, "Alice's Studio") {
					t.Errorf("shared row lacks the owner: %q", row)
				}
				if !strings.Contains(text(list), i18n.Tr("en", "shared.trust_text")) {
					t.Error("shared list lacks the R8 trust notice")
				}
			} else if strings.Contains(text(list), i18n.Tr("en", "shared.trust_title")) {
				t.Error("trust notice outside the shared tab")
			}
		})
	}
}

func TestImageListProgress(t *testing.T) {
	list := render(t, "en", pages.ImageList(listView("custom", syncing, public)))
	bars := list.Find("progress")
	if bars.Length() != 1 {
		t.Fatalf("%d progress bars, want one for the SYNCING row", bars.Length())
	}
	if v, _ := bars.Attr("value"); v != "40" {
		t.Errorf("progress = %q, want 40", v)
	}
	if !strings.Contains(text(list.Find(`tr[data-image-id="img-copy0001"]`)), i18n.Tr("en", "state.SYNCING")) {
		t.Error("SYNCING row does not say so")
	}
}

func TestImageListEmptyStates(t *testing.T) {
	region := i18n.Tr("en", "region.ap-guangzhou")
	filtered := listView("custom")
	filtered.Search = "nothing-like-this"
	tests := []struct {
		name        string
		view        pages.ImagesView
		title, body string
		clearLink   bool
	}{
		{"public", listView("public"), i18n.Tr("en", "images.empty.public_title"), i18n.Tr("en", "images.empty.public_text"), false},
		{"custom", listView("custom"), i18n.Tr("en", "images.empty.custom_title", region), i18n.Tr("en", "images.empty.custom_text"), false},
		{"shared", listView("shared"), i18n.Tr("en", "images.empty.shared_title", region), i18n.Tr("en", "images.empty.shared_text", "100000000002"), false},
		{"filtered", filtered, i18n.Tr("en", "images.empty.filtered_title"), i18n.Tr("en", "images.empty.filtered_text"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list := render(t, "en", pages.ImageList(tt.view)).Find("#" + pages.ImageListID)
			if list.Find("table").Length() != 0 {
				t.Error("an empty list renders a table")
			}
			if got := text(list.Find("h3")); got != tt.title {
				t.Errorf("title = %q, want %q", got, tt.title)
			}
			if got := text(list.Find("h3 + p")); got != tt.body {
				t.Errorf("text = %q, want %q", got, tt.body)
			}
			clear := list.Find(`a[href="/images?region=ap-guangzhou&tab=custom"]`)
			if got := clear.Length() == 1; got != tt.clearLink {
				t.Errorf("clear-filters link = %v, want %v", got, tt.clearLink)
			}
			if strings.Contains(text(list), i18n.Tr("en", "shared.trust_title")) {
				t.Error("trust notice on an empty list")
			}
		})
	}
}

func TestImagesPageTabsAndQuota(t *testing.T) {
	v := listView("custom", public)
	v.Tabs = []pages.TabView{{ID: "public", Count: 25}, {ID: "custom", Count: 3}, {ID: "shared", Count: 1}}
	v.Quota = &pages.QuotaUse{Used: 3, Limit: 10}
	v.Search = "ubu"
	doc := render(t, "pt-BR", pages.Images(v))
	if got, want := text(doc.Find(`[data-testid="quota-use"]`)), i18n.Tr("pt-BR", "images.quota_use", 3, 10); got != want {
		t.Errorf("quota = %q, want %q", got, want)
	}
	current := doc.Find(`nav a[aria-current="page"]`)
	if current.Length() != 1 || !strings.Contains(text(current), i18n.Tr("pt-BR", "images.tab.custom")) || !strings.Contains(text(current), "3") {
		t.Errorf("current tab = %q", text(current))
	}
	// Other tabs drop the search; the current one keeps it.
	if href, _ := doc.Find(`nav a[href*="tab=public"]`).Attr("href"); strings.Contains(href, "q=") {
		t.Errorf("public tab link keeps the search: %s", href)
	}
	if href, _ := current.Attr("href"); !strings.Contains(href, "q=ubu") {
		t.Errorf("current tab link drops the search: %s", href)
	}
	form := doc.Find(`form[role="search"]`)
	if target, _ := form.Attr("hx-target"); target != "#"+pages.ImageListID {
		t.Errorf("filters target %q, want #%s", target, pages.ImageListID)
	}
	if action, _ := form.Attr("action"); action != "/images" {
		t.Errorf("filters work without JS only with action=/images, got %q", action)
	}
	v.Quota = nil
	if render(t, "en", pages.Images(v)).Find(`[data-testid="quota-use"]`).Length() != 0 {
		t.Error("quota shown without quota data")
	}
}
