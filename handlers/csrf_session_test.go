package handlers_test

import (
	"net/http"
	"net/url"
	"testing"

	"imageshare/handlers/handlertest"
)

// Finding 7 of the security review: the CSRF token was the _csrf cookie
// itself, never rotated and tied to nothing, and Sec-Fetch-Site: same-site
// requests fell back to it, so a sibling site that can plant a cookie could
// forge requests. The token is now bound to the session and rotates at
// sign-in and sign-out.
func TestFinding7CSRFTokenIsBoundToTheSession(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	// A language switch is the change each case tries: allowed, it answers
	// 303 and sets the user's language.
	try := func(c *handlertest.Client, token string, h handlertest.H) *handlertest.Response {
		return c.PostRaw("/preferences/language", url.Values{"lang": {"pt-BR"}, "_csrf": {token}}, h)
	}
	tests := []struct {
		name string
		// token returns the client to post with and the token it sends.
		token func(t *testing.T) (*handlertest.Client, string)
		fetch string // Sec-Fetch-Site, "" for none
	}{
		{"Finding 7: a token from before sign-in is refused after it", func(t *testing.T) (*handlertest.Client, string) {
			c := app.Client(t)
			before := c.CSRFToken()
			c.Login(handlertest.Alice, handlertest.DemoPassword)
			return c, before
		}, ""},
		{"Finding 7: a token from before sign-out is refused after it", func(t *testing.T) (*handlertest.Client, string) {
			c := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
			before := c.CSRFToken()
			wantRedirect(t, c.Post("/logout", nil), "/login")
			return c, before
		}, ""},
		{"Finding 7: a token of an earlier session is refused in the next one", func(t *testing.T) (*handlertest.Client, string) {
			c := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
			before := c.CSRFToken()
			c.Login(handlertest.Alice, handlertest.DemoPassword)
			return c, before
		}, ""},
		{"Finding 7: another user's token is refused", func(t *testing.T) (*handlertest.Client, string) {
			return app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword),
				app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword).CSRFToken()
		}, ""},
		{"Finding 7: a planted _csrf cookie and its value are refused from a sibling site", func(t *testing.T) (*handlertest.Client, string) {
			c := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
			c.SetCookie("_csrf", "planted-by-a-sibling-site")
			return c, "planted-by-a-sibling-site"
		}, "same-site"},
		{"Finding 7: a planted _csrf cookie and its value are refused", func(t *testing.T) (*handlertest.Client, string) {
			c := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
			c.SetCookie("_csrf", "planted-by-a-sibling-site")
			return c, "planted-by-a-sibling-site"
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, token := tt.token(t)
			h := handlertest.H{}
			if tt.fetch != "" {
				h["Sec-Fetch-Site"] = tt.fetch
			}
			r := try(c, token, h)
			wantStatus(t, r, http.StatusForbidden)
			if _, ok := r.Cookie("lang"); ok {
				t.Error("a refused request changed the language")
			}
			// The page's own token still works: the refusal was the token's.
			wantRedirect(t, try(c, c.CSRFToken(), h), "/images")
		})
	}
}

// Finding 7: the _csrf cookie is replaced at sign-in and at sign-out.
func TestFinding7CSRFCookieRotates(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	c := app.Client(t)
	c.CSRFToken()
	first := c.Cookie("_csrf")
	c.Login(handlertest.Alice, handlertest.DemoPassword)
	second := c.Cookie("_csrf")
	wantRedirect(t, c.Post("/logout", nil), "/login")
	third := c.Cookie("_csrf")
	if first == "" || first == second || second == third || third == "" {
		t.Errorf("_csrf cookie before sign-in %q, after %q, after sign-out %q; want three different values", first, second, third)
	}
}
