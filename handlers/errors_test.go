package handlers_test

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"imageshare/handlers/handlertest"
	"imageshare/views/components"
	"imageshare/views/i18n"
)

// Test-only routes that fail the way a bug in a handler would.
const (
	secretPanic = "panic: secret internal detail 4f1c"
	secretError = "dial tcp 10.0.0.7:5432: password authentication failed for user imageshare"
)

func failingRoutes(e *echo.Echo) {
	e.GET("/test/panic", func(echo.Context) error { panic(secretPanic) })
	e.GET("/test/error", func(echo.Context) error { return errors.New(secretError) })
}

// wantNoInternals fails if body shows anything of the program's insides.
func wantNoInternals(t *testing.T, body string) {
	t.Helper()
	for _, leak := range []string{"goroutine", ".go:", "runtime/", "secret internal detail", "10.0.0.7", "code=", "message="} {
		if strings.Contains(body, leak) {
			t.Errorf("response shows %q", leak)
		}
	}
}

func TestErrorPages(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t, handlertest.WithRoutes(failingRoutes))
	tests := []struct {
		name, path string
		signedIn   bool
		status     int
		titleKey   string
		messageKey string
	}{
		{"unknown asset, signed out", "/static/0123456789ab/missing.css", false, http.StatusNotFound, "error.not_found_title", "error.not_found"},
		{"unknown route, signed in", "/no/such/page", true, http.StatusNotFound, "error.not_found_title", "error.not_found"},
		{"panic", "/test/panic", false, http.StatusInternalServerError, "error.internal_title", "error.internal"},
		{"panic, signed in", "/test/panic", true, http.StatusInternalServerError, "error.internal_title", "error.internal"},
		{"plain error", "/test/error", false, http.StatusInternalServerError, "error.internal_title", "error.internal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := app.Client(t)
			if tt.signedIn {
				c.Login(handlertest.Alice, handlertest.DemoPassword)
			}
			r := c.Get(tt.path)
			wantStatus(t, r, tt.status)
			wantNoInternals(t, r.Body)
			doc := r.Doc(t)
			if got, want := text(doc.Find("#error-title")), i18n.Tr("en", tt.titleKey); got != want {
				t.Errorf("title = %q, want %q", got, want)
			}
			if got := text(doc.Find("main")); !strings.Contains(got, i18n.Tr("en", tt.messageKey)) {
				t.Errorf("page lacks the message %q:\n%s", i18n.Tr("en", tt.messageKey), got)
			}
			id := r.Header.Get(echo.HeaderXRequestID)
			if id == "" {
				t.Fatal("no X-Request-Id header")
			}
			if got := text(doc.Find("main code")); got != id {
				t.Errorf("page shows request id %q, want %q", got, id)
			}
			// Signed in, the error page keeps the navigation; signed out it is bare.
			if got := doc.Find("header nav").Length() == 1; got != tt.signedIn {
				t.Errorf("navigation shown = %v, want %v", got, tt.signedIn)
			}
		})
	}
}

// Unknown paths sit behind the signed-in group's catch-all: a visitor who is
// not signed in learns nothing about which routes exist.
func TestUnknownRouteSignedOutAsksToSignIn(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	c := app.Client(t)
	wantRedirect(t, c.Get("/no/such/page"), "/login?next=%2Fno%2Fsuch%2Fpage")
	r := c.Post("/login", url.Values{"username": {handlertest.Alice}, "password": {handlertest.DemoPassword}, "next": {"/no/such/page"}})
	wantRedirect(t, r, "/no/such/page")
	wantStatus(t, c.Get("/no/such/page"), http.StatusNotFound)
}

func TestErrorsAreLoggedWithRequestID(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t, handlertest.WithRoutes(failingRoutes))
	r := app.Client(t).Get("/test/panic")
	wantStatus(t, r, http.StatusInternalServerError)
	id := r.Header.Get(echo.HeaderXRequestID)
	logs := app.Logs()
	for _, want := range []string{"request_id=" + id, "secret internal detail", "goroutine"} {
		if !strings.Contains(logs, want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}
}

func TestErrorsAsToastsForHTMX(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t, handlertest.WithRoutes(failingRoutes))
	c := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	tests := []struct {
		name, path string
		status     int
		message    string
	}{
		{"panic", "/test/panic", http.StatusInternalServerError, i18n.Tr("en", "error.internal")},
		{"unknown route", "/no/such/page", http.StatusNotFound, i18n.Tr("en", "error.not_found")},
		{"unknown region", "/images?region=ap-mars", http.StatusNotFound, i18n.Tr("en", "images.bad_region", "ap-mars")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.Get(tt.path, handlertest.H{"HX-Request": "true", "HX-Target": "image-list"})
			wantStatus(t, r, tt.status)
			wantNoInternals(t, r.Body)
			if isFullPage(r.Body) {
				t.Fatalf("htmx got a whole page, want a toast:\n%.300s", r.Body)
			}
			if got := r.Header.Get("HX-Retarget"); got != "#"+components.ToastsID {
				t.Errorf("HX-Retarget = %q, want #%s", got, components.ToastsID)
			}
			if got := r.Header.Get("HX-Reswap"); got != "beforeend" {
				t.Errorf("HX-Reswap = %q, want beforeend", got)
			}
			toast := r.Doc(t).Find(`body > [role="alert"]`)
			if toast.Length() != 1 {
				t.Fatalf("want one alert toast, body:\n%s", r.Body)
			}
			if got := text(toast); !strings.Contains(got, tt.message) {
				t.Errorf("toast %q lacks the message", got)
			}
			if id := r.Header.Get(echo.HeaderXRequestID); text(toast.Find("code")) != id {
				t.Errorf("toast shows request id %q, want %q", text(toast.Find("code")), id)
			}
		})
	}
}

func TestRequestBodyLimit(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	c := app.Client(t)
	big := strings.Repeat("a", 2<<20)
	r := c.Post("/login", url.Values{"username": {big}, "password": {"x"}})
	wantStatus(t, r, http.StatusRequestEntityTooLarge)
	if got := text(r.Doc(t).Find("main")); !strings.Contains(got, i18n.Tr("en", "error.too_large")) {
		t.Errorf("413 page lacks the message: %q", got)
	}
}
