package api_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"imageshare/models"
)

// extension sends an extension action with the Go SDK's common client, as
// its README page says to, and returns the Response object.
func (w *world) extension(t *testing.T, user, region, action string, params any) (map[string]any, error) {
	t.Helper()
	id, secret := w.key(user)
	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Endpoint, cpf.HttpProfile.Scheme = w.endpoint, "HTTP"
	client := common.NewCommonClient(common.NewCredential(id, secret), region, cpf)
	req := tchttp.NewCommonRequest("cvm", "2017-03-12", action)
	ok(t, req.SetActionParameters(params))
	resp := tchttp.NewCommonResponse()
	if err := client.Send(req, resp); err != nil {
		return nil, err
	}
	var env struct{ Response map[string]any }
	ok(t, json.Unmarshal(resp.GetBody(), &env))
	return env.Response, nil
}

// permissions describes an image's share permissions with the typed client.
func permissions(t *testing.T, c *cvm.Client, imageID string) []*cvm.SharePermission {
	t.Helper()
	req := cvm.NewDescribeImageSharePermissionRequest()
	req.ImageId = common.StringPtr(imageID)
	resp, err := c.DescribeImageSharePermission(req)
	ok(t, err)
	return resp.Response.SharePermissionSet
}

func TestShareLifecycleExtensions(t *testing.T) {
	w := newWorld(t)
	alice := w.as("alice", gz)
	if err := w.db.Create(&models.Setting{Key: "share_acceptance", Value: models.AcceptanceRequired}).Error; err != nil {
		t.Fatal(err)
	}
	until := time.Now().UTC().Add(72 * time.Hour).Truncate(time.Second).Format(time.RFC3339)

	t.Run("R20 SHARE with an ExpiredTime out of range is refused", func(t *testing.T) {
		_, err := w.extension(t, "alice", gz, "ModifyImageSharePermission", map[string]any{"ImageId": alicePostgres,
			"AccountIds": []string{bobAccount}, "Permission": "SHARE", "ExpiredTime": time.Now().UTC().Format(time.RFC3339)})
		wantCode(t, err, "InvalidParameterValue.ExpiryOutOfRange")
	})
	t.Run("R19 R20 SHARE with an ExpiredTime offers the share until then", func(t *testing.T) {
		_, err := w.extension(t, "alice", gz, "ModifyImageSharePermission", map[string]any{"ImageId": alicePostgres,
			"AccountIds": []string{bobAccount, carolAccount}, "Permission": "SHARE", "ExpiredTime": until})
		ok(t, err)
		perms := permissions(t, alice, alicePostgres)
		if len(perms) != 2 {
			t.Fatalf("permissions = %d; want 2", len(perms))
		}
		raw, err := w.extension(t, "alice", gz, "DescribeImageSharePermission", map[string]any{"ImageId": alicePostgres})
		ok(t, err)
		set := raw["SharePermissionSet"].([]any)
		first := set[0].(map[string]any)
		if first["Status"] != "OFFERED" || first["ExpiredTime"] != until || first["AccountId"] == nil || first["CreatedTime"] == nil {
			t.Errorf("permission = %v; want Tencent's fields plus Status OFFERED and ExpiredTime %s", first, until)
		}
	})
	t.Run("R19 DescribeImageShareInvitations lists bob's invitation in its region only", func(t *testing.T) {
		raw, err := w.extension(t, "bob", gz, "DescribeImageShareInvitations", map[string]any{})
		ok(t, err)
		set := raw["InvitationSet"].([]any)
		if raw["TotalCount"].(float64) != 1 || set[0].(map[string]any)["ImageId"] != alicePostgres ||
			set[0].(map[string]any)["OwnerAccountId"] != aliceAccount {
			t.Errorf("invitations = %v", raw)
		}
		raw, err = w.extension(t, "bob", sh, "DescribeImageShareInvitations", map[string]any{})
		ok(t, err)
		if raw["TotalCount"].(float64) != 0 {
			t.Errorf("invitations in Shanghai = %v; want none", raw)
		}
	})
	t.Run("R19 AcceptImageShare in another region is not found", func(t *testing.T) {
		_, err := w.extension(t, "bob", sh, "AcceptImageShare", map[string]any{"ImageId": alicePostgres})
		wantCode(t, err, "InvalidImageId.NotFound")
	})
	t.Run("R19 bob accepts: the image is his SHARED_IMAGE", func(t *testing.T) {
		_, err := w.extension(t, "bob", gz, "AcceptImageShare", map[string]any{"ImageId": alicePostgres})
		ok(t, err)
		got := describe(t, w.as("bob", gz), byIDs(alicePostgres))
		if len(got.ImageSet) != 1 || *got.ImageSet[0].ImageType != "SHARED_IMAGE" {
			t.Errorf("bob's view = %v; want the shared image", ids(got.ImageSet))
		}
		_, err = w.extension(t, "bob", gz, "AcceptImageShare", map[string]any{"ImageId": alicePostgres})
		wantCode(t, err, "FailedOperation.ShareNotOffered")
	})
	t.Run("R19 carol declines with a reason", func(t *testing.T) {
		_, err := w.extension(t, "carol", gz, "DeclineImageShare", map[string]any{"ImageId": alicePostgres, "Reason": "no thanks"})
		ok(t, err)
		var s models.Share
		ok(t, w.db.Where("image_id = ? AND recipient_account_id = ?", alicePostgres, carolAccount).Take(&s).Error)
		if s.Status != models.ShareDeclined || s.Reason != "no thanks" {
			t.Errorf("carol's share = %s %q", s.Status, s.Reason)
		}
	})
	t.Run("R20 ModifyImageShareExpiry moves and removes the end", func(t *testing.T) {
		later := time.Now().UTC().Add(30 * 24 * time.Hour).Truncate(time.Second).Format(time.RFC3339)
		_, err := w.extension(t, "alice", gz, "ModifyImageShareExpiry", map[string]any{"ImageId": alicePostgres,
			"AccountId": bobAccount, "ExpiredTime": later})
		ok(t, err)
		raw, _ := w.extension(t, "alice", gz, "DescribeImageSharePermission", map[string]any{"ImageId": alicePostgres})
		if got := raw["SharePermissionSet"].([]any)[0].(map[string]any)["ExpiredTime"]; got != later {
			t.Errorf("ExpiredTime = %v; want %s", got, later)
		}
		_, err = w.extension(t, "alice", gz, "ModifyImageShareExpiry", map[string]any{"ImageId": alicePostgres, "AccountId": bobAccount})
		ok(t, err)
		raw, _ = w.extension(t, "alice", gz, "DescribeImageSharePermission", map[string]any{"ImageId": alicePostgres})
		if got := raw["SharePermissionSet"].([]any)[0].(map[string]any); got["ExpiredTime"] != nil || got["Status"] != "ACTIVE" {
			t.Errorf("permission = %v; want ACTIVE with no ExpiredTime", got)
		}
		_, err = w.extension(t, "alice", gz, "ModifyImageShareExpiry", map[string]any{"ImageId": alicePostgres,
			"AccountId": bobAccount, "ExpiredTime": "soon"})
		wantCode(t, err, "InvalidParameterValue")
	})
	t.Run("R18 bob leaves; alice's permissions no longer list him", func(t *testing.T) {
		_, err := w.extension(t, "bob", gz, "LeaveImageShare", map[string]any{"ImageId": alicePostgres})
		ok(t, err)
		if perms := permissions(t, alice, alicePostgres); len(perms) != 0 {
			t.Errorf("permissions = %d; want none", len(perms))
		}
		_, err = w.extension(t, "bob", gz, "LeaveImageShare", map[string]any{"ImageId": alicePostgres})
		wantCode(t, err, "InvalidImageId.NotFound")
		_, err = w.extension(t, "alice", gz, "LeaveImageShare", map[string]any{"ImageId": alicePostgres})
		wantCode(t, err, "InvalidImageId.NotFound")
	})
}
