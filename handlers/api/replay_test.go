package api_test

import (
	"net/http"
	"testing"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"
)

const (
	sdkAddr      = "127.0.0.1" // where the SDK calls from
	attackerAddr = "127.0.0.2" // where an eavesdropper resends from
)

func withAction(action string) func(h http.Header) {
	return func(h http.Header) { h.Set("X-TC-Action", action) }
}

func wantRefused(t *testing.T, resp map[string]any) {
	t.Helper()
	if code := errorCode(resp); code != "AuthFailure.SignatureFailure" {
		t.Errorf("resent request answered %q (%v), want AuthFailure.SignatureFailure", code, resp)
	}
}

// SPEC 8, "Replay", with the attacks of issue 11 on traffic the official
// SDK sent: a captured request resent exactly, or as another action, or in
// another region, is refused, on either listener.
func TestCapturedRequestsCannotBeReplayed(t *testing.T) {
	w := newWorld(t)
	w.worker()
	alice := w.as("alice", gz)

	t.Run("DescribeImages resent as DeleteImages", func(t *testing.T) {
		describe(t, alice, byIDs(alicePostgres))
		read := w.traffic.last(t, "DescribeImages")
		for _, listener := range []string{w.endpoint, w.console} {
			wantRefused(t, resend(t, read, listener, attackerAddr, withAction("DeleteImages")))
		}
		if got := describe(t, alice, byIDs(alicePostgres)); len(got.ImageSet) != 1 {
			t.Error("the image was deleted")
		}
	})

	t.Run("DescribeInstances resent as TerminateInstances", func(t *testing.T) {
		launched, err := run(alice, alicePostgres, gz+"-1")
		ok(t, err)
		waitInstance(t, alice, launched[0], "RUNNING")
		read := w.traffic.last(t, "DescribeInstances")
		wantRefused(t, resend(t, read, w.endpoint, attackerAddr, withAction("TerminateInstances")))
		waitInstance(t, alice, launched[0], "RUNNING")
	})

	t.Run("RunInstances sent five times", func(t *testing.T) {
		before := instanceCount(t, alice)
		_, err := run(alice, alicePostgres, gz+"-2")
		ok(t, err)
		launch := w.traffic.last(t, "RunInstances")
		for _, from := range []string{sdkAddr, attackerAddr, attackerAddr, sdkAddr} {
			wantRefused(t, resend(t, launch, w.endpoint, from, nil))
		}
		if n := instanceCount(t, alice); n != before+1 {
			t.Errorf("%d instances launched, want 1", n-before)
		}
	})

	t.Run("a change resent in another region or as another action", func(t *testing.T) {
		rename := cvm.NewModifyImageAttributeRequest()
		rename.ImageId, rename.ImageDescription = common.StringPtr(aliceBuild), common.StringPtr("first")
		_, err := alice.ModifyImageAttribute(rename)
		ok(t, err)
		change := w.traffic.last(t, "ModifyImageAttribute")
		wantRefused(t, resend(t, change, w.console, sdkAddr, func(h http.Header) { h.Set("X-TC-Region", sh) }))
		wantRefused(t, resend(t, change, w.endpoint, sdkAddr, withAction("DeleteImages")))
	})
}

// What honest clients do goes on: an SDK polling loop sends identical reads
// within a second (the same signature), a client may read the same body in
// two regions or actions, and may describe an instance and terminate it
// within the same second (the same body, so the same signature).
func TestHonestClientsDoNotNoticeTheReplayGuard(t *testing.T) {
	w := newWorld(t)
	w.worker()
	alice := w.as("alice", gz)
	launched, err := run(alice, alicePostgres, gz+"-1")
	ok(t, err)

	t.Run("a polling loop", func(t *testing.T) {
		for range 20 {
			req := cvm.NewDescribeInstancesRequest()
			req.InstanceIds = common.StringPtrs(launched)
			_, err := alice.DescribeInstances(req)
			ok(t, err)
		}
		read := w.traffic.last(t, "DescribeInstances")
		for range 3 {
			if code := errorCode(resend(t, read, w.endpoint, sdkAddr, nil)); code != "" {
				t.Errorf("identical read: %s", code)
			}
		}
	})
	t.Run("one body, several reads and regions", func(t *testing.T) {
		_, err := alice.DescribeRegions(cvm.NewDescribeRegionsRequest())
		ok(t, err)
		read := w.traffic.last(t, "DescribeRegions")
		for _, region := range []string{gz, sh} {
			resp := resend(t, read, w.endpoint, sdkAddr, func(h http.Header) {
				h.Set("X-TC-Action", "DescribeZones")
				h.Set("X-TC-Region", region)
			})
			if code := errorCode(resp); code != "" || resp["ZoneSet"] == nil {
				t.Errorf("DescribeZones with DescribeRegions' body in %s: %s", region, code)
			}
		}
	})
	t.Run("describe, then terminate, in the same second", func(t *testing.T) {
		req := cvm.NewDescribeInstancesRequest()
		req.InstanceIds = common.StringPtrs(launched)
		_, err := alice.DescribeInstances(req)
		ok(t, err)
		read := w.traffic.last(t, "DescribeInstances")
		if code := errorCode(resend(t, read, w.endpoint, sdkAddr, withAction("TerminateInstances"))); code != "" {
			t.Errorf("terminate after describe: %s", code)
		}
		if n := instanceCount(t, alice); n != 0 {
			t.Errorf("%d instances left, want 0", n)
		}
	})
}

func instanceCount(t *testing.T, c *cvm.Client) int64 {
	t.Helper()
	resp, err := c.DescribeInstances(cvm.NewDescribeInstancesRequest())
	ok(t, err)
	return *resp.Response.TotalCount
}
