package web_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"imageshare/web"
)

// stub renders a fixed piece of HTML.
func stub(html string) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, err := io.WriteString(w, html)
		return err
	})
}

func TestRenderPageOrPartial(t *testing.T) {
	page := web.Page{
		Title:    "Things",
		Content:  stub(`<div id="content">all</div>`),
		Partials: map[string]templ.Component{"list": stub(`<ul id="list"></ul>`)},
	}
	tests := []struct {
		name    string
		headers map[string]string
		partial bool
	}{
		{"plain", nil, false},
		{"htmx with a known target", map[string]string{"HX-Request": "true", "HX-Target": "list"}, true},
		{"htmx with another target", map[string]string{"HX-Request": "true", "HX-Target": "main"}, false},
		{"htmx without target", map[string]string{"HX-Request": "true"}, false},
		{"boosted", map[string]string{"HX-Request": "true", "HX-Target": "list", "HX-Boosted": "true"}, false},
		{"history restore", map[string]string{"HX-Request": "true", "HX-Target": "list", "HX-History-Restore-Request": "true"}, false},
		{"HX-Request not true", map[string]string{"HX-Request": "false", "HX-Target": "list"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, "/things", nil)
			for k, v := range tt.headers {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			if err := web.Render(echo.New().NewContext(req, rec), http.StatusAccepted, page); err != nil {
				t.Fatal(err)
			}
			body := rec.Body.String()
			if rec.Code != http.StatusAccepted {
				t.Errorf("status %d, want the given 202", rec.Code)
			}
			if got := rec.Header().Values("Vary"); len(got) != 1 || got[0] != "HX-Request" {
				t.Errorf("Vary = %q, want HX-Request", got)
			}
			if !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
				t.Errorf("Content-Type = %q", rec.Header().Get("Content-Type"))
			}
			if tt.partial {
				if body != `<ul id="list"></ul>` {
					t.Errorf("partial body = %q", body)
				}
				return
			}
			if !strings.Contains(body, "<html") || !strings.Contains(body, `<div id="content">all</div>`) ||
				!strings.Contains(body, "<title>Things") {
				t.Errorf("want the whole page, got:\n%.400s", body)
			}
		})
	}
}

func TestRenderBarePage(t *testing.T) {
	req := httptest.NewRequest(http.MethodGet, "/login", nil)
	rec := httptest.NewRecorder()
	err := web.Render(echo.New().NewContext(req, rec), http.StatusOK, web.Page{Title: "Sign in", Content: stub("<p>form</p>"), Bare: true})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(rec.Body.String(), "<header") || !strings.Contains(rec.Body.String(), "<p>form</p>") {
		t.Errorf("bare page has navigation or lacks content:\n%s", rec.Body.String())
	}
}

// A template that fails half-way must not send half a page with 200: the
// error reaches the error handler with nothing written.
func TestRenderFailureWritesNothing(t *testing.T) {
	broken := templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, _ = io.WriteString(w, "<p>half")
		return errors.New("template failed")
	})
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	rec := httptest.NewRecorder()
	c := echo.New().NewContext(req, rec)
	if err := web.Render(c, http.StatusOK, web.Page{Title: "x", Content: broken}); err == nil {
		t.Fatal("Render hid the template error")
	}
	if c.Response().Committed || rec.Body.Len() != 0 {
		t.Errorf("response committed (%v) with %q", c.Response().Committed, rec.Body.String())
	}
}

func TestFragment(t *testing.T) {
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	rec := httptest.NewRecorder()
	if err := web.Fragment(echo.New().NewContext(req, rec), http.StatusOK, stub(`<li>one</li>`)); err != nil {
		t.Fatal(err)
	}
	if rec.Body.String() != `<li>one</li>` {
		t.Errorf("body = %q", rec.Body.String())
	}
	if rec.Header().Get("Vary") != "HX-Request" {
		t.Errorf("Vary = %q", rec.Header().Get("Vary"))
	}
}
