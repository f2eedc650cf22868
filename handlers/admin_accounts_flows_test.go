package handlers_test

import (
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"imageshare/handlers/handlertest"
	"imageshare/models"
	"imageshare/views/i18n"
)

func TestAdminCreateAccount(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	generated := regexp.MustCompile(`^/admin/accounts/([1-9][0-9]{9,11})$`)
	tests := []struct {
		name, id, username string
		admin              bool
	}{
		{"given id", "100000000777", "dora", false},
		{"generated id", "", "erin.ops", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const password = "one-time-pass"
			form := url.Values{"id": {tt.id}, "name": {"Team " + tt.username}, "username": {tt.username}, "password": {password}}
			if tt.admin {
				form.Set("admin", "yes")
			}
			r := admin.Post("/admin/accounts", form)
			wantStatus(t, r, http.StatusSeeOther)
			m := generated.FindStringSubmatch(r.Header.Get("Location"))
			if m == nil || (tt.id != "" && m[1] != tt.id) {
				t.Fatalf("created account at %q, want /admin/accounts/%s", r.Header.Get("Location"), tt.id)
			}
			page := admFollow(t, admin, r)
			if got, want := admFlash(t, page, "success"), i18n.Tr("en", "flash.account_created", "Team "+tt.username, m[1]); got != want {
				t.Errorf("flash %q, want %q", got, want)
			}
			if !strings.Contains(text(page.Doc(t).Find("main")), tt.username) {
				t.Error("the account page does not list its first user")
			}
			u := admUser(t, app.DB, tt.username)
			if u.AccountID != m[1] || u.Role != map[bool]string{false: models.RoleMember, true: models.RoleAdmin}[tt.admin] {
				t.Errorf("user %s: account %s role %s", tt.username, u.AccountID, u.Role)
			}

			c, login := admLoginPage(t, app, tt.username, password)
			wantRedirect(t, login, "/images")
			if !signedIn(t, c) && c.Get("/account").StatusCode != http.StatusOK {
				t.Error("the new user cannot use the console after signing in")
			}
		})
	}
}

// The admin's password for a new account is one-time, as the form says: its
// user must choose their own at first sign-in.
func TestAdminCreatedUserMustChangePassword(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	form := url.Values{"id": {"100000000777"}, "name": {"Dora Labs"}, "username": {"dora"}, "password": {"one-time-pass"}}
	wantRedirect(t, admin.Post("/admin/accounts", form), "/admin/accounts/100000000777")
	c, login := admLoginPage(t, app, "dora", "one-time-pass")
	wantRedirect(t, login, "/images")
	admWantMustChange(t, c)
	wantRedirect(t, c.Get("/admin/accounts"), "/account")
}

func TestAdminCreateAccountValidation(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	const typedPassword = "sekrit7"
	tests := []struct {
		name   string
		form   url.Values
		errors map[string]string // field → message
	}{
		{"everything wrong", url.Values{"id": {"0123"}, "name": {"  "}, "username": {"A!"}, "password": {typedPassword}},
			map[string]string{
				"id":       i18n.Tr("en", "account.id_invalid"),
				"name":     i18n.Tr("en", "validation.required"),
				"username": i18n.Tr("en", "account.username_invalid"),
				"password": i18n.Tr("en", "password.too_short", 8),
			}},
		{"name too long", url.Values{"name": {strings.Repeat("n", 61)}, "username": {"frank"}, "password": {typedPassword + "-long"}},
			map[string]string{"name": i18n.Tr("en", "validation.too_long", 60)}},
		{"id in use", url.Values{"id": {handlertest.AliceAccount}, "name": {"Copycat"}, "username": {"copycat"}, "password": {typedPassword + "-long"}},
			map[string]string{"id": i18n.Tr("en", "account.id_taken", handlertest.AliceAccount)}},
		{"username in use", url.Values{"id": {"100000000778"}, "name": {"Copycat"}, "username": {"Alice"}, "password": {typedPassword + "-long"}},
			map[string]string{"username": i18n.Tr("en", "account.username_taken", "alice")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := admTakeState(t, app.DB)
			r := admin.Post("/admin/accounts", tt.form)
			wantStatus(t, r, http.StatusUnprocessableEntity)
			doc := r.Doc(t)
			form := doc.Find(`form[action="/admin/accounts"]`)
			for _, field := range []string{"id", "name", "username", "password"} {
				got := text(form.Find("#field-" + field + "-error"))
				if got != tt.errors[field] {
					t.Errorf("%s error %q, want %q", field, got, tt.errors[field])
				}
			}
			for _, field := range []string{"id", "name", "username"} {
				if got, _ := form.Find("#field-" + field).Attr("value"); got != tt.form.Get(field) {
					t.Errorf("%s field = %q, want the typed %q kept", field, got, tt.form.Get(field))
				}
			}
			if got, _ := form.Find("#field-password").Attr("value"); got != "" {
				t.Errorf("password field = %q, want it empty", got)
			}
			if strings.Contains(r.Body, tt.form.Get("password")) {
				t.Error("the page echoes the typed password")
			}
			admWantSameState(t, "a refused account", before, admTakeState(t, app.DB))
		})
	}
}

