package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"imageshare/handlers/handlertest"
	"imageshare/models"
	"imageshare/views/i18n"
	"imageshare/views/pages"
)

// Alice's demo images in Guangzhou: web-frontend-v3 (shared with bob),
// postgres-16-base and build-agent; web-frontend-v3 in Shanghai.
const (
	bulkShared   = "img-demo0001"
	bulkPostgres = "img-demo0002"
	bulkAgent    = "img-demo0003"
	bulkShanghai = "img-demo0004"
	bulkBobs     = "img-demo0005"
	bulkCarol    = "100000000003"
)

func bulkForm(step string, images []string, accounts string, risk bool) url.Values {
	f := url.Values{"step": {step}, "region": {"ap-guangzhou"}, "image": images, "accounts": {accounts}}
	if risk {
		f.Set("risk", "yes")
	}
	return f
}

// verdicts reads the bulk share page's verdict per image: "ok", the
// refusal's text, or "" before the check.
func verdicts(doc *goquery.Document) map[string]string {
	out := map[string]string{}
	doc.Find(`[data-testid="bulk-verdicts"] > li`).Each(func(_ int, li *goquery.Selection) {
		id := li.AttrOr("data-image-id", "")
		switch {
		case li.Find(`[data-verdict="ok"]`).Length() > 0:
			out[id] = "ok"
		case li.Find(`[data-verdict="refused"]`).Length() > 0:
			out[id] = text(li.Find(`[data-verdict="refused"]`))
		default:
			out[id] = ""
		}
	})
	return out
}

func liveShares(t *testing.T, app *handlertest.App, images ...string) int64 {
	t.Helper()
	var n int64
	err := app.DB.Model(&models.Share{}).Where("image_id IN ? AND status IN ?", images,
		[]string{models.SharePending, models.ShareActive, models.ShareOffered}).Count(&n).Error
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// R26 on the Custom tab: a checkbox for each image the domain lets the
// viewer share, "select all on this page", and "Share selected" posting
// the ids to the bulk share page; other tabs have none.
func TestR26CustomTabSelection(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	r := alice.Get("/images?region=ap-guangzhou&tab=custom")
	wantStatus(t, r, http.StatusOK)
	doc := r.Doc(t)
	var ids []string
	doc.Find("input[data-bulk-item]").Each(func(_ int, s *goquery.Selection) {
		ids = append(ids, s.AttrOr("value", ""))
		if s.AttrOr("form", "") != pages.BulkShareFormID || s.AttrOr("name", "") != "image" {
			t.Errorf("checkbox of %s is not in the bulk share form", s.AttrOr("value", ""))
		}
	})
	if len(ids) != 3 {
		t.Errorf("checkboxes for %v; want alice's 3 images in Guangzhou", ids)
	}
	form := doc.Find("form#" + pages.BulkShareFormID)
	if form.AttrOr("action", "") != pages.BulkShareURL || form.AttrOr("method", "") != "get" {
		t.Errorf("bulk share form action %q method %q", form.AttrOr("action", ""), form.AttrOr("method", ""))
	}
	if form.Find(`input[name="all"]`).Length() != 1 || form.Find(`input[name="page"]`).Length() != 3 {
		t.Error("no select-all fallback with the page's images")
	}
	if got := text(form.Find("button[type=submit]")); got != i18n.Tr("en", "bulk.share_selected") {
		t.Errorf("submit reads %q", got)
	}
	// The header and every row have the selection column (the table stays square).
	if h, c := doc.Find("thead th").Length(), doc.Find("tbody tr").First().Find("td").Length(); h != c {
		t.Errorf("%d headers, %d cells", h, c)
	}

	bob := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)
	r = bob.Get("/images?region=ap-guangzhou&tab=shared")
	wantStatus(t, r, http.StatusOK)
	if n := r.Doc(t).Find("input[data-bulk-item], form#" + pages.BulkShareFormID).Length(); n != 0 {
		t.Errorf("the shared tab offers %d bulk share controls; want none (R9)", n)
	}
}

