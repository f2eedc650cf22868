package handlers

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"imageshare/models"
	"imageshare/views/i18n"
	"imageshare/views/pages"
	"imageshare/web"
)

func (h *adminHandler) accounts(c echo.Context) error {
	return h.renderAccounts(c, http.StatusOK, pages.NewAccountForm{}, nil)
}

// createAccount creates an account with its first user; bad input re-renders
// the form with the values kept (the password excepted) and a message per field.
func (h *adminHandler) createAccount(c echo.Context) error {
	form := pages.NewAccountForm{ID: c.FormValue("id"), Name: c.FormValue("name"), Username: c.FormValue("username"),
		Admin: c.FormValue("admin") == "yes"}
	acct, err := h.admin.CreateAccount(c.Request().Context(), web.Actor(c), models.NewAccount{
		ID: form.ID, Name: form.Name, Username: form.Username, Password: c.FormValue("password"), Admin: form.Admin,
	})
	if _, ok := models.AsError(err); ok {
		return h.renderAccounts(c, http.StatusUnprocessableEntity, form, err)
	}
	if err != nil {
		return err
	}
	web.Flash(c, "success", i18n.Tr(web.Locale(c), "flash.account_created", acct.Name, acct.ID))
	return web.Redirect(c, "/admin/accounts/"+acct.ID)
}

func (h *adminHandler) renderAccounts(c echo.Context, status int, form pages.NewAccountForm, err error) error {
	page, _ := strconv.Atoi(c.QueryParam("page"))
	list, lerr := h.admin.ListAccounts(c.Request().Context(), web.Actor(c), c.QueryParam("q"), page)
	if lerr != nil {
		return lerr
	}
	form.Errors = formErrors(c, err, "id", "name", "username", "password")
	v := pages.AdminAccountsView{Search: c.QueryParam("q"), Page: list.Page, Pages: list.Pages(), PageSize: list.PageSize, Total: list.Total, Form: form}
	for _, a := range list.Accounts {
		v.Rows = append(v.Rows, pages.AdminAccountRow{ID: a.ID, Name: a.Name, Status: a.Status, Users: a.Users, CreatedAt: a.CreatedAt})
	}
	return web.Render(c, status, web.Page{Title: i18n.Tr(web.Locale(c), "admin.accounts"), Content: pages.AdminAccounts(v)})
}

func (h *adminHandler) account(c echo.Context) error {
	return h.renderAccount(c, http.StatusOK, nil)
}

// accountAction applies one of the account page's forms: status, a new user,
// a password reset, a quota. Refusals come back on the page.
func (h *adminHandler) accountAction(c echo.Context) error {
	ctx, actor, id := c.Request().Context(), web.Actor(c), c.Param("id")
	var err error
	var okKey string
	switch c.FormValue("action") {
	case "disable", "enable":
		status := models.AccountActive
		if c.FormValue("action") == "disable" {
			status = models.AccountDisabled
		}
		err, okKey = h.admin.SetAccountStatus(ctx, actor, id, status), "flash.account_"+c.FormValue("action")+"d"
	case "add_user":
		err = h.admin.AddUser(ctx, actor, id, c.FormValue("username"), c.FormValue("password"), c.FormValue("admin") == "yes")
		okKey = "flash.user_added"
	case "reset_password":
		userID, _ := strconv.ParseInt(c.FormValue("user"), 10, 64)
		if !h.userOf(c, id, userID) {
			return echo.ErrNotFound // the form of one account must not reset another's user
		}
		err = h.admin.ResetPassword(ctx, actor, userID, c.FormValue("password"), c.FormValue("revoke_keys") == "yes")
		okKey = "flash.password_reset"
	case "quota":
		quota, convErr := strconv.Atoi(c.FormValue("quota"))
		if convErr != nil {
			quota = -1 // out of range: the domain explains the range
		}
		err, okKey = h.admin.SetQuota(ctx, actor, id, c.FormValue("region"), quota), "flash.quota_saved"
	default:
		return echo.NewHTTPError(http.StatusBadRequest, "unknown action")
	}
	if _, ok := models.AsError(err); ok {
		return h.renderAccount(c, http.StatusUnprocessableEntity, err)
	}
	if err != nil {
		return err
	}
	web.Flash(c, "success", i18n.Tr(web.Locale(c), okKey))
	return web.Redirect(c, "/admin/accounts/"+id)
}

func (h *adminHandler) renderAccount(c echo.Context, status int, err error) error {
	d, gerr := h.admin.GetAccount(c.Request().Context(), web.Actor(c), c.Param("id"))
	if gerr != nil {
		return gerr
	}
	place, merr := h.orgs.MembershipOf(c.Request().Context(), d.Account.ID)
	if merr != nil {
		return merr
	}
	v := pages.AdminAccountView{ID: d.Account.ID, Name: d.Account.Name, Status: d.Account.Status,
		Self: d.Account.ID == web.Actor(c).AccountID, Place: placeOf(place)}
	if de, ok := models.AsError(err); ok {
		v.Error = web.Translate(c, de.Msg)
	}
	for _, u := range d.Users {
		v.Users = append(v.Users, pages.AdminUserRow{ID: u.ID, Username: u.Username, Role: u.Role, MustChange: u.MustChangePassword})
	}
	for _, q := range d.Quotas {
		v.Quotas = append(v.Quotas, pages.QuotaRow{Region: q.Region, Used: q.Used, Limit: q.Limit})
	}
	return web.Render(c, status, web.Page{Title: d.Account.Name, Content: pages.AdminAccount(v)})
}

// userOf reports whether userID is a user of account id.
func (h *adminHandler) userOf(c echo.Context, id string, userID int64) bool {
	d, err := h.admin.GetAccount(c.Request().Context(), web.Actor(c), id)
	if err != nil {
		return false
	}
	for _, u := range d.Users {
		if u.ID == userID {
			return true
		}
	}
	return false
}