func TestAdminDisableAndEnableAccount(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	bob := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)
	bobPage := "/admin/accounts/" + handlertest.BobAccount

	r := admin.Post(bobPage, url.Values{"action": {"disable"}})
	wantRedirect(t, r, bobPage)
	page := admFollow(t, admin, r)
	if got, want := admFlash(t, page, "success"), i18n.Tr("en", "flash.account_disabled"); got != want {
		t.Errorf("flash %q, want %q", got, want)
	}
	if page.Doc(t).Find(`form[action="`+bobPage+`"] input[name="action"][value="enable"]`).Length() != 1 {
		t.Error("a disabled account's page offers no Enable")
	}
	if signedIn(t, bob) {
		t.Error("bob's existing session still works after his account was disabled")
	}
	_, login := admLoginPage(t, app, handlertest.Bob, handlertest.DemoPassword)
	wantStatus(t, login, http.StatusUnprocessableEntity)
	if got, want := text(login.Doc(t).Find(`[data-testid="login-error"]`)), "This account is disabled. Ask your platform administrator to enable it."; got != want {
		t.Errorf("sign-in error %q, want %q", got, want)
	}

	r = admin.Post(bobPage, url.Values{"action": {"enable"}})
	wantRedirect(t, r, bobPage)
	if got, want := admFlash(t, admFollow(t, admin, r), "success"), i18n.Tr("en", "flash.account_enabled"); got != want {
		t.Errorf("flash %q, want %q", got, want)
	}
	again, login := admLoginPage(t, app, handlertest.Bob, handlertest.DemoPassword)
	wantRedirect(t, login, "/images")
	if got := admListed(t, again, admBobShared); !slices.Equal(got, []string{handlertest.SharedImage}) {
		t.Errorf("bob's shares did not come back with his account: %v", got)
	}

	// A disabled owner's shares are hidden from their recipients until it is enabled.
	alicePage := "/admin/accounts/" + handlertest.AliceAccount
	wantRedirect(t, admin.Post(alicePage, url.Values{"action": {"disable"}}), alicePage)
	if got := admListed(t, again, admBobShared); len(got) != 0 {
		t.Errorf("bob still sees %v shared by a disabled account", got)
	}
	admWantNotFoundPage(t, again.Get("/images/"+handlertest.SharedImage))
	wantRedirect(t, admin.Post(alicePage, url.Values{"action": {"enable"}}), alicePage)
	wantStatus(t, again.Get("/images/"+handlertest.SharedImage), http.StatusOK)
}

