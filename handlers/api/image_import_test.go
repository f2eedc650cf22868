package api_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"imageshare/models"
	"imageshare/storage/diskimage"
)

// waitImage polls DescribeImages until the image leaves its transient state.
func waitImage(t *testing.T, c *cvm.Client, id string) *cvm.Image {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		got := describe(t, c, byIDs(id))
		if len(got.ImageSet) == 1 && *got.ImageSet[0].ImageState != models.ImageImporting &&
			*got.ImageSet[0].ImageState != models.ImageSyncing {
			return got.ImageSet[0]
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("image %s never settled", id)
	return nil
}

// ImportImage, DescribeImportImageOs and ExportImages through the Go SDK,
// with Tencent's field names: an import from a (loopback, allowed) server
// becomes a NORMAL EXTERNAL_IMPORT image; its export lands in the bucket
// with the same bytes; a recipient cannot export it; a metadata address is
// refused.
func TestImportAndExportThroughTheSDK(t *testing.T) {
	w := newWorld(t)
	w.worker()
	alice, bob := w.as("alice", gz), w.as("bob", gz)

	osList, err := alice.DescribeImportImageOs(cvm.NewDescribeImportImageOsRequest())
	ok(t, err)
	linux := common.StringValues(osList.Response.ImportImageOsListSupported.Linux)
	if !slices.Contains(linux, "Ubuntu") || len(osList.Response.ImportImageOsVersionSet) == 0 ||
		!slices.Contains(common.StringValues(osList.Response.ImportImageOsVersionSet[0].Architecture), "arm") {
		t.Errorf("DescribeImportImageOs = %s", osList.ToJsonString())
	}
	id, secret := w.key("alice")
	wantModel(t, "DescribeImportImageOs", rawCall(t, "http://"+w.endpoint+"/", w.endpoint, id, secret, "POST",
		"DescribeImportImageOs", `{}`), reflect.TypeOf(cvm.DescribeImportImageOsResponseParams{}))

	var disk bytes.Buffer
	if _, err := diskimage.WriteQCOW2(&disk, 8<<30, []byte("api import")); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(disk.Bytes())
	src := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		http.ServeContent(rw, r, "d", time.Time{}, bytes.NewReader(disk.Bytes()))
	}))
	t.Cleanup(src.Close)
	if err := w.stores.Admin.SetImportSettings(t.Context(), models.Actor{Admin: true}, models.DefaultImportMaxBytes, "127.0.0.1/32"); err != nil {
		t.Fatal(err)
	}
	imp := cvm.NewImportImageRequest()
	imp.Architecture, imp.OsType, imp.OsVersion = common.StringPtr("arm"), common.StringPtr("Ubuntu"), common.StringPtr("24.04")
	imp.ImageUrl, imp.ImageName = common.StringPtr(src.URL+"/golden.qcow2"), common.StringPtr("imported-by-api")
	resp, err := alice.ImportImage(imp)
	ok(t, err)
	img := waitImage(t, alice, *resp.Response.ImageId)
	if *img.ImageState != "NORMAL" || *img.ImageSource != "EXTERNAL_IMPORT" || *img.Architecture != "arm" || *img.ImageSize != 8 {
		t.Fatalf("imported image = %s %s %s %d", *img.ImageState, *img.ImageSource, *img.Architecture, *img.ImageSize)
	}

	exp := cvm.NewExportImagesRequest()
	exp.BucketName, exp.ImageIds = common.StringPtr("backups"), common.StringPtrs([]string{*img.ImageId})
	exp.FileNamePrefixList = common.StringPtrs([]string{"nightly-"})
	out, err := alice.ExportImages(exp)
	ok(t, err)
	paths := common.StringValues(out.Response.CosPaths)
	if *out.Response.TaskId == 0 || len(paths) != 1 || !strings.HasSuffix(paths[0], "backups/nightly-"+*img.ImageId+".qcow2") {
		t.Fatalf("ExportImages = %s", out.ToJsonString())
	}
	key := strings.TrimPrefix(paths[0], models.ExportRegion+"/")
	deadline := time.Now().Add(10 * time.Second)
	for {
		obj, err := w.blobs.Open(t.Context(), models.ExportRegion, key)
		if err == nil {
			got, _ := io.ReadAll(obj)
			obj.Close()
			if sha256.Sum256(got) != sum {
				t.Fatalf("exported file has sha %x; want %s", sha256.Sum256(got), hex.EncodeToString(sum[:]))
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the export never arrived: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}

	ok(t, share(alice, *img.ImageId, "SHARE", bobAccount))
	exp.FileNamePrefixList = nil
	_, err = bob.ExportImages(exp)
	wantCode(t, err, "UnauthorizedOperation.ImageNotBelongToAccount")

	imp.ImageUrl, imp.ImageName = common.StringPtr("http://169.254.169.254/latest/meta-data/"), common.StringPtr("metadata")
	resp, err = alice.ImportImage(imp)
	ok(t, err)
	if got := waitImage(t, alice, *resp.Response.ImageId); *got.ImageState != models.ImageImportFailed {
		t.Errorf("an import from the metadata address: %s; want IMPORTFAILED", *got.ImageState)
	}
}
