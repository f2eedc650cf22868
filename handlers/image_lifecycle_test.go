package handlers_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"imageshare/handlers/handlertest"
	"imageshare/views/i18n"
	"imageshare/views/pages"
)

const (
	lcSuccessor     = "img-demo0002" // alice's postgres-16-base, ap-guangzhou
	lcSuccessorName = "postgres-16-base"
	lcShanghai      = "img-demo0004" // alice's, ap-shanghai
)

// body is a response's text with entities decoded.
func body(r *handlertest.Response) string { return html.UnescapeString(r.Body) }

// R21 through HTTP: alice deprecates her shared image naming a successor;
// bob sees it in his list, on the detail page, in the launch picker and his
// inbox; mistakes re-render the form with a message by the field.
func TestR21DeprecateConsole(t *testing.T) {
	app := handlertest.New(t)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	bob := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)
	shared := "/images/" + handlertest.SharedImage

	t.Run("R21 the owner's detail page has the lifecycle panel; the recipient's does not", func(t *testing.T) {
		if alice.Get(shared).Doc(t).Find("#"+pages.ImageLifecycleID).Length() != 1 {
			t.Error("alice's page lacks the lifecycle panel")
		}
		if bob.Get(shared).Doc(t).Find("#"+pages.ImageLifecycleID).Length() != 0 {
			t.Error("bob's page shows the lifecycle panel")
		}
	})
	t.Run("R21 the form offers the owner's ready images of the region, not the image itself nor another region's", func(t *testing.T) {
		form := alice.Get(shared + "/deprecate")
		wantStatus(t, form, http.StatusOK)
		doc := form.Doc(t)
		if doc.Find(`#field-successor option[value="`+lcSuccessor+`"]`).Length() != 1 {
			t.Error("the successor choices lack postgres-16-base")
		}
		for _, id := range []string{handlertest.SharedImage, lcShanghai} {
			if doc.Find(`#field-successor option[value="`+id+`"]`).Length() != 0 {
				t.Errorf("the successor choices offer %s", id)
			}
		}
	})
	t.Run("R21 the recipient is refused the form; another account is told it does not exist", func(t *testing.T) {
		if r := bob.Get(shared + "/deprecate"); r.StatusCode < 400 || r.StatusCode == http.StatusNotFound {
			t.Errorf("bob's GET = %d; want a refusal", r.StatusCode)
		}
		carol := app.SignedIn(t, handlertest.Carol, handlertest.DemoPassword)
		wantStatus(t, carol.Get(shared+"/deprecate"), http.StatusNotFound)
		wantStatus(t, carol.Post(shared+"/deprecate", url.Values{"when": {"now"}}), http.StatusNotFound)
	})
	t.Run("R21 a deprecation without the CSRF token is refused", func(t *testing.T) {
		wantStatus(t, alice.PostRaw(shared+"/deprecate", url.Values{"when": {"now"}}), http.StatusForbidden)
	})
	refusals := []struct {
		name, field string
		form        url.Values
		want        string
	}{
		{"R21 a later deprecation needs its time", "at", url.Values{"when": {"later"}}, i18n.Tr("en", "deprecate.at_required")},
		{"R21 a time in the past is refused", "at", url.Values{"when": {"later"},
			"at_utc": {time.Now().UTC().Add(-24 * time.Hour).Format(time.RFC3339)}}, i18n.Tr("en", "deprecate.at_out_of_range")},
		{"R21 a successor in another region is refused", "successor", url.Values{"when": {"now"}, "successor": {lcShanghai}},
			i18n.Tr("en", "deprecate.successor_other_region", lcShanghai)},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			r := alice.Post(shared+"/deprecate", tt.form)
			wantStatus(t, r, http.StatusUnprocessableEntity)
			if got := text(r.Doc(t).Find("#field-" + tt.field + "-error")); got != tt.want {
				t.Errorf("field %s says %q; want %q", tt.field, got, tt.want)
			}
		})
	}
	t.Run("R21 deprecated now with a successor: flash on the detail page", func(t *testing.T) {
		wantRedirect(t, alice.Post(shared+"/deprecate", url.Values{"when": {"now"}, "successor": {lcSuccessor}}), shared)
		if page := body(alice.Get(shared)); !strings.Contains(page, handlertest.SharedImageName+" is deprecated.") {
			t.Error("no flash after deprecating")
		}
	})
	t.Run("R21 the recipient sees Deprecated, use <successor>, in the list, on the page and in the picker", func(t *testing.T) {
		row := bob.Get("/images?tab=shared&region=ap-guangzhou").Doc(t).Find(`tr[data-image-id="` + handlertest.SharedImage + `"]`)
		if got := text(row.Find(`[data-testid="lifecycle-badges"]`)); got != "Deprecated use "+lcSuccessorName+" "+lcSuccessor {
			t.Errorf("bob's row badges = %q", got)
		}
		notice := bob.Get(shared).Doc(t).Find(`[data-testid="deprecated-notice"]`)
		if !strings.Contains(text(notice), "Use this image instead: "+lcSuccessorName) {
			t.Errorf("bob's notice = %q", text(notice))
		}
		picker := bob.Get("/instances/new?region=ap-guangzhou").Doc(t)
		if got := text(picker.Find(`[data-testid="picker-deprecated"]`)); !strings.Contains(got, handlertest.SharedImageName+": use "+lcSuccessorName) {
			t.Errorf("bob's picker notice = %q", got)
		}
		if got := text(picker.Find(`option[value="` + handlertest.SharedImage + `"]`)); !strings.HasSuffix(got, "· Deprecated") {
			t.Errorf("bob's picker option = %q", got)
		}
	})
	t.Run("R21 the owner's successor is a link", func(t *testing.T) {
		if alice.Get(shared).Doc(t).Find(`[data-testid="deprecated-notice"] a[href="/images/`+lcSuccessor+`"]`).Length() != 1 {
			t.Error("alice's notice does not link the successor")
		}
	})
	t.Run("R21 the recipient is notified", func(t *testing.T) {
		if inbox := body(bob.Get("/notifications")); !strings.Contains(inbox, "deprecated image "+handlertest.SharedImageName) {
			t.Error("bob's inbox lacks the deprecation")
		}
	})
	t.Run("R21 cancelling removes the badge", func(t *testing.T) {
		wantRedirect(t, alice.Post(shared+"/deprecation/cancel", nil), shared)
		if bob.Get(shared).Doc(t).Find(`[data-testid="deprecated-notice"]`).Length() != 0 {
			t.Error("bob still sees the deprecation")
		}
	})
}

