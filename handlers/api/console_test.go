package api_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"imageshare/handlers/handlertest"
	"imageshare/models"
)

// A change made through the API shows at once in the console, and the
// reverse: both call the same domain on the same database (issue 6).
func TestAPIAndConsoleSeeEachOthersChanges(t *testing.T) {
	w := newWorld(t)
	console := handlertest.New(t, handlertest.WithDB(w.db))
	aliceWeb := console.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	bobWeb := console.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)
	aliceAPI, bobAPI := w.as("alice", gz), w.as("bob", gz)

	// API → console: a rename and a share.
	rename := cvm.NewModifyImageAttributeRequest()
	rename.ImageId, rename.ImageName = common.StringPtr(alicePostgres), common.StringPtr("renamed-by-api")
	_, err := aliceAPI.ModifyImageAttribute(rename)
	ok(t, err)
	if page := aliceWeb.Get("/images/" + alicePostgres); !strings.Contains(page.Body, "renamed-by-api") {
		t.Error("the console does not show the name set through the API")
	}
	ok(t, share(aliceAPI, alicePostgres, "SHARE", bobAccount))
	if tab := bobWeb.Get("/images?region=ap-guangzhou&tab=shared"); !strings.Contains(tab.Body, alicePostgres) {
		t.Error("bob's Shared with me tab lacks the image shared through the API")
	}

	// Console → API: a rename and a cancel.
	r := aliceWeb.Post("/images/"+aliceBuild, url.Values{"name": {"renamed-in-console"}, "description": {""}})
	if r.StatusCode != 303 {
		t.Fatalf("console rename: status %d", r.StatusCode)
	}
	got := describe(t, aliceAPI, byIDs(aliceBuild))
	if len(got.ImageSet) != 1 || *got.ImageSet[0].ImageName != "renamed-in-console" {
		t.Errorf("DescribeImages does not show the console's rename: %+v", got.ImageSet)
	}
	r = aliceWeb.Post("/images/"+alicePostgres+"/shares/cancel", url.Values{"accounts": {bobAccount}})
	if r.StatusCode != 303 {
		t.Fatalf("console cancel: status %d", r.StatusCode)
	}
	shared := describe(t, bobAPI, byType("SHARED_IMAGE"))
	for _, id := range ids(shared.ImageSet) {
		if id == alicePostgres {
			t.Error("bob's API still lists the image whose share was cancelled in the console")
		}
	}
}

// A share with a disabled account is suspended alike in the console and the
// API: neither lists it, the console offers no "Cancel sharing" for it and
// it blocks no deletion (R6); enabling the account brings it back.
func TestDisabledRecipientSuspendedInConsoleAndAPI(t *testing.T) {
	w := newWorld(t)
	console := handlertest.New(t, handlertest.WithDB(w.db))
	aliceWeb := console.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	aliceAPI := w.as("alice", gz)
	var admin models.User
	if err := w.db.Where("username = ?", handlertest.AdminUser).Take(&admin).Error; err != nil {
		t.Fatal(err)
	}
	root := models.Actor{UserID: admin.ID, AccountID: admin.AccountID, Admin: true}
	setStatus := func(status string) {
		t.Helper()
		if err := w.stores.Admin.SetAccountStatus(t.Context(), root, bobAccount, status); err != nil {
			t.Fatalf("set bob's account %s: %v", status, err)
		}
	}
	permissions := func() []string {
		t.Helper()
		req := cvm.NewDescribeImageSharePermissionRequest()
		req.ImageId = common.StringPtr(sharedWithBob)
		resp, err := aliceAPI.DescribeImageSharePermission(req)
		ok(t, err)
		var out []string
		for _, p := range resp.Response.SharePermissionSet {
			out = append(out, *p.AccountId)
		}
		return out
	}
	cancelLink := `a[href="/images/` + sharedWithBob + `/shares/cancel"]`
	recipientRow := `[data-recipient="` + bobAccount + `"]`

	setStatus(models.AccountDisabled)
	if got := permissions(); len(got) != 0 {
		t.Errorf("API lists %v for a share with a disabled account", got)
	}
	if doc := aliceWeb.Get("/images/" + sharedWithBob + "?tab=sharing").Doc(t); doc.Find(recipientRow).Length() != 0 || doc.Find(cancelLink).Length() != 0 {
		t.Error("the image detail's Sharing tab lists the disabled recipient or offers to cancel its share")
	}
	if doc := aliceWeb.Get("/images/" + sharedWithBob).Doc(t); doc.Find(cancelLink).Length() != 0 {
		t.Error("the image detail's overview offers to cancel a share nobody can see")
	}
	if doc := aliceWeb.Get("/images?region=" + gz + "&tab=custom").Doc(t); doc.Find(cancelLink).Length() != 0 {
		t.Error("the custom tab offers to cancel a share nobody can see")
	}

	setStatus(models.AccountActive)
	if got := permissions(); len(got) != 1 || got[0] != bobAccount {
		t.Errorf("after enabling bob, API lists %v; want [%s]", got, bobAccount)
	}
	if doc := aliceWeb.Get("/images/" + sharedWithBob + "?tab=sharing").Doc(t); doc.Find(recipientRow).Length() != 1 {
		t.Error("after enabling bob, the image detail does not list his share")
	}

	setStatus(models.AccountDisabled)
	del := cvm.NewDeleteImagesRequest()
	del.ImageIds = common.StringPtrs([]string{sharedWithBob})
	_, err := aliceAPI.DeleteImages(del)
	ok(t, err) // R6 counts the shares the owner can see and cancel
}
