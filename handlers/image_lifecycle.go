package handlers

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"imageshare/models"
	"imageshare/views/i18n"
	"imageshare/views/pages"
	"imageshare/web"
)

// lifecycleHandler changes an image's lifecycle (R21, R22): deprecation,
// disabling, deletion protection. Only the owner gets the forms; the
// domain refuses anyone else.
type lifecycleHandler struct {
	images *models.ImageStore
}

func lifecycleRoutes(app *echo.Group, images *models.ImageStore) {
	h := &lifecycleHandler{images: images}
	app.GET("/images/:id/deprecate", h.showDeprecate)
	app.POST("/images/:id/deprecate", h.deprecate)
	app.POST("/images/:id/deprecation/cancel", h.cancelDeprecation)
	app.GET("/images/:id/disable", h.confirmDisable)
	app.POST("/images/:id/disable", h.disable)
	app.POST("/images/:id/enable", h.enable)
	app.POST("/images/:id/protection", h.protect)
}

// lifecycleOf is an image's lifecycle as the domain told its viewer.
func lifecycleOf(img models.ImageView) pages.Lifecycle {
	n, can := img.Notice.LifecycleNotice, img.Can.LifecycleCan
	l := pages.Lifecycle{Deprecated: n.Deprecated, Since: n.DeprecatedSince, Scheduled: n.DeprecationScheduled,
		Disabled: n.Disabled, Protected: n.Protected,
		Can: pages.LifecycleActions{Deprecate: can.Deprecate.OK(), CancelDeprecation: can.CancelDeprecation.OK(),
			Disable: can.Disable.OK(), Enable: can.Enable.OK(), Protect: can.Protect.OK()}}
	if s := n.Successor; s != nil {
		l.Successor = &pages.Successor{ID: s.ID, Name: s.Name, Link: s.Visible}
	}
	return l
}

func (h *lifecycleHandler) showDeprecate(c echo.Context) error {
	img, err := h.images.Owned(c.Request().Context(), web.Actor(c), c.Param("id"), models.OpEdit)
	if err != nil {
		return err
	}
	v := pages.DeprecateView{When: "now"}
	if s := img.Notice.Successor; s != nil {
		v.Successor = s.ID
	}
	if at := img.Notice.DeprecationScheduled; at != nil {
		v.When, v.At = "later", pages.PickerValue(at)
	}
	return h.renderDeprecate(c, http.StatusOK, img, v)
}

// deprecate marks the image deprecated now or at the time given in the
// browser's time zone (sent in UTC by app.js), naming a successor or none.
func (h *lifecycleHandler) deprecate(c echo.Context) error {
	ctx, actor := c.Request().Context(), web.Actor(c)
	v := pages.DeprecateView{When: c.FormValue("when"), At: c.FormValue("at"), AtUTC: c.FormValue("at_utc"),
		Successor: c.FormValue("successor")}
	in := models.Deprecation{SuccessorID: v.Successor}
	var err error
	if v.When == "later" {
		in.At, err = models.ParseDeprecateAt(v.At, v.AtUTC)
	}
	if err == nil {
		err = h.images.Deprecate(ctx, actor, c.Param("id"), in)
	}
	if de, ok := models.AsError(err); ok && de.Kind == models.ErrInvalid && len(de.Fields) > 0 {
		img, gerr := h.images.Owned(ctx, actor, c.Param("id"), models.OpEdit)
		if gerr != nil {
			return gerr
		}
		v.Errors = formErrors(c, err, "at", "successor")
		return h.renderDeprecate(c, web.StatusOf(de), img, v)
	}
	if err != nil {
		return err
	}
	img, err := h.images.Get(ctx, actor, c.Param("id"))
	if err != nil {
		return err
	}
	if in.At != nil && in.At.After(time.Now()) {
		web.Flash(c, "success", i18n.Tr(web.Locale(c), "flash.deprecation_scheduled", img.Name, i18n.FormatTimeIn(web.Locale(c), *in.At)))
	} else {
		web.Flash(c, "success", i18n.Tr(web.Locale(c), "flash.image_deprecated", img.Name))
	}
	return web.Redirect(c, "/images/"+img.ID)
}

func (h *lifecycleHandler) renderDeprecate(c echo.Context, status int, img models.ImageView, v pages.DeprecateView) error {
	choices, err := h.images.SuccessorChoices(c.Request().Context(), web.Actor(c), img.ID)
	if err != nil {
		return err
	}
	v.Image = imageRow(c, img)
	for _, s := range choices {
		v.Choices = append(v.Choices, pages.SuccessorChoice{ID: s.ID, Name: s.Name})
	}
	return web.Render(c, status, web.Page{Title: i18n.Tr(web.Locale(c), "deprecate.title"), Content: pages.DeprecateImage(v), Region: img.RegionID})
}

func (h *lifecycleHandler) cancelDeprecation(c echo.Context) error {
	return h.change(c, "flash.deprecation_cancelled", h.images.CancelDeprecation)
}

// confirmDisable asks before disabling: nobody can use the image then.
func (h *lifecycleHandler) confirmDisable(c echo.Context) error {
	img, err := h.images.Owned(c.Request().Context(), web.Actor(c), c.Param("id"), models.OpEdit)
	if err != nil {
		return err
	}
	v := pages.DisableView{Image: imageRow(c, img)}
	if r := img.Can.Disable.Refusal; r != nil {
		v.Error = web.Translate(c, r.Msg)
	}
	return web.Render(c, http.StatusOK, web.Page{Title: i18n.Tr(web.Locale(c), "disable.title"), Content: pages.DisableImage(v), Region: img.RegionID})
}

func (h *lifecycleHandler) disable(c echo.Context) error {
	return h.change(c, "flash.image_disabled", h.images.Disable)
}

func (h *lifecycleHandler) enable(c echo.Context) error {
	return h.change(c, "flash.image_enabled", h.images.Enable)
}

// protect turns deletion protection on ("on" = 1) or off (R22).
func (h *lifecycleHandler) protect(c echo.Context) error {
	on := c.FormValue("on") == "1"
	key := "flash.protection_off"
	if on {
		key = "flash.protection_on"
	}
	return h.change(c, key, func(ctx context.Context, actor models.Actor, id string) error {
		return h.images.SetDeletionProtection(ctx, actor, id, on)
	})
}

// change applies one lifecycle change to the image of the URL and goes
// back to its page with a flash naming it; a refusal is the error page's.
func (h *lifecycleHandler) change(c echo.Context, flash string, fn func(ctx context.Context, actor models.Actor, id string) error) error {
	ctx, actor := c.Request().Context(), web.Actor(c)
	img, err := h.images.Get(ctx, actor, c.Param("id"))
	if err != nil {
		return err
	}
	if err := fn(ctx, actor, img.ID); err != nil {
		return err
	}
	web.Flash(c, "success", i18n.Tr(web.Locale(c), flash, img.Name))
	return web.Redirect(c, "/images/"+img.ID)
}
