package handlertest

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// H is a set of request headers, e.g. H{"HX-Request": "true"}.
type H map[string]string

// Fragment are the headers htmx sends when it swaps the element with id target.
func Fragment(target string) H { return H{"HX-Request": "true", "HX-Target": target} }

// Client is one browser-like visitor: it keeps cookies and never follows
// redirects, so tests see every 303.
type Client struct {
	t    testing.TB
	base *url.URL
	http *http.Client
	Jar  *cookiejar.Jar

	csrf, csrfFor string // the last CSRF token, and the cookies it was read with
}

// SessionCookie is the name of the console's session cookie.
const SessionCookie = "imageshare_session"

// Client returns a new visitor with an empty cookie jar.
func (a *App) Client(t testing.TB) *Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatalf("cookie jar: %v", err)
	}
	base, err := url.Parse(a.Server.URL)
	if err != nil {
		t.Fatalf("server url: %v", err)
	}
	hc := &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return &Client{t: t, base: base, http: hc, Jar: jar}
}

// SignedIn returns a new visitor signed in as username.
func (a *App) SignedIn(t testing.TB, username, password string) *Client {
	t.Helper()
	c := a.Client(t)
	c.Login(username, password)
	return c
}

// Response is a finished response with its body read.
type Response struct {
	*http.Response
	Body string
}

// Doc parses the body as HTML.
func (r *Response) Doc(t testing.TB) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(r.Body))
	if err != nil {
		t.Fatalf("parse html: %v", err)
	}
	return doc
}

// Cookie returns the Set-Cookie of name in this response, if any.
func (r *Response) Cookie(name string) (*http.Cookie, bool) {
	for _, c := range r.Cookies() {
		if c.Name == name {
			return c, true
		}
	}
	return nil, false
}

// Get requests path (path and query) with optional headers.
func (c *Client) Get(path string, headers ...H) *Response {
	c.t.Helper()
	return c.Do(http.MethodGet, path, nil, headers...)
}

// Post submits form to path with the CSRF token in the _csrf field, as a
// plain form without JavaScript does.
func (c *Client) Post(path string, form url.Values, headers ...H) *Response {
	c.t.Helper()
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	f.Set("_csrf", c.CSRFToken())
	return c.PostRaw(path, f, headers...)
}

// PostRaw submits form exactly as given: no CSRF token is added.
func (c *Client) PostRaw(path string, form url.Values, headers ...H) *Response {
	c.t.Helper()
	h := H{"Content-Type": "application/x-www-form-urlencoded"}
	for _, extra := range headers {
		for k, v := range extra {
			h[k] = v
		}
	}
	return c.Do(http.MethodPost, path, strings.NewReader(form.Encode()), h)
}

// Do sends one request and reads the whole response.
func (c *Client) Do(method, path string, body io.Reader, headers ...H) *Response {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base.String()+path, body)
	if err != nil {
		c.t.Fatalf("new request %s %s: %v", method, path, err)
	}
	for _, h := range headers {
		for k, v := range h {
			req.Header.Set(k, v)
		}
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("read %s %s: %v", method, path, err)
	}
	return &Response{Response: resp, Body: string(b)}
}

// CSRFToken returns the token the console's pages hand this visitor, as a
// browser's forms carry it. It is tied to the visitor's session (and changes
// at sign-in and sign-out), so it is read from a page whenever the cookies
// it depends on changed. The page is asked for as htmx would, so it does not
// take a flash message meant for the test's next page.
func (c *Client) CSRFToken() string {
	c.t.Helper()
	if c.csrf != "" && c.csrfFor == c.csrfCookies() {
		return c.csrf
	}
	quiet := H{"HX-Request": "true", "HX-Target": "csrf-token"}
	r := c.Get("/account", quiet)
	if r.StatusCode != http.StatusOK {
		r = c.Get("/login", quiet)
	}
	token, ok := r.Doc(c.t).Find(`input[name="_csrf"]`).First().Attr("value")
	if !ok || token == "" {
		c.t.Fatalf("no CSRF token on %s (status %d)", r.Request.URL.Path, r.StatusCode)
	}
	c.csrf, c.csrfFor = token, c.csrfCookies()
	return token
}

// csrfCookies are the cookies the CSRF token depends on.
func (c *Client) csrfCookies() string { return c.Cookie("_csrf") + "\x00" + c.Cookie(SessionCookie) }

// Cookie returns the value the jar would send for name, or "".
func (c *Client) Cookie(name string) string {
	for _, ck := range c.Jar.Cookies(c.base) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// SetCookie puts a cookie in the jar as if the server had set it.
func (c *Client) SetCookie(name, value string) {
	c.Jar.SetCookies(c.base, []*http.Cookie{{Name: name, Value: value, Path: "/"}})
}

// Login signs in through the form and fails the test unless it redirects.
func (c *Client) Login(username, password string) *Response {
	c.t.Helper()
	r := c.Post("/login", url.Values{"username": {username}, "password": {password}})
	if r.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("login %s: status %d, want 303\n%s", username, r.StatusCode, r.Body)
	}
	return r
}
