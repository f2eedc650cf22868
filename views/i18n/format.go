package i18n

import (
	"context"
	"time"

	"imageshare/views/reqctx"
)

// FormatTime shows a time in UTC in the request's language conventions.
func FormatTime(ctx context.Context, t time.Time) string {
	return FormatTimeIn(reqctx.From(ctx).Locale, t)
}

// FormatTimeIn shows a time in UTC in a locale's conventions (for messages
// made outside a page, such as a flash).
func FormatTimeIn(locale string, t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	t = t.UTC()
	if locale == "pt-BR" {
		return t.Format("02/01/2006 15:04") + " UTC"
	}
	return t.Format("Jan 2, 2006 15:04") + " UTC"
}
