package handlers_test

import (
	"net/http"
	"net/url"
	"testing"

	"imageshare/handlers/handlertest"
	"imageshare/models"
	"imageshare/views/i18n"
)

// Finding 9 of the security review: the password forms offer to delete the
// user's API keys with the change, the user's own form and an admin's reset.
func TestFinding9PasswordFormsOfferToRevokeAPIKeys(t *testing.T) {
	t.Parallel()
	const fresh = "fresh-password-1"
	tests := []struct {
		name   string
		admin  bool
		revoke bool
		flash  string
	}{
		{"Finding 9: the user's change deletes the keys when asked", false, true, "flash.password_changed_keys"},
		{"Finding 9: the user's change keeps the keys otherwise", false, false, "flash.password_changed"},
		{"Finding 9: an admin's reset deletes the keys when asked", true, true, "flash.password_reset"},
		{"Finding 9: an admin's reset keeps the keys otherwise", true, false, "flash.password_reset"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			app := handlertest.New(t)
			carol := app.SignedIn(t, handlertest.Carol, handlertest.DemoPassword)
			if carol.Get("/account").Doc(t).Find(`input[name="revoke_keys"]`).Length() != 0 {
				t.Error("the form offers to delete API keys to a user who has none")
			}
			wantStatus(t, carol.Post("/account/apikeys", nil), http.StatusOK)
			if carol.Get("/account").Doc(t).Find(`#password-form input[type="checkbox"][name="revoke_keys"]`).Length() != 1 {
				t.Fatal("the password form does not offer to delete the API keys")
			}
			form := url.Values{}
			if tt.revoke {
				form.Set("revoke_keys", "yes")
			}
			by, page, path := carol, "/account", "/account/password"
			if tt.admin {
				by, page = app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword), "/admin/accounts/100000000003"
				path = page
				userID, _ := by.Get(path).Doc(t).Find(`input[name="action"][value="reset_password"] ~ input[name="user"]`).Attr("value")
				if by.Get(path).Doc(t).Find(`input[type="checkbox"][name="revoke_keys"]`).Length() == 0 {
					t.Error("the reset form does not offer to delete the API keys")
				}
				form.Set("action", "reset_password")
				form.Set("user", userID)
				form.Set("password", fresh)
			} else {
				form.Set("current", handlertest.DemoPassword)
				form.Set("new", fresh)
				form.Set("confirm", fresh)
			}
			wantRedirect(t, by.Post(path, form), page)
			if got, want := text(by.Get(page).Doc(t).Find(`[role="status"]`)), i18n.Tr("en", tt.flash); got != want {
				t.Errorf("flash %q, want %q", got, want)
			}
			var keys int64
			if err := app.DB.Model(&models.APIKey{}).Count(&keys).Error; err != nil {
				t.Fatal(err)
			}
			if gone := keys == 0; gone != tt.revoke {
				t.Errorf("carol's key deleted: %v, want %v", gone, tt.revoke)
			}
		})
	}
}
