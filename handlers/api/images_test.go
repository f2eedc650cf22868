package api_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"imageshare/models"
)

func TestDescribeImagesByType(t *testing.T) {
	w := newWorld(t)
	bob := w.as("bob", gz)

	private := describe(t, bob, byType("PRIVATE_IMAGE"))
	if got := ids(private.ImageSet); !slices.Equal(got, []string{bobWarehouse}) || *private.TotalCount != 1 {
		t.Errorf("bob's private images = %v (total %d), want [%s]", got, *private.TotalCount, bobWarehouse)
	}
	shared := describe(t, bob, byType("SHARED_IMAGE"))
	if got := ids(shared.ImageSet); !slices.Equal(got, []string{sharedWithBob}) {
		t.Fatalf("bob's shared images = %v, want [%s]", got, sharedWithBob)
	}
	img := shared.ImageSet[0]
	if *img.ImageType != "SHARED_IMAGE" || *img.ImageCreator != aliceAccount || *img.ImageName != "web-frontend-v3" ||
		*img.ImageState != "NORMAL" || *img.SyncPercent != 100 || *img.ImageSource != "CREATE_IMAGE" ||
		*img.Architecture != "x86_64" || *img.Platform != "Ubuntu" || *img.ImageSize <= 0 || !*img.IsSupportCloudinit {
		b, _ := json.Marshal(img)
		t.Errorf("shared image fields: %s", b)
	}
	if _, err := time.Parse(time.RFC3339, *img.CreatedTime); err != nil {
		t.Errorf("CreatedTime %q is not ISO 8601: %v", *img.CreatedTime, err)
	}
	public := describe(t, bob, byType("PUBLIC_IMAGE"))
	if *public.TotalCount < 5 || int64(len(public.ImageSet)) != *public.TotalCount {
		t.Fatalf("public images: %d of %d", len(public.ImageSet), *public.TotalCount)
	}
	for _, img := range public.ImageSet {
		if *img.ImageType != "PUBLIC_IMAGE" || *img.ImageCreator != "" {
			t.Errorf("public image %s: type %s creator %q", *img.ImageId, *img.ImageType, *img.ImageCreator)
		}
	}

	// Without filters: all three kinds, the same total, and every window of
	// Offset/Limit is the matching slice of the whole list, across kinds.
	all := describe(t, bob, func(r *cvm.DescribeImagesRequest) { r.Limit = common.Uint64Ptr(100) })
	want := *private.TotalCount + *shared.TotalCount + *public.TotalCount
	if *all.TotalCount != want || int64(len(all.ImageSet)) != want {
		t.Fatalf("all images: %d of %d, want %d", len(all.ImageSet), *all.TotalCount, want)
	}
	if def := describe(t, bob, nil); len(def.ImageSet) != min(20, int(want)) || *def.TotalCount != want {
		t.Errorf("default window: %d rows of %d, want Limit 20", len(def.ImageSet), *def.TotalCount)
	}
	whole := ids(all.ImageSet)
	for _, win := range []struct{ offset, limit int }{{0, 7}, {7, 7}, {3, 5}, {int(want) - 2, 5}, {int(want), 5}, {1, 1}} {
		page := describe(t, bob, func(r *cvm.DescribeImagesRequest) {
			r.Offset, r.Limit = common.Uint64Ptr(uint64(win.offset)), common.Uint64Ptr(uint64(win.limit))
		})
		end := min(len(whole), win.offset+win.limit)
		if got := ids(page.ImageSet); !slices.Equal(got, whole[min(win.offset, end):end]) || *page.TotalCount != want {
			t.Errorf("window %+v = %v (total %d), want %v", win, got, *page.TotalCount, whole[min(win.offset, end):end])
		}
	}

	// R4: shared images are visible only in their own region.
	if got := describe(t, w.as("bob", sh), byType("SHARED_IMAGE")); len(got.ImageSet) != 0 {
		t.Errorf("bob sees shared images in Shanghai: %v", ids(got.ImageSet))
	}
	// Another account sees neither bob's images nor alice's share.
	carol := describe(t, w.as("carol", gz), func(r *cvm.DescribeImagesRequest) {
		r.Filters = []*cvm.Filter{{Name: common.StringPtr("image-type"), Values: common.StringPtrs([]string{"PRIVATE_IMAGE", "SHARED_IMAGE"})}}
	})
	if len(carol.ImageSet) != 0 {
		t.Errorf("carol's own and shared images in Guangzhou = %v, want none", ids(carol.ImageSet))
	}
}

