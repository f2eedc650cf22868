package handlers_test

import (
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"imageshare/handlers/handlertest"
	"imageshare/models"
	"imageshare/views/components"
	"imageshare/views/i18n"
)

// Fixtures of the admin tests beyond the shared handlertest constants.
const (
	admCarolAccount = "100000000003"
	admSeededShare  = "1" // alice's img-demo0001 shared with bob, the demo's only share
)

// admRoute is one request against an admin route: what a member, a visitor
// and the admin get from it.
type admRoute struct {
	method, pattern, path string
	form                  url.Values // for POSTs: valid input the admin's request applies
	contentType           string     // GETs: what the admin gets
	location, flash       string     // POSTs: where the admin lands (a trailing * : any id) and the message there
}

// admRoutes covers every admin route of routes.go (TestAdminRouteTableIsComplete
// keeps it so); /admin/accounts/:id has one row per action of its forms.
func admRoutes(pendingToBob, pendingToCarol int64, bobUserID int64) []admRoute {
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	const html, csv = "text/html", "text/csv"
	return append([]admRoute{
		{method: "GET", pattern: "/admin", path: "/admin", contentType: html},
		{method: "GET", pattern: "/admin/shares", path: "/admin/shares?status=active", contentType: html},
		{method: "GET", pattern: "/admin/shares.csv", path: "/admin/shares.csv", contentType: csv},
		{method: "GET", pattern: "/admin/shares/:id/revoke", path: "/admin/shares/" + admSeededShare + "/revoke", contentType: html},
		{method: "GET", pattern: "/admin/review", path: "/admin/review", contentType: html},
		{method: "GET", pattern: "/admin/settings", path: "/admin/settings", contentType: html},
		{method: "GET", pattern: "/admin/accounts", path: "/admin/accounts", contentType: html},
		{method: "GET", pattern: "/admin/accounts/:id", path: "/admin/accounts/" + handlertest.BobAccount, contentType: html},
		{method: "GET", pattern: "/admin/audit", path: "/admin/audit", contentType: html},
		{method: "GET", pattern: "/admin/audit.csv", path: "/admin/audit.csv", contentType: csv},
		{method: "GET", pattern: "/admin/images/:id", path: "/admin/images/" + handlertest.SharedImage, contentType: html},
		{method: "GET", pattern: "/admin/storage", path: "/admin/storage", contentType: html},

		{method: "POST", pattern: "/admin/shares/revoke", path: "/admin/shares/revoke",
			form:     url.Values{"shares": {admSeededShare}, "reason": {"forged revoke"}},
			location: "/admin/shares", flash: i18n.Tr("en", "flash.shares_revoked", 1)},
		{method: "POST", pattern: "/admin/review/approve", path: "/admin/review/approve",
			form:     url.Values{"shares": {id(pendingToBob)}, "next": {"/admin/review"}},
			location: "/admin/review", flash: i18n.Tr("en", "flash.shares_approved", 1)},
		{method: "POST", pattern: "/admin/review/reject", path: "/admin/review/reject",
			form:     url.Values{"shares": {id(pendingToCarol)}, "reason": {"forged reject"}, "next": {"/admin/review"}},
			location: "/admin/review", flash: i18n.Tr("en", "flash.shares_rejected", 1)},
		{method: "POST", pattern: "/admin/settings", path: "/admin/settings",
			form:     url.Values{"policy": {"immediate"}, "cap": {"7"}},
			location: "/admin/settings", flash: i18n.Tr("en", "flash.settings_saved")},
		{method: "POST", pattern: "/admin/storage/import", path: "/admin/storage/import",
			form:     url.Values{"max_mib": {"4096"}, "allow": {"10.0.0.0/8"}},
			location: "/admin/storage", flash: i18n.Tr("en", "flash.settings_saved")},
		{method: "POST", pattern: "/admin/storage/quota", path: "/admin/storage/quota",
			form:     url.Values{"account": {handlertest.BobAccount}, "quota_mib": {"1"}},
			location: "/admin/storage", flash: i18n.Tr("en", "flash.settings_saved")},
		{method: "POST", pattern: "/admin/accounts", path: "/admin/accounts",
			form:     url.Values{"id": {"100000000999"}, "name": {"Mallory Inc"}, "username": {"mallory"}, "password": {"mallory-pass-1"}},
			location: "/admin/accounts/100000000999", flash: i18n.Tr("en", "flash.account_created", "Mallory Inc", "100000000999")},
		{method: "POST", pattern: "/admin/accounts/:id", path: "/admin/accounts/" + handlertest.BobAccount,
			form:     url.Values{"action": {"quota"}, "region": {"ap-guangzhou"}, "quota": {"2"}},
			location: "/admin/accounts/" + handlertest.BobAccount, flash: i18n.Tr("en", "flash.quota_saved")},
		{method: "POST", pattern: "/admin/accounts/:id", path: "/admin/accounts/" + handlertest.BobAccount,
			form:     url.Values{"action": {"add_user"}, "username": {"mallory2"}, "password": {"mallory-pass-2"}, "admin": {"yes"}},
			location: "/admin/accounts/" + handlertest.BobAccount, flash: i18n.Tr("en", "flash.user_added")},
		{method: "POST", pattern: "/admin/accounts/:id", path: "/admin/accounts/" + handlertest.BobAccount,
			form:     url.Values{"action": {"reset_password"}, "user": {id(bobUserID)}, "password": {"taken-over-1"}},
			location: "/admin/accounts/" + handlertest.BobAccount, flash: i18n.Tr("en", "flash.password_reset")},
		{method: "POST", pattern: "/admin/accounts/:id", path: "/admin/accounts/" + handlertest.BobAccount,
			form:     url.Values{"action": {"disable"}},
			location: "/admin/accounts/" + handlertest.BobAccount, flash: i18n.Tr("en", "flash.account_disabled")},
		{method: "POST", pattern: "/admin/accounts/:id", path: "/admin/accounts/" + handlertest.BobAccount,
			form:     url.Values{"action": {"enable"}},
			location: "/admin/accounts/" + handlertest.BobAccount, flash: i18n.Tr("en", "flash.account_enabled")},
	}, admOrgRoutes()...)
}

