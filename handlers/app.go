package handlers

import (
	"log/slog"

	"github.com/labstack/echo/v4"

	"imageshare/handlers/api"
	"imageshare/models"
	"imageshare/web"
)

// Options configure the console around its database.
type Options struct {
	Sessions      models.SessionPolicy
	LoginLimit    models.LoginLimit
	SecureCookies bool
	Logger        *slog.Logger
	// Metrics records the console's requests; nil: a registry of its own.
	Metrics *web.Metrics
	// MetricsToken, when set, is the bearer token /metrics asks for.
	MetricsToken string
	// MetricsElsewhere: /metrics has its own listener (--metrics-addr).
	MetricsElsewhere bool
}

// New wires the stores, the web shell and the routes: the whole console as one
// http.Handler, the same for the server and for tests.
func New(db *models.DB, opts Options) *echo.Echo {
	deps := NewDeps(db, opts.Sessions, opts.LoginLimit, opts.SecureCookies)
	if opts.Metrics == nil {
		opts.Metrics = web.NewMetrics()
	}
	e := web.New(web.Config{SecureCookies: opts.SecureCookies, Logger: opts.Logger, Sessions: deps.Sessions,
		Metrics: opts.Metrics, MetricsToken: opts.MetricsToken, MetricsElsewhere: opts.MetricsElsewhere,
		Unread: deps.Notes.Unread, Keys: db.DeriveKey})
	Routes(e, deps)
	// The Tencent Cloud API 3.0-compatible API (SPEC 8) answers on the
	// console's address too; the --api-addr listener serves it at /.
	e.POST("/api", api.NewHandler(db, api.Options{Logger: opts.Logger}).Serve)
	return e
}