func TestDescribeImagesByIDAndFilters(t *testing.T) {
	w := newWorld(t)
	bob := w.as("bob", gz)

	// Visible images in the region come back; others' unshared images, and
	// images of other regions, do not exist here.
	got := describe(t, bob, byIDs(sharedWithBob, bobWarehouse, alicePostgres, aliceShanghai, "img-zzzzzzzz"))
	if !slices.Equal(ids(got.ImageSet), []string{sharedWithBob, bobWarehouse}) || *got.TotalCount != 2 {
		t.Errorf("by id = %v (total %d), want [%s %s]", ids(got.ImageSet), *got.TotalCount, sharedWithBob, bobWarehouse)
	}
	byIDFilter := describe(t, bob, func(r *cvm.DescribeImagesRequest) {
		r.Filters = []*cvm.Filter{
			{Name: common.StringPtr("image-id"), Values: common.StringPtrs([]string{sharedWithBob, bobWarehouse})},
			{Name: common.StringPtr("image-type"), Values: common.StringPtrs([]string{"SHARED_IMAGE"})},
		}
	})
	if !slices.Equal(ids(byIDFilter.ImageSet), []string{sharedWithBob}) {
		t.Errorf("image-id and image-type = %v, want [%s]", ids(byIDFilter.ImageSet), sharedWithBob)
	}
	byName := describe(t, bob, func(r *cvm.DescribeImagesRequest) {
		r.Filters = []*cvm.Filter{{Name: common.StringPtr("image-name"), Values: common.StringPtrs([]string{"WAREHOUSE"})}}
	})
	if !slices.Equal(ids(byName.ImageSet), []string{bobWarehouse}) {
		t.Errorf("image-name = %v, want [%s]", ids(byName.ImageSet), bobWarehouse)
	}
	byPlatform := describe(t, bob, func(r *cvm.DescribeImagesRequest) {
		r.Filters = []*cvm.Filter{
			{Name: common.StringPtr("platform"), Values: common.StringPtrs([]string{"Windows", "Debian"})},
			{Name: common.StringPtr("image-type"), Values: common.StringPtrs([]string{"PUBLIC_IMAGE"})},
		}
		r.Limit = common.Uint64Ptr(100)
	})
	if len(byPlatform.ImageSet) == 0 {
		t.Fatal("no public Windows or Debian images")
	}
	for _, img := range byPlatform.ImageSet {
		if p := *img.Platform; p != "Windows" && p != "Debian" {
			t.Errorf("platform filter let %s (%s) through", *img.ImageId, p)
		}
	}
	if none := describe(t, bob, func(r *cvm.DescribeImagesRequest) {
		r.Filters = []*cvm.Filter{{Name: common.StringPtr("platform"), Values: common.StringPtrs([]string{"Plan 9"})}}
	}); *none.TotalCount != 0 {
		t.Errorf("an unknown platform matched %d images", *none.TotalCount)
	}
	// The reference matches the platform fuzzily: part of the name, in any
	// case ("cent" is in TencentOS too).
	for value, want := range map[string][]string{
		"ubu": {"Ubuntu"}, "WINDOWS": {"Windows"}, "cent": {"TencentOS", "CentOS"},
	} {
		got := describe(t, bob, func(r *cvm.DescribeImagesRequest) {
			r.Filters = []*cvm.Filter{{Name: common.StringPtr("platform"), Values: common.StringPtrs([]string{value})}}
			r.Limit = common.Uint64Ptr(100)
		})
		seen := map[string]bool{}
		for _, img := range got.ImageSet {
			seen[*img.Platform] = true
		}
		if len(seen) != len(want) {
			t.Errorf("platform %q matched %v, want %v", value, seen, want)
		}
		for _, p := range want {
			if !seen[p] {
				t.Errorf("platform %q missed %s (matched %v)", value, p, seen)
			}
		}
	}

	for _, tt := range []struct {
		name  string
		build func(r *cvm.DescribeImagesRequest)
		code  string
	}{
		{"malformed id", byIDs("img-BAD"), "InvalidImageId.Malformed"},
		{"ids and filters", func(r *cvm.DescribeImagesRequest) {
			byIDs(bobWarehouse)(r)
			byType("PRIVATE_IMAGE")(r)
		}, "InvalidParameter.InvalidParameterCoexistImageIdsFilters"},
		{"unknown filter", func(r *cvm.DescribeImagesRequest) {
			r.Filters = []*cvm.Filter{{Name: common.StringPtr("os"), Values: common.StringPtrs([]string{"x"})}}
		}, "InvalidFilter"},
		{"unknown image type", byType("OTHER_IMAGE"), "InvalidParameterValue"},
		{"limit too large", func(r *cvm.DescribeImagesRequest) { r.Limit = common.Uint64Ptr(101) }, "InvalidParameterValue"},
		{"limit zero", func(r *cvm.DescribeImagesRequest) { r.Limit = common.Uint64Ptr(0) }, "InvalidParameterValue"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req := cvm.NewDescribeImagesRequest()
			tt.build(req)
			_, err := bob.DescribeImages(req)
			wantCode(t, err, tt.code)
		})
	}
}

