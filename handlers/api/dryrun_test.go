package api_test

import (
	"testing"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"imageshare/models"
)

// DryRun (SPEC 8) answers DryRunOperation when the request would pass and
// the refusal's own code when it would not, and changes nothing either way,
// on every action of the CVM reference that takes it.
func TestDryRun(t *testing.T) {
	w := newWorld(t)
	alice := w.as("alice", gz)
	launched, err := run(alice, alicePostgres, gz+"-1")
	ok(t, err)
	if err := w.db.Model(&models.Instance{}).Where("id = ?", launched[0]).Update("state", models.InstanceRunning).Error; err != nil {
		t.Fatal(err)
	}
	rows := func(model any) (n int64) {
		if err := w.db.Model(model).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}
	images, instances, events := rows(&models.Image{}), rows(&models.Instance{}), rows(&models.AuditEvent{})
	dry := common.BoolPtr(true)
	runReq := func(zone string) error {
		req := cvm.NewRunInstancesRequest()
		req.ImageId, req.InstanceType, req.DryRun = common.StringPtr(alicePostgres), common.StringPtr("S5.MEDIUM2"), dry
		req.Placement = &cvm.Placement{Zone: common.StringPtr(zone)}
		_, err := alice.RunInstances(req)
		return err
	}
	deleteReq := func(ids ...string) error {
		req := cvm.NewDeleteImagesRequest()
		req.ImageIds, req.DryRun = common.StringPtrs(ids), dry
		_, err := alice.DeleteImages(req)
		return err
	}
	syncReq := func(region string) error {
		req := cvm.NewSyncImagesRequest()
		req.ImageIds, req.DestinationRegions, req.DryRun = common.StringPtrs([]string{alicePostgres, aliceBuild}),
			common.StringPtrs([]string{region}), dry
		_, err := alice.SyncImages(req)
		return err
	}
	createReq := func(name string) error {
		req := cvm.NewCreateImageRequest()
		req.InstanceId, req.ImageName, req.DryRun = common.StringPtr(launched[0]), common.StringPtr(name), dry
		_, err := alice.CreateImage(req)
		return err
	}
	for _, tt := range []struct {
		name string
		err  error
		code string
	}{
		{"RunInstances that would pass", runReq(gz + "-2"), "DryRunOperation"},
		{"RunInstances in a zone of another region (R4)", runReq(sh + "-1"), "InvalidZone.MismatchRegion"},
		{"DeleteImages of two deletable images", deleteReq(alicePostgres, aliceBuild), "DryRunOperation"},
		{"DeleteImages of a deletable and a shared image (R6)", deleteReq(alicePostgres, sharedWithBob), "InvalidImageId.InShared"},
		{"SyncImages of two images", syncReq(bj), "DryRunOperation"},
		{"SyncImages to the source region (R5)", syncReq(gz), "InvalidParameterValue.InvalidRegion"},
		{"CreateImage that would pass", createReq("dry-image"), "DryRunOperation"},
		{"CreateImage with a name in use (R16)", createReq("postgres-16-base"), "InvalidImageName.Duplicate"},
	} {
		t.Run(tt.name, func(t *testing.T) { wantCode(t, tt.err, tt.code) })
	}
	if rows(&models.Image{}) != images || rows(&models.Instance{}) != instances || rows(&models.AuditEvent{}) != events {
		t.Errorf("a dry run changed something: images %d→%d, instances %d→%d, audit events %d→%d", images,
			rows(&models.Image{}), instances, rows(&models.Instance{}), events, rows(&models.AuditEvent{}))
	}
}
