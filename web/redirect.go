package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// Redirect sends the browser to url: a 303 for plain requests (so a POST is
// followed by a GET) and HX-Redirect for htmx requests, which would otherwise
// swap the next page into a fragment.
func Redirect(c echo.Context, url string) error {
	if isHTMX(c) {
		c.Response().Header().Set("HX-Redirect", url)
		return c.NoContent(http.StatusNoContent)
	}
	return c.Redirect(http.StatusSeeOther, url)
}
