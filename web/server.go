// Package web is the HTTP shell around the handlers: Echo setup, middleware
// (request id, logging, metrics, security headers, sessions, locale, CSRF),
// rendering of pages and fragments, redirects and the one error handler.
package web

import (
	"context"
	"log/slog"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"imageshare/models"
)

// Config is what the shell needs to know about its deployment.
type Config struct {
	SecureCookies bool
	Logger        *slog.Logger
	Sessions      *models.SessionStore
	Metrics       *Metrics
	// MaxBodyBytes bounds every request body (SPEC 7: input limits).
	MaxBodyBytes string
	// Keys gives the server's secret key for a purpose ("flash"), the same
	// on every replica (models.DB.DeriveKey).
	Keys KeySource
	// API reports whether a request is for the signed API the console's
	// address also serves (SPEC 8). It authenticates each request by its
	// signature and bounds its own body, so the session, CSRF and body-limit
	// middleware leave it alone, and APIErrors answers its errors in its own
	// envelope rather than as a page.
	API       func(c echo.Context) bool
	APIErrors echo.HTTPErrorHandler
	// MaxInFlight bounds the requests served at once (admission.go); 0 is
	// two per CPU.
	MaxInFlight int
}

// KeySource returns the server's secret key for one purpose.
type KeySource func(ctx context.Context, purpose string) ([]byte, error)

// New returns an Echo instance with the shell's middleware installed, ready
// for the handlers' routes.
func New(cfg Config) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.Server.ReadHeaderTimeout = 10 * time.Second
	e.Server.IdleTimeout = 120 * time.Second
	if cfg.API == nil || cfg.APIErrors == nil {
		cfg.API, cfg.APIErrors = func(echo.Context) bool { return false }, nil
	}
	e.HTTPErrorHandler = splitErrors(cfg.API, cfg.APIErrors, errorHandler(cfg.Logger))
	// The client address is the TCP peer: forwarded headers are not trusted
	// unless a deployment puts a known proxy in front (then configure it here),
	// or anyone could dodge the per-address sign-in limit.
	e.IPExtractor = echo.ExtractIPDirect()
	if cfg.MaxBodyBytes == "" {
		cfg.MaxBodyBytes = "1M"
	}

	// Outermost first: the request id exists before anything logs; metrics and
	// the log line wrap the panic recovery so a panic is counted as a 500.
	e.Use(AssignRequestID(newRequestID))
	// Cookies set anywhere below are Secure when the console is served over
	// TLS, and signed ones use the server's keys.
	e.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			c.Set(secureKey, cfg.SecureCookies)
			c.Set(keysKey, cfg.Keys)
			return next(c)
		}
	})
	if cfg.MaxInFlight <= 0 {
		cfg.MaxInFlight = defaultInFlight()
	}
	// Admission comes before the request's clock starts: its wait is
	// measured apart, as queueing, not as server time.
	e.Use((&admission{slots: make(chan struct{}, cfg.MaxInFlight), metrics: cfg.Metrics}).middleware)
	e.Use(cfg.Metrics.middleware)
	e.Use(requestLog(cfg.Logger))
	e.Use(Recover(cfg.Logger))
	e.Use(securityHeaders(cfg.SecureCookies))
	e.Use(middleware.GzipWithConfig(middleware.GzipConfig{Level: 1, MinLength: 1024}))

	// The user and their language are known before anything can refuse the
	// request, so even a CSRF or body-size refusal speaks their language.
	e.Use(unless(cfg.API, loadSession(cfg.Sessions)))
	e.Use(unless(cfg.API, requestValues(cfg.SecureCookies)))
	e.Use(unless(cfg.API, middleware.BodyLimit(cfg.MaxBodyBytes)))
	e.Use(unless(cfg.API, csrf))
	e.Use(unless(cfg.API, checkInput))
	return e
}

// splitErrors answers the API's errors with its own handler, every other
// request's with the console's.
func splitErrors(isAPI func(echo.Context) bool, api, console echo.HTTPErrorHandler) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if isAPI(c) {
			api(err, c)
			return
		}
		console(err, c)
	}
}

// unless applies mw to every request but those skip selects.
func unless(skip func(echo.Context) bool, mw echo.MiddlewareFunc) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		wrapped := mw(next)
		return func(c echo.Context) error {
			if skip(c) {
				return next(c)
			}
			return wrapped(c)
		}
	}
}
