package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"imageshare/models"
	"imageshare/views/i18n"
	"imageshare/views/pages"
	"imageshare/web"
)

type adminHandler struct {
	admin *models.AdminStore
	orgs  *models.OrgStore
}

func (h *adminHandler) overview(c echo.Context) error {
	o, err := h.admin.Overview(c.Request().Context(), web.Actor(c))
	if err != nil {
		return err
	}
	v := pages.AdminView{
		ActiveAccounts: o.ActiveAccounts, DisabledAccounts: o.DisabledAccounts, Users: o.Users,
		CustomImages: o.CustomImages, ActiveShares: o.ActiveShares, PendingReview: o.PendingReview,
	}
	return web.Render(c, http.StatusOK, web.Page{Title: i18n.Tr(web.Locale(c), "admin.title"), Content: pages.Admin(v)})
}
