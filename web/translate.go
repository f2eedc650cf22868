package web

import (
	"github.com/labstack/echo/v4"

	"imageshare/models"
	"imageshare/views/i18n"
)

// Translate renders a domain message in the request's language.
func Translate(c echo.Context, m models.Message) string { return i18n.Message(Locale(c), m) }

// FieldText translates the domain's message for one form field, or "".
func FieldText(c echo.Context, err error, field string) string {
	de, ok := models.AsError(err)
	if !ok {
		return ""
	}
	msg, ok := de.Field(field)
	if !ok {
		return ""
	}
	return Translate(c, msg)
}
