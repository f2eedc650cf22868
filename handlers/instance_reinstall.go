package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"imageshare/models"
	"imageshare/views/i18n"
	"imageshare/views/pages"
	"imageshare/web"
)

// showReinstall offers the images of the instance's region (R4).
func (h *instanceHandler) showReinstall(c echo.Context) error {
	ins, err := h.instances.Get(c.Request().Context(), web.Actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return h.renderReinstall(c, http.StatusOK, ins, ins.ImageID, nil)
}

// reinstall needs the person to confirm that the system disk is erased.
func (h *instanceHandler) reinstall(c echo.Context) error {
	ctx, actor := c.Request().Context(), web.Actor(c)
	ins, err := h.instances.Get(ctx, actor, c.Param("id"))
	if err != nil {
		return err
	}
	imageID := c.FormValue("image")
	if c.FormValue("confirm") != "yes" {
		err = &models.Error{Kind: models.ErrInvalid, Code: "MissingParameter",
			Fields: []models.FieldError{{Field: "confirm", Msg: models.Msg("reinstall.confirm_required")}}}
	} else {
		err = h.instances.Reinstall(ctx, actor, ins.ID, imageID)
	}
	if _, ok := models.AsError(err); ok {
		return h.renderReinstall(c, http.StatusUnprocessableEntity, ins, imageID, err)
	}
	if err != nil {
		return err
	}
	web.Flash(c, "success", i18n.Tr(web.Locale(c), "flash.instance_reinstalling", ins.Name))
	return web.Redirect(c, "/instances?region="+ins.RegionID)
}

func (h *instanceHandler) renderReinstall(c echo.Context, status int, ins models.Instance, imageID string, err error) error {
	images, lerr := h.images.Usable(c.Request().Context(), web.Actor(c), ins.RegionID)
	if lerr != nil {
		return lerr
	}
	v := pages.ReinstallView{
		Instance: instanceRows([]models.Instance{ins})[0], Images: imageOptions(images), ImageID: imageID,
		Errors: formErrors(c, err, "image", "confirm"),
	}
	return web.Render(c, status, web.Page{Title: i18n.Tr(web.Locale(c), "reinstall.title"), Content: pages.Reinstall(v), Region: ins.RegionID})
}
