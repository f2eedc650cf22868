package handlers_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"imageshare/handlers/handlertest"
	"imageshare/models"
)

const (
	lcPostgresImage = "img-demo0002" // alice's postgres-16-base in ap-guangzhou, shared with no one
	lcCarolAccount  = "100000000003"
)

// R19 and R20 through HTTP: under required consent alice shares with an
// end; bob sees the invitation counted on the tab and accepts; carol
// declines with a reason alice reads in the history; alice moves the end.
func TestConsentAndExpiry(t *testing.T) {
	app := handlertest.New(t)
	adm := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	wantRedirect(t, adm.Post("/admin/settings", url.Values{"policy": {"immediate"}, "cap": {"50"},
		"acceptance": {"required"}, "expiry_notice_days": {"3"}}), "/admin/settings")

	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	img := "/images/" + lcPostgresImage
	until := time.Now().UTC().Add(48 * time.Hour).Truncate(time.Minute)
	t.Run("R20 an end less than an hour ahead is refused in the dialog", func(t *testing.T) {
		r := alice.Post(img+"/share", url.Values{"accounts": {handlertest.BobAccount}, "risk": {"yes"},
			"until": {time.Now().UTC().Add(10 * time.Minute).Format("2006-01-02T15:04")}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if got := text(r.Doc(t).Find("#field-until-error")); got != "Choose an end at least 1 hour and at most 1 year from now." {
			t.Errorf("until error = %q", got)
		}
	})
	t.Run("R19 R20 alice shares until a date: the shares are offered", func(t *testing.T) {
		r := alice.Post(img+"/share", url.Values{"accounts": {handlertest.BobAccount + " " + lcCarolAccount}, "risk": {"yes"},
			"until": {"ignored when the UTC copy is sent"}, "until_utc": {until.Format(time.RFC3339)}})
		wantRedirect(t, r, img+"?tab=sharing")
		page := alice.Get(img + "?tab=sharing")
		if body := html.UnescapeString(page.Body); !strings.Contains(body, "2 shares offered.") {
			t.Errorf("no offered flash")
		}
		row := page.Doc(t).Find(`tr[data-recipient="` + handlertest.BobAccount + `"]`)
		if got := text(row); !strings.Contains(got, "Offered") || !strings.Contains(got, until.Format("Jan 2, 2006 15:04")) || !strings.Contains(got, "in 1 day") {
			t.Errorf("bob's row = %q; want Offered, the end and the time left", got)
		}
	})
	bob := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)
	t.Run("R19 bob sees the invitation counted and listed with its owner", func(t *testing.T) {
		doc := bob.Get("/images?region=ap-guangzhou&tab=custom").Doc(t)
		if got := text(doc.Find(`[data-testid="invitation-count"]`)); got != "1 invitation" {
			t.Errorf("tab count = %q", got)
		}
		doc = bob.Get("/images?region=ap-guangzhou&tab=shared").Doc(t)
		inv := doc.Find(`[data-invitation="` + lcPostgresImage + `"]`)
		if got := text(inv); !strings.Contains(got, "Offered by Alice") || !strings.Contains(got, handlertest.AliceAccount) {
			t.Errorf("invitation = %q; want the owner", got)
		}
		wantStatus(t, bob.Get(img), http.StatusNotFound)
	})
	t.Run("R19 accept without CSRF is refused", func(t *testing.T) {
		wantStatus(t, bob.PostRaw(img+"/accept", url.Values{}), http.StatusForbidden)
	})
	t.Run("R19 bob accepts and sees when his access ends", func(t *testing.T) {
		wantRedirect(t, bob.Post(img+"/accept", nil), "/images?tab=shared&region=ap-guangzhou")
		page := bob.Get(img)
		wantStatus(t, page, http.StatusOK)
		if got := text(page.Doc(t).Find(`[data-testid="access-ends"]`)); !strings.Contains(got, until.Format("Jan 2, 2006 15:04")) {
			t.Errorf("access ends = %q", got)
		}
		wantStatus(t, bob.Post(img+"/accept", nil), http.StatusUnprocessableEntity)
	})
	carol := app.SignedIn(t, handlertest.Carol, handlertest.DemoPassword)
	t.Run("R19 a reason too long is refused with the text kept", func(t *testing.T) {
		r := carol.Post(img+"/decline", url.Values{"reason": {strings.Repeat("n", 501)}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if r.Doc(t).Find("#field-reason-error").Length() != 1 {
			t.Error("no reason error")
		}
	})
	t.Run("R19 carol declines with a reason alice sees", func(t *testing.T) {
		wantStatus(t, carol.Get(img+"/decline"), http.StatusOK)
		wantRedirect(t, carol.Post(img+"/decline", url.Values{"reason": {"We build our own"}}), "/images?tab=shared&region=ap-guangzhou")
		body := html.UnescapeString(alice.Get(img + "?tab=history").Body)
		if !strings.Contains(body, "declined the invitation: We build our own") {
			t.Errorf("alice's history lacks carol's reason")
		}
	})
	t.Run("R19 the admin's Shares page filters and exports the new statuses", func(t *testing.T) {
		doc := adm.Get("/admin/shares?status=declined").Doc(t)
		if doc.Find(`select[name="status"] option[value="offered"]`).Length() != 1 {
			t.Error("the status filter does not offer offered")
		}
		if got := text(doc.Find("main table tbody")); !strings.Contains(got, lcCarolAccount) || strings.Contains(got, handlertest.BobAccount) {
			t.Errorf("declined shares = %q; want carol's only", got)
		}
		csv := adm.Get("/admin/shares.csv?status=declined").Body
		if !strings.Contains(csv, "declined") || !strings.Contains(csv, "We build our own") {
			t.Errorf("CSV lacks the declined share and its reason:\n%s", csv)
		}
	})
	t.Run("R19 a bad consent setting is refused and changes nothing", func(t *testing.T) {
		r := adm.Post("/admin/settings", url.Values{"policy": {"immediate"}, "cap": {"50"}, "acceptance": {"sometimes"},
			"expiry_notice_days": {"99"}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		body := html.UnescapeString(r.Body)
		if !strings.Contains(body, "Choose automatic or required.") || !strings.Contains(body, "Enter a number of days from 0 to 30.") {
			t.Errorf("settings page lacks the field errors")
		}
		if !adm.Get("/admin/settings").Doc(t).Find(`#acceptance-required`).Is("[checked]") {
			t.Error("consent is no longer required after a refused change")
		}
	})
	t.Run("R20 alice moves the end, then removes it", func(t *testing.T) {
		form := img + "/shares/" + handlertest.BobAccount + "/expiry"
		wantStatus(t, alice.Get(form), http.StatusOK)
		r := alice.Post(form, url.Values{"until": {"tomorrow-ish"}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		later := time.Now().UTC().Add(30 * 24 * time.Hour).Truncate(time.Minute)
		wantRedirect(t, alice.Post(form, url.Values{"until": {later.Format("2006-01-02T15:04")}}), img+"?tab=sharing")
		var sh models.Share
		app.DB.Where("image_id = ? AND recipient_account_id = ? AND status = ?", lcPostgresImage, handlertest.BobAccount, models.ShareActive).Take(&sh)
		if sh.ExpiresAt == nil || !sh.ExpiresAt.Equal(later) {
			t.Errorf("expires_at = %v; want %v", sh.ExpiresAt, later)
		}
		wantRedirect(t, alice.Post(form, url.Values{"remove": {"1"}}), img+"?tab=sharing")
		var removed models.Share
		app.DB.Where("id = ?", sh.ID).Take(&removed)
		if removed.ID != sh.ID || removed.ExpiresAt != nil {
			t.Errorf("expires_at = %v; want none", removed.ExpiresAt)
		}
		wantStatus(t, bob.Get(form), http.StatusUnprocessableEntity) // R9: only the owner
	})
}
