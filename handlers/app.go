package handlers

import (
	"log/slog"
	"time"

	"github.com/labstack/echo/v4"

	"imageshare/handlers/api"
	"imageshare/models"
	"imageshare/web"
)

// Options configure the HTTP side of the console.
type Options struct {
	SecureCookies bool
	Logger        *slog.Logger
	// Now is the clock API request timestamps are checked against (nil: the
	// system clock); tests move it to see expired signatures.
	Now func() time.Time
	// Metrics records the console's requests; nil: a registry of its own.
	Metrics *web.Metrics
	// MetricsToken, when set, is the bearer token /metrics asks for.
	MetricsToken string
	// MetricsElsewhere: /metrics has its own listener (--metrics-addr).
	MetricsElsewhere bool
	// MaxInFlight bounds the console requests served at once (--max-inflight;
	// 0: two per CPU).
	MaxInFlight int
}

func (o Options) logger() *slog.Logger {
	if o.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return o.Logger
}

// New wires the web shell and the routes over the process's stores: the
// whole console as one http.Handler, the same for the server and for tests.
func New(stores *models.Stores, opts Options) *echo.Echo {
	if opts.Metrics == nil {
		opts.Metrics = web.NewMetrics()
	}
	h := api.NewHandler(stores, api.Options{Logger: opts.logger(), Now: opts.Now})
	e := web.New(web.Config{SecureCookies: opts.SecureCookies, Logger: opts.logger(), Sessions: stores.Sessions,
		Metrics: opts.Metrics, Keys: stores.DB.DeriveKey,
		API: isConsoleAPI, APIErrors: h.ErrorHandler, MaxInFlight: opts.MaxInFlight})
	Routes(e, stores, routeDeps{
		secure:  opts.SecureCookies,
		metrics: opts.Metrics,
		api:     h,
		// --metrics-addr serves /metrics; the console's address then does not.
		metricsToken: opts.MetricsToken, metricsElsewhere: opts.MetricsElsewhere,
	})
	return e
}

// NewAPI is the API's own listener (--api-addr): the same API as the
// console's /api, where every answer, errors and panics included, is in
// Tencent's envelope.
func NewAPI(stores *models.Stores, opts Options) *echo.Echo {
	h := api.NewHandler(stores, api.Options{Logger: opts.logger(), Now: opts.Now})
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.Server.ReadHeaderTimeout = 10 * time.Second
	e.Server.IdleTimeout = 120 * time.Second
	// As on the console: the TCP peer, never a forwarded header.
	e.IPExtractor = echo.ExtractIPDirect()
	e.HTTPErrorHandler = h.ErrorHandler
	e.Use(web.AssignRequestID(api.NewRequestID))
	e.Use(web.Recover(opts.logger()))
	APIRoutes(e, h)
	return e
}
