package web

import (
	"crypto/subtle"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the Prometheus series the console exports on /metrics.
type Metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	// queue is how long requests waited for admission (admission.go)
	// before their server time began.
	queue prometheus.Histogram
	// signInLimited counts sign-ins the rate limit refused: they are not
	// audited one by one, or anyone could flood the audit log with them.
	signInLimited prometheus.Counter
}

const metricsKey = "metrics"

// NewMetrics registers the request series plus Go runtime and process metrics.
func NewMetrics() *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "imageshare_http_requests_total", Help: "HTTP requests by route, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "imageshare_http_request_duration_seconds",
			Help:    "HTTP request latency by route and method.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route", "method"}),
		queue: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "imageshare_http_queue_seconds",
			Help:    "Time requests waited for the server to take them on, before their request duration began.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}),
		signInLimited: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "imageshare_signin_limited_total", Help: "Sign-ins refused by the rate limit.",
		}),
	}
	m.registry.MustRegister(m.requests, m.latency, m.queue, m.signInLimited, collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the registry; with a token, only to a scraper that sends it
// as "Authorization: Bearer <token>" (the series name routes and reveal load).
func (m *Metrics) Handler(token string) http.Handler {
	// The shell's gzip middleware compresses already; promhttp doing it too
	// would send gzip inside gzip, which scrapers cannot read.
	h := promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{DisableCompression: true})
	if token == "" {
		return h
	}
	want := []byte("Bearer " + token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), want) != 1 {
			w.Header().Set("WWW-Authenticate", "Bearer")
			http.Error(w, "metrics need the bearer token", http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// knownMethods are the HTTP methods labelled by name; any other is OTHER, or
// each invented method would be a new series for ever.
var knownMethods = map[string]bool{
	http.MethodGet: true, http.MethodHead: true, http.MethodPost: true, http.MethodPut: true,
	http.MethodPatch: true, http.MethodDelete: true, http.MethodOptions: true, http.MethodConnect: true,
	http.MethodTrace: true,
}

func methodLabel(method string) string {
	if knownMethods[method] {
		return method
	}
	return "OTHER"
}

// middleware labels by route template (c.Path(), which the router only ever
// sets to a registered route, "" when none matched), never the raw URL, and
// by known methods only, so no request can add series at will.
func (m *Metrics) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		c.Set(metricsKey, m)
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		route := c.Path()
		if route == "" {
			route = "unmatched"
		}
		method := methodLabel(c.Request().Method)
		m.requests.WithLabelValues(route, method, strconv.Itoa(c.Response().Status)).Inc()
		m.latency.WithLabelValues(route, method).Observe(time.Since(start).Seconds())
		return nil
	}
}

func (m *Metrics) observeQueue(d time.Duration) { m.queue.Observe(d.Seconds()) }

// CountLimitedSignIn records a sign-in the rate limit refused.
func CountLimitedSignIn(c echo.Context) {
	if m, ok := c.Get(metricsKey).(*Metrics); ok {
		m.signInLimited.Inc()
	}
}
