package api_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"
)

// byFilters lists with Tencent's filters, each name with its values.
func byFilters(pairs ...any) func(r *cvm.DescribeImagesRequest) {
	return func(r *cvm.DescribeImagesRequest) {
		for i := 0; i+1 < len(pairs); i += 2 {
			r.Filters = append(r.Filters, &cvm.Filter{Name: common.StringPtr(pairs[i].(string)),
				Values: common.StringPtrs(pairs[i+1].([]string))})
		}
		r.Limit = common.Uint64Ptr(100)
	}
}

// tagsOf is an image's Tags as the SDK decoded them, as "key=value".
func tagsOf(img *cvm.Image) []string {
	out := []string{}
	for _, t := range img.Tags {
		out = append(out, *t.Key+"="+*t.Value)
	}
	return out
}

// R24 through the official Go SDK: the owner sets tags with the extension
// action ModifyImageTags; DescribeImages returns them to the owner and the
// recipient with Tencent's field names and filters by tag-key, tag-value
// and tag:<key>; nobody else writes them.
func TestImageTagsAPI(t *testing.T) {
	w := newWorld(t)
	alice, bob := w.as("alice", gz), w.as("bob", gz)
	setTags := func(user, region, image string, tags ...string) error {
		list := []map[string]string{}
		for i := 0; i+1 < len(tags); i += 2 {
			list = append(list, map[string]string{"Key": tags[i], "Value": tags[i+1]})
		}
		_, err := w.extension(t, user, region, "ModifyImageTags", map[string]any{"ImageId": image, "Tags": list})
		return err
	}
	ok(t, setTags("alice", gz, sharedWithBob, "env", "prod", "team", "web"))
	ok(t, setTags("alice", gz, alicePostgres, "env", "dev"))

	t.Run("R24 DescribeImages returns Tags to the owner and the recipient", func(t *testing.T) {
		for name, c := range map[string]*cvm.Client{"alice": alice, "bob": bob} {
			got := describe(t, c, byIDs(sharedWithBob))
			if len(got.ImageSet) != 1 || !slices.Equal(tagsOf(got.ImageSet[0]), []string{"env=prod", "team=web"}) {
				t.Errorf("%s sees tags %v; want env=prod team=web", name, tagsOf(got.ImageSet[0]))
			}
		}
		raw, err := w.extension(t, "bob", gz, "DescribeImages", map[string]any{"ImageIds": []string{bobWarehouse}})
		ok(t, err)
		if tags, isList := raw["ImageSet"].([]any)[0].(map[string]any)["Tags"].([]any); !isList || len(tags) != 0 {
			t.Errorf("an untagged image's Tags = %v; want []", raw["ImageSet"])
		}
	})
	tests := []struct {
		name   string
		client *cvm.Client
		build  func(r *cvm.DescribeImagesRequest)
		want   []string
	}{
		{"R24 tag-key finds every image with the key", alice, byFilters("tag-key", []string{"env"}), []string{sharedWithBob, alicePostgres}},
		{"R24 tag-value finds the value under any key", alice, byFilters("tag-value", []string{"web"}), []string{sharedWithBob}},
		{"R24 tag:<key> matches the key with any of the values", alice, byFilters("tag:env", []string{"dev", "qa"}), []string{alicePostgres}},
		{"R24 filters combine with image-type", alice, byFilters("tag-key", []string{"env"}, "image-type", []string{"PRIVATE_IMAGE"}),
			[]string{sharedWithBob, alicePostgres}},
		{"R24 the recipient filters its shared images by the owner's tags", bob, byFilters("tag:team", []string{"web"}), []string{sharedWithBob}},
		{"R24 the recipient never finds the owner's other tagged images", bob, byFilters("tag:env", []string{"dev"}), nil},
		{"R24 several tag filters must all match", alice, byFilters("tag-key", []string{"env"}, "tag-value", []string{"web"}), []string{sharedWithBob}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := describe(t, tt.client, tt.build)
			gotIDs := ids(got.ImageSet)
			slices.Sort(gotIDs)
			want := slices.Sorted(slices.Values(tt.want))
			if !slices.Equal(gotIDs, want) || *got.TotalCount != int64(len(want)) {
				t.Errorf("images = %v (total %d); want %v", gotIDs, *got.TotalCount, want)
			}
		})
	}
	t.Run("R24 tag:<key> without a key is refused", func(t *testing.T) {
		req := cvm.NewDescribeImagesRequest()
		byFilters("tag:", []string{"x"})(req)
		_, err := alice.DescribeImages(req)
		wantCode(t, err, "InvalidFilter")
	})
	t.Run("R24 R2 the recipient cannot set tags", func(t *testing.T) {
		wantCode(t, setTags("bob", gz, sharedWithBob, "env", "hacked"), "UnsupportedOperation.SharedImageModifyUnsupported")
	})
	t.Run("R24 more than 50 tags are refused", func(t *testing.T) {
		var many []string
		for i := range 51 {
			many = append(many, fmt.Sprintf("k%d", i), "")
		}
		wantCode(t, setTags("alice", gz, alicePostgres, many...), "InvalidParameterValue.TagLimitExceeded")
	})
	t.Run("R24 a bad key is refused with its row named", func(t *testing.T) {
		se := wantCode(t, setTags("alice", gz, alicePostgres, "ok", "", "a*b", "x"), "InvalidParameterValue")
		if msg := se.GetMessage(); msg != "Tag 2: a key may hold letters, digits, spaces and + - . _ : / @ ( ) [ ] , ; > < only (no =)." {
			t.Errorf("message = %q", msg)
		}
	})
	t.Run("R24 Tags is required; an empty list removes every tag", func(t *testing.T) {
		_, err := w.extension(t, "alice", gz, "ModifyImageTags", map[string]any{"ImageId": alicePostgres})
		wantCode(t, err, "MissingParameter")
		ok(t, setTags("alice", gz, alicePostgres))
		if got := describe(t, alice, byIDs(alicePostgres)); len(got.ImageSet[0].Tags) != 0 {
			t.Errorf("tags = %v; want none", tagsOf(got.ImageSet[0]))
		}
	})
	t.Run("R24 R4 an image of another region is not found", func(t *testing.T) {
		wantCode(t, setTags("alice", sh, sharedWithBob, "env", "x"), "InvalidImageId.NotFound")
	})
}
