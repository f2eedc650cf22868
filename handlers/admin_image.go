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

// image is the admin's read-only view of any account's image and its shares.
func (h *adminHandler) image(c echo.Context) error {
	ctx, actor := c.Request().Context(), web.Actor(c)
	img, err := h.admin.GetImage(ctx, actor, c.Param("id"))
	if err != nil {
		return err
	}
	page, err := h.admin.ListShares(ctx, actor, models.ShareFilter{Image: img.ID, PageSize: models.MaxPageSize})
	if err != nil {
		return err
	}
	v := pages.AdminImageView{Image: imageRow(c, img), Shares: adminShareRows(page.Shares)}
	return web.Render(c, http.StatusOK, web.Page{Title: img.Name, Content: pages.AdminImage(v), Region: img.RegionID})
}

// confirmRevoke asks for the reason the owner and the recipient will read.
func (h *adminHandler) confirmRevoke(c echo.Context) error {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		return echo.ErrNotFound // 0 would mean "no filter": never show another share's form
	}
	page, err := h.admin.ListShares(c.Request().Context(), web.Actor(c), models.ShareFilter{ID: id})
	if err != nil {
		return err
	}
	if len(page.Shares) == 0 {
		return echo.ErrNotFound
	}
	v := pages.RevokeView{Share: adminShareRows(page.Shares)[0], Next: web.SafeNext(c.QueryParam("next"), "/admin/shares")}
	return web.Render(c, http.StatusOK, web.Page{Title: i18n.Tr(web.Locale(c), "admin.revoke_title"), Content: pages.Revoke(v)})
}
