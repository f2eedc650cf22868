package api_test

import (
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tchttp "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/http"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"imageshare/handlers/handlertest"
	"imageshare/models"
)

func TestAuthentication(t *testing.T) {
	w := newWorld(t)
	w.worker() // writes the keys' last uses
	id, secret := w.key("bob")
	call := func(c *cvm.Client) error {
		_, err := c.DescribeImageQuota(cvm.NewDescribeImageQuotaRequest())
		return err
	}
	ok(t, call(w.clientWith(id, secret, gz)))

	t.Run("bad signature", func(t *testing.T) {
		wantCode(t, call(w.clientWith(id, strings.Repeat("b", 32), gz)), "AuthFailure.SignatureFailure")
	})
	t.Run("unknown SecretId", func(t *testing.T) {
		se := wantCode(t, call(w.clientWith("AKID"+strings.Repeat("a", 32), secret, gz)), "AuthFailure.SecretIdNotFound")
		if msg := se.GetMessage(); !strings.HasPrefix(msg, "The SecretId does not exist") {
			t.Errorf("message %q does not name the SecretId problem", msg)
		}
	})
	t.Run("expired timestamp", func(t *testing.T) {
		w.skew.Store(301)
		defer w.skew.Store(0)
		wantCode(t, call(w.clientWith(id, secret, gz)), "AuthFailure.SignatureExpire")
	})
	t.Run("timestamp from the future", func(t *testing.T) {
		w.skew.Store(-301)
		defer w.skew.Store(0)
		wantCode(t, call(w.clientWith(id, secret, gz)), "AuthFailure.SignatureExpire")
	})
	t.Run("within five minutes", func(t *testing.T) {
		w.skew.Store(240)
		defer w.skew.Store(0)
		ok(t, call(w.clientWith(id, secret, gz)))
	})
	t.Run("deleted key", func(t *testing.T) {
		kid, ksecret := w.key("bob")
		keys := models.NewAPIKeyStore(w.db)
		actor, _ := keys.UserActor(t.Context(), "bob")
		ok(t, keys.Delete(t.Context(), actor, kid))
		wantCode(t, call(w.clientWith(kid, ksecret, gz)), "AuthFailure.SecretIdNotFound")
	})
	t.Run("disabled account", func(t *testing.T) {
		cid, csecret := w.key("carol")
		if err := w.db.Model(&models.Account{}).Where("id = ?", carolAccount).Update("status", models.AccountDisabled).Error; err != nil {
			t.Fatal(err)
		}
		wantCode(t, call(w.clientWith(cid, csecret, gz)), "AuthFailure.SecretIdNotFound")
	})
	t.Run("unsigned payload option of the SDK", func(t *testing.T) {
		cpf := profile.NewClientProfile()
		cpf.HttpProfile.Endpoint, cpf.HttpProfile.Scheme = w.endpoint, "HTTP"
		cpf.UnsignedPayload = true
		c, err := cvm.NewClient(common.NewCredential(id, secret), gz, cpf)
		ok(t, err)
		ok(t, call(c))
	})
	// The job worker writes the key's last use (a request never writes).
	var last models.APIKey
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if err := w.db.Where("secret_id = ?", id).Take(&last).Error; err != nil || last.LastUsedAt != nil {
			break
		}
	}
	if last.LastUsedAt == nil {
		t.Errorf("last_used_at of a used key: %+v", last)
	}
}

// commonCall sends any action, version and parameters with the SDK's
// CommonClient, as tools that know no typed request do.
func (w *world) commonCall(t *testing.T, user, region, version, action string, params any) error {
	t.Helper()
	id, secret := w.key(user)
	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Endpoint, cpf.HttpProfile.Scheme = w.endpoint, "HTTP"
	client := common.NewCommonClient(common.NewCredential(id, secret), region, cpf)
	req := tchttp.NewCommonRequest("cvm", version, action)
	if params != nil {
		ok(t, req.SetActionParameters(params))
	}
	return client.Send(req, tchttp.NewCommonResponse())
}

