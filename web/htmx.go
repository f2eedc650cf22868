package web

import "github.com/labstack/echo/v4"

// htmx request headers, read only here.
const (
	hxRequest        = "HX-Request"
	hxBoosted        = "HX-Boosted"
	hxTarget         = "HX-Target"
	hxHistoryRestore = "HX-History-Restore-Request"
)

// isHTMX reports whether htmx sent the request.
func isHTMX(c echo.Context) bool { return c.Request().Header.Get(hxRequest) == "true" }

// isFragmentRequest reports whether the request wants part of a page: an htmx
// request that is neither boosted nor restoring history (those need the whole
// page).
func isFragmentRequest(c echo.Context) bool {
	h := c.Request().Header
	return isHTMX(c) && h.Get(hxBoosted) != "true" && h.Get(hxHistoryRestore) != "true"
}

// fragmentTarget is the id of the element htmx will swap, without '#'.
func fragmentTarget(c echo.Context) string { return c.Request().Header.Get(hxTarget) }
