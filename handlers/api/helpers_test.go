package api_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	tcerr "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/errors"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"imageshare/handlers"
	"imageshare/models"
	"imageshare/models/testdb"
	"imageshare/storage"
)

// The demo data (models.SeedDemo): alice owns img-demo0001..0004 (0001,
// web-frontend-v3 in ap-guangzhou, is shared with bob; 0004 is in
// ap-shanghai), bob owns img-demo0005 in ap-guangzhou, carol img-demo0006 in
// ap-beijing.
const (
	gz, sh, bj = "ap-guangzhou", "ap-shanghai", "ap-beijing"

	aliceAccount = "100000000001"
	bobAccount   = "100000000002"
	carolAccount = "100000000003"

	sharedWithBob = "img-demo0001" // alice's, ap-guangzhou
	alicePostgres = "img-demo0002" // alice's, ap-guangzhou, not shared
	aliceBuild    = "img-demo0003" // alice's, ap-guangzhou, not shared
	aliceShanghai = "img-demo0004" // alice's, ap-shanghai
	bobWarehouse  = "img-demo0005" // bob's, ap-guangzhou
	carolBeijing  = "img-demo0006" // carol's, ap-beijing
)

// world is the API on a fresh demo database behind real HTTP servers (the
// API's own listener and the console, which serves it too), driven by the
// official Go SDK.
type world struct {
	t        *testing.T
	db       *models.DB
	stores   *models.Stores
	blobs    storage.Store // the image bytes, in a temporary directory
	endpoint string        // the API listener's 127.0.0.1:PORT, as the SDK wants it
	console  string        // the console's 127.0.0.1:PORT
	skew     atomic.Int64  // seconds the server's clock is ahead
	traffic  recorder      // every request both listeners received
}

func newWorld(t *testing.T) *world {
	t.Helper()
	return newWorldOn(t, testdb.SQLite(t))
}

// newWorldOn is newWorld on a given fresh database (PostgreSQL, say).
func newWorldOn(t *testing.T, db *models.DB) *world {
	t.Helper()
	testdb.Seeded(t, db)
	if err := models.SeedDemo(t.Context(), db, "imageshare"); err != nil {
		t.Fatalf("seed demo: %v", err)
	}
	blobs, err := storage.NewFileStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	w := &world{t: t, db: db, blobs: blobs, stores: models.NewStores(db, models.StoreConfig{
		Sessions: models.SessionPolicy{Idle: time.Hour, Absolute: time.Hour}, Blobs: blobs,
	})}
	now := func() time.Time { return time.Now().Add(time.Duration(w.skew.Load()) * time.Second) }
	srv := httptest.NewServer(w.traffic.wrap(handlers.NewAPI(w.stores, handlers.Options{Now: now})))
	t.Cleanup(srv.Close)
	w.endpoint = strings.TrimPrefix(srv.URL, "http://")
	console := httptest.NewServer(w.traffic.wrap(handlers.New(w.stores, handlers.Options{Now: now})))
	t.Cleanup(console.Close)
	w.console = strings.TrimPrefix(console.URL, "http://")
	return w
}

// worker runs the simulator (image creation, copies, boots) until the test ends.
func (w *world) worker() {
	ctx, cancel := context.WithCancel(context.Background())
	done, moved := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		w.stores.Jobs.Run(ctx, slog.New(slog.DiscardHandler))
	}()
	go func() {
		defer close(moved)
		w.stores.Transfers.Run(ctx, slog.New(slog.DiscardHandler))
	}()
	w.t.Cleanup(func() { cancel(); <-done; <-moved })
}

// key makes an API key for a user, as `imageshare apikey create` does.
func (w *world) key(username string) (id, secret string) {
	w.t.Helper()
	keys := w.stores.APIKeys
	actor, err := keys.UserActor(w.t.Context(), username)
	if err != nil {
		w.t.Fatalf("user %s: %v", username, err)
	}
	id, secret, err = keys.Create(w.t.Context(), actor)
	if err != nil {
		w.t.Fatalf("api key for %s: %v", username, err)
	}
	return id, secret
}

