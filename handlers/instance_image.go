package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"imageshare/models"
	"imageshare/views/i18n"
	"imageshare/views/pages"
	"imageshare/web"
)

// showCreateImage offers to make a custom image of an instance, with the
// quota of its region in view.
func (h *instanceHandler) showCreateImage(c echo.Context) error {
	ins, err := h.instances.Get(c.Request().Context(), web.Actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return h.renderCreateImage(c, http.StatusOK, ins, pages.ImageForm{}, nil)
}

func (h *instanceHandler) createImage(c echo.Context) error {
	ctx, actor := c.Request().Context(), web.Actor(c)
	ins, err := h.instances.Get(ctx, actor, c.Param("id"))
	if err != nil {
		return err
	}
	form := pages.ImageForm{Name: c.FormValue("name"), Description: c.FormValue("description")}
	img, err := h.images.CreateFromInstance(ctx, actor, models.NewImage{InstanceID: ins.ID, Name: form.Name, Description: form.Description})
	if _, ok := models.AsError(err); ok {
		return h.renderCreateImage(c, http.StatusUnprocessableEntity, ins, form, err)
	}
	if err != nil {
		return err
	}
	web.Flash(c, "success", i18n.Tr(web.Locale(c), "flash.image_creating", img.Name))
	return web.Redirect(c, "/images/"+img.ID)
}

func (h *instanceHandler) renderCreateImage(c echo.Context, status int, ins models.Instance, form pages.ImageForm, err error) error {
	quota, qerr := h.quotas.Region(c.Request().Context(), web.Actor(c), ins.RegionID)
	if qerr != nil {
		return qerr
	}
	form.Errors = formErrors(c, err, "name", "description")
	v := pages.CreateImageView{
		Instance: instanceRows([]models.Instance{ins})[0], Form: form,
		Quota: pages.QuotaUse{Used: quota.Used, Limit: quota.Limit, Binned: quota.Binned},
	}
	return web.Render(c, status, web.Page{Title: i18n.Tr(web.Locale(c), "create_image.title"), Content: pages.CreateImage(v), Region: ins.RegionID})
}