func TestR26BulkSharePage(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	two := []string{bulkPostgres, bulkAgent}

	t.Run("R26 the selected images are listed with the share form", func(t *testing.T) {
		r := alice.Get(pages.BulkShareURL + "?region=ap-guangzhou&image=" + bulkPostgres + "&image=" + bulkAgent)
		wantStatus(t, r, http.StatusOK)
		doc := r.Doc(t)
		if got := verdicts(doc); len(got) != 2 || got[bulkPostgres] != "" || got[bulkAgent] != "" {
			t.Errorf("images listed = %v; want both, unchecked", got)
		}
		if doc.Find("textarea[name=accounts]").Length() != 1 || doc.Find("input[name=risk][required]").Length() != 1 {
			t.Error("no accounts field or risk notice (R10)")
		}
	})
	t.Run("R26 select all without JavaScript takes the page's images", func(t *testing.T) {
		r := alice.Get(pages.BulkShareURL + "?region=ap-guangzhou&all=1&page=" + bulkPostgres + "&page=" + bulkAgent + "&image=" + bulkShared)
		wantStatus(t, r, http.StatusOK)
		if got := verdicts(r.Doc(t)); len(got) != 2 {
			t.Errorf("images listed = %v; want the page's two", got)
		}
	})
	t.Run("R26 nothing selected says what to do", func(t *testing.T) {
		r := alice.Get(pages.BulkShareURL + "?region=ap-guangzhou")
		wantStatus(t, r, http.StatusOK)
		if !strings.Contains(r.Body, i18n.Tr("en", "bulk.no_images")) {
			t.Error("no empty state")
		}
	})
	t.Run("R26 a post without the CSRF token is refused", func(t *testing.T) {
		r := alice.PostRaw(pages.BulkShareURL, bulkForm("share", two, bulkCarol, true))
		wantStatus(t, r, http.StatusForbidden)
		if n := liveShares(t, app, two...); n != 0 {
			t.Errorf("%d shares after a forged post", n)
		}
	})
	t.Run("R26 R10 review without the risk notice accepted says so, values kept", func(t *testing.T) {
		r := alice.Post(pages.BulkShareURL, bulkForm("review", two, bulkCarol, false))
		wantStatus(t, r, http.StatusUnprocessableEntity)
		doc := r.Doc(t)
		if got := text(doc.Find("#field-risk-error")); got != i18n.Tr("en", "share.risk_required") {
			t.Errorf("risk error %q", got)
		}
		if got := doc.Find("textarea[name=accounts]").Text(); got != bulkCarol {
			t.Errorf("accounts kept as %q", got)
		}
	})
	t.Run("R26 R4 an image of another region gets its own verdict", func(t *testing.T) {
		r := alice.Post(pages.BulkShareURL, bulkForm("review", []string{bulkPostgres, bulkShanghai}, bulkCarol, true))
		wantStatus(t, r, http.StatusOK)
		doc := r.Doc(t)
		got := verdicts(doc)
		if got[bulkPostgres] != "ok" || !strings.Contains(got[bulkShanghai], bulkShanghai) {
			t.Errorf("verdicts %v; want ok and a region refusal", got)
		}
		if _, disabled := doc.Find(`button[name=step][value=share]`).Attr("disabled"); !disabled {
			t.Error("Share is enabled while an image is refused")
		}
	})
	t.Run("R26 R9 someone else's image is not found", func(t *testing.T) {
		r := alice.Post(pages.BulkShareURL, bulkForm("review", []string{bulkPostgres, bulkBobs}, bulkCarol, true))
		wantStatus(t, r, http.StatusOK)
		if got := verdicts(r.Doc(t)); got[bulkBobs] != i18n.Tr("en", "image.not_found", bulkBobs) {
			t.Errorf("verdicts %v; want bob's image not found", got)
		}
	})
	t.Run("R26 R14 all or nothing: an image already shared with bob refuses the lot", func(t *testing.T) {
		three := []string{bulkShared, bulkPostgres, bulkAgent}
		r := alice.Post(pages.BulkShareURL, bulkForm("share", three, handlertest.BobAccount, true))
		wantStatus(t, r, http.StatusUnprocessableEntity)
		doc := r.Doc(t)
		got := verdicts(doc)
		if got[bulkPostgres] != "ok" || got[bulkAgent] != "ok" ||
			!strings.Contains(got[bulkShared], i18n.Tr("en", "share.account_already", handlertest.BobAccount)) {
			t.Errorf("verdicts %v; want web-frontend-v3 refused, naming bob", got)
		}
		if _, disabled := doc.Find(`button[name=step][value=share]`).Attr("disabled"); !disabled {
			t.Error("Share is enabled after a refusal")
		}
		if n := liveShares(t, app, bulkPostgres, bulkAgent); n != 0 {
			t.Errorf("%d shares written by a refused bulk share", n)
		}
	})
	t.Run("R26 review, then share: every image is shared and the list says so", func(t *testing.T) {
		r := alice.Post(pages.BulkShareURL, bulkForm("review", two, bulkCarol, true))
		wantStatus(t, r, http.StatusOK)
		doc := r.Doc(t)
		if got := verdicts(doc); got[bulkPostgres] != "ok" || got[bulkAgent] != "ok" {
			t.Fatalf("verdicts %v; want both ok", got)
		}
		if _, disabled := doc.Find(`button[name=step][value=share]`).Attr("disabled"); disabled {
			t.Fatal("Share is disabled though every image is ok")
		}
		if n := liveShares(t, app, two...); n != 0 {
			t.Fatalf("the review shared %d", n)
		}
		// The confirm step carries what was asked in hidden fields.
		next := url.Values{"step": {"share"}}
		doc.Find("form[method=post] input[type=hidden]").Each(func(_ int, s *goquery.Selection) {
			if name := s.AttrOr("name", ""); name != "_csrf" {
				next.Add(name, s.AttrOr("value", ""))
			}
		})
		r = alice.Post(pages.BulkShareURL, next)
		wantRedirect(t, r, "/images?region=ap-guangzhou&tab=custom")
		if n := liveShares(t, app, two...); n != 2 {
			t.Errorf("%d shares; want one per image", n)
		}
		r = alice.Get("/images?region=ap-guangzhou&tab=custom")
		if want := i18n.Tr("en", "bulk.flash", 2, bulkCarol); !strings.Contains(text(r.Doc(t).Find("body")), want) {
			t.Errorf("no flash %q", want)
		}
	})
	t.Run("R26 Change goes back to the form with the values", func(t *testing.T) {
		r := alice.Post(pages.BulkShareURL, bulkForm("edit", two, "100000000009", true))
		wantStatus(t, r, http.StatusOK)
		if got := r.Doc(t).Find("textarea[name=accounts]").Text(); got != "100000000009" {
			t.Errorf("accounts %q", got)
		}
	})
}
