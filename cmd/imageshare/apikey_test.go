package main

import (
	"bytes"
	"io"
	"log/slog"
	"net"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common"
	"github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/common/profile"
	cvm "github.com/tencentcloud/tencentcloud-sdk-go/tencentcloud/cvm/v20170312"

	"imageshare/handlers"
	"imageshare/models"
)

var keyLines = regexp.MustCompile(`^SecretId: (AKID[A-Za-z0-9]{32})\nSecretKey: ([A-Za-z0-9]{32})\n$`)

// sdkClient points the official SDK at an API endpoint (host:port).
func sdkClient(t *testing.T, endpoint, id, secret, region string) *cvm.Client {
	t.Helper()
	cpf := profile.NewClientProfile()
	cpf.HttpProfile.Endpoint, cpf.HttpProfile.Scheme = endpoint, "HTTP"
	c, err := cvm.NewClient(common.NewCredential(id, secret), region, cpf)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// `imageshare apikey create` prints a pair the official SDK signs with.
func TestAPIKeyCreate(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "keys.db")
	if _, _, err := runCmd(t, nil, "account", "create", "--db", dbPath, "--name", "Dave's Garage", "--user", "dave",
		"--password", "dave-password"); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCmd(t, env{"IMAGESHARE_DB": dbPath}.get, "apikey", "create", "--user", "dave")
	if err != nil {
		t.Fatalf("apikey create: %v", err)
	}
	m := keyLines.FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("printed %q, want exactly the SecretId and SecretKey lines", out)
	}

	db, err := models.Open(t.Context(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := models.Seed(t.Context(), db, "admin-password"); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(handlers.NewAPI(models.NewStores(db, models.StoreConfig{}), handlers.Options{}))
	defer srv.Close()
	c := sdkClient(t, strings.TrimPrefix(srv.URL, "http://"), m[1], m[2], models.DefaultRegion)
	resp, err := c.DescribeImages(cvm.NewDescribeImagesRequest())
	if err != nil {
		t.Fatalf("DescribeImages with the printed key: %v", err)
	}
	if *resp.Response.TotalCount == 0 {
		t.Error("no public images listed")
	}
	var ev models.AuditEvent
	if err := db.Where("action = ? AND resource = ?", "apikey.create", m[1]).Take(&ev).Error; err != nil || ev.Username != "dave" {
		t.Errorf("audit event of the creation: %+v, %v", ev, err)
	}

	for _, tt := range []struct {
		name  string
		args  []string
		wants string
	}{
		{"no user", []string{"apikey", "create", "--db", dbPath}, "--user"},
		{"unknown user", []string{"apikey", "create", "--db", dbPath, "--user", "nobody"}, `no user named "nobody"`},
		{"no sub-command", []string{"apikey"}, "usage: imageshare apikey create"},
		{"unknown sub-command", []string{"apikey", "list"}, "usage: imageshare apikey create"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := runCmd(t, nil, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.wants) || out != "" {
				t.Errorf("err %v, output %q; want an error mentioning %s and no output", err, out, tt.wants)
			}
		})
	}
	t.Run("disabled account", func(t *testing.T) {
		if err := db.Model(&models.Account{}).Where("name = ?", "Dave's Garage").Update("status", models.AccountDisabled).Error; err != nil {
			t.Fatal(err)
		}
		_, _, err := runCmd(t, nil, "apikey", "create", "--db", dbPath, "--user", "dave")
		if err == nil || !strings.Contains(err.Error(), "disabled") {
			t.Errorf("err %v, want the account's disabled state", err)
		}
	})
}

func TestAPIAddrConfig(t *testing.T) {
	c, err := parseServeConfig(nil, env{}.get, io.Discard)
	if err != nil || c.apiAddr != ":9000" || c.apiAddrSet {
		t.Errorf("default: %q set=%v, %v; want :9000, not set", c.apiAddr, c.apiAddrSet, err)
	}
	c, err = parseServeConfig(nil, env{"IMAGESHARE_API_ADDR": "127.0.0.1:9100"}.get, io.Discard)
	if err != nil || c.apiAddr != "127.0.0.1:9100" || !c.apiAddrSet {
		t.Errorf("environment: %q set=%v, %v", c.apiAddr, c.apiAddrSet, err)
	}
	c, err = parseServeConfig([]string{"--api-addr", ""}, env{"IMAGESHARE_API_ADDR": ":9100"}.get, io.Discard)
	if err != nil || c.apiAddr != "" {
		t.Errorf("--api-addr \"\": %q, %v; want no API listener", c.apiAddr, err)
	}
	if _, err := parseServeConfig([]string{"--api-addr", "9000"}, env{}.get, io.Discard); err == nil ||
		!strings.Contains(err.Error(), "--api-addr") {
		t.Errorf("--api-addr 9000 accepted: %v", err)
	}
}

// An API address given explicitly must be served; the default one is best
// effort (a second server on the machine still starts).
func TestListenAPIBusyAddress(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	db, err := models.Open(t.Context(), filepath.Join(t.TempDir(), "busy.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	log := slog.New(slog.DiscardHandler)
	stores := models.NewStores(db, models.StoreConfig{})
	if _, ln, err := listenAPI(stores, handlers.Options{}, config{apiAddr: busy.Addr().String(), apiAddrSet: true}, log); err == nil || ln != nil {
		t.Errorf("explicit busy address: listener %v, err %v; want an error", ln, err)
	}
	if _, ln, err := listenAPI(stores, handlers.Options{}, config{apiAddr: busy.Addr().String()}, log); err != nil || ln != nil {
		t.Errorf("default busy address: listener %v, err %v; want neither", ln, err)
	}
}

// syncBuffer is a bytes.Buffer safe to read while the server writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// The server runs the API on its own listener next to the console, and stops
// both gracefully.
func TestServeAPIListener(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "serve.db")
	srv := startServer(t, env{}.get, "--addr", "127.0.0.1:0", "--api-addr", "127.0.0.1:0", "--db", dbPath, "--demo",
		"--log-format", "text")
	m := srv.waitFor(t, regexp.MustCompile(`endpoint (127\.0\.0\.1:\d+), scheme HTTP`))
	out, _, err := runCmd(t, nil, "apikey", "create", "--db", dbPath, "--user", "alice")
	if err != nil {
		t.Fatalf("apikey create while the server runs: %v", err)
	}
	key := keyLines.FindStringSubmatch(out)
	c := sdkClient(t, m[1], key[1], key[2], models.DefaultRegion)
	req := cvm.NewDescribeImagesRequest()
	req.Filters = []*cvm.Filter{{Name: common.StringPtr("image-type"), Values: common.StringPtrs([]string{"PRIVATE_IMAGE"})}}
	resp, err := c.DescribeImages(req)
	if err != nil {
		t.Fatalf("DescribeImages on the API listener: %v", err)
	}
	if *resp.Response.TotalCount != 3 {
		t.Errorf("alice's images in Guangzhou = %d, want 3", *resp.Response.TotalCount)
	}
	srv.stop(t)
}
