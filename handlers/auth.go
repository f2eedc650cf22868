package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"imageshare/models"
	"imageshare/views/i18n"
	"imageshare/views/pages"
	"imageshare/web"
)

type authHandler struct {
	auth     *models.AuthStore
	sessions *models.SessionStore
	users    *models.UserStore
	secure   bool
}

func (h *authHandler) showLogin(c echo.Context) error {
	next := web.SafeNext(c.QueryParam("next"), "")
	if _, ok := web.CurrentUser(c); ok {
		return web.Redirect(c, web.SafeNext(next, "/images"))
	}
	return renderLogin(c, http.StatusOK, pages.LoginView{Next: next})
}

func (h *authHandler) login(c echo.Context) error {
	username, next := c.FormValue("username"), web.SafeNext(c.FormValue("next"), "")
	user, err := h.auth.Authenticate(c.Request().Context(), username, c.FormValue("password"), c.RealIP())
	if de, ok := models.AsError(err); ok {
		status := http.StatusUnprocessableEntity
		if errors.Is(err, models.ErrLimited) {
			status = http.StatusTooManyRequests
			web.CountLimitedSignIn(c)
		}
		return renderLogin(c, status, pages.LoginView{Username: username, Next: next, Error: web.Translate(c, de.Msg)})
	}
	if err != nil {
		return err
	}
	token, err := h.sessions.Create(c.Request().Context(), user.ID, web.SessionToken(c))
	if err != nil {
		return err
	}
	web.StartSession(c, token, h.secure)
	// Keep a language picked on the sign-in page for this user; the
	// browser's language is only a default and is never saved.
	if lang, ok := web.TakeLocaleChosen(c); ok && lang != user.Locale {
		actor := models.Actor{UserID: user.ID, AccountID: user.AccountID}
		ctx := models.WithUsername(c.Request().Context(), user.Username)
		if err := h.users.SetLocale(ctx, actor, lang); err != nil {
			return err
		}
	}
	return web.Redirect(c, web.SafeNext(next, "/images"))
}

func (h *authHandler) logout(c echo.Context) error {
	if token := web.SessionToken(c); token != "" {
		if err := h.sessions.Delete(c.Request().Context(), token); err != nil {
			return err
		}
	}
	web.EndSession(c)
	web.Flash(c, "success", i18n.Tr(web.Locale(c), "flash.signed_out"))
	return web.Redirect(c, "/login")
}

// setLanguage saves the language for the user (or, signed out, in a cookie)
// and goes back to the page the switcher was on.
func (h *authHandler) setLanguage(c echo.Context) error {
	lang := c.FormValue("lang")
	if !i18n.Valid(lang) {
		return echo.NewHTTPError(http.StatusBadRequest, "unknown language")
	}
	if _, ok := web.CurrentUser(c); ok {
		if err := h.users.SetLocale(c.Request().Context(), web.Actor(c), lang); err != nil {
			return err
		}
	} else {
		web.MarkLocaleChosen(c, h.secure)
	}
	web.SetLocaleCookie(c, lang, h.secure)
	return web.Redirect(c, web.SafeNext(c.FormValue("next"), "/images"))
}

func renderLogin(c echo.Context, status int, v pages.LoginView) error {
	title := i18n.Tr(web.Locale(c), "login.title")
	return web.Render(c, status, web.Page{Title: title, Content: pages.Login(v), Bare: true})
}

// requirePasswordChosen keeps a user who signed in with a one-time password
// on the Account page until they choose their own.
func requirePasswordChosen(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		u, ok := web.CurrentUser(c)
		if !ok || !u.MustChangePassword {
			return next(c)
		}
		switch c.Path() {
		case "/account", "/account/password":
			return next(c)
		}
		return web.Redirect(c, "/account")
	}
}
