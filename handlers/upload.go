package handlers

import (
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"imageshare/models"
	"imageshare/web"
)

// uploadAnswer is what the upload protocol answers (static/upload.js).
type uploadAnswer struct {
	ID       string            `json:"id,omitempty"`
	Received int64             `json:"received"`
	Size     int64             `json:"size,omitempty"`
	Image    string            `json:"image,omitempty"`
	Message  string            `json:"message,omitempty"`
	Fields   map[string]string `json:"fields,omitempty"`
}

func answerOf(u models.Upload) uploadAnswer {
	return uploadAnswer{ID: u.ID, Received: u.Received, Size: u.Size, Image: u.ImageID}
}

// startUpload opens an upload after checking it as the import it becomes.
func (h *importHandler) startUpload(c echo.Context) error {
	size, _ := strconv.ParseInt(c.FormValue("size"), 10, 64)
	form := importForm(c)
	u, err := h.uploads.Start(c.Request().Context(), web.Actor(c), models.ImageImport{Region: web.Values(c).Region,
		Name: form.Name, Platform: form.Platform, OSVersion: form.OSVersion, Architecture: form.Architecture}, size)
	if err != nil {
		return uploadRefusal(c, u, err)
	}
	return c.JSON(http.StatusCreated, answerOf(u))
}

// uploadStatus says where an upload stands, so a client resumes there.
func (h *importHandler) uploadStatus(c echo.Context) error {
	u, err := h.uploads.Get(c.Request().Context(), web.Actor(c), c.Param("id"))
	if err != nil {
		return uploadRefusal(c, u, err)
	}
	return c.JSON(http.StatusOK, answerOf(u))
}

// uploadChunk appends the body at ?offset=; the last chunk starts the import.
func (h *importHandler) uploadChunk(c echo.Context) error {
	offset, err := strconv.ParseInt(c.QueryParam("offset"), 10, 64)
	if err != nil || offset < 0 {
		return c.JSON(http.StatusBadRequest, uploadAnswer{Message: "offset"})
	}
	web.Release(c) // a chunk takes the network's time, not the server's
	u, err := h.uploads.Append(c.Request().Context(), web.Actor(c), c.Param("id"), offset, c.Request().Body)
	if err != nil {
		return uploadRefusal(c, u, err)
	}
	return c.JSON(http.StatusOK, answerOf(u))
}

// uploadRefusal answers a domain refusal in the protocol's JSON (translated,
// with where the upload stands); anything else goes to the error handler.
func uploadRefusal(c echo.Context, u models.Upload, err error) error {
	de, ok := models.AsError(err)
	if !ok {
		return err
	}
	a := answerOf(u)
	a.Message = web.Translate(c, de.Msg)
	if len(de.Fields) > 0 {
		a.Fields = map[string]string{}
		for _, f := range de.Fields {
			a.Fields[f.Field] = web.Translate(c, f.Msg)
		}
		a.Message = a.Fields[de.Fields[0].Field]
	}
	return c.JSON(web.StatusOf(de), a)
}
