package handlers

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"imageshare/models"
	"imageshare/views/components"
	"imageshare/views/i18n"
	"imageshare/views/pages"
	"imageshare/web"
)

// show is the image detail page; the owner also sees the edit form, the
// copies it made and which accounts run instances from it.
func (h *imageHandler) show(c echo.Context) error {
	d, err := h.images.Detail(c.Request().Context(), web.Actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return h.renderDetail(c, http.StatusOK, d, pages.ImageForm{Name: d.Image.Name, Description: d.Image.Description}, nil)
}

// update renames an image or changes its description (R2, R16).
func (h *imageHandler) update(c echo.Context) error {
	ctx, actor := c.Request().Context(), web.Actor(c)
	form := pages.ImageForm{Name: c.FormValue("name"), Description: c.FormValue("description")}
	updated, err := h.images.Update(ctx, actor, c.Param("id"), models.ImageEdit{Name: form.Name, Description: form.Description})
	if de, ok := models.AsError(err); ok {
		d, gerr := h.images.Detail(ctx, actor, c.Param("id"))
		if gerr != nil {
			return gerr
		}
		return h.renderDetail(c, web.StatusOf(de), d, form, err)
	}
	if err != nil {
		return err
	}
	web.Flash(c, "success", i18n.Tr(web.Locale(c), "flash.image_updated", updated.Name))
	return web.Redirect(c, "/images/"+updated.ID)
}

func (h *imageHandler) renderDetail(c echo.Context, status int, d models.ImageDetail, form pages.ImageForm, err error) error {
	img := d.Image
	v := pages.ImageDetailView{Image: imageRow(c, img), Type: img.Type, Source: img.Source,
		SourceInstanceID: img.SourceInstanceID, Watch: pages.ParseWatch(c.QueryParam(pages.WatchParam))}
	if img.FailureReason != "" {
		v.FailureReason = i18n.Tr(web.Locale(c), img.FailureReason, failureArgs(img.Image)...)
	}
	v.Content = contentView(c, img)
	if img.Can.Manage.OK() {
		for _, cp := range d.Copies {
			v.Copies = append(v.Copies, copyRow(cp, pendingStep(d.Pending, cp.ID)))
		}
		v.Pending = pendingStep(d.Pending, img.ID)
		history := shareHistory(d.History)
		v.ShareCap, v.SharesTotal, v.HistoryTotal = d.ShareCap, len(d.Recipients), len(history)
		v.Shares, v.SharesPager = pageOf(shareRows(d.Recipients), c.QueryParam("shares_page"), sharesPageSize,
			detailPageURL(img.ID, pages.DetailSharing, "shares_page"))
		v.History, v.HistoryPager = pageOf(history, c.QueryParam("history_page"), historyPageSize,
			detailPageURL(img.ID, pages.DetailHistory, "history_page"))
		v.Impact = impactRows(d.Impact)
		form.Errors = formErrors(c, err, "name", "description")
		v.Form = form
		// "Edit" (in the list or the header) and a refused save show the form at the top.
		v.Edit = c.QueryParam("edit") != "" || err != nil
	} else if de, ok := models.AsError(err); ok {
		v.Error = web.Translate(c, de.Msg) // a recipient's forged edit (R2)
	}
	v.AccessEnds = d.AccessEnds
	v.Tags = tagsSection(c, img)
	v.OpenTab(c.QueryParam("tab"))
	return web.Render(c, status, web.Page{
		Title:    img.Name,
		Content:  pages.ImageDetail(v),
		Partials: map[string]templ.Component{pages.ImageDetailLiveID: pages.ImageDetailLive(v), pages.ImageTagsID: pages.ImageTags(v.Tags)},
		Region:   img.RegionID,
	})
}

// An image's recipients are paged by the default share cap (R1), so one page
// holds them all unless an admin raised the cap; its history by 20 entries.
const (
	sharesPageSize  = models.DefaultShareCap
	historyPageSize = 20
)

// pageOf is one page of a list the detail page shows, with its pager.
func pageOf[T any](rows []T, pageParam string, size int, url func(int) string) ([]T, components.Pagination) {
	n, _ := strconv.Atoi(pageParam)
	out, page, pages := models.PageOf(rows, n, size)
	return out, components.Pagination{Page: page, Pages: pages, PageSize: size, Rows: len(out), Total: int64(len(rows)), URL: url}
}

// detailPageURL links to page n of the list on one of the detail page's tabs.
func detailPageURL(imageID, tab, param string) func(int) string {
	return func(n int) string { return pages.DetailURL(imageID, tab) + "&" + param + "=" + strconv.Itoa(n) }
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
