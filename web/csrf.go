package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"

	"github.com/labstack/echo/v4"
)

const (
	csrfCookie    = "_csrf"
	csrfField     = "_csrf"
	csrfSecretKey = "csrf_secret"
)

// csrf refuses state changes that may not come from the console's own pages.
// A browser that says where a request comes from (Sec-Fetch-Site, which
// pages cannot forge) is trusted for same-origin and direct requests and
// refused for cross-site ones; any other unsafe request (same-site, or a
// client that sends no such header) must carry the token, in the
// X-CSRF-Token header or the _csrf field.
//
// The token is an HMAC of the browser's session token keyed with a random
// per-browser secret (the _csrf cookie). So a secret planted by a sibling
// site (cookie tossing) is useless without the victim's session, a token
// of one session does not work in another, and since the secret is replaced
// at sign-in and sign-out (StartSession, EndSession), no token outlives
// either.
func csrf(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if isStatic(c) {
			return next(c)
		}
		token := csrfToken(c)
		Values(c).CSRF = token
		switch c.Request().Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
			return next(c)
		}
		switch c.Request().Header.Get(echo.HeaderSecFetchSite) {
		case "same-origin", "none":
			return next(c)
		case "cross-site":
			return echo.NewHTTPError(http.StatusForbidden, "csrf: cross-site request")
		}
		if !sameToken(c.Request().Header.Get(echo.HeaderXCSRFToken), token) && !sameToken(c.FormValue(csrfField), token) {
			return echo.NewHTTPError(http.StatusForbidden, "csrf: missing or wrong token")
		}
		return next(c)
	}
}

func sameToken(sent, want string) bool {
	return sent != "" && subtle.ConstantTimeCompare([]byte(sent), []byte(want)) == 1
}

// csrfToken is the token of this request's browser and session.
func csrfToken(c echo.Context) string {
	m := hmac.New(sha256.New, []byte(csrfSecret(c)))
	m.Write([]byte("imageshare csrf\x00" + SessionToken(c)))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// csrfSecret is the browser's secret, minted on its first visit.
func csrfSecret(c echo.Context) string {
	if s, ok := c.Get(csrfSecretKey).(string); ok {
		return s
	}
	if ck, err := c.Cookie(csrfCookie); err == nil && ck.Value != "" && len(ck.Value) <= 128 {
		c.Set(csrfSecretKey, ck.Value)
		return ck.Value
	}
	return rotateCSRFSecret(c)
}

// rotateCSRFSecret gives the browser a new secret: every token it held stops
// working.
func rotateCSRFSecret(c echo.Context) string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("crypto/rand failed: " + err.Error())
	}
	secret := base64.RawURLEncoding.EncodeToString(b)
	c.SetCookie(&http.Cookie{Name: csrfCookie, Value: secret, Path: "/", HttpOnly: true, Secure: secureCookies(c),
		SameSite: http.SameSiteLaxMode})
	c.Set(csrfSecretKey, secret)
	return secret
}
