package handlers_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"imageshare/handlers/handlertest"
	"imageshare/views/i18n"
)

// plantedFlash is a flash cookie as anyone could write it (the old format:
// base64 of the JSON list).
func plantedFlash(text string) string {
	b, _ := json.Marshal([]map[string]string{{"Kind": "error", "Text": text}})
	return base64.RawURLEncoding.EncodeToString(b)
}

// Finding 5 of the security review: the flash cookie was neither signed nor
// Secure, so a planted cookie showed any text as a console alert. Only a
// flash the console signed, for this browser's session, is shown.
func TestFinding5FlashCookieIsSigned(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	const lure = "Your account is locked: call +1 555 0100"
	tests := []struct {
		name string
		// plant returns the visitor, the cookie to plant and a page to look at.
		plant func(t *testing.T) (*handlertest.Client, string, string)
	}{
		{"Finding 5: a planted flash is not shown to a signed-out visitor", func(t *testing.T) (*handlertest.Client, string, string) {
			return app.Client(t), plantedFlash(lure), "/login"
		}},
		{"Finding 5: a planted flash is not shown to a signed-in user", func(t *testing.T) (*handlertest.Client, string, string) {
			return app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword), plantedFlash(lure), "/images"
		}},
		{"Finding 5: a flash the console gave another browser is not shown", func(t *testing.T) (*handlertest.Client, string, string) {
			other := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)
			wantRedirect(t, other.Post("/logout", nil), "/login")
			ck := other.Cookie("flash")
			if ck == "" {
				t.Fatal("sign-out set no flash cookie")
			}
			return app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword), ck, "/images"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, value, path := tt.plant(t)
			c.SetCookie("flash", value)
			page := c.Get(path)
			wantStatus(t, page, http.StatusOK)
			body := text(page.Doc(t).Find("main"))
			for _, planted := range []string{lure, i18n.Tr("en", "flash.signed_out")} {
				if strings.Contains(body, planted) {
					t.Errorf("the page shows the planted flash %q", planted)
				}
			}
		})
	}
}

// Finding 5: under TLS the flash cookie is Secure, like the others.
func TestFinding5FlashCookieIsSecureUnderTLS(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t, handlertest.WithSecureCookies())
	c := app.Client(t)
	r := c.PostRaw("/login", url.Values{"username": {handlertest.Alice}, "password": {handlertest.DemoPassword}},
		handlertest.H{"Sec-Fetch-Site": "same-origin"})
	session, _ := r.Cookie(sessionCookie)
	c.SetCookie(sessionCookie, session.Value) // the jar keeps Secure cookies from plain HTTP
	r = c.PostRaw("/logout", nil, handlertest.H{"Sec-Fetch-Site": "same-origin"})
	wantRedirect(t, r, "/login")
	flash, ok := r.Cookie("flash")
	if !ok || !flash.Secure || !flash.HttpOnly {
		t.Errorf("flash cookie %+v; want Secure and HttpOnly", flash)
	}
}
