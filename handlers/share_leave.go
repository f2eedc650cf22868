package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"imageshare/views/i18n"
	"imageshare/views/pages"
	"imageshare/web"
)

// confirmLeave asks a recipient before removing a shared image from its
// account (R18), naming the instances that keep running.
func (h *shareHandler) confirmLeave(c echo.Context) error {
	p, err := h.shares.ToLeave(c.Request().Context(), web.Actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	v := pages.LeaveView{Image: imageRow(c, p.Image)}
	for _, ins := range p.Instances {
		v.Instances = append(v.Instances, pages.LeaveInstance{ID: ins.ID, Name: ins.Name, State: ins.State})
	}
	return web.Render(c, http.StatusOK, web.Page{Title: i18n.Tr(web.Locale(c), "leave.title"), Content: pages.LeaveShare(v)})
}

// leave removes the image from the recipient's account at once (R18).
func (h *shareHandler) leave(c echo.Context) error {
	ctx, actor := c.Request().Context(), web.Actor(c)
	img, err := h.images.Get(ctx, actor, c.Param("id"))
	if err != nil {
		return err
	}
	if err := h.shares.Leave(ctx, actor, img.ID); err != nil {
		return err
	}
	web.Flash(c, "success", i18n.Tr(web.Locale(c), "flash.share_left", img.Name))
	return web.Redirect(c, "/images?tab=shared&region="+img.RegionID)
}
