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
	"imageshare/views/pages"
)

// admListed is the image ids of a list page's rows.
func admListed(t *testing.T, c *handlertest.Client, path string) []string {
	t.Helper()
	r := c.Get(path)
	wantStatus(t, r, http.StatusOK)
	var ids []string
	r.Doc(t).Find("#" + pages.ImageListID + " tbody tr[data-image-id]").Each(func(_ int, s *goquery.Selection) {
		id, _ := s.Attr("data-image-id")
		ids = append(ids, id)
	})
	slices.Sort(ids)
	return ids
}

const admBobShared = "/images?region=ap-guangzhou&tab=shared"

// admSettings reads the settings in force.
func admSettings(t *testing.T, db *models.DB) (string, int) {
	t.Helper()
	policy, capN, err := models.NewShareStore(db).Policy(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return policy, capN
}

func TestAdminSettings(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)

	r := admin.Post("/admin/settings", url.Values{"policy": {"review"}, "cap": {"3"}})
	page := admFollow(t, admin, r)
	if got, want := admFlash(t, page, "success"), i18n.Tr("en", "flash.settings_saved"); got != want {
		t.Errorf("flash %q, want %q", got, want)
	}
	doc := page.Doc(t)
	if _, checked := doc.Find("#policy-review").Attr("checked"); !checked {
		t.Error("the saved policy is not the one checked")
	}
	if got, _ := doc.Find("#field-cap").Attr("value"); got != "3" {
		t.Errorf("cap field = %q, want 3", got)
	}
	if policy, capN := admSettings(t, app.DB); policy != models.PolicyReview || capN != 3 {
		t.Fatalf("settings in force: %s, %d; want review, 3", policy, capN)
	}

	// A cap below an image's shares blocks new ones and removes none (R1).
	admSaveSettings(t, admin, models.PolicyImmediate, "1")
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	r = alice.Post("/images/"+handlertest.SharedImage+"/share", url.Values{"accounts": {admCarolAccount}, "risk": {"yes"}})
	wantStatus(t, r, http.StatusUnprocessableEntity)
	if s := admShareRow(t, app.DB, 1); s.Status != models.ShareActive {
		t.Errorf("lowering the cap moved the existing share to %s", s.Status)
	}
	var carols int64
	app.DB.Model(&models.Share{}).Where("recipient_account_id = ?", admCarolAccount).Count(&carols)
	if carols != 0 {
		t.Errorf("a share above the cap of 1 was saved")
	}
	admSaveSettings(t, admin, models.PolicyReview, "3")

	tests := []struct {
		name, policy, cap, field, message string
	}{
		{"cap zero", "immediate", "0", "cap", "Use a number from 1 to 500."},
		{"cap above 500", "immediate", "501", "cap", "Use a number from 1 to 500."},
		{"cap not a number", "immediate", "abc", "cap", "Use a number from 1 to 500."},
		{"cap empty", "immediate", "", "cap", "Use a number from 1 to 500."},
		{"unknown policy", "sometimes", "10", "policy", i18n.Tr("en", "validation.invalid_choice")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := admTakeState(t, app.DB)
			r := admin.Post("/admin/settings", url.Values{"policy": {tt.policy}, "cap": {tt.cap}})
			wantStatus(t, r, http.StatusUnprocessableEntity)
			doc := r.Doc(t)
			msg := text(doc.Find("#field-cap-error"))
			if tt.field == "policy" {
				msg = text(doc.Find(`form[action="/admin/settings"] fieldset p.text-red-700`))
			}
			if msg != tt.message {
				t.Errorf("%s message %q, want %q", tt.field, msg, tt.message)
			}
			if got, _ := doc.Find("#field-cap").Attr("value"); got != tt.cap {
				t.Errorf("cap field = %q, want the typed %q kept", got, tt.cap)
			}
			if _, checked := doc.Find("#policy-immediate").Attr("checked"); checked != (tt.policy == "immediate") {
				t.Errorf("the typed policy %q is not kept", tt.policy)
			}
			admWantSameState(t, "refused settings", before, admTakeState(t, app.DB))
		})
	}
}

