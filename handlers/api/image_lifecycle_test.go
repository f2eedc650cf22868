package api_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"
)

// rawImage is one image of DescribeImages as the common client sees it,
// extension fields included.
func (w *world) rawImage(t *testing.T, user, region, imageID string) map[string]any {
	t.Helper()
	raw, err := w.extension(t, user, region, "DescribeImages", map[string]any{"ImageIds": []string{imageID}})
	ok(t, err)
	set := raw["ImageSet"].([]any)
	if len(set) != 1 {
		t.Fatalf("DescribeImages %s as %s: %d images", imageID, user, len(set))
	}
	return set[0].(map[string]any)
}

// deprecated reads ImageDeprecated with the typed SDK model.
func deprecated(t *testing.T, c *cvm.Client, imageID string) bool {
	t.Helper()
	set := describe(t, c, byIDs(imageID)).ImageSet
	if len(set) != 1 || set[0].ImageDeprecated == nil {
		t.Fatalf("DescribeImages %s: %d images or no ImageDeprecated", imageID, len(set))
	}
	return *set[0].ImageDeprecated
}

func TestR21DeprecationThroughTheSDK(t *testing.T) {
	w := newWorld(t)
	alice, bob := w.as("alice", gz), w.as("bob", gz)

	t.Run("R21 a successor in another region is refused", func(t *testing.T) {
		_, err := w.extension(t, "alice", gz, "DeprecateImage", map[string]any{"ImageId": sharedWithBob, "SuccessorImageId": aliceShanghai})
		wantCode(t, err, "InvalidParameterValue.InvalidSuccessor")
	})
	t.Run("R21 a recipient cannot deprecate", func(t *testing.T) {
		_, err := w.extension(t, "bob", gz, "DeprecateImage", map[string]any{"ImageId": sharedWithBob})
		wantCode(t, err, "UnsupportedOperation.SharedImageModifyUnsupported")
	})
	t.Run("R21 a deprecation at a later time shows only to the owner until then", func(t *testing.T) {
		at := time.Now().UTC().Add(48 * time.Hour).Truncate(time.Second).Format(time.RFC3339)
		_, err := w.extension(t, "alice", gz, "DeprecateImage", map[string]any{"ImageId": sharedWithBob, "DeprecateAt": at})
		ok(t, err)
		if deprecated(t, bob, sharedWithBob) || deprecated(t, alice, sharedWithBob) {
			t.Error("ImageDeprecated before the time")
		}
		if got := w.rawImage(t, "alice", gz, sharedWithBob)["DeprecationTime"]; got != at {
			t.Errorf("owner's DeprecationTime = %v; want %s", got, at)
		}
		if got := w.rawImage(t, "bob", gz, sharedWithBob)["DeprecationTime"]; got != nil {
			t.Errorf("recipient's DeprecationTime = %v; want null", got)
		}
	})
	t.Run("R21 deprecated now with a successor: the recipient reads ImageDeprecated and the successor", func(t *testing.T) {
		_, err := w.extension(t, "alice", gz, "DeprecateImage", map[string]any{"ImageId": sharedWithBob, "SuccessorImageId": alicePostgres})
		ok(t, err)
		if !deprecated(t, bob, sharedWithBob) {
			t.Error("bob reads ImageDeprecated false")
		}
		img := w.rawImage(t, "bob", gz, sharedWithBob)
		if img["SuccessorImageId"] != alicePostgres || img["SuccessorImageName"] == nil || img["DeprecationTime"] == nil {
			t.Errorf("bob's image = %v; want the successor %s and a DeprecationTime", img, alicePostgres)
		}
		if _, err := run(bob, sharedWithBob, gz+"-1"); err != nil {
			t.Errorf("launching from a deprecated image: %v", err)
		}
	})
	t.Run("R21 CancelImageDeprecation; cancelling again is refused", func(t *testing.T) {
		_, err := w.extension(t, "alice", gz, "CancelImageDeprecation", map[string]any{"ImageId": sharedWithBob})
		ok(t, err)
		if deprecated(t, bob, sharedWithBob) {
			t.Error("still deprecated")
		}
		// An ignored parameter keeps the second signature apart from the first.
		_, err = w.extension(t, "alice", gz, "CancelImageDeprecation", map[string]any{"ImageId": sharedWithBob, "Step": 2})
		wantCode(t, err, "FailedOperation.ImageNotDeprecated")
	})
	t.Run("R21 Tencent's ModifyImageAttribute ImageDeprecated deprecates and undeprecates", func(t *testing.T) {
		for i, want := range []bool{true, true, false, false} {
			req := cvm.NewModifyImageAttributeRequest()
			req.ImageId, req.ImageDeprecated = common.StringPtr(aliceBuild), common.BoolPtr(want)
			req.ImageDescription = common.StringPtr(fmt.Sprintf("step %d", i)) // no two bodies alike (replay guard)
			_, err := alice.ModifyImageAttribute(req)
			ok(t, err)
			if got := deprecated(t, alice, aliceBuild); got != want {
				t.Errorf("ImageDeprecated = %v; want %v", got, want)
			}
		}
	})
}

