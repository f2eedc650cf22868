package handlers

import (
	"context"
	"net/http"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"imageshare/models"
	"imageshare/views/i18n"
	"imageshare/views/pages"
	"imageshare/web"
)

type instanceHandler struct {
	instances *models.InstanceStore
	images    *models.ImageStore
	quotas    *models.QuotaStore
}

// list shows the account's instances in the current region; while any is
// changing state the list refreshes itself.
func (h *instanceHandler) list(c echo.Context) error {
	if err := checkRegionParam(c); err != nil {
		return err
	}
	region := web.Values(c).Region
	list, err := h.instances.List(c.Request().Context(), web.Actor(c), region)
	if err != nil {
		return err
	}
	v := pages.InstancesView{Region: region, Rows: instanceRows(list), Watch: pages.ParseWatch(c.QueryParam(pages.WatchParam))}
	return web.Render(c, http.StatusOK, web.Page{
		Title:   i18n.Tr(web.Locale(c), "instances.title"),
		Content: pages.Instances(v),
		Partials: map[string]templ.Component{
			pages.InstanceListID: pages.InstanceList(v), pages.InstanceListLiveID: pages.InstanceListLive(v),
		},
	})
}

func (h *instanceHandler) stop(c echo.Context) error {
	return h.act(c, h.instances.Stop, "flash.instance_stopped")
}

func (h *instanceHandler) start(c echo.Context) error {
	return h.act(c, h.instances.Start, "flash.instance_started")
}

func (h *instanceHandler) terminate(c echo.Context) error {
	return h.act(c, h.instances.Terminate, "flash.instance_terminated")
}

// act runs a one-click instance action and goes back to the list with the
// outcome as a flash (a refused action changes nothing and says why).
func (h *instanceHandler) act(c echo.Context, do func(context.Context, models.Actor, string) error, okKey string) error {
	id := c.Param("id")
	ins, err := h.instances.Get(c.Request().Context(), web.Actor(c), id)
	if err != nil {
		return err
	}
	if err := do(c.Request().Context(), web.Actor(c), id); err != nil {
		de, ok := models.AsError(err)
		if !ok {
			return err
		}
		web.Flash(c, "error", web.Translate(c, de.Msg))
	} else {
		web.Flash(c, "success", i18n.Tr(web.Locale(c), okKey, ins.Name))
	}
	return web.Redirect(c, "/instances?region="+ins.RegionID)
}

// confirmTerminate asks before the one action that cannot be undone.
func (h *instanceHandler) confirmTerminate(c echo.Context) error {
	ins, err := h.instances.Get(c.Request().Context(), web.Actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	return web.Render(c, http.StatusOK, web.Page{
		Title:   i18n.Tr(web.Locale(c), "instances.terminate_title"),
		Content: pages.ConfirmTerminate(instanceRows([]models.Instance{ins})[0]),
		Region:  ins.RegionID,
	})
}

// checkRegionParam rejects an explicit but unknown ?region= with a clear
// not-found page instead of silently showing another region.
func checkRegionParam(c echo.Context) error {
	if r := c.QueryParam("region"); r != "" {
		return models.CheckRegion(r)
	}
	return nil
}
