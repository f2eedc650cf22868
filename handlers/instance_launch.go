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

// showLaunch offers the launch form. Launching from an image fixes the region
// to the image's (R4); otherwise the current region's images are offered.
func (h *instanceHandler) showLaunch(c echo.Context) error {
	form := pages.LaunchForm{ImageID: c.QueryParam("image"), Zone: "", InstanceType: "S5.MEDIUM2", Count: 1}
	region, fixed := web.Values(c).Region, false
	if form.ImageID != "" {
		img, err := h.images.Get(c.Request().Context(), web.Actor(c), form.ImageID)
		if err != nil {
			return err
		}
		region, fixed = img.RegionID, true
		if img.Architecture == "arm64" {
			form.InstanceType = "SR1.MEDIUM4"
		}
	}
	form.Region, form.Zone = region, region+"-1"
	return h.renderLaunch(c, http.StatusOK, form, fixed, nil)
}

// launch creates the instances; a refused launch re-renders the form with
// the person's choices and a message per field.
func (h *instanceHandler) launch(c echo.Context) error {
	count, err := strconv.Atoi(c.FormValue("count"))
	if err != nil {
		count = 0
	}
	form := pages.LaunchForm{
		Region: c.FormValue("region"), Zone: c.FormValue("zone"), ImageID: c.FormValue("image"),
		InstanceType: c.FormValue("instance_type"), Name: c.FormValue("name"), Count: count,
	}
	list, err := h.instances.Launch(c.Request().Context(), web.Actor(c), models.Launch{
		Region: form.Region, Zone: form.Zone, ImageID: form.ImageID, InstanceType: form.InstanceType,
		Name: form.Name, Count: form.Count,
	})
	if _, ok := models.AsError(err); ok && models.ValidRegion(form.Region) {
		return h.renderLaunch(c, http.StatusUnprocessableEntity, form, c.FormValue("region_fixed") == "true", err)
	}
	if err != nil {
		return err
	}
	web.Flash(c, "success", i18n.Tr(web.Locale(c), "flash.instances_launched", len(list)))
	return web.Redirect(c, "/instances?region="+form.Region)
}

func (h *instanceHandler) renderLaunch(c echo.Context, status int, form pages.LaunchForm, fixed bool, err error) error {
	images, lerr := h.images.Usable(c.Request().Context(), web.Actor(c), form.Region)
	if lerr != nil {
		return lerr
	}
	v := pages.LaunchView{Form: form, RegionFixed: fixed, Zones: models.ZoneIDs(form.Region), Images: imageOptions(images)}
	arch := ""
	for _, img := range images {
		if img.ID == form.ImageID {
			arch = img.Architecture
		}
	}
	// Only the types that can run the chosen image; with none chosen, all of
	// them, each marked with its architecture for app.js to narrow.
	for _, t := range models.CompatibleTypes(arch) {
		v.Types = append(v.Types, pages.TypeOption{ID: t.ID, CPU: t.CPU, Memory: t.Memory, Architecture: t.Architecture})
	}
	v.Errors = formErrors(c, err, "name", "zone", "image", "instance_type", "count")
	return web.Render(c, status, web.Page{Title: i18n.Tr(web.Locale(c), "launch.title"), Content: pages.LaunchInstance(v), Region: form.Region})
}

// formErrors translates a domain error into a message per field; a message
// about no listed field goes under "" (shown above the form).
func formErrors(c echo.Context, err error, fields ...string) map[string]string {
	de, ok := models.AsError(err)
	if !ok {
		return nil
	}
	out := map[string]string{}
	for _, f := range fields {
		if msg := web.FieldText(c, err, f); msg != "" {
			out[f] = msg
		}
	}
	if len(out) == 0 {
		out[""] = web.Translate(c, de.Msg)
	}
	return out
}