func TestCommonParameters(t *testing.T) {
	w := newWorld(t)
	tests := []struct {
		name, region, version, action string
		params                        any
		code                          string
	}{
		{"unknown action", gz, "2017-03-12", "LaunchRocket", nil, "InvalidAction"},
		{"unknown version", gz, "2020-01-01", "DescribeImages", nil, "NoSuchVersion"},
		{"unknown region", "mars-north-1", "2017-03-12", "DescribeImages", nil, "InvalidParameterValue.InvalidRegion"},
		{"no region", "", "2017-03-12", "DescribeImages", nil, "MissingParameter"},
		{"parameter of the wrong type", gz, "2017-03-12", "DescribeImages", `{"Limit": "ten"}`, "InvalidParameterValue"},
		{"sync to the source region (R5)", gz, "2017-03-12", "SyncImages",
			`{"ImageIds": ["img-demo0002"], "DestinationRegions": ["ap-guangzhou"]}`, "InvalidParameterValue.InvalidRegion"},
		{"sync to an unknown region (R5)", gz, "2017-03-12", "SyncImages",
			`{"ImageIds": ["img-demo0002"], "DestinationRegions": ["moon-1"]}`, "InvalidParameterValue.InvalidRegion"},
		{"sync without regions", gz, "2017-03-12", "SyncImages", `{"ImageIds": ["img-demo0002"]}`, "MissingParameter"},
		{"sync dry run", gz, "2017-03-12", "SyncImages",
			`{"ImageIds": ["img-demo0002"], "DestinationRegions": ["ap-beijing"], "DryRun": true}`, "DryRunOperation"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, w.commonCall(t, "alice", tt.region, tt.version, tt.action, tt.params), tt.code)
		})
	}
	t.Run("recipient cannot copy (R5)", func(t *testing.T) {
		err := w.commonCall(t, "bob", gz, "2017-03-12", "SyncImages",
			`{"ImageIds": ["img-demo0001"], "DestinationRegions": ["ap-beijing"]}`)
		wantCode(t, err, "UnauthorizedOperation.ImageNotBelongToAccount")
	})
	t.Run("copies count toward the target region's quota (R3)", func(t *testing.T) {
		if err := w.db.Create(&models.AccountQuota{AccountID: aliceAccount, RegionID: bj, ImageQuota: 0}).Error; err != nil {
			t.Fatal(err)
		}
		err := w.commonCall(t, "alice", gz, "2017-03-12", "SyncImages",
			`{"ImageIds": ["img-demo0002"], "DestinationRegions": ["ap-beijing"]}`)
		wantCode(t, err, "ImageQuotaLimitExceeded")
	})
}

// rawCall sends a request signed by hand (TC3-HMAC-SHA256 as published), for
// what the SDK would never send.
func rawCall(t *testing.T, url, host, id, secret, method, action, body string) map[string]any {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	ok(t, err)
	req.Host = host
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-TC-Action", action)
	req.Header.Set("X-TC-Version", "2017-03-12")
	req.Header.Set("X-TC-Region", gz)
	handlertest.SignAPI(req, id, secret, []byte(body), time.Now())
	resp, err := http.DefaultClient.Do(req)
	ok(t, err)
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("%s %s: HTTP %d, want 200 always", method, url, resp.StatusCode)
	}
	raw, _ := io.ReadAll(resp.Body)
	var env struct {
		Response map[string]any
	}
	if err := json.Unmarshal(raw, &env); err != nil || env.Response == nil {
		t.Fatalf("answer %s is not the Response envelope: %v", raw, err)
	}
	// The RequestId is the request's id in the logs.
	if rid, _ := env.Response["RequestId"].(string); rid == "" || rid != resp.Header.Get("X-Request-Id") {
		t.Errorf("RequestId %q is not the request's id %q", rid, resp.Header.Get("X-Request-Id"))
	}
	return env.Response
}