// admFixture is a demo console with the review policy on and two pending
// shares (alice's img-demo0002 with bob, img-demo0003 with carol), so every
// admin POST has something to change.
type admFixture struct {
	app                          *handlertest.App
	admin, alice                 *handlertest.Client
	pendingToBob, pendingToCarol int64
	bobUserID                    int64
}

func newAdmFixture(t *testing.T) admFixture {
	t.Helper()
	f := admFixture{app: handlertest.New(t)}
	f.admin = f.app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	f.alice = f.app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	var seeded models.Share
	if err := f.app.DB.Where("id = ?", admSeededShare).Take(&seeded).Error; err != nil ||
		seeded.ImageID != handlertest.SharedImage || seeded.Status != models.ShareActive {
		t.Fatalf("share %s is not the demo's active share of %s: %+v, %v", admSeededShare, handlertest.SharedImage, seeded, err)
	}
	admSaveSettings(t, f.admin, models.PolicyReview, "50")
	f.pendingToBob = admShare(t, f.app, f.alice, "img-demo0002", handlertest.BobAccount)
	f.pendingToCarol = admShare(t, f.app, f.alice, "img-demo0003", admCarolAccount)
	f.bobUserID = admUser(t, f.app.DB, handlertest.Bob).ID
	admEmptyOrg(t, f.app.DB)
	return f
}

// admState is everything a forged admin request could change.
type admState struct {
	Settings []models.Setting
	Shares   []models.Share
	Accounts []models.Account
	Quotas   []models.AccountQuota
	Users    []models.User
	Bytes    []models.AccountByteQuota
	Orgs     []models.Organization
	Units    []models.OrgUnit
	Members  []admOrgMember
}

func admTakeState(t *testing.T, db *models.DB) admState {
	t.Helper()
	var s admState
	for _, q := range []struct {
		order string
		dest  any
	}{
		{"key", &s.Settings}, {"id", &s.Shares}, {"id", &s.Accounts}, {"account_id, region_id", &s.Quotas}, {"id", &s.Users},
		{"account_id", &s.Bytes}, {"id", &s.Orgs}, {"id", &s.Units}, {"account_id", &s.Members},
	} {
		if err := db.Order(q.order).Find(q.dest).Error; err != nil {
			t.Fatalf("read state: %v", err)
		}
	}
	return s
}

func admWantSameState(t *testing.T, what string, before, after admState) {
	t.Helper()
	if !reflect.DeepEqual(before, after) {
		t.Errorf("%s changed the database:\nbefore %+v\nafter  %+v", what, before, after)
	}
}

// admUser reads a user row by username.
func admUser(t *testing.T, db *models.DB, username string) models.User {
	t.Helper()
	var u models.User
	if err := db.Where("username = ?", username).Take(&u).Error; err != nil {
		t.Fatalf("user %s: %v", username, err)
	}
	return u
}

