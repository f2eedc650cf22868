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
	return h.renderSettings(c, http.StatusOK, pages.SettingsForm{Policy: s.SharePolicy, Cap: strconv.Itoa(s.ShareCap)}, nil)
}

// saveSettings changes the sharing policy and cap; existing shares stay as they are.
func (h *adminHandler) saveSettings(c echo.Context) error {
	form := pages.SettingsForm{Policy: c.FormValue("policy"), Cap: c.FormValue("cap")}
	capN, convErr := strconv.Atoi(form.Cap)
	if convErr != nil {
		capN = 0 // out of range: the domain says what the range is
	}
	err := h.admin.SetSettings(c.Request().Context(), web.Actor(c), models.Settings{SharePolicy: form.Policy, ShareCap: capN})
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
	form.Errors = formErrors(c, err, "policy", "cap")
	return web.Render(c, status, web.Page{Title: i18n.Tr(web.Locale(c), "admin.settings"), Content: pages.AdminSettings(form)})
}
