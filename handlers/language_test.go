package handlers_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"imageshare/handlers/handlertest"
	"imageshare/models"
	"imageshare/views/i18n"
)

// pageLang is the lang attribute of the document.
func pageLang(doc *goquery.Document) string {
	l, _ := doc.Find("html").Attr("lang")
	return l
}

func TestAcceptLanguage(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	if i18n.Tr("pt-BR", "login.title") == i18n.Tr("en", "login.title") {
		t.Fatal("the test needs login.title to differ between the languages")
	}
	tests := []struct{ header, want string }{
		{"", "en"},
		{"pt-BR", "pt-BR"},
		{"pt-BR,pt;q=0.9,en;q=0.8", "pt-BR"},
		{"pt-PT", "pt-BR"},
		{"fr-FR,fr;q=0.9,pt;q=0.5", "pt-BR"},
		{"en-US,pt-BR;q=0.5", "en"},
		{"de-DE", "en"},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			r := app.Client(t).Get("/login", handlertest.H{"Accept-Language": tt.header})
			wantStatus(t, r, http.StatusOK)
			doc := r.Doc(t)
			if got := pageLang(doc); got != tt.want {
				t.Errorf("html lang = %q, want %q", got, tt.want)
			}
			if got, want := text(doc.Find("#login-title")), i18n.Tr(tt.want, "login.title"); got != want {
				t.Errorf("title = %q, want %q", got, want)
			}
		})
	}
}

func TestLanguageSavedForUser(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	c := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	wantRedirect(t, c.Post("/preferences/language", url.Values{"lang": {"pt-BR"}, "next": {"/images?region=ap-shanghai"}}),
		"/images?region=ap-shanghai")
	r := c.Get("/images")
	if got := pageLang(r.Doc(t)); got != "pt-BR" {
		t.Fatalf("after choosing Portuguese: lang %q", got)
	}
	if got, want := text(r.Doc(t).Find("main h1")), i18n.Tr("pt-BR", "images.title"); got != want {
		t.Errorf("heading = %q, want %q", got, want)
	}

	// Saved for the user: another browser, asking for English, still gets
	// Portuguese once signed in.
	other := app.Client(t)
	if got := pageLang(other.Get("/login").Doc(t)); got != "en" {
		t.Fatalf("signed out, a new browser gets %q", got)
	}
	other.Login(handlertest.Alice, handlertest.DemoPassword)
	if got := pageLang(other.Get("/images", handlertest.H{"Accept-Language": "en"}).Doc(t)); got != "pt-BR" {
		t.Errorf("a new sign-in sees %q, want the saved pt-BR", got)
	}
	// Other users are not affected.
	if got := pageLang(app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword).Get("/images").Doc(t)); got != "en" {
		t.Errorf("bob sees %q", got)
	}
}

func TestLanguageSignedOutCookie(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	c := app.Client(t)
	r := c.Post("/preferences/language", url.Values{"lang": {"pt-BR"}, "next": {"/login"}})
	wantRedirect(t, r, "/login")
	if ck, ok := r.Cookie("lang"); !ok || ck.Value != "pt-BR" || !ck.HttpOnly {
		t.Fatalf("lang cookie = %+v, want pt-BR, HttpOnly", ck)
	}
	if got := pageLang(c.Get("/login", handlertest.H{"Accept-Language": "en"}).Doc(t)); got != "pt-BR" {
		t.Errorf("the cookie's choice lost to Accept-Language: %q", got)
	}
	// Signing in keeps the language chosen on the sign-in page for the user.
	c.Login(handlertest.Carol, handlertest.DemoPassword)
	fresh := app.SignedIn(t, handlertest.Carol, handlertest.DemoPassword)
	if got := pageLang(fresh.Get("/images").Doc(t)); got != "pt-BR" {
		t.Errorf("carol's next sign-in sees %q, want pt-BR", got)
	}
}

