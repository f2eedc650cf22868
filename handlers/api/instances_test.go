package api_test

import (
	"slices"
	"testing"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"
)

// RunInstances from a shared image works in its region and is
// InvalidImageId.NotFound in another (R4); then the instance's life through
// DescribeInstances, ResetInstance and TerminateInstances.
func TestInstances(t *testing.T) {
	w := newWorld(t)
	bob, bobSH := w.as("bob", gz), w.as("bob", sh)
	w.worker()

	launched, err := run(bob, sharedWithBob, gz+"-1")
	ok(t, err)
	if len(launched) != 1 {
		t.Fatalf("InstanceIdSet = %v", launched)
	}
	_, err = run(bobSH, sharedWithBob, sh+"-1")
	wantCode(t, err, "InvalidImageId.NotFound")
	_, err = run(bob, sharedWithBob, sh+"-1")
	wantCode(t, err, "InvalidZone.MismatchRegion")

	req := cvm.NewRunInstancesRequest()
	req.ImageId, req.InstanceType = common.StringPtr(bobWarehouse), common.StringPtr("S5.SMALL2")
	req.Placement = &cvm.Placement{Zone: common.StringPtr(gz + "-2")}
	req.InstanceCount, req.InstanceName = common.Int64Ptr(2), common.StringPtr("pair")
	two, err := bob.RunInstances(req)
	ok(t, err)
	if len(two.Response.InstanceIdSet) != 2 {
		t.Fatalf("InstanceCount 2 launched %d", len(two.Response.InstanceIdSet))
	}
	waitInstance(t, bob, launched[0], "RUNNING")

	list, err := bob.DescribeInstances(cvm.NewDescribeInstancesRequest())
	ok(t, err)
	if *list.Response.TotalCount != 3 {
		t.Fatalf("TotalCount = %d, want 3", *list.Response.TotalCount)
	}
	var first *cvm.Instance
	for _, ins := range list.Response.InstanceSet {
		if *ins.InstanceId == launched[0] {
			first = ins
		}
	}
	if first == nil || *first.ImageId != sharedWithBob || *first.Placement.Zone != gz+"-1" || *first.InstanceType != "S5.MEDIUM2" ||
		*first.CPU != 2 || *first.Memory != 2 || *first.InstanceName != "api-test" || *first.SystemDisk.DiskSize <= 0 {
		t.Errorf("instance as described: %+v", first)
	}
	filtered := cvm.NewDescribeInstancesRequest()
	filtered.Filters = []*cvm.Filter{{Name: common.StringPtr("zone"), Values: common.StringPtrs([]string{gz + "-2"})}}
	filtered.Limit = common.Int64Ptr(1)
	page, err := bob.DescribeInstances(filtered)
	ok(t, err)
	if *page.Response.TotalCount != 2 || len(page.Response.InstanceSet) != 1 || *page.Response.InstanceSet[0].Placement.Zone != gz+"-2" {
		t.Errorf("zone filter with Limit 1: total %d, %d rows", *page.Response.TotalCount, len(page.Response.InstanceSet))
	}
	if other, err := bobSH.DescribeInstances(cvm.NewDescribeInstancesRequest()); err != nil || *other.Response.TotalCount != 0 {
		t.Errorf("Guangzhou instances listed in Shanghai: %v", err)
	}

	// Reinstall with an image of the region: bob's own, then the shared one.
	reset := func(c *cvm.Client, instanceID, imageID string) error {
		req := cvm.NewResetInstanceRequest()
		req.InstanceId = common.StringPtr(instanceID)
		if imageID != "" {
			req.ImageId = common.StringPtr(imageID)
		}
		_, err := c.ResetInstance(req)
		return err
	}
	ok(t, reset(bob, launched[0], bobWarehouse))
	waitInstance(t, bob, launched[0], "RUNNING")
	ok(t, reset(bob, launched[0], ""))
	waitInstance(t, bob, launched[0], "RUNNING")
	wantCode(t, reset(bob, launched[0], aliceShanghai), "InvalidImageId.NotFound")
	wantCode(t, reset(bob, launched[0], alicePostgres), "InvalidImageId.NotFound")
	wantCode(t, reset(bob, launched[0], "img-x"), "InvalidImageId.Malformed")
	wantCode(t, reset(bobSH, launched[0], bobWarehouse), "InvalidInstanceId.NotFound")
	wantCode(t, reset(bob, "", bobWarehouse), "MissingParameter")
	// After the owner cancels the share, bob can no longer reinstall from it (R15).
	ok(t, share(w.as("alice", gz), sharedWithBob, "CANCEL", bobAccount))
	wantCode(t, reset(bob, launched[0], sharedWithBob), "InvalidImageId.NotFound")

	terminate := func(ids ...string) error {
		req := cvm.NewTerminateInstancesRequest()
		req.InstanceIds = common.StringPtrs(ids)
		_, err := bob.TerminateInstances(req)
		return err
	}
	wantCode(t, terminate(launched[0], "ins-zzzzzzzz"), "InvalidInstanceId.NotFound")
	wantCode(t, terminate("ins"), "InvalidInstanceId.Malformed")
	wantCode(t, terminate(), "MissingParameter")
	ok(t, terminate(launched[0]))
	after, err := bob.DescribeInstances(cvm.NewDescribeInstancesRequest())
	ok(t, err)
	if got := common.StringValues(instanceIDs(after.Response.InstanceSet)); slices.Contains(got, launched[0]) || len(got) != 2 {
		t.Errorf("after terminate: %v", got)
	}
	// A new key: the same change signed again within the second would be the
	// same request, refused as a replay (replay_test.go).
	bob = w.as("bob", gz)
	wantCode(t, terminate(launched[0]), "InvalidInstanceId.NotFound")

	for _, tt := range []struct {
		name  string
		build func(r *cvm.RunInstancesRequest)
		code  string
	}{
		{"no image", func(r *cvm.RunInstancesRequest) { r.ImageId = nil }, "MissingParameter"},
		{"malformed image", func(r *cvm.RunInstancesRequest) { r.ImageId = common.StringPtr("ubuntu") }, "InvalidImageId.Malformed"},
		{"no zone", func(r *cvm.RunInstancesRequest) { r.Placement = nil }, "MissingParameter"},
		{"no type", func(r *cvm.RunInstancesRequest) { r.InstanceType = nil }, "MissingParameter"},
		{"unknown type", func(r *cvm.RunInstancesRequest) { r.InstanceType = common.StringPtr("X9.HUGE") }, "InvalidParameterValue"},
		{"too many", func(r *cvm.RunInstancesRequest) { r.InstanceCount = common.Int64Ptr(11) }, "InvalidParameterValue"},
		{"arm type, x86 image", func(r *cvm.RunInstancesRequest) { r.InstanceType = common.StringPtr("SR1.MEDIUM4") },
			"InvalidParameterCombination"},
		{"dry run", func(r *cvm.RunInstancesRequest) { r.DryRun = common.BoolPtr(true) }, "DryRunOperation"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			req := cvm.NewRunInstancesRequest()
			req.ImageId, req.InstanceType = common.StringPtr(bobWarehouse), common.StringPtr("S5.SMALL2")
			req.Placement = &cvm.Placement{Zone: common.StringPtr(gz + "-1")}
			tt.build(req)
			_, err := bob.RunInstances(req)
			wantCode(t, err, tt.code)
		})
	}
}