// admShareRow reads a share row by id.
func admShareRow(t *testing.T, db *models.DB, id int64) models.Share {
	t.Helper()
	var s models.Share
	if err := db.Where("id = ?", id).Take(&s).Error; err != nil {
		t.Fatalf("share %d: %v", id, err)
	}
	return s
}

// admSaveSettings sets the sharing policy and cap through the settings form.
func admSaveSettings(t *testing.T, admin *handlertest.Client, policy, capN string) {
	t.Helper()
	wantRedirect(t, admin.Post("/admin/settings", url.Values{"policy": {policy}, "cap": {capN}}), "/admin/settings")
}

// admShare shares an image of owner's with one account through the share
// dialog and returns the id of the share it made.
func admShare(t *testing.T, app *handlertest.App, owner *handlertest.Client, imageID, account string) int64 {
	t.Helper()
	r := owner.Post("/images/"+imageID+"/share", url.Values{"accounts": {account}, "risk": {"yes"}})
	wantRedirect(t, r, "/images/"+imageID+"?tab=sharing")
	var s models.Share
	err := app.DB.Where("image_id = ? AND recipient_account_id = ?", imageID, account).Order("id DESC").Take(&s).Error
	if err != nil {
		t.Fatalf("share of %s with %s: %v", imageID, account, err)
	}
	return s.ID
}

// admFollow follows the 303 of r and returns the page it leads to.
func admFollow(t *testing.T, c *handlertest.Client, r *handlertest.Response) *handlertest.Response {
	t.Helper()
	wantStatus(t, r, http.StatusSeeOther)
	page := c.Get(r.Header.Get("Location"))
	wantStatus(t, page, http.StatusOK)
	return page
}

// admFlash is the text of the flash messages of a page, by kind ("success"
// messages are role=status, "error" ones role=alert).
func admFlash(t *testing.T, page *handlertest.Response, kind string) string {
	t.Helper()
	role := "status"
	if kind == "error" {
		role = "alert"
	}
	return text(page.Doc(t).Find("#" + components.FlashID + ` [role="` + role + `"]`))
}

// admWantNotFoundPage fails unless r is the console's 404 page.
func admWantNotFoundPage(t *testing.T, r *handlertest.Response) {
	t.Helper()
	wantStatus(t, r, http.StatusNotFound)
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") || r.Header.Get("Content-Disposition") != "" {
		t.Errorf("%s %s: 404 with Content-Type %q, Content-Disposition %q", r.Request.Method, r.Request.URL.Path,
			r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"))
	}
	doc := r.Doc(t)
	if got, want := text(doc.Find("#error-title")), i18n.Tr("en", "error.not_found_title"); got != want {
		t.Errorf("%s %s: error title %q, want %q", r.Request.Method, r.Request.URL.Path, got, want)
	}
	if strings.Contains(r.Body, i18n.Tr("en", "admin.sections")) {
		t.Errorf("%s %s: the 404 page shows the admin navigation", r.Request.Method, r.Request.URL.Path)
	}
}

// Every admin route is checked against routes.go, so a new one cannot be
// added without its access tests.
func TestAdminRouteTableIsComplete(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	var registered, covered []string
	for _, r := range app.Echo.Routes() {
		if (r.Method == http.MethodGet || r.Method == http.MethodPost) && (r.Path == "/admin" || strings.HasPrefix(r.Path, "/admin/")) {
			registered = append(registered, r.Method+" "+r.Path)
		}
	}
	for _, r := range admRoutes(0, 0, 0) {
		covered = append(covered, r.method+" "+r.pattern)
	}
	slices.Sort(registered)
	slices.Sort(covered)
	covered = slices.Compact(covered)
	if !slices.Equal(registered, covered) {
		t.Errorf("admin routes in routes.go:\n%s\ncovered by the access tests:\n%s",
			strings.Join(registered, "\n"), strings.Join(covered, "\n"))
	}
}

