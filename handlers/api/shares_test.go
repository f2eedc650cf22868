package api_test

import (
	"slices"
	"testing"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"imageshare/models"
)

func sharedWith(t *testing.T, c *cvm.Client, imageID string) []string {
	t.Helper()
	req := cvm.NewDescribeImageSharePermissionRequest()
	req.ImageId = common.StringPtr(imageID)
	resp, err := c.DescribeImageSharePermission(req)
	ok(t, err)
	var out []string
	for _, p := range resp.Response.SharePermissionSet {
		if _, err := time.Parse(time.RFC3339, *p.CreatedTime); err != nil {
			t.Errorf("CreatedTime %q: %v", *p.CreatedTime, err)
		}
		out = append(out, *p.AccountId)
	}
	return out
}

// Share with another account: it appears in that account's DescribeImages as
// SHARED_IMAGE, in the image's region only; cancel: it is gone at once (R15).
func TestShareAndCancel(t *testing.T) {
	w := newWorld(t)
	alice, carol := w.as("alice", gz), w.as("carol", gz)

	if got := describe(t, carol, byIDs(alicePostgres)); len(got.ImageSet) != 0 {
		t.Fatal("carol sees alice's image before any share")
	}
	ok(t, share(alice, alicePostgres, "SHARE", carolAccount))
	got := describe(t, carol, byType("SHARED_IMAGE"))
	if !slices.Equal(ids(got.ImageSet), []string{alicePostgres}) || *got.ImageSet[0].ImageCreator != aliceAccount {
		t.Fatalf("carol's shared images = %v, want [%s] by alice", ids(got.ImageSet), alicePostgres)
	}
	if got := describe(t, w.as("carol", sh), byType("SHARED_IMAGE")); len(got.ImageSet) != 0 {
		t.Errorf("the share shows in Shanghai too (R4)")
	}
	if got := sharedWith(t, alice, alicePostgres); !slices.Equal(got, []string{carolAccount}) {
		t.Errorf("SharePermissionSet = %v, want [%s]", got, carolAccount)
	}
	// The recipient may launch from it in its region (and keeps the instance).
	ins, err := run(carol, alicePostgres, gz+"-3")
	ok(t, err)

	ok(t, share(alice, alicePostgres, "CANCEL", carolAccount))
	if got := describe(t, carol, byType("SHARED_IMAGE")); len(got.ImageSet) != 0 {
		t.Errorf("carol still sees %v after the cancel", ids(got.ImageSet))
	}
	if got := sharedWith(t, alice, alicePostgres); len(got) != 0 {
		t.Errorf("SharePermissionSet after cancel = %v", got)
	}
	// A new key: the same change signed again within the second would be the
	// same request, refused as a replay (replay_test.go).
	carol = w.as("carol", gz)
	_, err = run(carol, alicePostgres, gz+"-3")
	wantCode(t, err, "InvalidImageId.NotFound")
	list, err := carol.DescribeInstances(cvm.NewDescribeInstancesRequest())
	ok(t, err)
	if *list.Response.TotalCount != 1 || *list.Response.InstanceSet[0].InstanceId != ins[0] {
		t.Errorf("carol's instance did not survive the cancel")
	}
	// A second cancel (another request, so another key) finds no share to end.
	wantCode(t, share(w.as("alice", gz), alicePostgres, "CANCEL", carolAccount), "InvalidAccountId.NotFound")
}

// R1: an image is shared with at most 50 accounts; the 51st is refused and
// nothing of that request is saved.
func TestShareCap(t *testing.T) {
	w := newWorld(t)
	alice := w.as("alice", gz)
	accounts := w.addAccounts(51)
	// sharedWithBob already has one share (bob): 49 more make 50.
	ok(t, share(alice, sharedWithBob, "SHARE", accounts[:49]...))
	if got := sharedWith(t, alice, sharedWithBob); len(got) != 50 {
		t.Fatalf("shares = %d, want 50", len(got))
	}
	wantCode(t, share(alice, sharedWithBob, "SHARE", accounts[49]), "OverQuota")
	wantCode(t, share(alice, sharedWithBob, "SHARE", accounts[49:]...), "OverQuota")
	if got := sharedWith(t, alice, sharedWithBob); len(got) != 50 {
		t.Errorf("shares after the refusals = %d, want 50", len(got))
	}
	// Cancelling one frees a place.
	ok(t, share(alice, sharedWithBob, "CANCEL", accounts[0]))
	ok(t, share(alice, sharedWithBob, "SHARE", accounts[50]))
}