func TestLanguageRejectsUnknown(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	tests := []struct {
		name, lang string
		signedIn   bool
	}{
		{"unknown, signed out", "xx", false},
		{"empty, signed out", "", false},
		{"case matters", "PT-br", false},
		{"unknown, signed in", "fr", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := app.Client(t)
			if tt.signedIn {
				c.Login(handlertest.Bob, handlertest.DemoPassword)
			}
			r := c.Post("/preferences/language", url.Values{"lang": {tt.lang}})
			wantStatus(t, r, http.StatusBadRequest)
			if got, want := text(r.Doc(t).Find("#error-title")), i18n.Tr("en", "error.bad_request_title"); got != want {
				t.Errorf("title = %q, want %q", got, want)
			}
			if _, ok := r.Cookie("lang"); ok {
				t.Error("an unknown language was stored in a cookie")
			}
		})
	}
}

func TestLanguageNextStaysLocal(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	for _, next := range []string{"//evil.example/", "https://evil.example/", ""} {
		r := app.Client(t).Post("/preferences/language", url.Values{"lang": {"en"}, "next": {next}})
		wantRedirect(t, r, "/images")
	}
}

func TestErrorPagesSpeakTheUsersLanguage(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	c := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	c.Post("/preferences/language", url.Values{"lang": {"pt-BR"}})
	tests := []struct {
		name string
		do   func() *handlertest.Response
		key  string
	}{
		{"not found", func() *handlertest.Response { return c.Get("/no/such/page") }, "error.not_found_title"},
		{"csrf", func() *handlertest.Response { return c.PostRaw("/logout", url.Values{}) }, "error.forbidden_title"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := tt.do().Doc(t)
			if got := pageLang(doc); got != "pt-BR" {
				t.Errorf("lang = %q, want pt-BR", got)
			}
			if got, want := text(doc.Find("#error-title")), i18n.Tr("pt-BR", tt.key); got != want {
				t.Errorf("title = %q, want %q", got, want)
			}
		})
	}
}

// A user whose language is saved, who picks another on the sign-in page,
// keeps that pick after signing in; a sign-in that picked nothing neither
// saves the browser's language nor writes a user.locale audit row.
func TestLanguageChosenAtSignInWins(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	localeEvents := func() int64 {
		var n int64
		if err := app.DB.Model(&models.AuditEvent{}).Where("action = ?", "user.locale").Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}
	// Bob signs in from an English browser without choosing: nothing saved.
	app.Client(t).Post("/login", url.Values{"username": {handlertest.Bob}, "password": {handlertest.DemoPassword}},
		handlertest.H{"Accept-Language": "en-US"})
	if n := localeEvents(); n != 0 {
		t.Fatalf("a sign-in without a choice wrote %d user.locale events", n)
	}
	if got := pageLang(app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword).Get("/images",
		handlertest.H{"Accept-Language": "pt-BR"}).Doc(t)); got != "pt-BR" {
		t.Errorf("a Portuguese browser sees %q: the English browser's language was saved for bob", got)
	}

	// Bob saves English, then picks Portuguese on the sign-in page.
	c := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)
	c.Post("/preferences/language", url.Values{"lang": {"en"}})
	c.Post("/logout", url.Values{})
	c.Post("/preferences/language", url.Values{"lang": {"pt-BR"}, "next": {"/login"}})
	c.Login(handlertest.Bob, handlertest.DemoPassword)
	if got := pageLang(c.Get("/images").Doc(t)); got != "pt-BR" {
		t.Errorf("after choosing Portuguese on the sign-in page bob sees %q", got)
	}
	before := localeEvents()
	// Signing in again in the same browser picks nothing new: no event.
	c.Post("/logout", url.Values{})
	c.Login(handlertest.Bob, handlertest.DemoPassword)
	if got := pageLang(c.Get("/images").Doc(t)); got != "pt-BR" {
		t.Errorf("the next sign-in sees %q, want pt-BR", got)
	}
	if n := localeEvents(); n != before {
		t.Errorf("a sign-in without a new choice wrote %d user.locale events", n-before)
	}
}
