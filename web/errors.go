package web

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime"

	"github.com/labstack/echo/v4"

	"imageshare/models"
	"imageshare/views/components"
	"imageshare/views/i18n"
	"imageshare/views/pages"
)

// errorHandler is the one place errors become responses: a translated message
// with the request id, as a full page or (for htmx) a toast; internals are
// logged once and never shown.
func errorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		status, msg := classify(err)
		if status >= 500 {
			log.Error("request failed", slog.String("request_id", RequestID(c)),
				slog.String("method", c.Request().Method), slog.String("path", c.Request().URL.Path),
				slog.String("error", err.Error()))
		}
		locale := Locale(c)
		view := pages.ErrorView{
			Status:    status,
			Title:     i18n.Tr(locale, titleKey(status)),
			Message:   i18n.Message(locale, msg),
			RequestID: RequestID(c),
		}
		var rerr error
		if isFragmentRequest(c) {
			c.Response().Header().Set("HX-Retarget", "#"+components.ToastsID)
			c.Response().Header().Set("HX-Reswap", "beforeend")
			rerr = Fragment(c, status, components.Toast("error", view.Message, view.RequestID))
		} else {
			_, signedIn := CurrentUser(c)
			rerr = Render(c, status, Page{Title: view.Title, Content: pages.Error(view), Bare: !signedIn})
		}
		if rerr != nil {
			log.Error("render error page", slog.String("request_id", RequestID(c)), slog.String("error", rerr.Error()))
			_ = c.String(http.StatusInternalServerError, "Internal error. Request id: "+RequestID(c))
		}
	}
}

// classify maps an error to a status and a translatable message.
func classify(err error) (int, models.Message) {
	if de, ok := models.AsError(err); ok {
		return StatusOf(de), de.Msg
	}
	if errors.Is(err, models.ErrNotFound) {
		return http.StatusNotFound, models.Msg("error.not_found")
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		switch he.Code {
		case http.StatusNotFound:
			return he.Code, models.Msg("error.not_found")
		case http.StatusMethodNotAllowed:
			return he.Code, models.Msg("error.method_not_allowed")
		case http.StatusForbidden:
			return he.Code, models.Msg("error.csrf")
		case http.StatusRequestEntityTooLarge:
			return he.Code, models.Msg("error.too_large")
		}
		if he.Code < 500 {
			return he.Code, models.Msg("error.bad_request")
		}
	}
	return http.StatusInternalServerError, models.Msg("error.internal")
}

// StatusOf is the HTTP status of a domain error's kind.
func StatusOf(de *models.Error) int {
	switch {
	case errors.Is(de, models.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(de, models.ErrConflict):
		return http.StatusConflict
	case errors.Is(de, models.ErrLimited):
		return http.StatusTooManyRequests
	}
	return http.StatusUnprocessableEntity
}

func titleKey(status int) string {
	switch status {
	case http.StatusNotFound:
		return "error.not_found_title"
	case http.StatusTooManyRequests:
		return "error.limited_title"
	case http.StatusForbidden:
		return "error.forbidden_title"
	}
	if status >= 500 {
		return "error.internal_title"
	}
	return "error.bad_request_title"
}

// Recover turns a panic into an error with the stack in the log only, never
// in the answer: the console's error handler makes it a 500 page, the API's
// an InternalError envelope.
func Recover(log *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) (err error) {
			defer func() {
				if r := recover(); r != nil {
					if r == http.ErrAbortHandler {
						panic(r)
					}
					stack := make([]byte, 4<<10)
					stack = stack[:runtime.Stack(stack, false)]
					log.Error("panic", slog.String("request_id", c.Response().Header().Get(echo.HeaderXRequestID)), slog.Any("panic", r),
						slog.String("stack", string(stack)))
					err = fmt.Errorf("panic: %v", r)
				}
			}()
			return next(c)
		}
	}
}
