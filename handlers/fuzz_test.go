package handlers_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"imageshare/handlers/handlertest"
)

// visitor is a signed-in (or not) browser's cookies and CSRF token, for
// requests sent straight to the router.
type visitor struct {
	cookies []*http.Cookie
	token   string
}

func visitorOf(c *handlertest.Client) visitor {
	v := visitor{token: c.CSRFToken()}
	for _, name := range []string{"_csrf", handlertest.SessionCookie} {
		if value := c.Cookie(name); value != "" {
			v.cookies = append(v.cookies, &http.Cookie{Name: name, Value: value})
		}
	}
	return v
}

// FuzzConsoleInput sends what a fuzzer makes up as form fields, search,
// paging and sort parameters and account lists to the console's routes that
// take them: whatever comes, no answer is a 500 (nor a panic).
func FuzzConsoleInput(f *testing.F) {
	f.Add("web-frontend", "a description", "2", "name")
	f.Add("\xff\xfe", "\x00", "-1", "created_desc")
	f.Add("100000000002, 100000000003", "", "99999999999999999999", "size")
	f.Add("  padded  ", "line\nbreak", "0x10", "'; DROP TABLE images; --")
	f.Add(strings.Repeat("x", 300), "%", "1e9", "\u202e")
	app := handlertest.New(f)
	alice := visitorOf(app.SignedIn(f, handlertest.Alice, handlertest.DemoPassword))
	anonymous := visitorOf(app.Client(f))
	f.Fuzz(func(t *testing.T, text, other, page, sort string) {
		query := url.Values{"region": {"ap-guangzhou"}, "tab": {other}, "q": {text}, "page": {page}, "size": {page},
			"sort": {sort}, "platform": {text}}
		requests := []struct {
			who          visitor
			method, path string
			form         url.Values
		}{
			{alice, http.MethodGet, "/images?" + query.Encode(), nil},
			{alice, http.MethodGet, "/instances?" + query.Encode(), nil},
			{alice, http.MethodGet, "/images/img-demo0002/share?" + url.Values{"accounts": {text}}.Encode(), nil},
			{alice, http.MethodPost, "/images/img-demo0003", url.Values{"name": {text}, "description": {other}}},
			{alice, http.MethodPost, "/images/img-demo0002/share", url.Values{"accounts": {text}, "risk": {other}}},
			{alice, http.MethodPost, "/instances", url.Values{"image": {text}, "zone": {other}, "type": {sort}, "name": {text}}},
			{alice, http.MethodGet, "/notifications?" + url.Values{"page": {page}}.Encode(), nil},
			{anonymous, http.MethodPost, "/login", url.Values{"username": {text}, "password": {other}, "next": {sort}}},
		}
		for _, r := range requests {
			var req *http.Request
			if r.form == nil {
				req = httptest.NewRequest(r.method, r.path, nil)
			} else {
				r.form.Set("_csrf", r.who.token)
				req = httptest.NewRequest(r.method, r.path, strings.NewReader(r.form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			for _, ck := range r.who.cookies {
				req.AddCookie(ck)
			}
			rec := httptest.NewRecorder()
			app.Echo.ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Fatalf("%s %s %v: status %d\n%.500s", r.method, r.path, r.form, rec.Code, rec.Body.String())
			}
		}
	})
}