func errorCode(resp map[string]any) string {
	e, _ := resp["Error"].(map[string]any)
	code, _ := e["Code"].(string)
	return code
}

// Every answer is HTTP 200 with the envelope, whatever went wrong, at each
// path of both listeners: the API's own and the console's (SPEC 8).
func TestEnvelope(t *testing.T) {
	w := newWorld(t)
	id, secret := w.key("bob")
	for listener, host := range map[string]string{"api listener": w.endpoint, "console": w.console} {
		for _, tt := range []struct {
			name, method, path, action, body, code string
		}{
			{"success", "POST", "/", "DescribeImageQuota", "{}", ""},
			{"success on /api", "POST", "/api", "DescribeImageQuota", "{}", ""},
			{"success on /api/", "POST", "/api/", "DescribeImageQuota", "{}", ""},
			{"empty body is no parameters", "POST", "/api", "DescribeImageQuota", "", ""},
			{"body not JSON", "POST", "/api", "DescribeImages", "Limit=1", "InvalidParameter"},
			{"GET /api", "GET", "/api", "DescribeImageQuota", "", "UnsupportedProtocol"},
			{"GET /api/", "GET", "/api/", "DescribeImageQuota", "", "UnsupportedProtocol"},
			{"PUT /api/", "PUT", "/api/", "DescribeImageQuota", "{}", "UnsupportedProtocol"},
			{"body over the limit", "POST", "/api/", "DescribeImages", `{"x":"` + strings.Repeat("a", 1<<20) + `"}`,
				"RequestSizeLimitExceeded"},
		} {
			t.Run(listener+": "+tt.name, func(t *testing.T) {
				resp := rawCall(t, "http://"+host+tt.path, host, id, secret, tt.method, tt.action, tt.body)
				if got := errorCode(resp); got != tt.code {
					t.Errorf("error code %q (%v), want %q", got, resp["Error"], tt.code)
				}
				if tt.code == "" {
					if n, ok := resp["ImageNumQuota"].(float64); !ok || n != 10 {
						t.Errorf("ImageNumQuota = %v", resp["ImageNumQuota"])
					}
				}
			})
		}
	}
	t.Run("api listener: RequestId is a UUID, as Tencent's", func(t *testing.T) {
		resp := rawCall(t, "http://"+w.endpoint+"/", w.endpoint, id, secret, "POST", "DescribeImageQuota", "{}")
		uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
		if rid, _ := resp["RequestId"].(string); !uuid.MatchString(rid) {
			t.Errorf("RequestId %q is not a UUID", rid)
		}
	})
	t.Run("api listener: GET /", func(t *testing.T) {
		resp := rawCall(t, "http://"+w.endpoint+"/", w.endpoint, id, secret, "GET", "DescribeImageQuota", "")
		if got := errorCode(resp); got != "UnsupportedProtocol" {
			t.Errorf("error code %q", got)
		}
	})
	t.Run("api listener: unknown path", func(t *testing.T) {
		resp := rawCall(t, "http://"+w.endpoint+"/v2", w.endpoint, id, secret, "POST", "DescribeImageQuota", "{}")
		if got := errorCode(resp); got != "UnsupportedProtocol" {
			t.Errorf("error code %q", got)
		}
	})
	t.Run("console: GET / is still the console", func(t *testing.T) {
		c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := c.Get("http://" + w.console + "/")
		ok(t, err)
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login" {
			t.Errorf("GET / on the console: %d to %q, want the sign-in redirect", resp.StatusCode, resp.Header.Get("Location"))
		}
	})
	// Messages follow X-TC-Language; Portuguese is the other catalogue.
	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Endpoint, cpf.HttpProfile.Scheme, cpf.Language = w.endpoint, "HTTP", "pt-BR"
	c, err := cvm.NewClient(common.NewCredential(id, secret), gz, cpf)
	ok(t, err)
	del := cvm.NewDeleteImagesRequest()
	del.ImageIds = common.StringPtrs([]string{alicePostgres})
	_, err = c.DeleteImages(del)
	if se := wantCode(t, err, "InvalidImageId.NotFound"); !strings.Contains(se.GetMessage(), "não existe") {
		t.Errorf("Portuguese message: %q", se.GetMessage())
	}
}

