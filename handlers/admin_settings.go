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

func (h *adminHandler) settings(c echo.Context) error {
	s, err := h.admin.Settings(c.Request().Context(), web.Actor(c))
	if err != nil {
		return err
	}
	return h.renderSettings(c, http.StatusOK, pages.SettingsForm{Policy: s.SharePolicy, Cap: strconv.Itoa(s.ShareCap),
		Acceptance: s.Acceptance, ExpiryNoticeDays: strconv.Itoa(s.ExpiryNoticeDays),
		BinRetentionDays: strconv.Itoa(s.BinRetentionDays)}, nil)
}

// saveSettings changes the sharing policy and cap; existing shares stay as they are.
func (h *adminHandler) saveSettings(c echo.Context) error {
	form := pages.SettingsForm{Policy: c.FormValue("policy"), Cap: c.FormValue("cap"),
		Acceptance: c.FormValue("acceptance"), ExpiryNoticeDays: c.FormValue("expiry_notice_days"),
		BinRetentionDays: c.FormValue("bin_retention_days")}
	in := models.Settings{SharePolicy: form.Policy, ShareCap: atoiOr(form.Cap, 0), Acceptance: form.Acceptance,
		ExpiryNoticeDays: atoiOr(form.ExpiryNoticeDays, -1), BinRetentionDays: atoiOr(form.BinRetentionDays, -1)}
	if _, sent := c.Request().PostForm["bin_retention_days"]; !sent {
		// A form from before the recycle bin (R23) keeps its retention.
		now, err := h.admin.Settings(c.Request().Context(), web.Actor(c))
		if err != nil {
			return err
		}
		in.BinRetentionDays = now.BinRetentionDays
		form.BinRetentionDays = strconv.Itoa(now.BinRetentionDays)
	}
	err := h.admin.SetSettings(c.Request().Context(), web.Actor(c), in)
	if _, ok := models.AsError(err); ok {
		return h.renderSettings(c, http.StatusUnprocessableEntity, form, err)
	}
	if err != nil {
		return err
	}
	web.Flash(c, "success", i18n.Tr(web.Locale(c), "flash.settings_saved"))
	return web.Redirect(c, "/admin/settings")
}

func (h *adminHandler) renderSettings(c echo.Context, status int, form pages.SettingsForm, err error) error {
	form.Errors = formErrors(c, err, "policy", "cap", "acceptance", "expiry_notice_days", "bin_retention_days")
	return web.Render(c, status, web.Page{Title: i18n.Tr(web.Locale(c), "admin.settings"), Content: pages.AdminSettings(form)})
}

// atoiOr reads a number a form sent, or bad when it is none: bad is out of
// range, so the domain says what the range is.
func atoiOr(s string, bad int) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return bad
	}
	return n
}
