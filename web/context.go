package web

import (
	"github.com/labstack/echo/v4"

	"imageshare/models"
	"imageshare/views/reqctx"
)

const (
	requestIDKey = "request_id"
	userKey      = "user"
	tokenKey     = "session_token"
	secureKey    = "secure_cookies"
	keysKey      = "keys"
)

// CurrentUser returns the signed-in user, if any.
func CurrentUser(c echo.Context) (models.SessionUser, bool) {
	u, ok := c.Get(userKey).(models.SessionUser)
	return u, ok
}

// Actor returns the principal for store calls; only valid behind RequireUser.
func Actor(c echo.Context) models.Actor {
	u, _ := CurrentUser(c)
	return u.Actor()
}

// SessionToken is the token of this request's live session, if any: the
// session cookie's value once checked, or the session StartSession just
// began ("" after EndSession).
func SessionToken(c echo.Context) string {
	s, _ := c.Get(tokenKey).(string)
	return s
}

// RequestID returns the id that logs and error pages show for this request.
func RequestID(c echo.Context) string {
	s, _ := c.Get(requestIDKey).(string)
	return s
}

// Values returns the request-wide values views read.
func Values(c echo.Context) *reqctx.Request {
	return reqctx.From(c.Request().Context())
}

// Locale is the language of this request's pages.
func Locale(c echo.Context) string { return Values(c).Locale }

// secureCookies reports whether cookies must be marked Secure (TLS).
func secureCookies(c echo.Context) bool {
	b, _ := c.Get(secureKey).(bool)
	return b
}
