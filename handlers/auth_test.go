package handlers_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"imageshare/handlers/handlertest"
	"imageshare/views/i18n"
)

const sessionCookie = "imageshare_session"

func TestSignedOutGoesToLoginAndBack(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	tests := []struct {
		name, path, location string
		next, after          string // hidden next field on the sign-in page, redirect after sign-in
	}{
		{"images", "/images", "/login?next=%2Fimages", "/images", "/images"},
		{"with query", "/images?region=ap-shanghai&tab=custom",
			"/login?next=%2Fimages%3Fregion%3Dap-shanghai%26tab%3Dcustom",
			"/images?region=ap-shanghai&tab=custom", "/images?region=ap-shanghai&tab=custom"},
		{"account", "/account", "/login?next=%2Faccount", "/account", "/account"},
		{"root has no next", "/", "/login", "", "/images"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := app.Client(t)
			wantRedirect(t, c.Get(tt.path), tt.location)

			login := c.Get(tt.location)
			wantStatus(t, login, http.StatusOK)
			next, ok := login.Doc(t).Find(`form[action="/login"] input[name="next"]`).Attr("value")
			if !ok || next != tt.next {
				t.Fatalf("hidden next = %q (present %v), want %q", next, ok, tt.next)
			}
			r := c.Post("/login", url.Values{"username": {handlertest.Alice}, "password": {handlertest.DemoPassword}, "next": {next}})
			wantRedirect(t, r, tt.after)
		})
	}
}

func TestLoginIgnoresForeignNext(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	for _, next := range []string{
		"https://evil.example/x", "//evil.example", "/\\evil.example", "\\\\evil.example",
		"javascript:alert(1)", "evil.example", "http:/evil.example", "/\t/evil.example",
	} {
		t.Run(next, func(t *testing.T) {
			c := app.Client(t)
			r := c.Post("/login", url.Values{"username": {handlertest.Alice}, "password": {handlertest.DemoPassword}, "next": {next}})
			wantRedirect(t, r, "/images")

			// Already signed in, GET /login?next= must not bounce elsewhere either.
			wantRedirect(t, c.Get("/login?next="+url.QueryEscape(next)), "/images")
		})
	}
}

func TestLoginFailure(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	tests := []struct {
		name, lang, user, password, locale string
	}{
		{"wrong password", "", handlertest.Alice, "not-the-password", "en"},
		{"unknown user", "", "nobody", "whatever-123", "en"},
		{"portuguese", "pt-BR", handlertest.Bob, "not-the-password", "pt-BR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := app.Client(t)
			r := c.Post("/login", url.Values{"username": {tt.user}, "password": {tt.password}},
				handlertest.H{"Accept-Language": tt.lang})
			wantStatus(t, r, http.StatusUnprocessableEntity)
			doc := r.Doc(t)
			if got, want := text(doc.Find(`[data-testid="login-error"]`)), i18n.Tr(tt.locale, "login.invalid"); got != want {
				t.Errorf("error = %q, want %q", got, want)
			}
			if got, _ := doc.Find("#field-username").Attr("value"); got != tt.user {
				t.Errorf("username field = %q, want it kept as %q", got, tt.user)
			}
			if got, _ := doc.Find("#field-password").Attr("value"); got != "" {
				t.Errorf("password field = %q, want it empty", got)
			}
			if _, ok := r.Cookie(sessionCookie); ok {
				t.Error("a failed sign-in set a session cookie")
			}
			if c.Cookie(sessionCookie) != "" {
				t.Error("the jar holds a session cookie after a failed sign-in")
			}
		})
	}
}

func TestLoginRateLimitPerUsername(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	c := app.Client(t)
	for i := 1; i <= 5; i++ {
		r := c.Post("/login", url.Values{"username": {handlertest.Alice}, "password": {"wrong-password"}})
		wantStatus(t, r, http.StatusUnprocessableEntity)
	}
	// The sixth attempt is refused even with the right password: otherwise the
	// limit would not slow down guessing.
	r := c.Post("/login", url.Values{"username": {handlertest.Alice}, "password": {handlertest.DemoPassword}})
	wantStatus(t, r, http.StatusTooManyRequests)
	msg := text(r.Doc(t).Find(`[data-testid="login-error"]`))
	if want := i18n.Tr("en", "login.rate_limited", 15); msg != want {
		t.Errorf("message = %q, want %q", msg, want)
	}
	if _, ok := r.Cookie(sessionCookie); ok {
		t.Error("a limited sign-in set a session cookie")
	}
	// Another username from the same address is not blocked by alice's failures.
	app.Client(t).Login(handlertest.Bob, handlertest.DemoPassword)
}