// The official Go SDK works with a plain host:port endpoint on both
// listeners, and with the console's /api (SPEC 8: "Every official client
// works unchanged"): v1.1.0 posts to the endpoint's path plus "/" and signs
// that path as part of the Host.
func TestEveryEndpointServesTheSDK(t *testing.T) {
	w := newWorld(t)
	id, secret := w.key("bob")
	for _, endpoint := range []string{w.endpoint, w.endpoint + "/api", w.console, w.console + "/api"} {
		t.Run(endpoint, func(t *testing.T) {
			resp, err := w.clientAt(endpoint, id, secret, gz).DescribeImageQuota(cvm.NewDescribeImageQuotaRequest())
			ok(t, err)
			if *resp.Response.ImageNumQuota != 10 {
				t.Errorf("ImageNumQuota = %d", *resp.Response.ImageNumQuota)
			}
		})
	}
}

// The console's own address serves the API too, outside the CSRF
// protection (requests are signed), and API changes are audited like the
// console's, with the API's RequestId.
func TestConsoleMountAndAudit(t *testing.T) {
	w := newWorld(t)
	id, secret := w.key("alice")
	alice := w.clientAt(w.console+"/api", id, secret, gz)

	req := cvm.NewModifyImageSharePermissionRequest()
	req.ImageId, req.Permission = common.StringPtr(alicePostgres), common.StringPtr("SHARE")
	req.AccountIds = common.StringPtrs([]string{carolAccount})
	resp, err := alice.ModifyImageSharePermission(req)
	ok(t, err)
	var ev models.AuditEvent
	if err := w.db.Where("action = ? AND resource = ?", "share.create", alicePostgres).Take(&ev).Error; err != nil {
		t.Fatalf("no audit event for the share: %v", err)
	}
	if ev.Outcome != models.OutcomeOK || ev.Username != "alice" || ev.AccountID != aliceAccount ||
		ev.RequestID != *resp.Response.RequestId || ev.IP == "" || ev.Detail != carolAccount {
		t.Errorf("audit event %+v; want alice's ok share with request id %s", ev, *resp.Response.RequestId)
	}
	// A refusal is audited with its code.
	wantCode(t, share(alice, alicePostgres, "SHARE", aliceAccount), "FailedOperation.AccountIsYourSelf")
	var refused int64
	w.db.Model(&models.AuditEvent{}).Where("action = ? AND outcome = ?", "share.create", "FailedOperation.AccountIsYourSelf").Count(&refused)
	if refused != 1 {
		t.Errorf("refusals audited: %d, want 1", refused)
	}
	// The console and the API read the same data: the share shows in the
	// console's store at once.
	page, err := models.NewImageStore(w.db).List(t.Context(), models.Actor{AccountID: carolAccount},
		models.ImageQuery{Region: gz, Tab: models.TabShared})
	ok(t, err)
	if len(page.Images) != 1 || page.Images[0].ID != alicePostgres {
		t.Errorf("carol's shared tab in the console store: %v", page.Images)
	}
	// And the reverse: a rename made as the console makes it shows in the API.
	var aliceUser models.User
	ok(t, w.db.Where("username = ?", "alice").Take(&aliceUser).Error)
	_, err = models.NewImageStore(w.db).Update(t.Context(), models.Actor{UserID: aliceUser.ID, AccountID: aliceAccount},
		alicePostgres, models.ImageEdit{Name: "renamed-in-console"})
	ok(t, err)
	if got := describe(t, alice, byIDs(alicePostgres)).ImageSet[0]; *got.ImageName != "renamed-in-console" {
		t.Errorf("the API shows %q after the console's rename", *got.ImageName)
	}
}
