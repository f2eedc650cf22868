package pages_test

import (
	"testing"
	"time"

	"imageshare/views/pages"
)

// The recycle bin page: each row's time left in the reader's language, and
// Restore only where the domain allows it, its reason otherwise; the quota
// line names the images in the bin with the language's plural.
func TestRecycleBinView(t *testing.T) {
	v := pages.RecycleBinView{Region: "ap-guangzhou", Rows: []pages.BinRow{
		{ID: "img-aaaa0001", Name: "golden", Left: 7*24*time.Hour - time.Minute, Restore: pages.Action{OK: true}},
		{ID: "img-aaaa0002", Name: "taken", Left: 5 * time.Hour, Restore: pages.Action{Why: "An image named taken now exists."}},
		{ID: "img-aaaa0003", Name: "soon", Left: 10 * time.Minute, Restore: pages.Action{OK: true}},
	}}
	tests := []struct {
		locale string
		left   []string
	}{
		{"en", []string{"7 days left", "5 hours left", "Less than an hour left"}},
		{"pt-BR", []string{"Restam 7 dias", "Restam 5 horas", "Resta menos de uma hora"}},
	}
	for _, tt := range tests {
		t.Run(tt.locale, func(t *testing.T) {
			doc := render(t, tt.locale, pages.RecycleBin(v))
			for i, r := range v.Rows {
				row := doc.Find(`tr[data-image-id="` + r.ID + `"]`)
				if got := text(row.Find(`[data-testid="time-left"]`)); got != tt.left[i] {
					t.Errorf("%s: time left = %q; want %q", r.Name, got, tt.left[i])
				}
				restore := row.Find(`form[action="/images/recycle-bin/` + r.ID + `/restore"]`).Length()
				if (restore == 1) != r.Restore.OK {
					t.Errorf("%s: %d restore forms; want one only when allowed", r.Name, restore)
				}
			}
		})
	}
	empty := render(t, "en", pages.RecycleBin(pages.RecycleBinView{Region: "ap-guangzhou"}))
	if text(empty.Find("h3")) != "The recycle bin is empty" || empty.Find("table").Length() != 0 {
		t.Error("an empty bin has no empty state, or a table")
	}
	q := pages.ImagesView{Region: "ap-guangzhou", Tab: "custom", Page: 1, Pages: 1, PageSize: 20,
		Quota: &pages.QuotaUse{Used: 3, Limit: 10, Binned: 1}}
	for locale, want := range map[string]string{"en": "3 of 10 custom images used (1 in the recycle bin)",
		"pt-BR": "3 de 10 imagens personalizadas usadas (1 na lixeira)"} {
		if got := text(render(t, locale, pages.Images(q)).Find(`[data-testid="quota-use"]`)); got != want {
			t.Errorf("%s quota = %q; want %q", locale, got, want)
		}
	}
}
