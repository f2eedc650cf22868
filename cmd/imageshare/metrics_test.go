package main

import (
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Finding 2 of the security review: with --metrics-addr the series are served
// on that listener only, behind IMAGESHARE_METRICS_TOKEN when one is set.
func TestFinding2MetricsAddr(t *testing.T) {
	srv := startServer(t, env{"IMAGESHARE_METRICS_TOKEN": "scrape-secret"}.get, "--addr", "127.0.0.1:0",
		"--api-addr", "", "--metrics-addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "metrics.db"),
		"--log-format", "text")
	console := srv.waitFor(t, regexp.MustCompile(`Sign in at (http://[^/]+)/login`))[1]
	metrics := srv.waitFor(t, regexp.MustCompile(`Metrics \(Prometheus\): (http://\S+/metrics)`))[1]

	get := func(url, token string) (int, string) {
		t.Helper()
		req, err := http.NewRequest(http.MethodGet, url, nil)
		if err != nil {
			t.Fatal(err)
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v", url, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if status, _ := get(console+"/login", ""); status != http.StatusOK {
		t.Fatalf("GET /login: %d", status)
	}
	// The console's address treats /metrics as any unknown page.
	if status, body := get(console+"/metrics", "scrape-secret"); strings.Contains(body, "imageshare_http_requests_total") {
		t.Errorf("/metrics on the console's address: %d with the series", status)
	}
	if status, _ := get(metrics, ""); status != http.StatusUnauthorized {
		t.Errorf("metrics listener without the token: %d, want 401", status)
	}
	status, body := get(metrics, "scrape-secret")
	if status != http.StatusOK || !strings.Contains(body, `imageshare_http_requests_total{method="GET",route="/login",status="200"}`) {
		t.Errorf("metrics listener: %d, want 200 with the console's series:\n%.1000s", status, body)
	}
}