func TestShareRefusals(t *testing.T) {
	w := newWorld(t)
	alice, bob := w.as("alice", gz), w.as("bob", gz)
	w.addAccounts(1)
	public := *describe(t, alice, byType("PUBLIC_IMAGE")).ImageSet[0].ImageId
	// A copy still syncing (no simulator runs here).
	copy := cvm.NewSyncImagesRequest()
	copy.ImageIds, copy.DestinationRegions = common.StringPtrs([]string{aliceShanghai}), common.StringPtrs([]string{gz})
	copy.ImageName = common.StringPtr("syncing-copy")
	resp, err := w.as("alice", sh).SyncImages(copy)
	ok(t, err)
	syncing := *resp.Response.ImageSet[0].ImageId

	tests := []struct {
		name              string
		client            *cvm.Client
		image, permission string
		accounts          []string
		code              string
	}{
		{"R9 recipient shares a shared image", bob, sharedWithBob, "SHARE", []string{carolAccount},
			"UnauthorizedOperation.ImageNotBelongToAccount"},
		{"R9 public image", alice, public, "SHARE", []string{carolAccount}, "UnauthorizedOperation.ImageNotBelongToAccount"},
		{"R13 image not NORMAL", alice, syncing, "SHARE", []string{carolAccount}, "InvalidParameterValue.InvalidImageState"},
		{"R14 unknown account", alice, alicePostgres, "SHARE", []string{"199999999999"}, "InvalidAccountId.NotFound"},
		{"R14 malformed account", alice, alicePostgres, "SHARE", []string{"12ab"}, "InvalidAccountId.NotFound"},
		{"R14 own account", alice, alicePostgres, "SHARE", []string{aliceAccount}, "FailedOperation.AccountIsYourSelf"},
		{"R14 already shared", alice, sharedWithBob, "SHARE", []string{bobAccount}, "FailedOperation.AccountAlreadyExists"},
		{"R14 all or nothing", alice, alicePostgres, "SHARE", []string{"200000000000", "199999999999"}, "InvalidAccountId.NotFound"},
		{"recipient cancels", bob, sharedWithBob, "CANCEL", []string{bobAccount}, "UnauthorizedOperation.ImageNotBelongToAccount"},
		{"not visible", bob, alicePostgres, "SHARE", []string{carolAccount}, "InvalidImageId.NotFound"},
		{"other region", alice, aliceShanghai, "SHARE", []string{carolAccount}, "InvalidImageId.NotFound"},
		{"bad permission", alice, alicePostgres, "LEND", []string{carolAccount}, "InvalidParameterValue"},
		{"no permission", alice, alicePostgres, "", []string{carolAccount}, "MissingParameter"},
		{"no accounts", alice, alicePostgres, "SHARE", nil, "MissingParameter"},
		{"malformed image", alice, "img-", "SHARE", []string{carolAccount}, "InvalidImageId.Malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, share(tt.client, tt.image, tt.permission, tt.accounts...), tt.code)
		})
	}
	if got := sharedWith(t, alice, alicePostgres); len(got) != 0 {
		t.Errorf("a refused request shared with %v", got)
	}
	req := cvm.NewDescribeImageSharePermissionRequest()
	req.ImageId = common.StringPtr(sharedWithBob)
	_, err = bob.DescribeImageSharePermission(req)
	wantCode(t, err, "InvalidImageId.NotFound")
}

// R17: under the review policy a share waits for an admin: it is no
// permission yet, and the recipient does not see the image.
func TestShareUnderReview(t *testing.T) {
	w := newWorld(t)
	if err := w.db.Create(&models.Setting{Key: "share_policy", Value: models.PolicyReview}).Error; err != nil {
		t.Fatal(err)
	}
	alice := w.as("alice", gz)
	ok(t, share(alice, alicePostgres, "SHARE", carolAccount))
	if got := sharedWith(t, alice, alicePostgres); len(got) != 0 {
		t.Errorf("pending share listed as a permission: %v", got)
	}
	if got := describe(t, w.as("carol", gz), byIDs(alicePostgres)); len(got.ImageSet) != 0 {
		t.Errorf("carol sees an image whose share is pending")
	}
	// It still counts: sharing again is refused, cancelling works.
	// A new key: the same change signed again within the second would be the
	// same request, refused as a replay (replay_test.go).
	alice = w.as("alice", gz)
	wantCode(t, share(alice, alicePostgres, "SHARE", carolAccount), "FailedOperation.AccountAlreadyExists")
	ok(t, share(alice, alicePostgres, "CANCEL", carolAccount))
}
