package layout_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/a-h/templ"

	"imageshare/static"
	"imageshare/views/components"
	"imageshare/views/i18n"
	"imageshare/views/layout"
	"imageshare/views/reqctx"
)

func render(t *testing.T, r *reqctx.Request, c templ.Component) *goquery.Document {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Render(reqctx.With(context.Background(), r), &buf); err != nil {
		t.Fatalf("render: %v", err)
	}
	doc, err := goquery.NewDocumentFromReader(&buf)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	return doc
}

var content = templ.Raw(`<p id="content">hello</p>`)

func TestAppShell(t *testing.T) {
	member := &reqctx.User{Username: "alice", AccountID: "100000000001", AccountName: "Alice's Studio"}
	admin := &reqctx.User{Username: "admin", AccountID: "100000000009", Admin: true}
	tests := []struct {
		name   string
		user   *reqctx.User
		locale string
		admin  bool
	}{
		{"member", member, "en", false},
		{"admin", admin, "en", true},
		{"portuguese", member, "pt-BR", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &reqctx.Request{User: tt.user, Locale: tt.locale, CSRF: "tok-1", Region: "ap-shanghai", Path: "/images",
				Flash: []reqctx.Flash{{Kind: "success", Text: "Saved."}}}
			doc := render(t, r, layout.App("Images", content))
			if lang, _ := doc.Find("html").Attr("lang"); lang != tt.locale {
				t.Errorf("lang = %q, want %q", lang, tt.locale)
			}
			if got, want := doc.Find("title").Text(), "Images · "+i18n.Tr(tt.locale, "app.name"); got != want {
				t.Errorf("title = %q, want %q", got, want)
			}
			if doc.Find("main#main #content").Length() != 1 {
				t.Error("content is not inside main")
			}
			if got := strings.TrimSpace(doc.Find("#" + components.FlashID).Text()); got != "Saved." {
				t.Errorf("flash = %q", got)
			}
			if got := doc.Find(`[data-testid="header-account-id"]`).Text(); got != tt.user.AccountID {
				t.Errorf("header account id = %q", got)
			}
			if got := doc.Find(`nav a[href="/admin"]`).Length() == 1; got != tt.admin {
				t.Errorf("admin link shown = %v, want %v", got, tt.admin)
			}
			if current, _ := doc.Find(`nav a[aria-current="page"]`).Attr("href"); current != "/images" {
				t.Errorf("current nav link = %q, want /images", current)
			}
			if doc.Find("#"+components.ToastsID).Length() != 1 {
				t.Error("no toasts region")
			}
			// htmx requests carry the token through hx-headers on <body>.
			var headers map[string]string
			raw, _ := doc.Find("body").Attr("hx-headers")
			if err := json.Unmarshal([]byte(raw), &headers); err != nil || headers["X-CSRF-Token"] != "tok-1" {
				t.Errorf("hx-headers = %q, want the CSRF token", raw)
			}
			// Plain forms that change state carry it as a field.
			doc.Find(`form[method="post"]`).Each(func(_ int, f *goquery.Selection) {
				action, _ := f.Attr("action")
				if v, _ := f.Find(`input[name="_csrf"]`).Attr("value"); v != "tok-1" {
					t.Errorf("form %s has CSRF %q", action, v)
				}
			})
			if doc.Find(`form[action="/logout"]`).Length() != 1 || doc.Find(`form[action="/preferences/language"]`).Length() != 1 {
				t.Error("sign-out or language form missing")
			}
			if doc.Find(`link[rel="stylesheet"][href="`+static.Path("app.css")+`"]`).Length() != 1 {
				t.Error("no content-hashed stylesheet")
			}
			doc.Find("script").Each(func(_ int, s *goquery.Selection) {
				if src, _ := s.Attr("src"); !strings.HasPrefix(src, "/static/") || strings.TrimSpace(s.Text()) != "" {
					t.Errorf("script %q is not one of our static files", src)
				}
			})
		})
	}
}

func TestRegionMenuKeepsThePage(t *testing.T) {
	r := &reqctx.Request{User: &reqctx.User{Username: "bob"}, Locale: "en", Region: "ap-shanghai", Path: "/images",
		Query: map[string][]string{"tab": {"shared"}, "page": {"3"}, "region": {"ap-shanghai"}}}
	doc := render(t, r, layout.App("Images", content))
	links := doc.Find(`details[data-menu] ul a`)
	if links.Length() != 9 {
		t.Fatalf("%d regions in the menu, want 9", links.Length())
	}
	current := links.Filter(`[aria-current="true"]`)
	if current.Text() != i18n.Tr("en", "region.ap-shanghai") {
		t.Errorf("current region = %q", current.Text())
	}
	href, _ := links.First().Attr("href")
	if href != "/images?region=ap-guangzhou&tab=shared" {
		t.Errorf("first region link = %q, want the same tab without the page", href)
	}
}

func TestBareShell(t *testing.T) {
	doc := render(t, &reqctx.Request{Locale: "en", CSRF: "tok"}, layout.Bare("Sign in", content))
	if doc.Find("header, nav").Length() != 0 {
		t.Error("bare page has navigation")
	}
	if doc.Find("main#main #content").Length() != 1 || doc.Find("#"+components.ToastsID).Length() != 1 {
		t.Error("bare page lacks content or toasts")
	}
}
