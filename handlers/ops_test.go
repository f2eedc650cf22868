package handlers_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"imageshare/handlers/handlertest"
	"imageshare/static"
)

func TestHealth(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	c := app.Client(t)
	tests := []struct {
		path string
		want map[string]string
	}{
		{"/healthz", map[string]string{"status": "ok"}},
		{"/readyz", map[string]string{"status": "ok", "database": "sqlite"}},
	}
	for _, tt := range tests {
		r := c.Get(tt.path)
		wantStatus(t, r, http.StatusOK)
		var got map[string]string
		if err := json.Unmarshal([]byte(r.Body), &got); err != nil {
			t.Fatalf("%s: %v in %q", tt.path, err, r.Body)
		}
		for k, v := range tt.want {
			if got[k] != v {
				t.Errorf("%s: %s = %q, want %q", tt.path, k, got[k], v)
			}
		}
	}
}

func TestReadyFailsWithoutDatabase(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	sqlDB, err := app.DB.DB.DB()
	if err != nil {
		t.Fatal(err)
	}
	if err := sqlDB.Close(); err != nil {
		t.Fatal(err)
	}
	c := app.Client(t)
	wantStatus(t, c.Get("/readyz"), http.StatusServiceUnavailable)
	wantStatus(t, c.Get("/healthz"), http.StatusOK)
}

func TestMetricsUseRouteTemplates(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	c := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	c.Get("/images?region=ap-shanghai&q=secret-search")
	c.Get("/images?page=2")
	c.Get("/no-such-page-7f3a")
	c.Get(static.Path("app.css"))

	// identity: see TestMetricsScrapeWithGzip.
	r := c.Get("/metrics", handlertest.H{"Accept-Encoding": "identity"})
	wantStatus(t, r, http.StatusOK)
	for _, want := range []string{
		`imageshare_http_requests_total{method="GET",route="/images",status="200"} 2`,
		`imageshare_http_requests_total{method="POST",route="/login",status="303"} 1`,
		`route="/static/:hash/:name"`,
		`imageshare_http_request_duration_seconds_bucket{method="GET",route="/images"`,
		"go_goroutines",
	} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	hash, _ := static.Hash("app.css")
	for _, raw := range []string{"ap-shanghai", "secret-search", "no-such-page-7f3a", hash, "page=2"} {
		if strings.Contains(r.Body, raw) {
			t.Errorf("metrics carry the raw URL part %q", raw)
		}
	}
}

// A scraper (Prometheus, or any Go client) asks for gzip and decodes once.
func TestMetricsScrapeWithGzip(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	r := app.Client(t).Get("/metrics") // the transport adds Accept-Encoding: gzip and decodes
	wantStatus(t, r, http.StatusOK)
	if !strings.HasPrefix(r.Body, "# HELP") {
		t.Fatalf("decoded body is not the text format: %q", r.Body[:min(len(r.Body), 16)])
	}
}

func TestStaticAssets(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	c := app.Client(t)
	cssHash, _ := static.Hash("app.css")
	tests := []struct {
		name, path   string
		status       int
		cacheControl string
		contentType  string
	}{
		{"current hash", static.Path("app.css"), http.StatusOK, "public, max-age=31536000, immutable", "text/css"},
		{"script", static.Path("htmx.min.js"), http.StatusOK, "public, max-age=31536000, immutable", "javascript"},
		{"stale hash", "/static/000000000000/app.css", http.StatusOK, "no-cache", "text/css"},
		{"unknown file", "/static/" + cssHash + "/nope.css", http.StatusNotFound, "", ""},
		{"source file not embedded", "/static/" + cssHash + "/embed.go", http.StatusNotFound, "", ""},
		{"traversal", "/static/" + cssHash + "/..%2Fgo.mod", http.StatusNotFound, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.Get(tt.path)
			wantStatus(t, r, tt.status)
			if tt.status != http.StatusOK {
				return
			}
			if got := r.Header.Get("Cache-Control"); got != tt.cacheControl {
				t.Errorf("Cache-Control = %q, want %q", got, tt.cacheControl)
			}
			if got := r.Header.Get("Content-Type"); !strings.Contains(got, tt.contentType) {
				t.Errorf("Content-Type = %q, want %s", got, tt.contentType)
			}
			if got := r.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options = %q", got)
			}
			if _, ok := r.Cookie("_csrf"); ok {
				t.Error("a static asset set the CSRF cookie")
			}
		})
	}
}

