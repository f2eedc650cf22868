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

func TestAccountPage(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	c := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	r := c.Get("/account")
	wantStatus(t, r, http.StatusOK)
	doc := r.Doc(t)
	if got := text(doc.Find(`[data-testid="account-id"]`)); got != handlertest.AliceAccount {
		t.Errorf("account id = %q, want %s", got, handlertest.AliceAccount)
	}
	rows := doc.Find(`section[aria-labelledby="account-quotas"] tbody tr`)
	if rows.Length() != 9 {
		t.Fatalf("%d quota rows, want 9", rows.Length())
	}
	uses := map[string]string{}
	rows.Each(func(i int, tr *goquery.Selection) {
		region := models.RegionIDs[i]
		if !strings.Contains(tr.Find("th").Text(), region) {
			t.Errorf("row %d is %q, want region %s", i, text(tr.Find("th")), region)
		}
		uses[region] = text(tr.Find("td").First())
	})
	for region, used := range map[string]int{"ap-guangzhou": 3, "ap-shanghai": 1, "ap-beijing": 0} {
		if want := i18n.Tr("en", "images.quota_use", used, 10); uses[region] != want {
			t.Errorf("%s use = %q, want %q", region, uses[region], want)
		}
	}
	if doc.Find("#"+pages.PasswordFormID+" form").Length() != 1 {
		t.Error("no change-password form")
	}
}

func TestChangePasswordValidation(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	c := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	tests := []struct {
		name                  string
		current, new, confirm string
		field, key            string
		args                  []any
	}{
		{"wrong current", "not-my-password", "new-password-1", "new-password-1", "current", "password.current_wrong", nil},
		{"mismatch", handlertest.DemoPassword, "new-password-1", "new-password-2", "confirm", "password.mismatch", nil},
		{"too short", handlertest.DemoPassword, "short", "short", "new", "password.too_short", []any{8}},
	}
	for _, tt := range tests {
		form := url.Values{"current": {tt.current}, "new": {tt.new}, "confirm": {tt.confirm}}
		t.Run(tt.name+"/page", func(t *testing.T) {
			r := c.Post("/account/password", form)
			wantStatus(t, r, http.StatusUnprocessableEntity)
			if !isFullPage(r.Body) {
				t.Fatal("a plain form post did not get the whole page")
			}
			checkPasswordErrors(t, r.Doc(t).Find("#"+pages.PasswordFormID), tt.field, i18n.Tr("en", tt.key, tt.args...))
		})
		t.Run(tt.name+"/htmx", func(t *testing.T) {
			r := c.Post("/account/password", form, handlertest.Fragment(pages.PasswordFormID))
			wantStatus(t, r, http.StatusUnprocessableEntity)
			if isFullPage(r.Body) {
				t.Fatal("htmx got a whole page, want only the form partial")
			}
			doc := r.Doc(t)
			root := doc.Find("body").Children()
			if id, _ := root.Attr("id"); root.Length() != 1 || id != pages.PasswordFormID {
				t.Fatalf("fragment root is %d element(s) with id %q, want #%s", root.Length(), id, pages.PasswordFormID)
			}
			checkPasswordErrors(t, root, tt.field, i18n.Tr("en", tt.key, tt.args...))
		})
	}
	// Nothing changed: the old password still signs in.
	app.Client(t).Login(handlertest.Alice, handlertest.DemoPassword)
}

// checkPasswordErrors wants msg on field and no message on the others.
func checkPasswordErrors(t *testing.T, form *goquery.Selection, field, msg string) {
	t.Helper()
	for _, f := range []string{"current", "new", "confirm"} {
		errEl := form.Find("#field-" + f + "-error")
		input := form.Find("#field-" + f)
		_, invalid := input.Attr("aria-invalid")
		if f == field {
			if got := text(errEl); got != msg {
				t.Errorf("%s error = %q, want %q", f, got, msg)
			}
			if !invalid {
				t.Errorf("%s input not aria-invalid", f)
			}
			continue
		}
		if errEl.Length() != 0 || invalid {
			t.Errorf("%s has an error %q, want none", f, text(errEl))
		}
	}
}

func TestChangePasswordSignsOutOtherSessions(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	c := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	other := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	bob := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)

	const newPassword = "a-brand-new-password"
	r := c.Post("/account/password", url.Values{"current": {handlertest.DemoPassword}, "new": {newPassword}, "confirm": {newPassword}})
	wantRedirect(t, r, "/account")

	page := c.Get("/account")
	wantStatus(t, page, http.StatusOK)
	if got, want := text(page.Doc(t).Find("#flash")), i18n.Tr("en", "flash.password_changed"); got != want {
		t.Errorf("flash = %q, want %q", got, want)
	}
	if !signedIn(t, c) {
		t.Error("the session that changed the password was signed out")
	}
	if signedIn(t, other) {
		t.Error("alice's other session still works after the password change")
	}
	if !signedIn(t, bob) {
		t.Error("another user's session was signed out")
	}
	wantStatus(t, app.Client(t).Post("/login", url.Values{"username": {handlertest.Alice}, "password": {handlertest.DemoPassword}}),
		http.StatusUnprocessableEntity)
	app.Client(t).Login(handlertest.Alice, newPassword)
}

func TestChangePasswordViaHTMXRedirects(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	c := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	r := c.Post("/account/password", url.Values{"current": {handlertest.DemoPassword}, "new": {"another-password"}, "confirm": {"another-password"}},
		handlertest.Fragment(pages.PasswordFormID))
	wantStatus(t, r, http.StatusNoContent)
	if got := r.Header.Get("HX-Redirect"); got != "/account" {
		t.Fatalf("HX-Redirect = %q, want /account", got)
	}
	// The flash waits for the full page htmx loads next.
	if got, want := text(c.Get("/account").Doc(t).Find("#flash")), i18n.Tr("en", "flash.password_changed"); got != want {
		t.Errorf("flash = %q, want %q", got, want)
	}
}
