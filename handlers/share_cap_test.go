package handlers_test

import (
	"fmt"
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

// R1 in the share dialog: with 51 accounts typed under a cap of 50, the
// 51st says it is past the cap instead of "Ready to share", the live check
// disables Share, and a submit anyway shows the cap's message once, under
// the accounts field (the domain says the refusal is that field's).
func TestShareDialogCapPerAccount(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	var ids []string
	for i := range 51 {
		id := fmt.Sprintf("7%011d", i)
		if err := app.DB.Create(&models.Account{ID: id, Name: "Cap " + id, Status: models.AccountActive}).Error; err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	const image = "/images/img-demo0002/share" // alice's, shared with nobody
	typed := strings.Join(ids, "\n")

	r := alice.Get(image+"?accounts="+url.QueryEscape(typed), handlertest.Fragment(pages.ShareCheckID))
	wantStatus(t, r, http.StatusOK)
	doc := r.Doc(t)
	ready := i18n.Tr("en", "share.check_ok")
	if n := doc.Find("li[data-account]").FilterFunction(func(_ int, s *goquery.Selection) bool {
		return strings.Contains(s.Text(), ready)
	}).Length(); n != 50 {
		t.Errorf("%d rows say %q, want 50", n, ready)
	}
	last := text(doc.Find("li[data-account='" + ids[50] + "']"))
	if want := i18n.Tr("en", "share.account_over_cap", 50); !strings.Contains(last, want) || strings.Contains(last, ready) {
		t.Errorf("the 51st row reads %q, want %q", last, want)
	}
	button := doc.Find("#" + pages.ShareSubmitID)
	if _, disabled := button.Attr("disabled"); !disabled || button.AttrOr("hx-swap-oob", "") != "true" {
		t.Errorf("the live check leaves Share enabled: %s", r.Body)
	}

	r = alice.Post(image, url.Values{"accounts": {typed}, "risk": {"yes"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	overCap := i18n.Tr("en", "share.over_cap", 50, 0, 50)
	submitted := r.Doc(t)
	if n := strings.Count(text(submitted.Find("main")), overCap); n != 1 {
		t.Errorf("the cap's message shows %d times after submit, want once", n)
	}
	// Once, where the domain says it belongs: the accounts field's live check.
	if got := text(submitted.Find(`[data-testid="share-problem"]`)); got != overCap {
		t.Errorf("the live check's problem line reads %q, want %q", got, overCap)
	}
	if n := submitted.Find(`[data-testid="form-error"]`).Length(); n != 0 {
		t.Errorf("%d form errors above the form, want none (the cap is the accounts field's)", n)
	}
	var shares int64
	app.DB.Model(&models.Share{}).Where("image_id = ?", "img-demo0002").Count(&shares)
	if shares != 0 {
		t.Errorf("%d shares made, want none", shares)
	}

	// Fifty accounts fit: the live check keeps Share enabled.
	r = alice.Get(image+"?accounts="+url.QueryEscape(strings.Join(ids[:50], "\n")), handlertest.Fragment(pages.ShareCheckID))
	if _, disabled := r.Doc(t).Find("#" + pages.ShareSubmitID).Attr("disabled"); disabled {
		t.Error("Share is disabled for 50 good accounts")
	}
}
