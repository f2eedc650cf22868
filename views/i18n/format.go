package i18n

import (
	"context"
	"time"

	"imageshare/views/reqctx"
)

// FormatTime shows a time in UTC in the request's language conventions.
func FormatTime(ctx context.Context, t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	t = t.UTC()
	if reqctx.From(ctx).Locale == "pt-BR" {
		return t.Format("02/01/2006 15:04") + " UTC"
	}
	return t.Format("Jan 2, 2006 15:04") + " UTC"
}
