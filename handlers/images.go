package handlers

import (
	"net/http"
	"strconv"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"imageshare/models"
	"imageshare/views/i18n"
	"imageshare/views/pages"
	"imageshare/web"
)

type imageHandler struct {
	images *models.ImageStore
	quotas *models.QuotaStore
	shares *models.ShareStore
	bin    *models.ImageBinStore
}

// list shows one tab of the Images page; htmx filter and pager requests get
// only the list.
func (h *imageHandler) list(c echo.Context) error {
	if err := checkRegionParam(c); err != nil {
		return err
	}
	ctx, actor := c.Request().Context(), web.Actor(c)
	page, _ := strconv.Atoi(c.QueryParam("page"))
	size, _ := strconv.Atoi(c.QueryParam("size"))
	tags, tag := tagQuery(c.QueryParam("tag"))
	result, err := h.images.List(ctx, actor, models.ImageQuery{
		Region: web.Values(c).Region, Tab: c.QueryParam("tab"), Search: c.QueryParam("q"),
		Platform: c.QueryParam("platform"), Tags: tags, Sort: c.QueryParam("sort"), Page: page, PageSize: size, WithCounts: true,
	})
	if err != nil {
		return err
	}
	q, counts := result.Query, result.Counts
	v := pages.ImagesView{
		Region: q.Region, Tab: q.Tab, Search: q.Search, Platform: q.Platform, Tag: tag, Sort: q.Sort, PageSize: q.PageSize,
		Platforms: models.Platforms, Sorts: models.Sorts, Page: q.Page, Pages: result.Pages(), Total: result.Total,
		AccountID: actor.AccountID, ShareCap: result.ShareCap, Rows: imageRows(result.Images), Watch: pages.ParseWatch(c.QueryParam(pages.WatchParam)),
	}
	v.InvitationCount = result.Invitations
	if q.Tab == models.TabShared && result.Invitations > 0 {
		invitations, err := h.shares.Invitations(ctx, actor, q.Region)
		if err != nil {
			return err
		}
		v.Invitations = invitationRows(invitations)
	}
	for _, t := range models.Tabs {
		v.Tabs = append(v.Tabs, pages.TabView{ID: t, Count: counts[t]})
	}
	if q.Tab == models.TabCustom {
		v.Quota = &pages.QuotaUse{Used: result.Quota.Used, Limit: result.Quota.Limit, Binned: result.Quota.Binned}
	}
	return web.Render(c, http.StatusOK, web.Page{
		Title:    i18n.Tr(web.Locale(c), "images.title"),
		Content:  pages.Images(v),
		Partials: map[string]templ.Component{pages.ImageListID: pages.ImageListUpdate(v), pages.ImageListLiveID: pages.ImageListLive(v)},
	})
}