// R21 disable through HTTP: the owner confirms, recipients are told why they
// cannot launch, and a launch is refused by the picker's field.
func TestR21DisableConsole(t *testing.T) {
	app := handlertest.New(t)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	bob := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)
	shared := "/images/" + handlertest.SharedImage

	confirm := alice.Get(shared + "/disable")
	wantStatus(t, confirm, http.StatusOK)
	if !strings.Contains(body(confirm), "Instances already launched from it keep running.") {
		t.Error("the confirmation does not say instances keep running")
	}
	wantStatus(t, bob.Post(shared+"/disable", nil), http.StatusUnprocessableEntity)
	wantRedirect(t, alice.Post(shared+"/disable", nil), shared)

	t.Run("R21 the recipient sees Disabled by its owner and no launch action", func(t *testing.T) {
		doc := bob.Get(shared).Doc(t)
		if got := text(doc.Find(`[data-testid="disabled-notice"]`)); !strings.HasPrefix(got, "Disabled by its owner") {
			t.Errorf("bob's notice = %q", got)
		}
		if doc.Find(`a[href="/instances/new?image=`+handlertest.SharedImage+`"]`).Length() != 0 {
			t.Error("bob is offered a launch")
		}
	})
	t.Run("R21 a launch of a disabled image is refused next to the picker", func(t *testing.T) {
		r := bob.Post("/instances", url.Values{"region": {"ap-guangzhou"}, "zone": {"ap-guangzhou-1"}, "image": {handlertest.SharedImage},
			"instance_type": {"S5.MEDIUM2"}, "name": {"nope"}, "count": {"1"}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
		if got := text(r.Doc(t).Find("#field-image-error")); got != i18n.Tr("en", "image.disabled_refused", handlertest.SharedImage) {
			t.Errorf("field error = %q", got)
		}
	})
	t.Run("R21 the owner's share and copy of a disabled image are refused with the reason", func(t *testing.T) {
		want := i18n.Tr("en", "image.disabled_refused", handlertest.SharedImage)
		for path, form := range map[string]url.Values{
			shared + "/share": {"accounts": {carolAccount}, "risk": {"yes"}},
			shared + "/copy":  {"regions": {"ap-shanghai"}},
		} {
			r := alice.Post(path, form)
			if r.StatusCode < 400 || !strings.Contains(body(r), want) {
				t.Errorf("POST %s = %d; want a refusal saying %q", path, r.StatusCode, want)
			}
		}
	})
	t.Run("R21 enabled again, the launch action is back", func(t *testing.T) {
		wantRedirect(t, alice.Post(shared+"/enable", nil), shared)
		if bob.Get(shared).Doc(t).Find(`a[href="/instances/new?image=`+handlertest.SharedImage+`"]`).Length() != 1 {
			t.Error("bob is not offered a launch after enabling")
		}
	})
}

// R22 through HTTP: protection on, the delete page refuses up front and links
// to turning it off; a forced post is refused too; off, the delete works.
func TestR22ProtectionConsole(t *testing.T) {
	app := handlertest.New(t)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	img := "/images/" + lcSuccessor

	wantStatus(t, alice.PostRaw(img+"/protection", url.Values{"on": {"1"}}), http.StatusForbidden)
	wantRedirect(t, alice.Post(img+"/protection", url.Values{"on": {"1"}}), img)
	if got := text(alice.Get(img).Doc(t).Find(`[data-testid="protection-state"]`)); got != i18n.Tr("en", "lifecycle.protection_on") {
		t.Errorf("protection state = %q", got)
	}
	page := alice.Get(img + "/delete")
	wantStatus(t, page, http.StatusOK)
	doc := page.Doc(t)
	if got := text(doc.Find(`[data-testid="form-error"]`)); got != i18n.Tr("en", "protection.delete_refused") {
		t.Errorf("delete page says %q", got)
	}
	if doc.Find(`a[href="`+img+`#`+pages.DeletionProtectionID+`"]`).Length() != 1 {
		t.Error("the delete page does not link to turning protection off")
	}
	if doc.Find(`form[action="`+img+`/delete"]`).Length() != 0 {
		t.Error("the delete page offers the delete button")
	}
	wantStatus(t, alice.Post(img+"/delete", nil), http.StatusConflict)
	wantRedirect(t, alice.Post(img+"/protection", url.Values{"on": {"0"}}), img)
	wantRedirect(t, alice.Post(img+"/delete", nil), "/images?tab=custom&region=ap-guangzhou")
}
