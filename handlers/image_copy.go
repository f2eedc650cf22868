package handlers

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"imageshare/models"
	"imageshare/views/i18n"
	"imageshare/views/pages"
	"imageshare/web"
)

// showCopy offers the other regions with the quota use in each (R5).
func (h *imageHandler) showCopy(c echo.Context) error {
	img, err := h.images.Owned(c.Request().Context(), web.Actor(c), c.Param("id"), models.OpCopy)
	if err != nil {
		return err
	}
	return h.renderCopy(c, http.StatusOK, img, pages.CopyForm{Name: img.Name}, nil)
}

// copy starts the copies, all or none, then shows the source image, where
// the copies' progress is followed.
func (h *imageHandler) copy(c echo.Context) error {
	ctx, actor := c.Request().Context(), web.Actor(c)
	img, err := h.images.Get(ctx, actor, c.Param("id"))
	if err != nil {
		return err
	}
	form, _ := c.FormParams()
	in := pages.CopyForm{Name: c.FormValue("name"), Regions: form["regions"], ShareWith: c.FormValue("share_with"),
		RiskAccepted: c.FormValue("risk") == "yes"}
	copies, err := h.images.Copy(ctx, actor, img.ID, models.ImageCopy{Regions: in.Regions, Name: in.Name,
		ShareWith: models.ParseAccountIDs(in.ShareWith), RiskAccepted: in.RiskAccepted})
	if de, ok := models.AsError(err); ok {
		if !img.Can.Manage.OK() {
			return err // a forged request: the refusal alone, never the owner's form
		}
		return h.renderCopy(c, web.StatusOf(de), img, in, err)
	}
	if err != nil {
		return err
	}
	names := make([]string, len(copies))
	for i, cp := range copies {
		names[i] = i18n.Tr(web.Locale(c), "region."+cp.RegionID)
	}
	web.Flash(c, "success", i18n.Tr(web.Locale(c), "flash.copy_started", len(copies), strings.Join(names, ", ")))
	return web.Redirect(c, "/images/"+img.ID)
}

func (h *imageHandler) renderCopy(c echo.Context, status int, img models.ImageView, form pages.CopyForm, err error) error {
	quotas, qerr := h.quotas.Regions(c.Request().Context(), web.Actor(c))
	if qerr != nil {
		return qerr
	}
	v := pages.CopyView{Image: imageRow(c, img), Form: form}
	for _, q := range quotas {
		if q.Region != img.RegionID {
			v.Targets = append(v.Targets, pages.CopyTarget{Region: q.Region, Used: q.Used, Limit: q.Limit, Binned: q.Binned})
		}
	}
	v.Form.Errors = formErrors(c, err, "name", "regions", "risk")
	if de, ok := models.AsError(err); ok {
		for _, f := range de.Fields {
			if !isFormField(f.Field) {
				v.Form.AccountErrors = append(v.Form.AccountErrors, web.Translate(c, f.Msg))
			}
		}
		if len(v.Form.AccountErrors) > 0 {
			delete(v.Form.Errors, "")
		}
	}
	return web.Render(c, status, web.Page{Title: i18n.Tr(web.Locale(c), "copy.title"), Content: pages.CopyImage(v), Region: img.RegionID})
}

// isFormField reports whether a domain error field is one of the copy form's
// own inputs; any other field names an account of the share-with list.
func isFormField(f string) bool { return f == "name" || f == "regions" || f == "risk" }