// as returns an SDK client acting as the user in a region.
func (w *world) as(username, region string) *cvm.Client {
	w.t.Helper()
	id, secret := w.key(username)
	return w.clientWith(id, secret, region)
}

func (w *world) clientWith(id, secret, region string) *cvm.Client {
	w.t.Helper()
	return w.clientAt(w.endpoint, id, secret, region)
}

// clientAt is an SDK client of a key pointed at an endpoint: host:port, or
// host:port/api for the console's /api.
func (w *world) clientAt(endpoint, id, secret, region string) *cvm.Client {
	w.t.Helper()
	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Endpoint = endpoint
	cpf.HttpProfile.Scheme = "HTTP"
	cpf.Language = "en-US"
	c, err := cvm.NewClient(common.NewCredential(id, secret), region, cpf)
	if err != nil {
		w.t.Fatalf("sdk client: %v", err)
	}
	return c
}

// addAccounts inserts n active accounts with ids from 200000000000 up.
func (w *world) addAccounts(n int) []string {
	w.t.Helper()
	ids := make([]string, n)
	for i := range n {
		ids[i] = fmt.Sprintf("2%011d", i)
		a := models.Account{ID: ids[i], Name: "Tenant " + ids[i], Status: models.AccountActive, CreatedAt: time.Now().UTC()}
		if err := w.db.Create(&a).Error; err != nil {
			w.t.Fatalf("account %s: %v", ids[i], err)
		}
	}
	return ids
}

// wantCode fails unless err is the API's error with this code (and a
// RequestId: every answer has one).
func wantCode(t *testing.T, err error, code string) *tcerr.TencentCloudSDKError {
	t.Helper()
	var se *tcerr.TencentCloudSDKError
	if !errors.As(err, &se) {
		t.Fatalf("error = %v (%T), want the API's %s", err, err, code)
	}
	if se.GetCode() != code {
		t.Fatalf("code = %s (%s), want %s", se.GetCode(), se.GetMessage(), code)
	}
	if se.GetRequestId() == "" {
		t.Errorf("%s answer without a RequestId", code)
	}
	return se
}

func ok(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("call failed: %v", err)
	}
}

// describe lists images as the SDK sees them.
func describe(t *testing.T, c *cvm.Client, build func(r *cvm.DescribeImagesRequest)) *cvm.DescribeImagesResponseParams {
	t.Helper()
	req := cvm.NewDescribeImagesRequest()
	if build != nil {
		build(req)
	}
	resp, err := c.DescribeImages(req)
	ok(t, err)
	return resp.Response
}

func byType(imageType string) func(r *cvm.DescribeImagesRequest) {
	return func(r *cvm.DescribeImagesRequest) {
		r.Filters = []*cvm.Filter{{Name: common.StringPtr("image-type"), Values: common.StringPtrs([]string{imageType})}}
		r.Limit = common.Uint64Ptr(100)
	}
}

func byIDs(ids ...string) func(r *cvm.DescribeImagesRequest) {
	return func(r *cvm.DescribeImagesRequest) { r.ImageIds = common.StringPtrs(ids) }
}

func ids(set []*cvm.Image) []string {
	out := make([]string, len(set))
	for i, img := range set {
		out[i] = *img.ImageId
	}
	return out
}

func share(c *cvm.Client, imageID, permission string, accounts ...string) error {
	req := cvm.NewModifyImageSharePermissionRequest()
	req.ImageId = common.StringPtr(imageID)
	req.AccountIds = common.StringPtrs(accounts)
	req.Permission = common.StringPtr(permission)
	_, err := c.ModifyImageSharePermission(req)
	return err
}

func run(c *cvm.Client, imageID, zone string) ([]string, error) {
	req := cvm.NewRunInstancesRequest()
	req.ImageId = common.StringPtr(imageID)
	req.Placement = &cvm.Placement{Zone: common.StringPtr(zone)}
	req.InstanceType = common.StringPtr("S5.MEDIUM2")
	req.InstanceName = common.StringPtr("api-test")
	resp, err := c.RunInstances(req)
	if err != nil {
		return nil, err
	}
	return common.StringValues(resp.Response.InstanceIdSet), nil
}
