package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"imageshare/models"
	"imageshare/views/i18n"
	"imageshare/views/pages"
	"imageshare/web"
)

// importHandler brings disk images in (a URL, or a browser upload in
// resumable chunks) and takes them out (download).
type importHandler struct {
	images  *models.ImageStore
	content *models.ContentStore
	uploads *models.UploadStore
	admin   *models.AdminStore
}

// showImport is the import page of the current region.
func (h *importHandler) showImport(c echo.Context) error {
	if err := checkRegionParam(c); err != nil {
		return err
	}
	return h.renderImport(c, http.StatusOK, pages.ImportForm{Platform: "Ubuntu", Architecture: "x86_64"}, nil)
}

// importURL starts an import from a URL the server fetches.
func (h *importHandler) importURL(c echo.Context) error {
	form := importForm(c)
	img, err := h.images.Import(c.Request().Context(), web.Actor(c), models.ImageImport{Region: web.Values(c).Region,
		Name: form.Name, Platform: form.Platform, OSVersion: form.OSVersion, Architecture: form.Architecture, URL: form.URL})
	if de, ok := models.AsError(err); ok {
		return h.renderImport(c, web.StatusOf(de), form, err)
	}
	if err != nil {
		return err
	}
	web.Flash(c, "success", i18n.Tr(web.Locale(c), "flash.import_started", img.Name))
	return web.Redirect(c, "/images/"+img.ID)
}

func importForm(c echo.Context) pages.ImportForm {
	return pages.ImportForm{URL: c.FormValue("url"), Name: c.FormValue("name"), Platform: c.FormValue("platform"),
		OSVersion: c.FormValue("os_version"), Architecture: c.FormValue("architecture")}
}

func (h *importHandler) renderImport(c echo.Context, status int, form pages.ImportForm, err error) error {
	form.Errors = formErrors(c, err, "url", "name", "platform", "architecture")
	v := pages.ImportView{Region: web.Values(c).Region, Form: form, Archs: models.ImportArchitectures,
		MaxBytes: models.DefaultImportMaxBytes}
	for _, p := range models.ImportPlatforms {
		v.Platforms = append(v.Platforms, p.Platform)
	}
	return web.Render(c, status, web.Page{Title: i18n.Tr(web.Locale(c), "import.title"), Content: pages.ImageImport(v)})
}

// download streams an image's bytes to its owner, with ranges (resumable
// downloads) and the checksum in headers; anyone else gets the Download
// verdict's refusal.
func (h *importHandler) download(c echo.Context) error {
	img, obj, err := h.content.Download(c.Request().Context(), web.Actor(c), c.Param("id"))
	if err != nil {
		return err
	}
	defer obj.Close()
	web.Release(c) // the rest is the network's time
	w := c.Response()
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", `attachment; filename="`+img.ID+"."+img.DiskFormat+`"`)
	w.Header().Set("X-Checksum-Sha256", img.ContentSHA256)
	w.Header().Set("ETag", `"sha256:`+img.ContentSHA256+`"`)
	http.ServeContent(w, c.Request(), "", img.UpdatedAt, obj)
	return nil
}
