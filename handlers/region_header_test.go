package handlers_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"imageshare/handlers/handlertest"
	"imageshare/views/i18n"
)

// The header names the region of the page's object, not the one remembered
// from the last list: alice's Shanghai image, its dialogs and a launch from
// it sit under Shanghai while the remembered region is Frankfurt. The
// region menu then leads to the image lists of the other regions.
func TestHeaderRegionFollowsThePagesObject(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	const shanghai = "img-demo0004" // alice's web-frontend-v3 in ap-shanghai
	for _, path := range []string{
		"/images/" + shanghai,
		"/images/" + shanghai + "/share",
		"/images/" + shanghai + "/copy",
		"/images/" + shanghai + "/delete",
		"/instances/new?image=" + shanghai,
	} {
		t.Run(path, func(t *testing.T) {
			wantStatus(t, alice.Get("/images?region=eu-frankfurt"), http.StatusOK)
			r := alice.Get(path)
			wantStatus(t, r, http.StatusOK)
			doc := r.Doc(t)
			summary := doc.Find("header details summary[aria-label^='Region']")
			if got, want := summary.AttrOr("aria-label", ""), i18n.Tr("en", "header.region_label", i18n.Tr("en", "region.ap-shanghai")); got != want {
				t.Errorf("header region %q, want %q", got, want)
			}
			if href := doc.Find("header a[aria-current]").FilterFunction(func(_ int, s *goquery.Selection) bool {
				return s.Text() == i18n.Tr("en", "region.ap-shanghai")
			}).Length(); href != 1 {
				t.Errorf("the region menu does not mark Shanghai current")
			}
			list := "/images"
			if strings.HasPrefix(path, "/instances") {
				list = "/instances"
			}
			other := doc.Find("header a[href*='region=ap-guangzhou']").AttrOr("href", "")
			if other != list+"?region=ap-guangzhou" {
				t.Errorf("the menu's Guangzhou link is %q, want the Guangzhou list %s", other, list)
			}
		})
	}
	// Once there, the remembered region is the object's.
	doc := alice.Get("/images").Doc(t)
	if got, want := doc.Find("header details summary[aria-label^='Region']").AttrOr("aria-label", ""),
		i18n.Tr("en", "header.region_label", i18n.Tr("en", "region.ap-shanghai")); got != want {
		t.Errorf("after the image, the image list's region is %q, want %q", got, want)
	}
}