// Under the review policy a share waits, invisible to its recipient, until
// an admin approves it; rejecting needs a reason (R17).
func TestAdminReviewApproveAndReject(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	bob := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)
	admSaveSettings(t, admin, models.PolicyReview, "3")

	r := alice.Post("/images/img-demo0002/share", url.Values{"accounts": {handlertest.BobAccount}, "risk": {"yes"}})
	wantRedirect(t, r, "/images/img-demo0002")
	if got, want := admFlash(t, admFollow(t, alice, r), "success"), i18n.Tr("en", "flash.shared_pending", 1); got != want {
		t.Errorf("flash %q, want %q", got, want)
	}
	if got := admListed(t, bob, admBobShared); !slices.Equal(got, []string{handlertest.SharedImage}) {
		t.Errorf("bob's shared tab lists %v before approval, want only %s", got, handlertest.SharedImage)
	}
	admWantNotFoundPage(t, bob.Get("/images/img-demo0002"))

	review := admin.Get("/admin/review")
	wantStatus(t, review, http.StatusOK)
	boxes := review.Doc(t).Find(`form[action="/admin/review/approve"] input[name="shares"]`)
	if boxes.Length() != 1 {
		t.Fatalf("review lists %d shares, want 1:\n%s", boxes.Length(), text(review.Doc(t).Find("main")))
	}
	shareID, _ := boxes.Attr("value")
	row := text(boxes.Parent())
	for _, want := range []string{"postgres-16-base", "img-demo0002", handlertest.AliceAccount, handlertest.BobAccount} {
		if !strings.Contains(row, want) {
			t.Errorf("review row %q lacks %q", row, want)
		}
	}

	r = admin.Post("/admin/review/approve", url.Values{"shares": {shareID}, "next": {"/admin/review"}})
	wantRedirect(t, r, "/admin/review")
	page := admFollow(t, admin, r)
	if got, want := admFlash(t, page, "success"), i18n.Tr("en", "flash.shares_approved", 1); got != want {
		t.Errorf("flash %q, want %q", got, want)
	}
	if page.Doc(t).Find(`input[name="shares"]`).Length() != 0 {
		t.Error("the approved share is still in the review queue")
	}
	if got, want := admListed(t, bob, admBobShared), []string{handlertest.SharedImage, "img-demo0002"}; !slices.Equal(got, want) {
		t.Errorf("bob's shared tab lists %v after approval, want %v", got, want)
	}
	wantStatus(t, bob.Get("/images/img-demo0002"), http.StatusOK)

	// Rejecting: without a reason nothing happens; with one the share ends.
	pending := admShare(t, app, alice, "img-demo0003", admCarolAccount)
	id := strconv.FormatInt(pending, 10)
	r = admin.Post("/admin/review/reject", url.Values{"shares": {id}, "next": {"/admin/review"}})
	wantRedirect(t, r, "/admin/review")
	page = admFollow(t, admin, r)
	if got, want := admFlash(t, page, "error"), i18n.Tr("en", "admin.reason_required"); got != want {
		t.Errorf("error flash %q, want %q", got, want)
	}
	if s := admShareRow(t, app.DB, pending); s.Status != models.SharePending {
		t.Errorf("a reject without reason moved the share to %s", s.Status)
	}
	if page.Doc(t).Find(`input[name="shares"][value="`+id+`"]`).Length() != 1 {
		t.Error("the share left the review queue")
	}
	r = admin.Post("/admin/review/reject", url.Values{"shares": {id}, "reason": {"  Contains licensed software  "}})
	wantRedirect(t, r, "/admin/shares")
	if got, want := admFlash(t, admFollow(t, admin, r), "success"), i18n.Tr("en", "flash.shares_rejected", 1); got != want {
		t.Errorf("flash %q, want %q", got, want)
	}
	if s := admShareRow(t, app.DB, pending); s.Status != models.ShareRejected || s.Reason != "Contains licensed software" {
		t.Errorf("rejected share: %s %q", s.Status, s.Reason)
	}
	carol := app.SignedIn(t, handlertest.Carol, handlertest.DemoPassword)
	admWantNotFoundPage(t, carol.Get("/images/img-demo0003"))

	// A decision on a share no longer pending is refused and changes nothing.
	before := admTakeState(t, app.DB)
	r = admin.Post("/admin/review/approve", url.Values{"shares": {id}})
	if got, want := admFlash(t, admFollow(t, admin, r), "error"), i18n.Tr("en", "admin.shares_changed"); got != want {
		t.Errorf("approving a rejected share: flash %q, want %q", got, want)
	}
	admWantSameState(t, "approving a rejected share", before, admTakeState(t, app.DB))
}

