package web

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"imageshare/models"
)

const sessionCookie = "imageshare_session"

// loadSession attaches the signed-in user, if the cookie names a live session.
func loadSession(sessions *models.SessionStore) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if isStatic(c) {
				return next(c)
			}
			ck, err := c.Cookie(sessionCookie)
			if err != nil || ck.Value == "" {
				return next(c)
			}
			user, err := sessions.Lookup(c.Request().Context(), ck.Value)
			switch {
			case err == nil:
				c.Set(userKey, user)
				c.Set(tokenKey, ck.Value)
			case errors.Is(err, models.ErrNotFound):
				clearCookie(c, sessionCookie)
			default:
				return err
			}
			return next(c)
		}
	}
}

// StartSession sets the cookie of a new session, and a new CSRF secret: no
// token from before sign-in works after it.
func StartSession(c echo.Context, token string, secure bool) {
	c.SetCookie(&http.Cookie{
		Name: sessionCookie, Value: token, Path: "/", HttpOnly: true, Secure: secure,
		SameSite: http.SameSiteLaxMode,
	})
	c.Set(tokenKey, token)
	rotateCSRFSecret(c)
}

// EndSession clears the session cookie and replaces the CSRF secret.
func EndSession(c echo.Context) {
	clearCookie(c, sessionCookie)
	c.Set(tokenKey, "")
	rotateCSRFSecret(c)
}

func clearCookie(c echo.Context, name string) {
	c.SetCookie(&http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: secureCookies(c),
		SameSite: http.SameSiteLaxMode})
}

// RequireUser sends signed-out requests to the sign-in page, remembering where
// they were going so sign-in can bring them back.
func RequireUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if _, ok := CurrentUser(c); ok {
			return next(c)
		}
		target := "/login"
		if c.Request().Method == http.MethodGet && c.Request().URL.Path != "/" {
			target += "?next=" + url.QueryEscape(c.Request().URL.RequestURI())
		}
		return Redirect(c, target)
	}
}

// RequireAdmin answers 404 to anyone but a platform admin: members must not
// even learn that admin pages exist.
func RequireAdmin(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if u, ok := CurrentUser(c); ok && u.Role == models.RoleAdmin {
			return next(c)
		}
		return echo.ErrNotFound
	}
}

// SafeNext returns next when it is a local path, else fallback: the sign-in
// form must not become an open redirect.
func SafeNext(next, fallback string) string {
	u, err := url.Parse(next)
	if next == "" || err != nil || u.IsAbs() || u.Host != "" || len(next) < 1 || next[0] != '/' ||
		(len(next) > 1 && (next[1] == '/' || next[1] == '\\')) {
		return fallback
	}
	return next
}
