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

func shareFilter(c echo.Context) (models.ShareFilter, pages.AdminShareFilter) {
	v := pages.AdminShareFilter{
		Owner: c.QueryParam("owner"), Recipient: c.QueryParam("recipient"), Region: c.QueryParam("region_filter"),
		Status: c.QueryParam("status"), From: c.QueryParam("from"), To: c.QueryParam("to"), Sort: c.QueryParam("sort"),
	}
	page, _ := strconv.Atoi(c.QueryParam("page"))
	f := models.ShareFilter{Owner: v.Owner, Recipient: v.Recipient, Region: v.Region, Status: v.Status,
		From: dateParam(c, "from", false), To: dateParam(c, "to", true), Sort: v.Sort, Page: page}
	return f, v
}

// shares lists every share of every account, filtered; a row links to its
// image and active rows can be revoked.
func (h *adminHandler) shares(c echo.Context) error {
	f, fv := shareFilter(c)
	page, err := h.admin.ListShares(c.Request().Context(), web.Actor(c), f)
	if err != nil {
		return err
	}
	q := c.QueryParams()
	q.Del("page")
	v := pages.AdminSharesView{Filter: fv, Rows: adminShareRows(page.Shares), Page: page.Filter.Page,
		Pages: page.Pages(), PageSize: page.Filter.PageSize, Total: page.Total, Query: q.Encode(), Regions: models.RegionIDs}
	return web.Render(c, http.StatusOK, web.Page{Title: i18n.Tr(web.Locale(c), "admin.shares"), Content: pages.AdminShares(v)})
}

// exportShares sends the filtered list as CSV.
func (h *adminHandler) exportShares(c echo.Context) error {
	f, _ := shareFilter(c)
	rows, err := h.admin.ExportShares(c.Request().Context(), web.Actor(c), f)
	if err != nil {
		return err
	}
	out := make([][]string, len(rows))
	for i, s := range rows {
		out[i] = []string{strconv.FormatInt(s.ID, 10), s.ImageID, s.ImageName, s.RegionID, s.OwnerAccountID, s.OwnerName,
			s.RecipientAccountID, s.RecipientName, s.TargetKind(), strconv.Itoa(s.Reach), s.Status, formatTime(&s.CreatedAt),
			formatTime(s.DecidedAt), s.Reason}
	}
	return writeCSV(c, "shares", []string{"share_id", "image_id", "image_name", "region", "owner_account_id", "owner_name",
		"recipient_account_id", "recipient_name", "target_type", "reach", "status", "created_at", "decided_at", "reason"}, out)
}

// revoke ends active shares with a reason (R15, R17); without one, the list
// comes back with the message.
func (h *adminHandler) revoke(c echo.Context) error {
	n, err := h.admin.Revoke(c.Request().Context(), web.Actor(c), formIDs(c, "shares"), c.FormValue("reason"))
	return h.decided(c, n, err, "flash.shares_revoked")
}

func (h *adminHandler) review(c echo.Context) error {
	return h.renderReview(c, http.StatusOK, nil)
}

func (h *adminHandler) approve(c echo.Context) error {
	n, err := h.admin.Approve(c.Request().Context(), web.Actor(c), formIDs(c, "shares"))
	return h.decided(c, n, err, "flash.shares_approved")
}

func (h *adminHandler) reject(c echo.Context) error {
	n, err := h.admin.Reject(c.Request().Context(), web.Actor(c), formIDs(c, "shares"), c.FormValue("reason"))
	return h.decided(c, n, err, "flash.shares_rejected")
}

// decided reports a bulk decision as a flash and goes back where it came from.
func (h *adminHandler) decided(c echo.Context, n int, err error, okKey string) error {
	back := web.SafeNext(c.FormValue("next"), "/admin/shares")
	if de, ok := models.AsError(err); ok {
		web.Flash(c, "error", web.Translate(c, de.Msg))
		return web.Redirect(c, back)
	}
	if err != nil {
		return err
	}
	web.Flash(c, "success", i18n.Tr(web.Locale(c), okKey, n))
	return web.Redirect(c, back)
}

func (h *adminHandler) renderReview(c echo.Context, status int, err error) error {
	page, lerr := h.admin.ListShares(c.Request().Context(), web.Actor(c),
		models.ShareFilter{Status: models.SharePending, Sort: "oldest", PageSize: models.MaxPageSize})
	if lerr != nil {
		return lerr
	}
	v := pages.ReviewView{Rows: adminShareRows(page.Shares), Total: page.Total}
	return web.Render(c, status, web.Page{Title: i18n.Tr(web.Locale(c), "admin.review"), Content: pages.Review(v)})
}

func adminShareRows(shares []models.AdminShare) []pages.AdminShareRow {
	out := make([]pages.AdminShareRow, len(shares))
	for i, s := range shares {
		out[i] = pages.AdminShareRow{ID: s.ID, ImageID: s.ImageID, ImageName: s.ImageName, Region: s.RegionID,
			OwnerID: s.OwnerAccountID, OwnerName: s.OwnerName, RecipientID: s.RecipientAccountID,
			RecipientName: s.RecipientName, TargetKind: s.TargetKind(), Reach: s.Reach, Status: s.Status, Reason: s.Reason, CreatedAt: s.CreatedAt, DecidedAt: s.DecidedAt}
	}
	return out
}
