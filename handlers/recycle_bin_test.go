package handlers_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"imageshare/handlers/handlertest"
)

// R23 through HTTP: alice deletes an image (the confirmation says it goes
// to the recycle bin), finds it in the bin with its time left, the quota
// line names it; a restore while another image holds its name is refused
// in the page; restored, it is back in the list; deleted again, it is
// deleted permanently after a confirmation. Bob never sees alice's bin.
func TestRecycleBinPages(t *testing.T) {
	app := handlertest.New(t)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	const id, name, other = "img-demo0002", "postgres-16-base", "img-demo0003"
	const bin = "/images/recycle-bin?region=ap-guangzhou"
	custom := "/images?tab=custom&region=ap-guangzhou"
	body := func(r *handlertest.Response) string { return html.UnescapeString(r.Body) }
	confirmSays := func(path, want string) {
		t.Helper()
		confirm := alice.Get(path)
		wantStatus(t, confirm, http.StatusOK)
		if !strings.Contains(body(confirm), want) {
			t.Fatalf("the confirmation does not say %q:\n%.2000s", want, confirm.Body)
		}
	}

	confirmSays("/images/"+id+"/delete", "moves to the recycle bin for 7 days")
	wantRedirect(t, alice.Post("/images/"+id+"/delete", nil), custom)
	list := alice.Get(custom)
	if !strings.Contains(body(list), "Image "+name+" moved to the recycle bin.") {
		t.Error("no flash after the delete")
	}
	if list.Doc(t).Find(`tr[data-image-id="`+id+`"]`).Length() != 0 {
		t.Error("the deleted image is still on the custom tab")
	}
	if got := text(list.Doc(t).Find(`[data-testid="quota-use"]`)); !strings.Contains(got, "(1 in the recycle bin)") {
		t.Errorf("quota line = %q; want it to name the image in the bin", got)
	}
	if list.Doc(t).Find(`a[href="`+bin+`"]`).Length() != 1 {
		t.Error("the Images page has no link to the recycle bin")
	}
	wantStatus(t, alice.Get("/images/"+id), http.StatusNotFound)

	page := alice.Get(bin)
	wantStatus(t, page, http.StatusOK)
	row := page.Doc(t).Find(`tr[data-image-id="` + id + `"]`)
	if row.Length() != 1 || text(row.Find(`[data-testid="time-left"]`)) != "7 days left" {
		t.Fatalf("bin row = %q; want the image with 7 days left", text(row))
	}
	account := alice.Get("/account")
	if !strings.Contains(body(account), "(1 in the recycle bin)") {
		t.Error("the account page's quota line does not name the image in the bin")
	}

	t.Run("R23 another account sees an empty bin and cannot restore", func(t *testing.T) {
		bob := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)
		theirs := bob.Get(bin)
		if theirs.Doc(t).Find(`tr[data-image-id="`+id+`"]`).Length() != 0 || !strings.Contains(body(theirs), "The recycle bin is empty") {
			t.Error("bob's bin shows alice's image or lacks its empty state")
		}
		wantStatus(t, bob.Post("/images/recycle-bin/"+id+"/restore", nil), http.StatusNotFound)
		wantStatus(t, bob.Get("/images/recycle-bin/"+id+"/delete"), http.StatusNotFound)
	})
	t.Run("R23 a restore without the CSRF token is refused", func(t *testing.T) {
		wantStatus(t, alice.PostRaw("/images/recycle-bin/"+id+"/restore", url.Values{}), http.StatusForbidden)
	})
	t.Run("R23 restore refused while another image holds the name", func(t *testing.T) {
		wantRedirect(t, alice.Post("/images/"+other, url.Values{"name": {name}, "description": {""}}), "/images/"+other)
		refused := alice.Post("/images/recycle-bin/"+id+"/restore", nil)
		wantStatus(t, refused, http.StatusUnprocessableEntity)
		if got := text(refused.Doc(t).Find(`[data-testid="form-error"]`)); !strings.Contains(got, "An image named "+name+" now exists") {
			t.Errorf("refusal = %q; want it to say the name is taken", got)
		}
		if refused.Doc(t).Find(`form[action="/images/recycle-bin/`+id+`/restore"]`).Length() != 0 {
			t.Error("the bin still offers Restore while the name is taken")
		}
		wantRedirect(t, alice.Post("/images/"+other, url.Values{"name": {"build-agent"}, "description": {""}}), "/images/"+other)
	})
	t.Run("R23 restore brings the image back to the list", func(t *testing.T) {
		wantRedirect(t, alice.Post("/images/recycle-bin/"+id+"/restore", nil), custom)
		list := alice.Get(custom)
		if !strings.Contains(body(list), "Image "+name+" restored.") || list.Doc(t).Find(`tr[data-image-id="`+id+`"]`).Length() != 1 {
			t.Error("no flash, or the image is not back on the custom tab")
		}
		wantStatus(t, alice.Get("/images/"+id), http.StatusOK)
	})
	t.Run("R23 delete permanently after a confirmation", func(t *testing.T) {
		wantRedirect(t, alice.Post("/images/"+id+"/delete", nil), custom)
		confirmSays("/images/recycle-bin/"+id+"/delete", "Delete image permanently?")
		wantRedirect(t, alice.Post("/images/recycle-bin/"+id+"/delete", nil), bin)
		after := alice.Get(bin)
		if !strings.Contains(body(after), "Image "+name+" deleted permanently.") || !strings.Contains(body(after), "The recycle bin is empty") {
			t.Error("no flash, or the bin is not empty after a permanent delete")
		}
		wantStatus(t, alice.Post("/images/recycle-bin/"+id+"/restore", nil), http.StatusNotFound)
	})
	t.Run("R23 with a retention of 0 days a delete is for good", func(t *testing.T) {
		adm := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
		bad := adm.Post("/admin/settings", url.Values{"policy": {"immediate"}, "cap": {"50"}, "acceptance": {"automatic"},
			"expiry_notice_days": {"3"}, "bin_retention_days": {"400"}})
		wantStatus(t, bad, http.StatusUnprocessableEntity)
		if !strings.Contains(body(bad), "Enter a number of days from 0 to 365.") {
			t.Error("no message for a retention out of range")
		}
		wantRedirect(t, adm.Post("/admin/settings", url.Values{"policy": {"immediate"}, "cap": {"50"}, "acceptance": {"automatic"},
			"expiry_notice_days": {"3"}, "bin_retention_days": {"0"}}), "/admin/settings")
		confirmSays("/images/"+other+"/delete", "This cannot be undone.")
		wantRedirect(t, alice.Post("/images/"+other+"/delete", nil), custom)
		if !strings.Contains(body(alice.Get(bin)), "The recycle bin is empty") {
			t.Error("the image went to the bin with a retention of 0")
		}
	})
}

// The region switcher on the recycle bin leads to the other region's bin.
func TestRecycleBinRegionSwitcher(t *testing.T) {
	app := handlertest.New(t)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	page := alice.Get("/images/recycle-bin?region=ap-shanghai")
	wantStatus(t, page, http.StatusOK)
	if page.Doc(t).Find(`a[href="/images/recycle-bin?region=ap-beijing"]`).Length() != 1 {
		t.Error("the region switcher does not lead to the Beijing bin")
	}
}
