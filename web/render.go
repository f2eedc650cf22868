package web

import (
	"bytes"
	"sync"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"imageshare/views/layout"
)

// Page is a screen: its title, its content, and the regions htmx may ask for
// by id (each a top-level component whose root carries that id).
type Page struct {
	Title    string
	Content  templ.Component
	Partials map[string]templ.Component
	// Bare pages (sign-in, errors when signed out) have no navigation.
	Bare bool
	// Region is the region of the page's object (an image, an instance, a
	// launch form), when it has one: the header then shows that region
	// rather than the remembered one, and it becomes the remembered one.
	Region string
}

// Render is the only place that decides full page or fragment: an htmx
// request whose target is one of the page's partials gets just that partial;
// anything else gets the whole page in its layout.
func Render(c echo.Context, status int, p Page) error {
	c.Response().Header().Add("Vary", hxRequest)
	if p.Region != "" {
		pinRegion(c, p.Region)
	}
	if isFragmentRequest(c) {
		if part, ok := p.Partials[fragmentTarget(c)]; ok {
			return write(c, status, part)
		}
	}
	var full templ.Component
	if p.Bare {
		full = layout.Bare(p.Title, p.Content)
	} else {
		full = layout.App(p.Title, p.Content)
	}
	return write(c, status, full)
}

// Fragment renders a component on its own, for htmx-only endpoints.
func Fragment(c echo.Context, status int, part templ.Component) error {
	c.Response().Header().Add("Vary", hxRequest)
	return write(c, status, part)
}

// buffers are reused across requests: a page is tens of kilobytes, and
// growing a fresh buffer to that size for every request showed in profiles.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// write renders into a buffer first, so a template failure becomes a proper
// error page instead of half a page with a 200 status.
func write(c echo.Context, status int, comp templ.Component) error {
	buf := buffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= 1<<20 { // don't keep a rare huge page's buffer alive
			buffers.Put(buf)
		}
	}()
	if err := comp.Render(c.Request().Context(), buf); err != nil {
		return err
	}
	return c.HTMLBlob(status, buf.Bytes())
}