// SyncImages starts copies (SYNCING, with progress) that DescribeImages in
// the target region follows to NORMAL; copies count toward the owner's quota
// there (R3, R5).
func TestSyncImagesToNormal(t *testing.T) {
	w := newWorld(t)
	alice := w.as("alice", gz)
	req := cvm.NewSyncImagesRequest()
	req.ImageIds = common.StringPtrs([]string{alicePostgres})
	req.DestinationRegions = common.StringPtrs([]string{"ap-chengdu", bj})
	resp, err := alice.SyncImages(req)
	ok(t, err)
	copies := map[string]string{}
	for _, s := range resp.Response.ImageSet {
		copies[*s.Region] = *s.ImageId
	}
	if len(copies) != 2 || copies["ap-chengdu"] == "" || copies[bj] == "" {
		t.Fatalf("copies = %v, want one in ap-chengdu and one in ap-beijing", copies)
	}
	chengdu := w.as("alice", "ap-chengdu")
	first := describe(t, chengdu, byIDs(copies["ap-chengdu"]))
	if len(first.ImageSet) != 1 || *first.ImageSet[0].ImageState != "SYNCING" || *first.ImageSet[0].SyncPercent >= 100 ||
		*first.ImageSet[0].ImageSource != "CREATE_IMAGE" || *first.ImageSet[0].ImageType != "PRIVATE_IMAGE" {
		t.Fatalf("copy before the simulator ran: %+v", first.ImageSet)
	}
	// The copy exists only in its own region.
	if got := describe(t, alice, byIDs(copies["ap-chengdu"])); len(got.ImageSet) != 0 {
		t.Errorf("the Chengdu copy is listed in Guangzhou")
	}

	w.worker()
	deadline := time.Now().Add(10 * time.Second)
	var last *cvm.Image
	for time.Now().Before(deadline) {
		got := describe(t, chengdu, byIDs(copies["ap-chengdu"]))
		last = got.ImageSet[0]
		if *last.ImageState == "NORMAL" {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if *last.ImageState != "NORMAL" || *last.SyncPercent != 100 {
		t.Fatalf("copy after polling: state %s, %d%%", *last.ImageState, *last.SyncPercent)
	}
}

func TestModifyImageAttribute(t *testing.T) {
	w := newWorld(t)
	alice, bob := w.as("alice", gz), w.as("bob", gz)
	modify := func(c *cvm.Client, id string, name, desc *string) error {
		req := cvm.NewModifyImageAttributeRequest()
		req.ImageId, req.ImageName, req.ImageDescription = common.StringPtr(id), name, desc
		_, err := c.ModifyImageAttribute(req)
		return err
	}
	// The owner renames; the description is kept; the recipient sees the new
	// name at once (R2).
	ok(t, modify(alice, sharedWithBob, common.StringPtr("web-frontend-v4"), nil))
	got := describe(t, bob, byIDs(sharedWithBob)).ImageSet[0]
	if *got.ImageName != "web-frontend-v4" || *got.ImageDescription != "Nginx + Node 20 web tier" {
		t.Errorf("bob sees %q / %q", *got.ImageName, *got.ImageDescription)
	}
	ok(t, modify(alice, sharedWithBob, nil, common.StringPtr("new text")))
	if got := describe(t, bob, byIDs(sharedWithBob)).ImageSet[0]; *got.ImageName != "web-frontend-v4" || *got.ImageDescription != "new text" {
		t.Errorf("after description change bob sees %q / %q", *got.ImageName, *got.ImageDescription)
	}

	wantCode(t, modify(bob, sharedWithBob, common.StringPtr("mine now"), nil), "UnsupportedOperation.SharedImageModifyUnsupported")
	wantCode(t, modify(alice, sharedWithBob, common.StringPtr("postgres-16-base"), nil), "InvalidImageName.Duplicate")
	wantCode(t, modify(alice, sharedWithBob, common.StringPtr(strings.Repeat("x", 61)), nil), "InvalidParameterValue.TooLarge")
	wantCode(t, modify(alice, sharedWithBob, common.StringPtr(" "), nil), "InvalidParameterValue")
	wantCode(t, modify(alice, sharedWithBob, nil, nil), "MissingParameter")
	wantCode(t, modify(alice, "img-public", common.StringPtr("x"), nil), "InvalidImageId.Malformed")
	wantCode(t, modify(alice, aliceShanghai, common.StringPtr("x"), nil), "InvalidImageId.NotFound")
	wantCode(t, modify(bob, alicePostgres, common.StringPtr("x"), nil), "InvalidImageId.NotFound")
	public := describe(t, alice, byType("PUBLIC_IMAGE")).ImageSet[0]
	wantCode(t, modify(alice, *public.ImageId, common.StringPtr("x"), nil), "UnauthorizedOperation.ImageNotBelongToAccount")
}

func TestDeleteImages(t *testing.T) {
	w := newWorld(t)
	alice, bob := w.as("alice", gz), w.as("bob", gz)
	del := func(c *cvm.Client, ids ...string) error {
		req := cvm.NewDeleteImagesRequest()
		req.ImageIds = common.StringPtrs(ids)
		_, err := c.DeleteImages(req)
		return err
	}
	wantCode(t, del(alice, sharedWithBob), "InvalidImageId.InShared")                    // R6
	wantCode(t, del(bob, sharedWithBob), "InvalidParameterValue.InvalidImageIdIsShared") // R7
	wantCode(t, del(bob, alicePostgres), "InvalidImageId.NotFound")                      // not bob's to see
	wantCode(t, del(alice, alicePostgres, aliceShanghai), "InvalidImageId.NotFound")     // other region: nothing deleted
	wantCode(t, del(alice, "ins-00000000"), "InvalidImageId.Malformed")                  //
	wantCode(t, del(alice), "MissingParameter")                                          //
	if got := describe(t, alice, byIDs(alicePostgres)); len(got.ImageSet) != 1 {
		t.Fatal("a refused multi-image delete deleted an image")
	}

	// An image being created cannot be deleted (R6).
	ins, err := run(alice, alicePostgres, gz+"-1")
	ok(t, err)
	if err := w.db.Model(&models.Instance{}).Where("id = ?", ins[0]).Update("state", models.InstanceRunning).Error; err != nil {
		t.Fatal(err)
	}
	create := cvm.NewCreateImageRequest()
	create.InstanceId, create.ImageName = common.StringPtr(ins[0]), common.StringPtr("in-the-making")
	made, err := alice.CreateImage(create)
	ok(t, err)
	wantCode(t, del(alice, *made.Response.ImageId), "InvalidImageId.IncorrectState")

	ok(t, del(alice, alicePostgres, aliceBuild))
	if got := describe(t, alice, byIDs(alicePostgres, aliceBuild)); len(got.ImageSet) != 0 {
		t.Errorf("deleted images still listed: %v", ids(got.ImageSet))
	}
	// Instances launched from a deleted image keep running (R6).
	list, err := alice.DescribeInstances(cvm.NewDescribeInstancesRequest())
	ok(t, err)
	if *list.Response.TotalCount != 1 || *list.Response.InstanceSet[0].ImageId != alicePostgres {
		t.Errorf("instances after deleting their image: %d", *list.Response.TotalCount)
	}
}

// CreateImage counts toward the quota (R3); DescribeImageQuota tells it.
func TestCreateImageAndQuota(t *testing.T) {
	w := newWorld(t)
	bob := w.as("bob", gz)
	quota, err := bob.DescribeImageQuota(cvm.NewDescribeImageQuotaRequest())
	ok(t, err)
	if *quota.Response.ImageNumQuota != models.DefaultImageQuota {
		t.Errorf("ImageNumQuota = %d, want %d", *quota.Response.ImageNumQuota, models.DefaultImageQuota)
	}
	// bob launches from alice's shared image and makes an image of his own
	// from the instance (recipients may, R11's mirror).
	ins, err := run(bob, sharedWithBob, gz+"-2")
	ok(t, err)
	w.worker()
	waitInstance(t, bob, ins[0], "RUNNING")
	create := func(name string) (string, error) {
		req := cvm.NewCreateImageRequest()
		req.InstanceId, req.ImageName = common.StringPtr(ins[0]), common.StringPtr(name)
		req.ImageDescription = common.StringPtr("made through the API")
		resp, err := bob.CreateImage(req)
		if err != nil {
			return "", err
		}
		return *resp.Response.ImageId, nil
	}
	id, err := create("from-shared")
	ok(t, err)
	got := describe(t, bob, byIDs(id)).ImageSet
	if len(got) != 1 || *got[0].ImageType != "PRIVATE_IMAGE" || *got[0].ImageSource != "CREATE_IMAGE" {
		t.Errorf("created image: %+v", got)
	}
	// A new key: the same change signed again within the second would be the
	// same request, refused as a replay (replay_test.go).
	bob = w.as("bob", gz)
	wantCode(t, func() error { _, err := create("from-shared"); return err }(), "InvalidImageName.Duplicate")

	// bob holds 2 images in Guangzhou now; a quota of 2 refuses a third.
	if err := w.db.Create(&models.AccountQuota{AccountID: bobAccount, RegionID: gz, ImageQuota: 2}).Error; err != nil {
		t.Fatal(err)
	}
	wantCode(t, func() error { _, err := create("one-too-many"); return err }(), "ImageQuotaLimitExceeded")
	quota, err = bob.DescribeImageQuota(cvm.NewDescribeImageQuotaRequest())
	ok(t, err)
	if *quota.Response.ImageNumQuota != 2 {
		t.Errorf("ImageNumQuota = %d after the override, want 2", *quota.Response.ImageNumQuota)
	}

	req := cvm.NewCreateImageRequest()
	req.InstanceId = common.StringPtr(ins[0])
	_, err = bob.CreateImage(req)
	wantCode(t, err, "MissingParameter")
	req.InstanceId, req.ImageName = common.StringPtr("ins-zzzzzzzz"), common.StringPtr("x")
	_, err = bob.CreateImage(req)
	wantCode(t, err, "InvalidInstanceId.NotFound")
	req.InstanceId = common.StringPtr("i-123")
	_, err = bob.CreateImage(req)
	wantCode(t, err, "InvalidInstanceId.Malformed")
	// The instance is in Guangzhou: from Shanghai it does not exist.
	req.InstanceId = common.StringPtr(ins[0])
	_, err = w.as("bob", sh).CreateImage(req)
	wantCode(t, err, "InvalidInstanceId.NotFound")
}

func waitInstance(t *testing.T, c *cvm.Client, id, state string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		req := cvm.NewDescribeInstancesRequest()
		req.InstanceIds = common.StringPtrs([]string{id})
		resp, err := c.DescribeInstances(req)
		ok(t, err)
		if len(resp.Response.InstanceSet) == 1 && *resp.Response.InstanceSet[0].InstanceState == state {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("instance %s never reached %s", id, state)
}