// Revoking an active share needs a reason and takes effect at once: the
// recipient loses the image everywhere, the owner sees why (R15, R17).
func TestAdminRevokeShare(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	bob := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)
	shared := "/images/" + handlertest.SharedImage

	confirm := admin.Get("/admin/shares/" + admSeededShare + "/revoke?next=/admin/images/" + handlertest.SharedImage)
	wantStatus(t, confirm, http.StatusOK)
	form := confirm.Doc(t).Find(`form[action="/admin/shares/revoke"]`)
	if got, _ := form.Find(`input[name="shares"]`).Attr("value"); got != admSeededShare {
		t.Errorf("revoke form names share %q, want %s", got, admSeededShare)
	}
	if got, _ := form.Find(`input[name="next"]`).Attr("value"); got != "/admin/images/"+handlertest.SharedImage {
		t.Errorf("revoke form goes back to %q", got)
	}
	if form.Find(`textarea[name="reason"]`).Length() != 1 {
		t.Error("revoke form has no reason")
	}
	if got := text(confirm.Doc(t).Find("main")); !strings.Contains(got, handlertest.SharedImageName) || !strings.Contains(got, "Bob Logistics") {
		t.Errorf("confirmation does not name the image and the recipient: %q", got)
	}

	r := admin.Post("/admin/shares/revoke", url.Values{"shares": {admSeededShare}, "reason": {"   "}})
	wantRedirect(t, r, "/admin/shares")
	if got, want := admFlash(t, admFollow(t, admin, r), "error"), i18n.Tr("en", "admin.reason_required"); got != want {
		t.Errorf("error flash %q, want %q", got, want)
	}
	if got := admListed(t, bob, admBobShared); !slices.Equal(got, []string{handlertest.SharedImage}) {
		t.Fatalf("a revoke without reason took the image from bob: %v", got)
	}

	const reason = "Malware found in layer 3"
	r = admin.Post("/admin/shares/revoke", url.Values{"shares": {admSeededShare}, "reason": {reason},
		"next": {"/admin/images/" + handlertest.SharedImage}})
	wantRedirect(t, r, "/admin/images/"+handlertest.SharedImage)
	if got, want := admFlash(t, admFollow(t, admin, r), "success"), i18n.Tr("en", "flash.shares_revoked", 1); got != want {
		t.Errorf("flash %q, want %q", got, want)
	}

	// bob's session from before the revoke: the image is gone at once.
	if got := admListed(t, bob, admBobShared); len(got) != 0 {
		t.Errorf("bob's shared tab still lists %v", got)
	}
	admWantNotFoundPage(t, bob.Get(shared))
	admWantNotFoundPage(t, bob.Get("/instances/new?image="+handlertest.SharedImage))
	var instances int64
	app.DB.Model(&models.Instance{}).Count(&instances)
	launch := bob.Post("/instances", url.Values{"region": {"ap-guangzhou"}, "zone": {"ap-guangzhou-1"},
		"image": {handlertest.SharedImage}, "instance_type": {"S5.MEDIUM2"}, "name": {"after-revoke"}, "count": {"1"}})
	if launch.StatusCode == http.StatusSeeOther {
		t.Errorf("bob launched from a revoked image: %s", launch.Header.Get("Location"))
	}
	var after int64
	app.DB.Model(&models.Instance{}).Count(&after)
	if after != instances {
		t.Errorf("instances %d → %d after a launch from a revoked image", instances, after)
	}

	history := text(alice.Get(shared).Doc(t).Find(`section[aria-labelledby="image-history"]`))
	if want := i18n.Tr("en", "history.revoked", "Bob Logistics", handlertest.BobAccount, reason); !strings.Contains(history, want) {
		t.Errorf("alice's history lacks %q:\n%s", want, history)
	}
	// The admin's view of the image shows the ended share and offers no revoke.
	adminView := admin.Get("/admin/images/" + handlertest.SharedImage).Doc(t)
	row := adminView.Find(`tr[data-share-id="` + admSeededShare + `"]`)
	if got := text(row); !strings.Contains(got, i18n.Tr("en", "share_status.revoked")) || !strings.Contains(got, reason) {
		t.Errorf("admin image row %q lacks the revoked status and reason", got)
	}
	if row.Find(`a[href$="/revoke"]`).Length() != 0 {
		t.Error("a revoked share still offers Revoke")
	}
}