func TestLoginRotatesSession(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	tests := []struct {
		name  string
		plant func(t *testing.T, c *handlertest.Client) string
	}{
		{"planted token", func(t *testing.T, c *handlertest.Client) string {
			c.SetCookie(sessionCookie, "planted-by-an-attacker")
			return "planted-by-an-attacker"
		}},
		{"live session", func(t *testing.T, c *handlertest.Client) string {
			c.Login(handlertest.Alice, handlertest.DemoPassword)
			return c.Cookie(sessionCookie)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := app.Client(t)
			before := tt.plant(t, c)
			if before == "" {
				t.Fatal("no session cookie before sign-in")
			}
			r := c.Login(handlertest.Alice, handlertest.DemoPassword)
			set, ok := r.Cookie(sessionCookie)
			if !ok || set.Value == "" {
				t.Fatal("sign-in set no session cookie")
			}
			if set.Value == before {
				t.Fatal("sign-in kept the session token it was given")
			}
			if !set.HttpOnly || set.SameSite != http.SameSiteLaxMode {
				t.Errorf("session cookie HttpOnly=%v SameSite=%v, want HttpOnly and Lax", set.HttpOnly, set.SameSite)
			}
			if !signedIn(t, c) {
				t.Fatal("the new session does not authenticate")
			}
			old := app.Client(t)
			old.SetCookie(sessionCookie, before)
			if signedIn(t, old) {
				t.Fatal("the token from before sign-in still authenticates")
			}
		})
	}
}

func TestLogout(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)

	t.Run("without token refused", func(t *testing.T) {
		c := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
		wantStatus(t, c.PostRaw("/logout", url.Values{}), http.StatusForbidden)
		wantStatus(t, c.PostRaw("/logout", url.Values{"_csrf": {"forged"}}), http.StatusForbidden)
		if !signedIn(t, c) {
			t.Fatal("a refused sign-out ended the session")
		}
	})

	t.Run("cross-site browser refused", func(t *testing.T) {
		c := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
		r := c.PostRaw("/logout", url.Values{}, handlertest.H{"Sec-Fetch-Site": "cross-site"})
		wantStatus(t, r, http.StatusForbidden)
		if !strings.Contains(text(r.Doc(t).Find("main")), i18n.Tr("en", "error.csrf")) {
			t.Errorf("403 page does not explain the refusal:\n%s", r.Body)
		}
		if !signedIn(t, c) {
			t.Fatal("a cross-site sign-out ended the session")
		}
	})

	t.Run("same-origin browser without token accepted", func(t *testing.T) {
		c := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
		wantRedirect(t, c.PostRaw("/logout", url.Values{}, handlertest.H{"Sec-Fetch-Site": "same-origin"}), "/login")
		if signedIn(t, c) {
			t.Fatal("still signed in after a same-origin sign-out")
		}
	})

	t.Run("header token accepted", func(t *testing.T) {
		c := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
		wantRedirect(t, c.PostRaw("/logout", url.Values{}, handlertest.H{"X-CSRF-Token": c.CSRFToken()}), "/login")
		if signedIn(t, c) {
			t.Fatal("still signed in after sign-out")
		}
	})

	t.Run("with token, flash once", func(t *testing.T) {
		c := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
		token := c.Cookie(sessionCookie)
		wantRedirect(t, c.Post("/logout", url.Values{}), "/login")

		// Follow the redirect first: any page shown takes the flash.
		first := c.Get("/login")
		wantStatus(t, first, http.StatusOK)
		flash := i18n.Tr("en", "flash.signed_out")
		if !strings.Contains(text(first.Doc(t).Find("main")), flash) {
			t.Fatalf("first /login after sign-out lacks %q:\n%s", flash, first.Body)
		}
		if strings.Contains(text(c.Get("/login").Doc(t).Find("main")), flash) {
			t.Fatalf("flash %q shown twice", flash)
		}

		if signedIn(t, c) {
			t.Fatal("still signed in after sign-out")
		}
		other := app.Client(t)
		other.SetCookie(sessionCookie, token)
		if signedIn(t, other) {
			t.Fatal("the signed-out token still authenticates")
		}
	})
}
