package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"imageshare/handlers/handlertest"
)

var requestSeries = regexp.MustCompile(`(?m)^imageshare_http_requests_total\{method="([^"]*)",route="([^"]*)",status="([^"]*)"\}`)

// Finding 2 of the security review: the request series were labelled by the
// raw HTTP method, so invented methods grew memory and /metrics without
// bound. Whatever arrives, methods are the known ones or OTHER, and routes
// the registered templates or "unmatched".
func TestFinding2MetricsLabelsAreBounded(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	c := app.Client(t)
	paths := []string{"/login", "/images/img-demo0001", "/no/such/page", "/admin/nope", "/static/x/y"}
	for i := range 400 {
		c.Do(fmt.Sprintf("INVENTED%03d", i), paths[i%len(paths)]+fmt.Sprintf("?n=%d", i), nil)
	}
	c.Do(http.MethodGet, fmt.Sprintf("/made-up-%d", 1), nil)

	r := c.Get("/metrics", handlertest.H{"Accept-Encoding": "identity"})
	wantStatus(t, r, http.StatusOK)
	known := []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE", "OTHER"}
	var routes []string
	for _, rt := range app.Echo.Routes() {
		routes = append(routes, rt.Path)
	}
	series := requestSeries.FindAllStringSubmatch(r.Body, -1)
	for _, s := range series {
		if !slices.Contains(known, s[1]) {
			t.Errorf("method label %q", s[1])
		}
		if s[2] != "unmatched" && !slices.Contains(routes, s[2]) {
			t.Errorf("route label %q is no registered route", s[2])
		}
	}
	if len(series) > 20 {
		t.Errorf("%d request series after 400 requests with invented methods; want a handful", len(series))
	}
	if !strings.Contains(r.Body, `method="OTHER"`) {
		t.Error("invented methods are not counted as OTHER")
	}
}

// Finding 2: with a metrics token, /metrics answers only a scraper that
// presents it.
func TestFinding2MetricsToken(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t, handlertest.WithMetricsToken("scrape-secret"))
	c := app.Client(t)
	tests := []struct {
		name   string
		header handlertest.H
		status int
	}{
		{"no token", nil, http.StatusUnauthorized},
		{"wrong token", handlertest.H{"Authorization": "Bearer scrape-secreT"}, http.StatusUnauthorized},
		{"token without the scheme", handlertest.H{"Authorization": "scrape-secret"}, http.StatusUnauthorized},
		{"right token", handlertest.H{"Authorization": "Bearer scrape-secret"}, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.Get("/metrics", tt.header)
			wantStatus(t, r, tt.status)
			shown, want := strings.Contains(r.Body, "imageshare_http_requests_total"), tt.status == http.StatusOK
			if shown != want {
				t.Errorf("series shown: %v, want %v", shown, want)
			}
			if tt.status == http.StatusUnauthorized && r.Header.Get("WWW-Authenticate") != "Bearer" {
				t.Errorf("WWW-Authenticate = %q, want Bearer", r.Header.Get("WWW-Authenticate"))
			}
		})
	}
}

// Finding 3 of the security review: sign-ins refused by the rate limit are
// no longer audited one by one; this series counts them.
func TestFinding3LimitedSignInsAreCounted(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	c := app.Client(t)
	for range 5 {
		wantStatus(t, c.Post("/login", url.Values{"username": {handlertest.Carol}, "password": {"wrong-password"}}),
			http.StatusUnprocessableEntity)
	}
	for range 3 {
		wantStatus(t, c.Post("/login", url.Values{"username": {handlertest.Carol}, "password": {"wrong-password"}}),
			http.StatusTooManyRequests)
	}
	r := c.Get("/metrics", handlertest.H{"Accept-Encoding": "identity"})
	if !strings.Contains(r.Body, "\nimageshare_signin_limited_total 3\n") {
		t.Errorf("metrics lack imageshare_signin_limited_total 3:\n%s", requestSeries.ReplaceAllString(r.Body, ""))
	}
}
