package api_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"imageshare/handlers/handlertest"
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
