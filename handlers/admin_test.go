package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"imageshare/handlers/handlertest"
	"imageshare/models"
	"imageshare/models/testdb"
	"imageshare/views/i18n"
	"imageshare/views/pages"
)

func TestAdminOnlyForAdmins(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)

	member := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	r := member.Get("/admin")
	wantStatus(t, r, http.StatusNotFound)
	doc := r.Doc(t)
	if got, want := text(doc.Find("#error-title")), i18n.Tr("en", "error.not_found_title"); got != want {
		t.Errorf("member sees %q, want the not-found page %q", got, want)
	}
	if doc.Find(`nav[aria-label="Main"] a[href="/admin"]`).Length() != 0 {
		t.Error("a member's navigation links to Admin")
	}

	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	r = admin.Get("/admin")
	wantStatus(t, r, http.StatusOK)
	doc = r.Doc(t)
	if doc.Find(`nav[aria-label="Main"] a[href="/admin"]`).Length() != 1 {
		t.Error("an admin's navigation lacks the Admin link")
	}
	stats := map[string]string{}
	doc.Find("main dl > div").Each(func(_ int, s *goquery.Selection) {
		stats[text(s.Find("dt"))] = text(s.Find("dd"))
	})
	want := map[string]string{ // the admin's account plus alice, bob and carol
		"admin.active_accounts":   "4",
		"admin.disabled_accounts": "0",
		"admin.users":             "4",
		"admin.custom_images":     "6",
		"admin.active_shares":     "1",
	}
	for key, n := range want {
		if label := i18n.Tr("en", key); stats[label] != n {
			t.Errorf("%s = %q, want %s (all: %v)", label, stats[label], n, stats)
		}
	}
}

func TestOneTimePasswordMustBeChanged(t *testing.T) {
	t.Parallel()
	db := testdb.SQLite(t)
	boot, err := models.Seed(context.Background(), db, "")
	if err != nil {
		t.Fatal(err)
	}
	if !boot.AdminCreated || boot.AdminPassword == "" {
		t.Fatalf("seed made no admin with a one-time password: %+v", boot)
	}
	app := handlertest.New(t, handlertest.WithDB(db))
	c := app.SignedIn(t, handlertest.AdminUser, boot.AdminPassword)

	for _, path := range []string{"/images", "/admin", "/"} {
		wantRedirect(t, c.Get(path), "/account")
	}
	r := c.Get("/images", handlertest.H{"HX-Request": "true"})
	wantStatus(t, r, http.StatusNoContent)
	if got := r.Header.Get("HX-Redirect"); got != "/account" {
		t.Errorf("htmx HX-Redirect = %q, want /account", got)
	}

	account := c.Get("/account")
	wantStatus(t, account, http.StatusOK)
	notice := text(account.Doc(t).Find("#" + pages.PasswordFormID + ` [role="status"]`))
	if !strings.Contains(notice, i18n.Tr("en", "account.must_change")) {
		t.Errorf("account page lacks the must-change notice; got %q", notice)
	}

	const chosen = "my-own-password"
	wantRedirect(t, c.Post("/account/password", url.Values{"current": {boot.AdminPassword}, "new": {chosen}, "confirm": {chosen}}), "/account")
	wantStatus(t, c.Get("/images"), http.StatusOK)
	wantStatus(t, c.Get("/admin"), http.StatusOK)
}