func instanceIDs(set []*cvm.Instance) []*string {
	out := make([]*string, len(set))
	for i, ins := range set {
		out[i] = ins.InstanceId
	}
	return out
}

func TestRegionsAndZones(t *testing.T) {
	w := newWorld(t)
	// DescribeRegions needs no region.
	regions, err := w.as("bob", "").DescribeRegions(cvm.NewDescribeRegionsRequest())
	ok(t, err)
	if *regions.Response.TotalCount != 9 || *regions.Response.RegionSet[0].Region != gz ||
		*regions.Response.RegionSet[0].RegionName != "South China (Guangzhou)" || *regions.Response.RegionSet[0].RegionState != "AVAILABLE" {
		t.Errorf("regions: %d, first %+v", *regions.Response.TotalCount, regions.Response.RegionSet[0])
	}
	zones, err := w.as("bob", sh).DescribeZones(cvm.NewDescribeZonesRequest())
	ok(t, err)
	var got []string
	for _, z := range zones.Response.ZoneSet {
		got = append(got, *z.Zone)
		if *z.ZoneState != "AVAILABLE" || *z.ZoneId == "" || *z.ZoneName == "" {
			t.Errorf("zone %+v", z)
		}
	}
	if !slices.Equal(got, []string{sh + "-1", sh + "-2", sh + "-3"}) || *zones.Response.TotalCount != 3 {
		t.Errorf("zones of Shanghai = %v", got)
	}
	_, err = w.as("bob", "").DescribeZones(cvm.NewDescribeZonesRequest())
	wantCode(t, err, "MissingParameter")
}