func TestAdminCannotDisableOwnAccount(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	own := "/admin/accounts/" + admAdminAccount(t, app.DB)

	page := admin.Get(own)
	wantStatus(t, page, http.StatusOK)
	if page.Doc(t).Find(`input[name="action"][value="disable"]`).Length() != 0 {
		t.Error("the admin's own account offers Disable")
	}
	before := admTakeState(t, app.DB)
	r := admin.Post(own, url.Values{"action": {"disable"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got, want := text(r.Doc(t).Find(`[data-testid="form-error"]`)), i18n.Tr("en", "admin.cannot_disable_self"); got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	admWantSameState(t, "disabling one's own account", before, admTakeState(t, app.DB))
	if !signedIn(t, admin) {
		t.Error("the admin was signed out")
	}
}

func TestAdminAccountQuota(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	bob := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)
	bobPage := "/admin/accounts/" + handlertest.BobAccount
	guangzhouUse := func() string {
		t.Helper()
		var use string
		bob.Get("/account").Doc(t).Find(`section[aria-labelledby="account-quotas"] tbody tr`).Each(func(_ int, tr *goquery.Selection) {
			if strings.Contains(tr.Find("th").Text(), "ap-guangzhou") {
				use = text(tr.Find("td").First())
			}
		})
		return use
	}
	if got, want := guangzhouUse(), i18n.Tr("en", "images.quota_use", 1, 10); got != want {
		t.Fatalf("bob's quota before: %q, want %q", got, want)
	}

	r := admin.Post(bobPage, url.Values{"action": {"quota"}, "region": {"ap-guangzhou"}, "quota": {"2"}})
	wantRedirect(t, r, bobPage)
	if got, want := admFlash(t, admFollow(t, admin, r), "success"), i18n.Tr("en", "flash.quota_saved"); got != want {
		t.Errorf("flash %q, want %q", got, want)
	}
	if got, want := guangzhouUse(), "1 of 2 custom images used"; got != want {
		t.Errorf("bob's quota after: %q, want %q", got, want)
	}

	for _, bad := range []string{"-1", "1001", "abc"} {
		t.Run("quota "+bad, func(t *testing.T) {
			before := admTakeState(t, app.DB)
			r := admin.Post(bobPage, url.Values{"action": {"quota"}, "region": {"ap-guangzhou"}, "quota": {bad}})
			wantStatus(t, r, http.StatusUnprocessableEntity)
			if got, want := text(r.Doc(t).Find(`[data-testid="form-error"]`)), i18n.Tr("en", "admin.quota_range", 0, 1000); got != want {
				t.Errorf("message %q, want %q", got, want)
			}
			admWantSameState(t, "a refused quota", before, admTakeState(t, app.DB))
		})
	}
}

func TestAdminResetPassword(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	bob := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)
	bobPage := "/admin/accounts/" + handlertest.BobAccount
	userID, ok := admin.Get(bobPage).Doc(t).Find(`input[name="action"][value="reset_password"] ~ input[name="user"]`).Attr("value")
	if !ok {
		t.Fatal("bob's account page has no reset-password form")
	}

	before := admTakeState(t, app.DB)
	r := admin.Post(bobPage, url.Values{"action": {"reset_password"}, "user": {userID}, "password": {"short"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got, want := text(r.Doc(t).Find(`[data-testid="form-error"]`)), i18n.Tr("en", "password.too_short", 8); got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	admWantSameState(t, "a refused reset", before, admTakeState(t, app.DB))

	const fresh = "fresh-one-time"
	r = admin.Post(bobPage, url.Values{"action": {"reset_password"}, "user": {userID}, "password": {fresh}})
	wantRedirect(t, r, bobPage)
	if got, want := admFlash(t, admFollow(t, admin, r), "success"), i18n.Tr("en", "flash.password_reset"); got != want {
		t.Errorf("flash %q, want %q", got, want)
	}
	if signedIn(t, bob) {
		t.Error("bob's session outlived the reset")
	}
	_, old := admLoginPage(t, app, handlertest.Bob, handlertest.DemoPassword)
	wantStatus(t, old, http.StatusUnprocessableEntity)
	c, login := admLoginPage(t, app, handlertest.Bob, fresh)
	wantRedirect(t, login, "/images")
	admWantMustChange(t, c)
}

// A user added to an account signs in with the admin's one-time password
// and must choose their own.
func TestAdminAddUser(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	bobPage := "/admin/accounts/" + handlertest.BobAccount

	before := admTakeState(t, app.DB)
	r := admin.Post(bobPage, url.Values{"action": {"add_user"}, "username": {handlertest.Alice}, "password": {"one-time-pass"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if got, want := text(r.Doc(t).Find(`[data-testid="form-error"]`)), i18n.Tr("en", "account.username_taken", "alice"); got != want {
		t.Errorf("message %q, want %q", got, want)
	}
	admWantSameState(t, "adding a taken username", before, admTakeState(t, app.DB))

	r = admin.Post(bobPage, url.Values{"action": {"add_user"}, "username": {"Bob.Ops"}, "password": {"one-time-pass"}})
	wantRedirect(t, r, bobPage)
	page := admFollow(t, admin, r)
	if got, want := admFlash(t, page, "success"), i18n.Tr("en", "flash.user_added"); got != want {
		t.Errorf("flash %q, want %q", got, want)
	}
	if !strings.Contains(text(page.Doc(t).Find(`section[aria-labelledby="account-users"]`)), "bob.ops") {
		t.Error("the account page does not list the new user")
	}
	c, login := admLoginPage(t, app, "bob.ops", "one-time-pass")
	wantRedirect(t, login, "/images")
	admWantMustChange(t, c)
	if got := text(c.Get("/account").Doc(t).Find(`[data-testid="account-id"]`)); got != handlertest.BobAccount {
		t.Errorf("the new user belongs to account %q, want bob's", got)
	}
}

// A search with characters that mean something in a URL survives paging.
func TestAdminAccountsSearchPages(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	for i := range 21 {
		acct := models.Account{ID: strconv.Itoa(200000000000 + i), Name: "R&D lab " + strconv.Itoa(i), Status: models.AccountActive,
			CreatedAt: time.Now().UTC()}
		if err := app.DB.Create(&acct).Error; err != nil {
			t.Fatal(err)
		}
	}
	doc := admin.Get("/admin/accounts?q=" + url.QueryEscape("R&D")).Doc(t)
	href, ok := doc.Find(`a[rel="next"]`).Attr("href")
	if !ok {
		t.Fatal("21 matches and no next page")
	}
	next, err := url.Parse(href)
	if err != nil || next.Query().Get("q") != "R&D" || next.Query().Get("page") != "2" {
		t.Errorf("next page link %q loses the search R&D", href)
	}
}