// The reason the server requires is marked required in the form, so a
// browser asks for it before posting.
func TestAdminRevokeFormRequiresReason(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	doc := admin.Get("/admin/shares/" + admSeededShare + "/revoke").Doc(t)
	if doc.Find(`form[action="/admin/shares/revoke"] textarea[name="reason"][required]`).Length() != 1 {
		t.Error("the revoke form's reason is not required")
	}
}

// admLoginPage signs in through the form and returns the response (303 or 422).
func admLoginPage(t *testing.T, app *handlertest.App, username, password string) (*handlertest.Client, *handlertest.Response) {
	t.Helper()
	c := app.Client(t)
	return c, c.Post("/login", url.Values{"username": {username}, "password": {password}})
}

// admWantMustChange fails unless c is kept on /account until it chooses a password.
func admWantMustChange(t *testing.T, c *handlertest.Client) {
	t.Helper()
	wantRedirect(t, c.Get("/images"), "/account")
	page := c.Get("/account")
	wantStatus(t, page, http.StatusOK)
	notice := text(page.Doc(t).Find("#" + pages.PasswordFormID + ` [role="status"]`))
	if !strings.Contains(notice, i18n.Tr("en", "account.must_change")) {
		t.Errorf("account page lacks the must-change notice; got %q", notice)
	}
}

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

// admAuditRow is one row of an audit table.
type admAuditRow struct{ user, account, action, resource, outcome string }

func admAuditRows(t *testing.T, page *handlertest.Response, section string) []admAuditRow {
	t.Helper()
	var out []admAuditRow
	page.Doc(t).Find(`section[aria-labelledby="` + section + `"] tbody tr`).Each(func(_ int, tr *goquery.Selection) {
		td := tr.Find("td")
		out = append(out, admAuditRow{
			user: text(td.Eq(1).Find("div").First()), account: text(td.Eq(1).Find("div").Last()),
			action: text(td.Eq(2)), resource: text(td.Eq(3).Find("div").First()), outcome: text(td.Eq(4)),
		})
	})
	return out
}

// admAuditScenario makes a share (alice), a revoke (the admin) and a failed
// sign-in (bob), in that order, plus a share in bob's account.
func admAuditScenario(t *testing.T, app *handlertest.App, admin, alice, bob *handlertest.Client) {
	t.Helper()
	admShare(t, app, alice, "img-demo0002", admCarolAccount)
	admShare(t, app, bob, "img-demo0005", admCarolAccount)
	wantRedirect(t, admin.Post("/admin/shares/revoke", url.Values{"shares": {admSeededShare}, "reason": {"audit me"}}), "/admin/shares")
	_, failed := admLoginPage(t, app, handlertest.Bob, "not-the-password")
	wantStatus(t, failed, http.StatusUnprocessableEntity)
}

func TestAdminAuditLog(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	bob := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)
	admAuditScenario(t, app, admin, alice, bob)

	all := admAuditRows(t, admin.Get("/admin/audit"), "audit-caption")
	find := func(want admAuditRow) int {
		return slices.IndexFunc(all, func(r admAuditRow) bool {
			return r.action == want.action && r.user == want.user && r.resource == want.resource && r.outcome == want.outcome
		})
	}
	failed := slices.IndexFunc(all, func(r admAuditRow) bool {
		return r.action == "auth.sign_in" && r.user == "bob" && r.outcome == "AuthFailure"
	})
	revoke := find(admAuditRow{user: "admin", action: "admin.share.revoke", resource: "[1]", outcome: "ok"})
	share := find(admAuditRow{user: "alice", action: "share.create", resource: "img-demo0002", outcome: "ok"})
	if failed < 0 || revoke < 0 || share < 0 || !(failed < revoke && revoke < share) {
		t.Fatalf("want the failed sign-in, the revoke and the share, newest first; at %d, %d, %d in\n%+v", failed, revoke, share, all)
	}
	if got := all[share].account; got != handlertest.AliceAccount {
		t.Errorf("alice's share is logged in account %q", got)
	}

	tests := []struct {
		name  string
		query url.Values
		match func(admAuditRow) bool
	}{
		{"account", url.Values{"account": {handlertest.AliceAccount}}, func(r admAuditRow) bool { return r.account == handlertest.AliceAccount }},
		{"user", url.Values{"user": {"BOB"}}, func(r admAuditRow) bool { return r.user == "bob" }},
		{"action prefix", url.Values{"action": {"share."}}, func(r admAuditRow) bool { return strings.HasPrefix(r.action, "share.") }},
		{"outcome error", url.Values{"outcome": {"error"}}, func(r admAuditRow) bool { return r.outcome != "ok" }},
		{"outcome ok", url.Values{"outcome": {"ok"}}, func(r admAuditRow) bool { return r.outcome == "ok" }},
		{"resource", url.Values{"resource": {"img-demo0005"}}, func(r admAuditRow) bool { return r.resource == "img-demo0005" }},
		{"user and action", url.Values{"user": {"alice"}, "action": {"share.create"}}, func(r admAuditRow) bool {
			return r.user == "alice" && r.action == "share.create"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page := admin.Get("/admin/audit?" + tt.query.Encode())
			wantStatus(t, page, http.StatusOK)
			got := admAuditRows(t, page, "audit-caption")
			var want []admAuditRow
			for _, r := range all {
				if tt.match(r) {
					want = append(want, r)
				}
			}
			if len(want) == 0 || len(want) == len(all) {
				t.Fatalf("the filter %v should narrow %d events to some; matches %d", tt.query, len(all), len(want))
			}
			if !slices.Equal(got, want) {
				t.Errorf("filtered %v:\n got %+v\nwant %+v", tt.query, got, want)
			}
			for key := range tt.query {
				sel := `form[action="/admin/audit"] [name="` + key + `"]`
				field := page.Doc(t).Find(sel)
				v, _ := field.Attr("value")
				if field.Is("select") {
					v, _ = field.Find("option[selected]").Attr("value")
				}
				if v != tt.query.Get(key) {
					t.Errorf("filter %s shows %q, want %q kept", key, v, tt.query.Get(key))
				}
			}
		})
	}
}

