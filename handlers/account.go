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
}

func (h *accountHandler) show(c echo.Context) error {
	return h.render(c, http.StatusOK, pages.PasswordForm{})
}

// changePassword re-renders the form with a message per field on bad input
// (422), and on success signs out the user's other sessions and says so.
func (h *accountHandler) changePassword(c echo.Context) error {
	err := h.users.ChangePassword(c.Request().Context(), web.Actor(c), web.SessionToken(c), models.PasswordChange{
		Current: c.FormValue("current"), New: c.FormValue("new"), Confirm: c.FormValue("confirm"),
	})
	if errors.Is(err, models.ErrInvalid) {
		form := pages.PasswordForm{
			CurrentError: web.FieldText(c, err, "current"),
			NewError:     web.FieldText(c, err, "new"),
			ConfirmError: web.FieldText(c, err, "confirm"),
		}
		return h.render(c, http.StatusUnprocessableEntity, form)
	}
	if err != nil {
		return err
	}
	web.Flash(c, "success", i18n.Tr(web.Locale(c), "flash.password_changed"))
	return web.Redirect(c, "/account")
}

func (h *accountHandler) render(c echo.Context, status int, form pages.PasswordForm) error {
	user, _ := web.CurrentUser(c)
	quotas, err := h.quotas.Regions(c.Request().Context(), user.Actor())
	if err != nil {
		return err
	}
	events, err := h.audit.Account(c.Request().Context(), user.Actor(), 1)
	if err != nil {
		return err
	}
	form.MustChange = user.MustChangePassword
	v := pages.AccountView{
		AccountID: user.AccountID, AccountName: user.AccountName, Username: user.Username, Role: user.Role,
		Password: form, Events: auditRows(events.Events),
	}
	for _, q := range quotas {
		v.Quotas = append(v.Quotas, pages.QuotaRow{Region: q.Region, Used: q.Used, Limit: q.Limit})
	}
	return web.Render(c, status, web.Page{
		Title:    i18n.Tr(web.Locale(c), "account.title"),
		Content:  pages.Account(v),
		Partials: map[string]templ.Component{pages.PasswordFormID: pages.PasswordSection(form)},
	})
}
