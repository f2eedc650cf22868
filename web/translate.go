package web

import (
	"github.com/labstack/echo/v4"

	"imageshare/models"
	"imageshare/views/i18n"
)

// Translate renders a domain message in the request's language. Arguments
// that are messages themselves (a region's display name, say) are translated
// first.
func Translate(c echo.Context, m models.Message) string { return TranslateIn(Locale(c), m) }

// TranslateIn renders a domain message in locale, for callers outside a
// console request (the API, which takes its language from X-TC-Language).
func TranslateIn(locale string, m models.Message) string {
	args := make([]any, len(m.Args))
	for i, a := range m.Args {
		if nested, ok := a.(models.Message); ok {
			args[i] = TranslateIn(locale, nested)
		} else {
			args[i] = a
		}
	}
	return i18n.Tr(locale, m.Key, args...)
}

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
