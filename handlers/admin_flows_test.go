package handlers_test

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

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
	wantRedirect(t, r, "/images/img-demo0002?tab=sharing")
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

	history := text(alice.Get(shared + "?tab=history").Doc(t).Find(`section[aria-labelledby="image-history"]`))
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
	// A focused page: the one thing to do, no navigation that bounces back.
	doc := page.Doc(t)
	if got, want := text(doc.Find("main h1")), i18n.Tr("en", "account.choose_password"); got != want {
		t.Errorf("heading %q, want %q", got, want)
	}
	if n := doc.Find(`nav, a[href="/images"], a[href="/instances"]`).Length(); n != 0 {
		t.Errorf("the forced password change shows %d navigation elements", n)
	}
	if doc.Find(`form[action="/logout"] button`).Length() != 1 {
		t.Error("no way to sign out from the forced password change")
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
			action: text(td.Eq(3)), resource: text(td.Eq(2).Find("[data-resource]")), outcome: text(td.Eq(4)),
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