// Date filters take whole UTC days; "to" includes its day.
func TestAdminAuditDateFilters(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	all := len(admAuditRows(t, admin.Get("/admin/audit"), "audit-caption"))
	day := func(offset int) string { return time.Now().UTC().AddDate(0, 0, offset).Format("2006-01-02") }
	tests := []struct {
		name     string
		from, to string
		want     int
	}{
		{"around today", day(-1), day(1), all},
		{"to today", "", day(0), all},
		{"from tomorrow", day(1), "", 0},
		{"until yesterday", "", day(-1), 0},
	}
	if all == 0 {
		t.Fatal("no events to filter")
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := url.Values{"from": {tt.from}, "to": {tt.to}}
			if got := len(admAuditRows(t, admin.Get("/admin/audit?"+q.Encode()), "audit-caption")); got != tt.want {
				t.Errorf("%v: %d events, want %d", q, got, tt.want)
			}
		})
	}
}

// A member's Account page shows what happened in its own account, never in another's.
func TestAdminAuditAccountActivityIsOwnOnly(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	bob := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)
	admAuditScenario(t, app, admin, alice, bob)

	tests := []struct {
		name, account, own, other string
		c                         *handlertest.Client
	}{
		{"alice", handlertest.AliceAccount, "img-demo0002", "img-demo0005", alice},
		{"bob", handlertest.BobAccount, "img-demo0005", "img-demo0002", bob},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := admAuditRows(t, tt.c.Get("/account"), "account-activity")
			if !slices.ContainsFunc(rows, func(r admAuditRow) bool { return r.action == "share.create" && r.resource == tt.own }) {
				t.Errorf("%s's activity lacks its share of %s: %+v", tt.name, tt.own, rows)
			}
			for _, r := range rows {
				if r.account != tt.account || r.resource == tt.other || r.user == "admin" {
					t.Errorf("%s's activity shows another account's event %+v", tt.name, r)
				}
			}
		})
	}
}

// A refused sign-in is logged against the user it tried, so the resource
// filter finds every attempt on one user.
func TestAdminAuditFailedSignInNamesTheUser(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	admin := app.SignedIn(t, handlertest.AdminUser, handlertest.AdminPassword)
	_, failed := admLoginPage(t, app, "  Bob ", "not-the-password")
	wantStatus(t, failed, http.StatusUnprocessableEntity)
	rows := admAuditRows(t, admin.Get("/admin/audit?resource=user:bob&outcome=error"), "audit-caption")
	if len(rows) != 1 || rows[0].user != "bob" || rows[0].action != "auth.sign_in" || rows[0].outcome != "AuthFailure" {
		t.Errorf("failed sign-ins on user:bob: %+v, want bob's one auth.sign_in refused with AuthFailure", rows)
	}
}
