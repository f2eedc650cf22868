package api_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"
)

// RunInstances honours ClientToken (SPEC 8): a retry with the same token
// returns the first launch's InstanceIdSet instead of launching again,
// whether it is a new request, the SDK's own resend of the very same signed
// request (its network retries), or a request the SDK filled the token in.
func TestRunInstancesClientToken(t *testing.T) {
	w := newWorld(t)
	launch := func(c *cvm.Client, req *cvm.RunInstancesRequest) []string {
		t.Helper()
		resp, err := c.RunInstances(req)
		ok(t, err)
		return common.StringValues(resp.Response.InstanceIdSet)
	}
	newRequest := func(token string) *cvm.RunInstancesRequest {
		req := cvm.NewRunInstancesRequest()
		req.ImageId, req.InstanceType = common.StringPtr(alicePostgres), common.StringPtr("S5.MEDIUM2")
		req.Placement = &cvm.Placement{Zone: common.StringPtr(gz + "-1")}
		req.InstanceCount = common.Int64Ptr(2)
		if token != "" {
			req.ClientToken = common.StringPtr(token)
		}
		return req
	}
	alice := w.as("alice", gz)

	first := launch(alice, newRequest("deploy-42"))
	if again := launch(w.as("alice", gz), newRequest("deploy-42")); !slices.Equal(again, first) {
		t.Errorf("retry with the token = %v, want %v", again, first)
	}
	sent := w.traffic.last(t, "RunInstances")
	for _, from := range []string{sdkAddr, attackerAddr} {
		resp := resend(t, sent, w.endpoint, from, nil)
		got, _ := resp["InstanceIdSet"].([]any)
		if code := errorCode(resp); code != "" || len(got) != 2 || got[0] != first[0] || got[1] != first[1] {
			t.Errorf("resend of the same signed request from %s: %v, want %v", from, resp, first)
		}
	}
	if n := instanceCount(t, alice); n != 2 {
		t.Errorf("%d instances, want 2", n)
	}

	// With retries on, the SDK fills in a ClientToken itself; retrying the
	// same request object reuses it.
	id, secret := w.key("alice")
	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Endpoint, cpf.HttpProfile.Scheme, cpf.NetworkFailureMaxRetries = w.endpoint, "HTTP", 2
	retrying, err := cvm.NewClient(common.NewCredential(id, secret), gz, cpf)
	ok(t, err)
	req := newRequest("")
	once := launch(retrying, req)
	if req.ClientToken == nil || *req.ClientToken == "" {
		t.Fatal("the SDK set no ClientToken")
	}
	if twice := launch(w.as("alice", gz), req); !slices.Equal(twice, once) {
		t.Errorf("retry of the SDK's request = %v, want %v", twice, once)
	}
	if n := instanceCount(t, alice); n != 4 {
		t.Errorf("%d instances, want 4", n)
	}
	wantCode(t, func() error { _, err := alice.RunInstances(newRequest(strings.Repeat("t", 65))); return err }(),
		"InvalidParameterValue")

	// A client that does not sign its body (the SDK's UnsignedPayload) gets
	// no retry by resend: its token is not bound to the signature, so a
	// resend could carry another one, and other parameters.
	unsignedProfile := profile.NewClientProfile()
	unsignedProfile.HttpProfile.Endpoint, unsignedProfile.HttpProfile.Scheme = w.endpoint, "HTTP"
	unsignedProfile.UnsignedPayload = true
	unsigned, err := cvm.NewClient(common.NewCredential(id, secret), gz, unsignedProfile)
	ok(t, err)
	launch(unsigned, newRequest("unsigned-1"))
	forged := w.traffic.last(t, "RunInstances")
	forged.body = []byte(strings.Replace(string(forged.body), "unsigned-1", "unsigned-2", 1))
	if code := errorCode(resend(t, forged, w.endpoint, attackerAddr, nil)); code != "AuthFailure.SignatureFailure" {
		t.Errorf("resend of an unsigned body with another token: %q, want AuthFailure.SignatureFailure", code)
	}
	if n := instanceCount(t, alice); n != 6 {
		t.Errorf("%d instances, want 6", n)
	}
}
