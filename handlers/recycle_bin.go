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

// binHandler is the recycle bin's pages (R23): the deleted images of a
// region, restore, and delete permanently after a confirmation.
type binHandler struct {
	bin *models.ImageBinStore
}

func (h *binHandler) list(c echo.Context) error {
	if err := checkRegionParam(c); err != nil {
		return err
	}
	return h.render(c, http.StatusOK, web.Values(c).Region, nil)
}

// render is the bin of a region, with a refused action's message if any.
func (h *binHandler) render(c echo.Context, status int, region string, refusal error) error {
	list, err := h.bin.List(c.Request().Context(), web.Actor(c), region)
	if err != nil {
		return err
	}
	v := pages.RecycleBinView{Region: region}
	if de, ok := models.AsError(refusal); ok {
		v.Error = web.Translate(c, de.Msg)
	}
	now := time.Now()
	for _, b := range list {
		v.Rows = append(v.Rows, binRow(c, b, now))
	}
	page := web.Page{Title: i18n.Tr(web.Locale(c), "bin.title"), Content: pages.RecycleBin(v)}
	if refusal != nil {
		// A refused restore answers its POST: the image's region, pinned.
		// Otherwise the region switcher shows another region's bin.
		page.Region = region
	}
	return web.Render(c, status, page)
}

func binRow(c echo.Context, b models.BinnedImage, now time.Time) pages.BinRow {
	r := pages.BinRow{ID: b.ID, Name: b.Name, OSName: b.OSName, SizeGB: b.SizeGB, Left: b.TimeLeft(now),
		Restore: action(c, b.Restore)}
	if b.BinnedAt != nil {
		r.DeletedAt = *b.BinnedAt
	}
	return r
}

// restore brings an image back; a name taken meanwhile is said in the page.
func (h *binHandler) restore(c echo.Context) error {
	ctx, actor := c.Request().Context(), web.Actor(c)
	b, err := h.bin.Get(ctx, actor, c.Param("id"))
	if err != nil {
		return err
	}
	img, err := h.bin.Restore(ctx, actor, b.ID)
	if de, ok := models.AsError(err); ok {
		return h.render(c, web.StatusOf(de), b.RegionID, err)
	}
	if err != nil {
		return err
	}
	web.Flash(c, "success", i18n.Tr(web.Locale(c), "flash.image_restored", img.Name))
	return web.Redirect(c, "/images?tab=custom&region="+img.RegionID)
}

func (h *binHandler) confirmPurge(c echo.Context) error {
	b, err := h.bin.Get(c.Request().Context(), web.Actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	v := pages.PurgeImageView{Row: binRow(c, b, time.Now()), Region: b.RegionID}
	return web.Render(c, http.StatusOK, web.Page{Title: i18n.Tr(web.Locale(c), "bin.purge_title"), Content: pages.PurgeImage(v), Region: b.RegionID})
}

func (h *binHandler) purge(c echo.Context) error {
	ctx, actor := c.Request().Context(), web.Actor(c)
	b, err := h.bin.Get(ctx, actor, c.Param("id"))
	if err != nil {
		return err
	}
	if err := h.bin.DeletePermanently(ctx, actor, b.ID); err != nil {
		return err
	}
	web.Flash(c, "success", i18n.Tr(web.Locale(c), "flash.image_purged", b.Name))
	return web.Redirect(c, "/images/recycle-bin?region="+b.RegionID)
}
