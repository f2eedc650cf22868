package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"imageshare/models"
	"imageshare/views/i18n"
	"imageshare/views/reqctx"
)

const (
	langCookie = "lang"
	// langChosenCookie marks a language picked while signed out (on the
	// sign-in page), for the next sign-in to save; the lang cookie alone
	// may be another user's choice left in a shared browser.
	langChosenCookie = "lang_chosen"
	regionCookie     = "region"
)

// requestValues gathers what every page shows (user, language, region,
// flash) into the request context once, for views to read; the CSRF
// middleware adds the token.
func requestValues(secure bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if isStatic(c) {
				return next(c)
			}
			r := &reqctx.Request{
				Path:      c.Request().URL.Path,
				Query:     c.Request().URL.Query(),
				RequestID: RequestID(c),
				Region:    models.DefaultRegion,
			}
			r.Locale = negotiateLocale(c)
			if ck, err := c.Cookie(regionCookie); err == nil && models.ValidRegion(ck.Value) {
				r.Region = ck.Value
			}
			if q := c.QueryParam("region"); models.ValidRegion(q) {
				r.Region = q
				rememberRegion(c, q, secure)
			}
			if u, ok := CurrentUser(c); ok {
				r.User = &reqctx.User{Username: u.Username, AccountID: u.AccountID, AccountName: u.AccountName,
					Admin: u.Role == models.RoleAdmin, Unread: u.Unread, PendingReview: u.PendingReview}
			}
			r.Flash = takeFlash(c)
			meta := models.RequestMeta{IP: c.RealIP(), RequestID: r.RequestID}
			if r.User != nil {
				meta.Username = r.User.Username
			}
			ctx := models.WithRequestMeta(reqctx.With(c.Request().Context(), r), meta)
			c.SetRequest(c.Request().WithContext(ctx))
			return next(c)
		}
	}
}

// rememberRegion makes region the default of the next pages.
func rememberRegion(c echo.Context, region string, secure bool) {
	if ck, err := c.Cookie(regionCookie); err != nil || ck.Value != region {
		c.SetCookie(&http.Cookie{Name: regionCookie, Value: region, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
	}
}

// pinRegion makes the page's object's region the header's (and the
// remembered) one: an image of Guangzhou is never shown under Frankfurt.
// The region menu then leads to the images of another region, since this
// object exists in one region only.
func pinRegion(c echo.Context, region string) {
	if !models.ValidRegion(region) {
		return
	}
	r := reqctx.From(c.Request().Context())
	r.Region, r.RegionPinned = region, true
	rememberRegion(c, region, secureCookies(c))
}

// negotiateLocale: the user's saved choice, else the lang cookie (set by the
// switcher before sign-in), else the browser's Accept-Language.
func negotiateLocale(c echo.Context) string {
	if u, ok := CurrentUser(c); ok && i18n.Valid(u.Locale) {
		return u.Locale
	}
	if ck, err := c.Cookie(langCookie); err == nil && i18n.Valid(ck.Value) {
		return ck.Value
	}
	return i18n.Negotiate(c.Request().Header.Get("Accept-Language"))
}

// SetLocaleCookie remembers a language for signed-out pages.
func SetLocaleCookie(c echo.Context, locale string, secure bool) {
	c.SetCookie(&http.Cookie{Name: langCookie, Value: locale, Path: "/", MaxAge: 365 * 24 * 3600,
		HttpOnly: true, Secure: secure, SameSite: http.SameSiteLaxMode})
}

// MarkLocaleChosen remembers, until the browser closes, that the language in
// the lang cookie was picked before signing in.
func MarkLocaleChosen(c echo.Context, secure bool) {
	c.SetCookie(&http.Cookie{Name: langChosenCookie, Value: "1", Path: "/", HttpOnly: true, Secure: secure,
		SameSite: http.SameSiteLaxMode})
}

// TakeLocaleChosen returns the language picked before signing in, if any,
// and forgets that it was picked: it is saved once, at the next sign-in.
func TakeLocaleChosen(c echo.Context) (string, bool) {
	if _, err := c.Cookie(langChosenCookie); err != nil {
		return "", false
	}
	c.SetCookie(&http.Cookie{Name: langChosenCookie, Path: "/", MaxAge: -1, HttpOnly: true})
	ck, err := c.Cookie(langCookie)
	if err != nil || !i18n.Valid(ck.Value) {
		return "", false
	}
	return ck.Value, true
}
