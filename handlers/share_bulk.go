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

// bulkShareHandler shares several images with the same accounts (R26): the
// Custom tab's "Share selected" opens its page; the page checks every image
// with the domain (CheckMany), shows a verdict per image, and shares all or
// none (ShareMany).
type bulkShareHandler struct {
	images *models.ImageStore
	shares *models.ShareStore
}

// show is the first step, reached by the Custom tab's GET form: the images
// ticked (or, for "select all" without JavaScript, the page's shareable
// ones) and the share form.
func (h *bulkShareHandler) show(c echo.Context) error {
	if err := checkRegionParam(c); err != nil {
		return err
	}
	v := pages.BulkShareView{Region: web.Values(c).Region, Step: pages.BulkStepEdit}
	return h.renderEdit(c, http.StatusOK, v, selectedImages(c), nil)
}

// submit is each later step, by the button pressed: review (check every
// image), edit (back to the form, values kept) or share.
func (h *bulkShareHandler) submit(c echo.Context) error {
	ctx, actor := c.Request().Context(), web.Actor(c)
	form := pages.ShareForm{Accounts: c.FormValue("accounts"), RiskAccepted: c.FormValue("risk") == "yes",
		Until: c.FormValue("until"), UntilUTC: c.FormValue("until_utc")}
	v := pages.BulkShareView{Region: c.FormValue("region"), Form: form, Targets: models.ParseAccountIDs(form.Accounts)}
	ids := selectedImages(c)
	until, err := models.ParseExpiry(form.Until, form.UntilUTC)
	if err != nil || c.FormValue("step") == pages.BulkStepEdit {
		return h.renderEdit(c, statusOr(err, http.StatusOK), v, ids, err)
	}
	req := models.BulkShareRequest{ImageIDs: ids, Region: v.Region,
		Share: models.ShareRequest{AccountIDs: v.Targets, RiskAccepted: form.RiskAccepted, ExpiresAt: until}}
	if c.FormValue("step") != "share" {
		check, err := h.shares.CheckMany(ctx, actor, req)
		if err != nil {
			return h.renderEdit(c, statusOr(err, 0), v, ids, err)
		}
		return h.renderConfirm(c, http.StatusOK, v, check)
	}
	res, err := h.shares.ShareMany(ctx, actor, req)
	if refused, ok := models.AsBulkShareError(err); ok {
		return h.renderConfirm(c, http.StatusUnprocessableEntity, v, refused.Check)
	}
	if err != nil {
		return h.renderEdit(c, statusOr(err, 0), v, ids, err)
	}
	web.Flash(c, "success", bulkFlash(web.Locale(c), res, v.Targets))
	v.Region = res.Region
	return web.Redirect(c, v.BackURL())
}

// selectedImages are the images a step is about: the ticked ones, or the
// page's shareable ones when "select all" came without JavaScript.
func selectedImages(c echo.Context) []string {
	params, _ := c.FormParams()
	if params.Get("all") == "1" {
		return params["page"]
	}
	return params["image"]
}

// statusOr is the status of a domain refusal (422, 404...), or def for no
// error; anything else is not a refusal, and the caller returns it.
func statusOr(err error, def int) int {
	if de, ok := models.AsError(err); ok {
		return web.StatusOf(de)
	}
	return def
}

// renderEdit shows the form with the selected images, each with the
// domain's refusal of sharing it (its Can.Share) if it has one, and the
// request's refusal by field.
func (h *bulkShareHandler) renderEdit(c echo.Context, status int, v pages.BulkShareView, ids []string, reqErr error) error {
	if _, ok := models.AsError(reqErr); reqErr != nil && !ok {
		return reqErr
	}
	v.Step = pages.BulkStepEdit
	rows, err := h.selection(c, ids)
	if err != nil {
		return err
	}
	v.Images = rows
	v.ImagesError, v.AccountsError = web.FieldText(c, reqErr, "images"), web.FieldText(c, reqErr, "accounts")
	v.RiskError, v.UntilError = web.FieldText(c, reqErr, "risk"), web.FieldText(c, reqErr, "until")
	if de, ok := models.AsError(reqErr); ok && v.ImagesError+v.AccountsError+v.RiskError+v.UntilError == "" {
		v.FormError = web.Translate(c, de.Msg)
	}
	return h.render(c, status, v)
}

// selection names the selected images as the viewer sees them.
func (h *bulkShareHandler) selection(c echo.Context, ids []string) ([]pages.BulkImageRow, error) {
	ctx, actor := c.Request().Context(), web.Actor(c)
	var rows []pages.BulkImageRow
	for _, id := range dedupeIDs(ids) {
		row := pages.BulkImageRow{ID: id}
		img, err := h.images.Get(ctx, actor, id)
		if de, ok := models.AsError(err); ok {
			row.Problem = web.Translate(c, de.Msg)
		} else if err != nil {
			return nil, err
		} else {
			row.Name = img.Name
			if !img.Can.Share.OK() {
				row.Problem = web.Translate(c, img.Can.Share.Refusal.Msg)
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// renderConfirm shows the domain's verdict on each image.
func (h *bulkShareHandler) renderConfirm(c echo.Context, status int, v pages.BulkShareView, check models.BulkShareCheck) error {
	v.Step, v.Ready = pages.BulkStepConfirm, check.OK()
	if check.Region != "" {
		v.Region = check.Region
	}
	for _, img := range check.Images {
		row := pages.BulkImageRow{ID: img.ImageID, Name: img.Name, Checked: true}
		if img.Refusal != nil {
			// The refusal, and what it says of each field (each refused
			// account, or the cap), as a share of this image alone says it.
			row.Problem = web.Translate(c, img.Refusal.Msg)
			for _, f := range img.Refusal.Fields {
				if m := web.Translate(c, f.Msg); m != row.Problem {
					row.Details = append(row.Details, m)
				}
			}
		}
		v.Images = append(v.Images, row)
	}
	return h.render(c, status, v)
}

func (h *bulkShareHandler) render(c echo.Context, status int, v pages.BulkShareView) error {
	ctx := c.Request().Context()
	if !models.ValidRegion(v.Region) {
		v.Region = web.Values(c).Region
	}
	var err error
	if v.Review, err = h.shares.ReviewRequired(ctx); err != nil {
		return err
	}
	if v.Consent, err = h.shares.ConsentRequired(ctx); err != nil {
		return err
	}
	return web.Render(c, status, web.Page{Title: i18n.Tr(web.Locale(c), "bulk.title"), Content: pages.BulkShare(v),
		Region: v.Region})
}

// bulkFlash says what a bulk share did: "Shared 3 images with …", or that
// the shares wait for review (R17) or for their recipients (R19).
func bulkFlash(locale string, res models.BulkShareResult, targets []string) string {
	key := "bulk.flash"
	switch res.Status() {
	case models.SharePending:
		key = "bulk.flash_pending"
	case models.ShareOffered:
		key = "bulk.flash_offered"
	}
	return i18n.Tr(locale, key, len(res.Images), targetList(locale, targets))
}

// targetList names the targets of a share, the first three and how many more.
func targetList(locale string, targets []string) string {
	const shown = 3
	if len(targets) <= shown {
		return strings.Join(targets, ", ")
	}
	return i18n.Tr(locale, "bulk.and_more", strings.Join(targets[:shown], ", "), len(targets)-shown)
}

// dedupeIDs drops repeated ids, keeping the first of each.
func dedupeIDs(ids []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
