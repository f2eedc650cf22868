package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"imageshare/handlers/handlertest"
	"imageshare/models"
	"imageshare/views/i18n"
)

// Finding 4 of the security review: invalid UTF-8, NUL and other control
// characters in any text input gave 500 on PostgreSQL (39 console routes)
// and were stored as they came on SQLite. The console checks every input
// once, at the boundary, and answers 422 in the person's language, on both
// databases, without changing anything.
func TestFinding4BadTextIsRefusedAtTheBoundary(t *testing.T) {
	const img = "img-demo0002" // alice's, not shared
	tests := []struct {
		name, who, method, path string
		form                    url.Values
	}{
		{"Finding 4: rename to invalid UTF-8", handlertest.Alice, http.MethodPost, "/images/" + img,
			url.Values{"name": {"\xff\xfe"}, "description": {""}}},
		{"Finding 4: rename with a NUL", handlertest.Alice, http.MethodPost, "/images/" + img,
			url.Values{"name": {"db\x00"}, "description": {""}}},
		{"Finding 4: description with an escape sequence", handlertest.Alice, http.MethodPost, "/images/" + img,
			url.Values{"name": {"db"}, "description": {"\x1b[31mred"}}},
		{"Finding 4: sign-in with a NUL in the username", "", http.MethodPost, "/login",
			url.Values{"username": {"a\x00b"}, "password": {"whatever-password"}}},
		{"Finding 4: password change with invalid UTF-8", handlertest.Alice, http.MethodPost, "/account/password",
			url.Values{"current": {"\xc3"}, "new": {"new-password-1"}, "confirm": {"new-password-1"}}},
		{"Finding 4: search with a NUL", handlertest.Alice, http.MethodGet, "/images?q=%00", nil},
		{"Finding 4: search with invalid UTF-8", handlertest.Alice, http.MethodGet, "/images?region=ap-guangzhou&tab=custom&q=%FF%FE", nil},
		{"Finding 4: account list checked as typed", handlertest.Alice, http.MethodGet, "/images/" + img + "/share?accounts=100000000002%00", nil},
		{"Finding 4: account list shared", handlertest.Alice, http.MethodPost, "/images/" + img + "/share",
			url.Values{"accounts": {"100000000002\n10000000000\xff"}, "risk": {"yes"}}},
		{"Finding 4: an image id that is not UTF-8", handlertest.Alice, http.MethodGet, "/images/%FF%FE", nil},
		{"Finding 4: instance name with a bell", handlertest.Alice, http.MethodPost, "/instances",
			url.Values{"region": {"ap-guangzhou"}, "zone": {"ap-guangzhou-1"}, "image": {img}, "type": {"S5.MEDIUM2"}, "name": {"web\x07"}}},
		{"Finding 4: admin account search", handlertest.AdminUser, http.MethodGet, "/admin/accounts?q=%FF%FE", nil},
		{"Finding 4: admin audit filter", handlertest.AdminUser, http.MethodGet, "/admin/audit?user=a%00", nil},
		{"Finding 4: a bad parameter name", handlertest.Alice, http.MethodGet, "/images?%FF=1", nil},
	}
	handlertest.Each(t, func(t *testing.T, app *handlertest.App) {
		var before models.Image
		if err := app.DB.Where("id = ?", img).Take(&before).Error; err != nil {
			t.Fatal(err)
		}
		clients := map[string]*handlertest.Client{
			"":                    app.Client(t),
			handlertest.Alice:     app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword),
			handlertest.AdminUser: app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword),
		}
		for _, locale := range []string{"en", "pt-BR"} {
			for _, c := range clients {
				c.Post("/preferences/language", url.Values{"lang": {locale}})
			}
			for _, tt := range tests {
				t.Run(locale+"/"+tt.name, func(t *testing.T) {
					c := clients[tt.who]
					var r *handlertest.Response
					if tt.method == http.MethodGet {
						r = c.Get(tt.path)
					} else {
						r = c.Post(tt.path, tt.form)
					}
					wantStatus(t, r, http.StatusUnprocessableEntity)
					if want := i18n.Tr(locale, "validation.bad_text"); !strings.Contains(text(r.Doc(t).Find("main")), want) {
						t.Errorf("the page does not say %q:\n%.1500s", want, r.Body)
					}
				})
			}
		}
		var after models.Image
		if err := app.DB.Where("id = ?", img).Take(&after).Error; err != nil {
			t.Fatal(err)
		}
		if after.Name != before.Name || after.Description != before.Description || !after.UpdatedAt.Equal(before.UpdatedAt) {
			t.Errorf("image changed from %q/%q to %q/%q", before.Name, before.Description, after.Name, after.Description)
		}
	})
}