func TestStaticAssetsGzip(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	want, err := fs.ReadFile(static.FS, "app.css")
	if err != nil {
		t.Fatal(err)
	}
	c := app.Client(t)
	plain := c.Get(static.Path("app.css"))
	if plain.Header.Get("Content-Encoding") != "" || plain.Body != string(want) {
		t.Fatalf("without Accept-Encoding: encoding %q, body differs: %v", plain.Header.Get("Content-Encoding"), plain.Body != string(want))
	}
	// Setting Accept-Encoding by hand stops the transport from decoding.
	r := c.Get(static.Path("app.css"), handlertest.H{"Accept-Encoding": "gzip"})
	wantStatus(t, r, http.StatusOK)
	if got := r.Header.Get("Content-Encoding"); got != "gzip" {
		t.Fatalf("Content-Encoding = %q, want gzip", got)
	}
	if !varies(r, "Accept-Encoding") {
		t.Errorf("Vary = %q, want Accept-Encoding", r.Header.Values("Vary"))
	}
	zr, err := gzip.NewReader(strings.NewReader(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("gzipped body does not decode to app.css")
	}
	if len(r.Body) >= len(want) {
		t.Errorf("gzip did not shrink app.css: %d >= %d bytes", len(r.Body), len(want))
	}
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	member := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	tests := []struct {
		name string
		c    *handlertest.Client
		path string
	}{
		{"sign-in", app.Client(t), "/login"},
		{"images", member, "/images"},
		{"not found", member, "/no/such/page"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.c.Get(tt.path)
			csp := r.Header.Get("Content-Security-Policy")
			for _, want := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("CSP %q lacks %q", csp, want)
				}
			}
			for _, bad := range []string{"unsafe-inline", "unsafe-eval", "*"} {
				if strings.Contains(csp, bad) {
					t.Errorf("CSP %q allows %q", csp, bad)
				}
			}
			want := map[string]string{
				"X-Content-Type-Options": "nosniff",
				"X-Frame-Options":        "DENY",
				"Referrer-Policy":        "same-origin",
				"Cache-Control":          "no-store",
			}
			for h, v := range want {
				if got := r.Header.Get(h); got != v {
					t.Errorf("%s = %q, want %q", h, got, v)
				}
			}
			if got := r.Header.Get("Strict-Transport-Security"); got != "" {
				t.Errorf("HSTS %q sent over plain HTTP", got)
			}
			wantNothingCSPBlocks(t, r.Doc(t))
		})
	}
}

// wantNothingCSPBlocks fails on inline scripts, inline event handlers and
// style attributes: the policy would block them, so the page would break.
func wantNothingCSPBlocks(t *testing.T, doc *goquery.Document) {
	t.Helper()
	doc.Find("script").Each(func(_ int, s *goquery.Selection) {
		if src, ok := s.Attr("src"); !ok || src == "" || strings.TrimSpace(s.Text()) != "" {
			t.Errorf("inline script: %q", s.Text())
		}
	})
	doc.Find("*").Each(func(_ int, s *goquery.Selection) {
		for _, a := range s.Nodes[0].Attr {
			if a.Key == "style" || strings.HasPrefix(a.Key, "on") || strings.HasPrefix(a.Key, "hx-on") {
				t.Errorf("<%s %s=%q> needs what the CSP forbids", goquery.NodeName(s), a.Key, a.Val)
			}
		}
	})
}

func TestSecureCookiesUnderTLS(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t, handlertest.WithSecureCookies())
	c := app.Client(t)
	page := c.Get("/login")
	if got := page.Header.Get("Strict-Transport-Security"); !strings.Contains(got, "max-age=") {
		t.Errorf("HSTS = %q, want a max-age", got)
	}
	csrf, ok := page.Cookie("_csrf")
	if !ok || !csrf.Secure {
		t.Errorf("_csrf cookie %+v, want Secure", csrf)
	}
	// The jar will not send Secure cookies over plain HTTP, so sign in as a
	// same-origin browser would.
	r := c.PostRaw("/login", url.Values{"username": {handlertest.Alice}, "password": {handlertest.DemoPassword}},
		handlertest.H{"Sec-Fetch-Site": "same-origin"})
	wantStatus(t, r, http.StatusSeeOther)
	session, ok := r.Cookie(sessionCookie)
	if !ok || !session.Secure || !session.HttpOnly {
		t.Errorf("session cookie %+v, want Secure and HttpOnly", session)
	}
}
