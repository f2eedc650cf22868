package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"imageshare/models"
	"imageshare/views/i18n"
	"imageshare/views/pages"
	"imageshare/web"
)

// showExpiry is the form that moves or removes the end of one share (R20).
func (h *shareHandler) showExpiry(c echo.Context) error {
	return h.renderExpiry(c, http.StatusOK, nil, nil)
}

// setExpiry moves the end of a share, or removes it ("remove").
func (h *shareHandler) setExpiry(c echo.Context) error {
	ctx, actor := c.Request().Context(), web.Actor(c)
	form := &pages.ExpiryView{Until: c.FormValue("until"), UntilUTC: c.FormValue("until_utc")}
	var until *time.Time
	var err error
	if c.FormValue("remove") != "1" {
		until, err = models.ParseExpiry(form.Until, form.UntilUTC)
	}
	if err == nil {
		err = h.shares.SetExpiry(ctx, actor, c.Param("id"), c.Param("account"), until)
	}
	if de, ok := models.AsError(err); ok && web.FieldText(c, err, "until") != "" {
		return h.renderExpiry(c, web.StatusOf(de), form, err)
	}
	if err != nil {
		return err
	}
	if until == nil {
		web.Flash(c, "success", i18n.Tr(web.Locale(c), "flash.expiry_removed", c.Param("account")))
	} else {
		web.Flash(c, "success", i18n.Tr(web.Locale(c), "flash.expiry_set", c.Param("account"), i18n.FormatTimeIn(web.Locale(c), *until)))
	}
	return web.Redirect(c, pages.DetailURL(c.Param("id"), pages.DetailSharing))
}

// renderExpiry shows the form with the share as stored, or as typed.
func (h *shareHandler) renderExpiry(c echo.Context, status int, form *pages.ExpiryView, setErr error) error {
	ctx, actor := c.Request().Context(), web.Actor(c)
	img, err := h.images.Owned(ctx, actor, c.Param("id"), models.OpShare)
	if err != nil {
		return err
	}
	shares, err := h.shares.Recipients(ctx, actor, img.ID)
	if err != nil {
		return err
	}
	for _, s := range shares {
		if s.Target() != c.Param("account") {
			continue
		}
		v := pages.ExpiryView{Image: imageRow(c, img), AccountID: s.Target(), AccountName: s.RecipientName,
			ExpiresAt: s.ExpiresAt, Until: pages.PickerValue(s.ExpiresAt)}
		if form != nil {
			v.Until, v.UntilUTC, v.Error = form.Until, form.UntilUTC, web.FieldText(c, setErr, "until")
		}
		return web.Render(c, status, web.Page{Title: i18n.Tr(web.Locale(c), "detail.col.ends"), Content: pages.ShareExpiry(v)})
	}
	return echo.ErrNotFound
}
