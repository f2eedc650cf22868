package handlers_test

import (
	"net/http"
	"net/url"
	"testing"

	"imageshare/handlers/handlertest"
)

func TestCSRF(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	const valid, wrong = "valid", "wrong"
	tests := []struct {
		name    string
		fetch   string // Sec-Fetch-Site; "" for a client that does not send it
		field   string // _csrf form field: "", valid or wrong
		header  string // X-CSRF-Token: "", valid or wrong
		allowed bool
	}{
		{"no token", "", "", "", false},
		{"wrong field", "", wrong, "", false},
		{"wrong header", "", "", wrong, false},
		{"field", "", valid, "", true},
		{"header", "", "", valid, true},
		{"same-origin browser", "same-origin", "", "", true},
		{"typed by the user", "none", "", "", true},
		{"cross-site browser", "cross-site", "", "", false},
		{"cross-site browser with a token", "cross-site", valid, "", false},
		{"same-site browser falls back to the token", "same-site", "", "", false},
		{"same-site browser with a token", "same-site", valid, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := app.Client(t)
			token := c.CSRFToken()
			pick := func(v string) string {
				switch v {
				case valid:
					return token
				case wrong:
					return token + "x"
				}
				return ""
			}
			form := url.Values{"lang": {"pt-BR"}}
			if f := pick(tt.field); f != "" {
				form.Set("_csrf", f)
			}
			h := handlertest.H{}
			if tt.fetch != "" {
				h["Sec-Fetch-Site"] = tt.fetch
			}
			if v := pick(tt.header); v != "" {
				h["X-CSRF-Token"] = v
			}
			r := c.PostRaw("/preferences/language", form, h)
			if tt.allowed {
				wantRedirect(t, r, "/images")
				return
			}
			wantStatus(t, r, http.StatusForbidden)
			if _, ok := r.Cookie("lang"); ok {
				t.Error("a refused request still changed the language")
			}
		})
	}
}

// values.go promises that forms rendered for a browser that proved itself
// with Sec-Fetch-Site still carry a token, so they work if the header goes
// missing (an old browser, a proxy that strips it).
func TestCSRFFallbackTokenForBrowsers(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	c := app.Client(t)
	page := c.Get("/login", handlertest.H{"Sec-Fetch-Site": "none"})
	token, _ := page.Doc(t).Find(`form[action="/login"] input[name="_csrf"]`).Attr("value")
	r := c.PostRaw("/login", url.Values{"username": {handlertest.Alice}, "password": {handlertest.DemoPassword}, "_csrf": {token}})
	wantRedirect(t, r, "/images")
}
