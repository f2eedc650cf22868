package handlers

import (
	"net/http"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"imageshare/models"
	"imageshare/views/i18n"
	"imageshare/views/pages"
	"imageshare/web"
)

// show is the image detail page; the owner also sees the edit form, the
// copies it made and which accounts run instances from it.
func (h *imageHandler) show(c echo.Context) error {
	img, err := h.images.Get(c.Request().Context(), web.Actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return h.renderDetail(c, http.StatusOK, img, pages.ImageForm{Name: img.Name, Description: img.Description}, nil)
}

// update renames an image or changes its description (R2, R16).
func (h *imageHandler) update(c echo.Context) error {
	ctx, actor := c.Request().Context(), web.Actor(c)
	form := pages.ImageForm{Name: c.FormValue("name"), Description: c.FormValue("description")}
	updated, err := h.images.Update(ctx, actor, c.Param("id"), models.ImageEdit{Name: form.Name, Description: form.Description})
	if de, ok := models.AsError(err); ok {
		img, gerr := h.images.Get(ctx, actor, c.Param("id"))
		if gerr != nil {
			return gerr
		}
		return h.renderDetail(c, web.StatusOf(de), img, form, err)
	}
	if err != nil {
		return err
	}
	web.Flash(c, "success", i18n.Tr(web.Locale(c), "flash.image_updated", updated.Name))
	return web.Redirect(c, "/images/"+updated.ID)
}

func (h *imageHandler) renderDetail(c echo.Context, status int, img models.ImageView, form pages.ImageForm, err error) error {
	ctx, actor := c.Request().Context(), web.Actor(c)
	v := pages.ImageDetailView{Image: imageRow(c, img), Type: img.Type, Source: img.Source,
		SourceInstanceID: img.SourceInstanceID}
	if img.FailureReason != "" {
		v.FailureReason = i18n.Tr(web.Locale(c), img.FailureReason, failureArgs(img.Image)...)
	}
	v.Content = contentView(c, img)
	if img.Can.Manage.OK() {
		copies, cerr := h.images.Copies(ctx, actor, img.ID)
		if cerr != nil {
			return cerr
		}
		ids := []string{img.ID}
		for _, cp := range copies {
			ids = append(ids, cp.ID)
		}
		pending, perr := h.images.PendingShares(ctx, actor, ids)
		if perr != nil {
			return perr
		}
		for _, cp := range copies {
			v.Copies = append(v.Copies, copyRow(cp, pendingStep(pending, cp.ID)))
		}
		v.Pending = pendingStep(pending, img.ID)
		recipients, serr := h.shares.Recipients(ctx, actor, img.ID)
		if serr != nil {
			return serr
		}
		history, serr := h.shares.ForImage(ctx, actor, img.ID)
		if serr != nil {
			return serr
		}
		v.Shares, v.History = shareRows(recipients), shareHistory(history)
		impact, ierr := h.images.Impact(ctx, actor, img.ID)
		if ierr != nil {
			return ierr
		}
		v.Impact = impactRows(impact)
		form.Errors = formErrors(c, err, "name", "description")
		v.Form = form
	} else if de, ok := models.AsError(err); ok {
		v.Error = web.Translate(c, de.Msg) // a recipient's forged edit (R2)
	}
	return web.Render(c, status, web.Page{
		Title:    img.Name,
		Content:  pages.ImageDetail(v),
		Partials: map[string]templ.Component{pages.ImageStatusID: pages.ImageStatus(v)},
	})
}

func impactRows(impact []models.ImpactRow) []pages.ImpactRow {
	out := make([]pages.ImpactRow, len(impact))
	for i, r := range impact {
		out[i] = pages.ImpactRow{AccountID: r.AccountID, AccountName: r.AccountName, Instances: r.Instances}
	}
	return out
}

// pendingStep describes the copy-then-share step of an image, if it has one.
func pendingStep(pending map[string]models.PendingShare, imageID string) *pages.PendingStep {
	p, ok := pending[imageID]
	if !ok {
		return nil
	}
	accounts := strings.Join(p.Accounts(), ", ")
	switch p.State {
	case models.PendingDone:
		return &pages.PendingStep{Key: "pending.done", Args: []any{accounts}}
	case models.PendingFailed:
		return &pages.PendingStep{Key: "pending.failed", Args: []any{accounts, p.Error}}
	}
	return &pages.PendingStep{Key: "pending.waiting", Args: []any{accounts}}
}
