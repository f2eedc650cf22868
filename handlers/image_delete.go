package handlers

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"

	"imageshare/models"
	"imageshare/views/i18n"
	"imageshare/views/pages"
	"imageshare/web"
)

// confirmDelete asks before deleting, and says what will not be touched:
// instances launched from the image keep running.
func (h *imageHandler) confirmDelete(c echo.Context) error {
	img, err := h.images.Owned(c.Request().Context(), web.Actor(c), c.Param("id"), models.OpDelete)
	if err != nil {
		return err
	}
	return h.renderDelete(c, http.StatusOK, img, nil)
}

func (h *imageHandler) delete(c echo.Context) error {
	ctx, actor := c.Request().Context(), web.Actor(c)
	img, err := h.images.Get(ctx, actor, c.Param("id"))
	if err != nil {
		return err
	}
	days, err := h.bin.RetentionDays(ctx)
	if err != nil {
		return err
	}
	err = h.images.Delete(ctx, actor, img.ID)
	if de, ok := models.AsError(err); ok {
		if !img.Can.Manage.OK() {
			return err // a forged request: the refusal alone, never the owner's dialog
		}
		return h.renderDelete(c, web.StatusOf(de), img, err)
	}
	if err != nil {
		return err
	}
	flash := "flash.image_deleted"
	if days > 0 {
		flash = "flash.image_binned"
	}
	web.Flash(c, "success", i18n.Tr(web.Locale(c), flash, img.Name))
	return web.Redirect(c, "/images?tab=custom&region="+img.RegionID)
}

// renderDelete is the confirmation, or, where the domain refuses the delete
// (R6), the refusal up front ("shared with N accounts") and its remedy in
// place of the delete button.
func (h *imageHandler) renderDelete(c echo.Context, status int, img models.ImageView, err error) error {
	ctx, actor := c.Request().Context(), web.Actor(c)
	if err == nil && !img.Can.Delete.OK() {
		// A dry run of the delete words the refusal as a click would,
		// naming the accounts the image is shared with.
		if err = h.images.Delete(models.WithDryRun(ctx), actor, img.ID); errors.Is(err, models.ErrDryRun) {
			err = nil
		}
	}
	v := pages.DeleteImageView{Image: imageRow(c, img)}
	days, derr := h.bin.RetentionDays(ctx)
	if derr != nil {
		return derr
	}
	v.BinDays = days
	if de, ok := models.AsError(err); ok {
		v.Error, v.Refused = web.Translate(c, de.Msg), true
		remedy := models.RemedyOf(de)
		v.InShared = remedy == models.RemedyCancelShares || img.Can.Delete.Remedy == models.RemedyCancelShares
		v.Protected = remedy == models.RemedyProtectionOff || img.Can.Delete.Remedy == models.RemedyProtectionOff
	} else if err != nil {
		return err
	}
	if img.Can.Manage.OK() {
		impact, ierr := h.images.Impact(ctx, actor, img.ID)
		if ierr != nil {
			return ierr
		}
		v.Impact = impactRows(impact)
	}
	return web.Render(c, status, web.Page{Title: i18n.Tr(web.Locale(c), "delete.title"), Content: pages.DeleteImage(v), Region: img.RegionID})
}
