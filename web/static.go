package web

import (
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"

	"imageshare/static"
)

const staticPrefix = "/static/"

func isStatic(c echo.Context) bool { return strings.HasPrefix(c.Request().URL.Path, staticPrefix) }

// StaticRoute is the route of the static files.
const StaticRoute = staticPrefix + ":hash/:name"

// Static serves /static/<hash>/<name>. The current hash is cached for a year
// as immutable; a stale hash (a page from before a deploy) still gets the
// file, but uncached.
func Static(c echo.Context) error {
	name := c.Param("name")
	current, ok := static.Hash(name)
	if !ok {
		return echo.ErrNotFound
	}
	b, err := fs.ReadFile(static.FS, name)
	if err != nil {
		return echo.ErrNotFound
	}
	if c.Param("hash") == current {
		c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		c.Response().Header().Set("Cache-Control", "no-cache")
	}
	return c.Blob(http.StatusOK, mime.TypeByExtension(path.Ext(name)), b)
}
