package api_test

import (
	"testing"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"
)

// R23 through the API: DeleteImages moves images to the bin, where
// DescribeImages no longer finds them and DescribeRecycleBinImages does;
// RestoreImage brings one back (refused with InvalidImageName.Duplicate
// while its name is taken); DeleteImagesPermanently deletes for good.
func TestRecycleBinActions(t *testing.T) {
	w := newWorld(t)
	alice := w.as("alice", gz)
	del := cvm.NewDeleteImagesRequest()
	del.ImageIds = common.StringPtrs([]string{alicePostgres, aliceBuild})
	_, err := alice.DeleteImages(del)
	ok(t, err)
	if got := ids(describe(t, alice, byIDs(alicePostgres, aliceBuild)).ImageSet); len(got) != 0 {
		t.Fatalf("DescribeImages after DeleteImages = %v; want none", got)
	}
	binned := func(user, region string) []any {
		t.Helper()
		resp, err := w.extension(t, user, region, "DescribeRecycleBinImages", map[string]any{})
		ok(t, err)
		set, _ := resp["ImageSet"].([]any)
		if int(resp["TotalCount"].(float64)) != len(set) {
			t.Fatalf("TotalCount %v, %d images", resp["TotalCount"], len(set))
		}
		return set
	}
	set := binned("alice", gz)
	if len(set) != 2 {
		t.Fatalf("bin = %v; want two images", set)
	}
	first := set[0].(map[string]any)
	if first["PurgeTime"] == "" || first["DeletedTime"] == "" || first["Restorable"] != true {
		t.Errorf("bin image = %v; want its times and restorable", first)
	}
	if len(binned("alice", "ap-shanghai")) != 0 || len(binned("bob", gz)) != 0 {
		t.Error("the bin shows in another region or to another account")
	}

	t.Run("R23 another account cannot restore it", func(t *testing.T) {
		_, err := w.extension(t, "bob", gz, "RestoreImage", map[string]any{"ImageId": alicePostgres})
		wantCode(t, err, "InvalidImageId.NotFound")
	})
	t.Run("R23 restore refused while the name is taken", func(t *testing.T) {
		ok(t, w.db.Exec("UPDATE images SET name = 'postgres-16-base' WHERE id = 'img-demo0001'").Error)
		_, err := w.extension(t, "alice", gz, "RestoreImage", map[string]any{"ImageId": alicePostgres})
		wantCode(t, err, "InvalidImageName.Duplicate")
		ok(t, w.db.Exec("UPDATE images SET name = 'web-frontend-v3' WHERE id = 'img-demo0001'").Error)
	})
	t.Run("R23 restore brings it back to DescribeImages", func(t *testing.T) {
		_, err := w.extension(t, "alice", gz, "RestoreImage", map[string]any{"ImageId": alicePostgres})
		ok(t, err)
		if got := ids(describe(t, alice, byIDs(alicePostgres)).ImageSet); len(got) != 1 {
			t.Errorf("DescribeImages after RestoreImage = %v; want the image", got)
		}
	})
	t.Run("R23 DeleteImagesPermanently of an image not in the bin is not found", func(t *testing.T) {
		_, err := w.extension(t, "alice", gz, "DeleteImagesPermanently", map[string]any{"ImageIds": []string{alicePostgres}})
		wantCode(t, err, "InvalidImageId.NotFound")
	})
	t.Run("R23 DeleteImagesPermanently empties the bin", func(t *testing.T) {
		_, err := w.extension(t, "alice", gz, "DeleteImagesPermanently", map[string]any{"ImageIds": []string{aliceBuild}})
		ok(t, err)
		if got := binned("alice", gz); len(got) != 0 {
			t.Errorf("bin after DeleteImagesPermanently = %v; want empty", got)
		}
		_, err = w.extension(t, "alice", gz, "RestoreImage", map[string]any{"ImageId": aliceBuild})
		wantCode(t, err, "InvalidImageId.NotFound")
	})
}
