package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"

	"imageshare/web"
)

func TestSafeNext(t *testing.T) {
	tests := []struct {
		next, want string
	}{
		{"/images", "/images"},
		{"/images?region=ap-shanghai&tab=custom", "/images?region=ap-shanghai&tab=custom"},
		{"/", "/"},
		{"", "/fallback"},
		{"images", "/fallback"},
		{"//evil.example", "/fallback"},
		{"//evil.example/images", "/fallback"},
		{"/\\evil.example", "/fallback"},
		{"\\\\evil.example", "/fallback"},
		{"https://evil.example/images", "/fallback"},
		{"HTTPS://evil.example", "/fallback"},
		{"http:/evil.example", "/fallback"},
		{"javascript:alert(1)", "/fallback"},
		{"/\t/evil.example", "/fallback"},
		{"/\n/evil.example", "/fallback"},
		{"%2F%2Fevil.example", "/fallback"},
	}
	for _, tt := range tests {
		t.Run(tt.next, func(t *testing.T) {
			if got := web.SafeNext(tt.next, "/fallback"); got != tt.want {
				t.Errorf("SafeNext(%q) = %q, want %q", tt.next, got, tt.want)
			}
		})
	}
}

func TestRedirect(t *testing.T) {
	tests := []struct {
		name       string
		headers    map[string]string
		status     int
		location   string
		hxRedirect string
	}{
		{"plain", nil, http.StatusSeeOther, "/account", ""},
		{"htmx", map[string]string{"HX-Request": "true"}, http.StatusNoContent, "", "/account"},
		{"boosted", map[string]string{"HX-Request": "true", "HX-Boosted": "true"}, http.StatusNoContent, "", "/account"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, "/account/password", nil)
			for k, v := range tt.headers {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			if err := web.Redirect(echo.New().NewContext(req, rec), "/account"); err != nil {
				t.Fatal(err)
			}
			if rec.Code != tt.status {
				t.Errorf("status %d, want %d", rec.Code, tt.status)
			}
			if got := rec.Header().Get("Location"); got != tt.location {
				t.Errorf("Location = %q, want %q", got, tt.location)
			}
			if got := rec.Header().Get("HX-Redirect"); got != tt.hxRedirect {
				t.Errorf("HX-Redirect = %q, want %q", got, tt.hxRedirect)
			}
		})
	}
}