// A member gets the not-found page from every admin route, by GET and by a
// forged POST that changes nothing; a visitor is sent to sign in; the admin
// gets the page, or the change with its flash.
func TestAdminRoutesOnlyForAdmins(t *testing.T) {
	t.Parallel()
	f := newAdmFixture(t)
	routes := admRoutes(f.pendingToBob, f.pendingToCarol, f.bobUserID)

	t.Run("member", func(t *testing.T) {
		for _, rt := range routes {
			t.Run(rt.method+" "+rt.path+" "+rt.form.Get("action"), func(t *testing.T) {
				if rt.method == http.MethodGet {
					admWantNotFoundPage(t, f.alice.Get(rt.path))
					return
				}
				before := admTakeState(t, f.app.DB)
				admWantNotFoundPage(t, f.alice.Post(rt.path, rt.form))
				admWantSameState(t, "a member's POST "+rt.path, before, admTakeState(t, f.app.DB))
			})
		}
		if !signedIn(t, f.alice) {
			t.Error("a forged admin request signed the member out")
		}
	})

	t.Run("signed out", func(t *testing.T) {
		for _, rt := range routes {
			t.Run(rt.method+" "+rt.path+" "+rt.form.Get("action"), func(t *testing.T) {
				visitor := f.app.Client(t)
				if rt.method == http.MethodGet {
					wantRedirect(t, visitor.Get(rt.path), "/login?next="+url.QueryEscape(rt.path))
					return
				}
				before := admTakeState(t, f.app.DB)
				wantRedirect(t, visitor.Post(rt.path, rt.form), "/login")
				admWantSameState(t, "a visitor's POST "+rt.path, before, admTakeState(t, f.app.DB))
			})
		}
	})

	t.Run("admin without CSRF token", func(t *testing.T) {
		for _, rt := range routes {
			if rt.method != http.MethodPost {
				continue
			}
			t.Run(rt.path+" "+rt.form.Get("action"), func(t *testing.T) {
				before := admTakeState(t, f.app.DB)
				wantStatus(t, f.admin.PostRaw(rt.path, rt.form), http.StatusForbidden)
				admWantSameState(t, "a POST without token "+rt.path, before, admTakeState(t, f.app.DB))
			})
		}
	})

	// The admin last: its POSTs change what the cases above proved unchanged.
	t.Run("admin", func(t *testing.T) {
		for _, rt := range routes {
			t.Run(rt.method+" "+rt.path+" "+rt.form.Get("action"), func(t *testing.T) {
				if rt.method == http.MethodGet {
					r := f.admin.Get(rt.path)
					wantStatus(t, r, http.StatusOK)
					if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, rt.contentType) {
						t.Errorf("Content-Type %q, want %s", ct, rt.contentType)
					}
					return
				}
				before := admTakeState(t, f.app.DB)
				r := f.admin.Post(rt.path, rt.form)
				if prefix, ok := strings.CutSuffix(rt.location, "*"); ok {
					wantStatus(t, r, http.StatusSeeOther)
					if got := r.Header.Get("Location"); !strings.HasPrefix(got, prefix) {
						t.Fatalf("Location %q, want %s...", got, prefix)
					}
				} else {
					wantRedirect(t, r, rt.location)
				}
				if got := admFlash(t, admFollow(t, f.admin, r), "success"); got != rt.flash {
					t.Errorf("flash %q, want %q", got, rt.flash)
				}
				if reflect.DeepEqual(before, admTakeState(t, f.app.DB)) {
					t.Error("the admin's POST changed nothing")
				}
			})
		}
	})
}

// An admin page for an id that does not exist, or cannot, is the 404 page:
// never another record's page.
func TestAdminNotFoundForMissingIDs(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	tests := []struct{ name, path string }{
		{"unknown account", "/admin/accounts/199999999999"},
		{"malformed account", "/admin/accounts/abc"},
		{"unknown image", "/admin/images/img-zzzzzzzz"},
		{"unknown share", "/admin/shares/999999/revoke"},
		{"malformed share", "/admin/shares/x/revoke"},
		{"share zero", "/admin/shares/0/revoke"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			admWantNotFoundPage(t, admin.Get(tt.path))
		})
	}
	before := admTakeState(t, app.DB)
	r := admin.Post("/admin/accounts/199999999999", url.Values{"action": {"disable"}})
	admWantNotFoundPage(t, r)
	admWantSameState(t, "disabling an unknown account", before, admTakeState(t, app.DB))
	r = admin.Post("/admin/accounts/"+handlertest.BobAccount, url.Values{"action": {"explode"}})
	wantStatus(t, r, http.StatusBadRequest)
	admWantSameState(t, "an unknown account action", before, admTakeState(t, app.DB))
}

// admAdminAccount is the admin's own account id (generated by the seed).
func admAdminAccount(t *testing.T, db *models.DB) string {
	t.Helper()
	id := admUser(t, db, handlertest.AdminUser).AccountID
	if id == "" {
		t.Fatal("the admin has no account")
	}
	return id
}
