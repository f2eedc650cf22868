package handlers

import (
	"errors"
	"net/http"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"imageshare/models"
	"imageshare/views/i18n"
	"imageshare/views/pages"
	"imageshare/web"
)

type accountHandler struct {
	users  *models.UserStore
	quotas *models.QuotaStore
	audit  *models.AuditStore
	keys   *models.APIKeyStore
	orgs   *models.OrgStore
}

func (h *accountHandler) show(c echo.Context) error {
	return h.render(c, http.StatusOK, pages.PasswordForm{}, nil)
}

// createKey makes an API key and shows its SecretKey this once: the page is
// rendered directly (no redirect) so the secret never travels in a URL or a
// cookie, and is never shown again.
func (h *accountHandler) createKey(c echo.Context) error {
	id, secret, err := h.keys.Create(c.Request().Context(), web.Actor(c))
	if err != nil {
		return err
	}
	return h.render(c, http.StatusOK, pages.PasswordForm{}, &pages.NewKey{SecretID: id, SecretKey: secret})
}

// deleteKey removes one of the user's keys; requests signed with it fail from now on.
func (h *accountHandler) deleteKey(c echo.Context) error {
	if err := h.keys.Delete(c.Request().Context(), web.Actor(c), c.Param("id")); err != nil {
		return err
	}
	web.Flash(c, "success", i18n.Tr(web.Locale(c), "flash.key_deleted", c.Param("id")))
	return web.Redirect(c, "/account#api-keys")
}

// changePassword re-renders the form with a message per field on bad input
// (422), and on success signs out the user's other sessions and says so.
func (h *accountHandler) changePassword(c echo.Context) error {
	revoke := c.FormValue("revoke_keys") == "yes"
	err := h.users.ChangePassword(c.Request().Context(), web.Actor(c), web.SessionToken(c), models.PasswordChange{
		Current: c.FormValue("current"), New: c.FormValue("new"), Confirm: c.FormValue("confirm"), RevokeAPIKeys: revoke,
	})
	if errors.Is(err, models.ErrInvalid) {
		form := pages.PasswordForm{
			CurrentError: web.FieldText(c, err, "current"),
			NewError:     web.FieldText(c, err, "new"),
			ConfirmError: web.FieldText(c, err, "confirm"),
		}
		return h.render(c, http.StatusUnprocessableEntity, form, nil)
	}
	if err != nil {
		return err
	}
	key := "flash.password_changed"
	if revoke {
		key = "flash.password_changed_keys"
	}
	web.Flash(c, "success", i18n.Tr(web.Locale(c), key))
	return web.Redirect(c, "/account")
}

func (h *accountHandler) render(c echo.Context, status int, form pages.PasswordForm, newKey *pages.NewKey) error {
	user, _ := web.CurrentUser(c)
	if user.MustChangePassword {
		// Nothing else is open to a one-time password: a page with the one
		// thing to do, not the Account page under navigation that leads
		// nowhere (every other page sends the user back here).
		form.MustChange = true
		return web.Render(c, status, web.Page{
			Title:    i18n.Tr(web.Locale(c), "account.choose_password"),
			Content:  pages.ChoosePassword(user.Username, user.AccountName, user.AccountID, form),
			Partials: map[string]templ.Component{pages.PasswordFormID: pages.PasswordSection(form)},
			Bare:     true,
		})
	}
	quotas, err := h.quotas.Regions(c.Request().Context(), user.Actor())
	if err != nil {
		return err
	}
	events, err := h.audit.Account(c.Request().Context(), user.Actor(), 1)
	if err != nil {
		return err
	}
	keys, err := h.keys.List(c.Request().Context(), user.Actor())
	if err != nil {
		return err
	}
	place, err := h.orgs.MembershipOf(c.Request().Context(), user.AccountID)
	if err != nil {
		return err
	}
	form.MustChange, form.HasKeys = user.MustChangePassword, len(keys) > 0
	v := pages.AccountView{
		AccountID: user.AccountID, AccountName: user.AccountName, Username: user.Username, Role: user.Role,
		Password: form, Events: auditRows(c, events.Events), NewKey: newKey, Place: placeOf(place),
	}
	for _, k := range keys {
		v.Keys = append(v.Keys, pages.KeyRow{SecretID: k.SecretID, CreatedAt: k.CreatedAt, LastUsedAt: k.LastUsedAt})
	}
	for _, q := range quotas {
		v.Quotas = append(v.Quotas, pages.QuotaRow{Region: q.Region, Used: q.Used, Limit: q.Limit, Binned: q.Binned})
	}
	return web.Render(c, status, web.Page{
		Title:    i18n.Tr(web.Locale(c), "account.title"),
		Content:  pages.Account(v),
		Partials: map[string]templ.Component{pages.PasswordFormID: pages.PasswordSection(form)},
	})
}
