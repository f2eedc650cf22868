package web

import (
	"github.com/labstack/echo/v4"

	"imageshare/models"
)

// checkInput refuses, once for every console request, text that no handler
// should see: invalid UTF-8, NUL or other control characters in the path,
// the query string or the form (names and values). A refusal is a 422 in the
// person's language, before anything is read or written, on SQLite and
// PostgreSQL alike (models.CheckText says why). The API checks its JSON with
// the same function.
func checkInput(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if isStatic(c) {
			return next(c)
		}
		if err := models.CheckText("path", c.Request().URL.Path); err != nil {
			return err
		}
		// The query and, for a form body, its fields. A malformed body is
		// left to the handlers, which read it as empty fields as before.
		params, _ := c.FormParams()
		for name, values := range params {
			if err := models.CheckText("name", name); err != nil {
				return err
			}
			for _, v := range values {
				if err := models.CheckText(name, v); err != nil {
					return err
				}
			}
		}
		return next(c)
	}
}