func TestR21DisableThroughTheSDK(t *testing.T) {
	w := newWorld(t)
	w.worker()
	alice, bob := w.as("alice", gz), w.as("bob", gz)
	// Identical calls within a second would repeat a signature (the replay
	// guard refuses those): each launch below names its own zone.
	launched, err := run(bob, sharedWithBob, gz+"-2")
	ok(t, err)
	waitInstance(t, bob, launched[0], "RUNNING")

	_, err = w.extension(t, "bob", gz, "DisableImage", map[string]any{"ImageId": sharedWithBob})
	wantCode(t, err, "UnsupportedOperation.SharedImageModifyUnsupported")
	_, err = w.extension(t, "alice", gz, "DisableImage", map[string]any{"ImageId": sharedWithBob})
	ok(t, err)

	const disabled = "InvalidImageId.Disabled"
	t.Run("R21 RunInstances from a disabled image is refused, for the recipient and the owner", func(t *testing.T) {
		_, err := run(bob, sharedWithBob, gz+"-1")
		wantCode(t, err, disabled)
		_, err = run(alice, sharedWithBob, gz+"-1")
		wantCode(t, err, disabled)
	})
	t.Run("R21 ResetInstance with a disabled image is refused", func(t *testing.T) {
		req := cvm.NewResetInstanceRequest()
		req.InstanceId, req.ImageId = common.StringPtr(launched[0]), common.StringPtr(sharedWithBob)
		_, err := bob.ResetInstance(req)
		wantCode(t, err, disabled)
	})
	t.Run("R21 sharing a disabled image is refused", func(t *testing.T) {
		wantCode(t, share(alice, sharedWithBob, "SHARE", carolAccount), disabled)
	})
	t.Run("R21 SyncImages of a disabled image is refused", func(t *testing.T) {
		req := cvm.NewSyncImagesRequest()
		req.ImageIds, req.DestinationRegions = common.StringPtrs([]string{sharedWithBob}), common.StringPtrs([]string{sh})
		_, err := alice.SyncImages(req)
		wantCode(t, err, disabled)
	})
	t.Run("R21 the recipient reads ImageDisabled; its instance keeps running", func(t *testing.T) {
		if got := w.rawImage(t, "bob", gz, sharedWithBob)["ImageDisabled"]; got != true {
			t.Errorf("ImageDisabled = %v; want true", got)
		}
		waitInstance(t, bob, launched[0], "RUNNING")
	})
	t.Run("R21 EnableImage lets it launch again", func(t *testing.T) {
		// The SDK signs the body, not the action: a parameter the action
		// ignores keeps this call's signature apart from DisableImage's.
		_, err := w.extension(t, "alice", gz, "EnableImage", map[string]any{"ImageId": sharedWithBob, "Step": 1})
		ok(t, err)
		_, err = run(bob, sharedWithBob, gz+"-3")
		ok(t, err)
		_, err = w.extension(t, "alice", gz, "EnableImage", map[string]any{"ImageId": sharedWithBob, "Step": 2})
		wantCode(t, err, "FailedOperation.ImageNotDisabled")
	})
}

func TestR22DeletionProtectionThroughTheSDK(t *testing.T) {
	w := newWorld(t)
	alice := w.as("alice", gz)
	del := func(dryRun bool) error {
		req := cvm.NewDeleteImagesRequest()
		req.ImageIds = common.StringPtrs([]string{aliceBuild})
		req.DryRun = common.BoolPtr(dryRun) // the two calls differ (replay guard)
		_, err := alice.DeleteImages(req)
		return err
	}
	_, err := w.extension(t, "bob", gz, "ModifyImageAttribute", map[string]any{"ImageId": sharedWithBob, "DeletionProtection": true})
	wantCode(t, err, "UnsupportedOperation.SharedImageModifyUnsupported")
	_, err = w.extension(t, "alice", gz, "ModifyImageAttribute", map[string]any{"ImageId": aliceBuild, "DeletionProtection": true})
	ok(t, err)
	if got := w.rawImage(t, "alice", gz, aliceBuild)["DeletionProtection"]; got != true {
		t.Errorf("DeletionProtection = %v; want true", got)
	}
	wantCode(t, del(false), "OperationDenied.DeletionProtection")
	_, err = w.extension(t, "alice", gz, "ModifyImageAttribute", map[string]any{"ImageId": aliceBuild, "DeletionProtection": false})
	ok(t, err)
	wantCode(t, del(true), "DryRunOperation")
	describeGone := describe(t, alice, byIDs(aliceBuild)).ImageSet
	if len(describeGone) != 1 {
		t.Fatal("a dry run deleted the image")
	}
}
