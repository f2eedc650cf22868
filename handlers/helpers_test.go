package handlers_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"imageshare/handlers/handlertest"
)

// wantStatus fails the test unless r has the status code.
func wantStatus(t *testing.T, r *handlertest.Response, code int) {
	t.Helper()
	if r.StatusCode != code {
		t.Fatalf("%s %s: status %d, want %d\n%.2000s", r.Request.Method, r.Request.URL, r.StatusCode, code, r.Body)
	}
}

// wantRedirect fails the test unless r is a 303 to location.
func wantRedirect(t *testing.T, r *handlertest.Response, location string) {
	t.Helper()
	wantStatus(t, r, http.StatusSeeOther)
	if got := r.Header.Get("Location"); got != location {
		t.Fatalf("%s %s: Location %q, want %q", r.Request.Method, r.Request.URL, got, location)
	}
}

// text is the trimmed, space-collapsed text of the selection.
func text(s *goquery.Selection) string { return strings.Join(strings.Fields(s.Text()), " ") }

// isFullPage reports whether body is a whole HTML document.
func isFullPage(body string) bool { return strings.Contains(body, "<html") }

// signedIn reports whether c is signed in: /images answers 200, not a redirect.
func signedIn(t *testing.T, c *handlertest.Client) bool {
	t.Helper()
	r := c.Get("/images")
	switch r.StatusCode {
	case http.StatusOK:
		return true
	case http.StatusSeeOther:
		return false
	}
	t.Fatalf("GET /images: unexpected status %d", r.StatusCode)
	return false
}

// varies reports whether the response's Vary header names header.
func varies(r *handlertest.Response, header string) bool {
	for _, v := range r.Header.Values("Vary") {
		for _, name := range strings.Split(v, ",") {
			if http.CanonicalHeaderKey(strings.TrimSpace(name)) == http.CanonicalHeaderKey(header) {
				return true
			}
		}
	}
	return false
}
