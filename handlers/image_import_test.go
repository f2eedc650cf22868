package handlers_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"imageshare/handlers/handlertest"
	"imageshare/models"
	"imageshare/storage/diskimage"
)

func uploadAnswer(t *testing.T, r *handlertest.Response) map[string]any {
	t.Helper()
	var out map[string]any
	if err := json.Unmarshal([]byte(r.Body), &out); err != nil {
		t.Fatalf("answer %d %q: %v", r.StatusCode, r.Body, err)
	}
	return out
}

// An upload in chunks, interrupted and resumed, becomes an image whose page
// shows the detected format and checksum, and whose owner downloads it by
// ranges; another account cannot.
func TestUploadVerifyDownload(t *testing.T) {
	app := handlertest.New(t)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	var disk bytes.Buffer
	if _, err := diskimage.WriteQCOW2(&disk, 3<<30, []byte("handler upload")); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(disk.Bytes())
	want := hex.EncodeToString(sum[:])

	if r := alice.Get("/images/import"); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `data-upload="/uploads"`) {
		t.Fatalf("import page: %d", r.StatusCode)
	}
	form := url.Values{"name": {"uploaded"}, "platform": {"Debian"}, "architecture": {"x86_64"},
		"size": {strconv.Itoa(disk.Len())}}
	if r := alice.PostRaw("/uploads", form); r.StatusCode != http.StatusForbidden {
		t.Fatalf("an upload without the CSRF token: %d; want 403", r.StatusCode)
	}
	r := alice.Post("/uploads", form)
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("start upload: %d %s", r.StatusCode, r.Body)
	}
	id := uploadAnswer(t, r)["id"].(string)
	token := handlertest.H{"X-CSRF-Token": alice.CSRFToken(), "Content-Type": "application/octet-stream"}
	half := disk.Len() / 2
	alice.Do(http.MethodPut, "/uploads/"+id+"?offset=0", bytes.NewReader(disk.Bytes()[:half]), token)
	// The client lost the answer and resends from 0: told where to resume.
	r = alice.Do(http.MethodPut, "/uploads/"+id+"?offset=0", bytes.NewReader(disk.Bytes()), token)
	if r.StatusCode != http.StatusConflict || uploadAnswer(t, r)["received"].(float64) != float64(half) {
		t.Fatalf("resend from 0: %d %s; want 409 at %d", r.StatusCode, r.Body, half)
	}
	r = alice.Do(http.MethodPut, "/uploads/"+id+"?offset="+strconv.Itoa(half), bytes.NewReader(disk.Bytes()[half:]), token)
	imageID, _ := uploadAnswer(t, r)["image"].(string)
	if r.StatusCode != http.StatusOK || imageID == "" {
		t.Fatalf("last chunk: %d %s", r.StatusCode, r.Body)
	}
	for {
		did, _ := app.Stores.Transfers.Step(t.Context())
		if !did {
			break
		}
	}

	page := alice.Get("/images/" + imageID)
	doc := page.Doc(t)
	if got := strings.TrimSpace(doc.Find(`[data-testid="sha256"]`).Text()); got != want {
		t.Errorf("page shows sha %q; want %q", got, want)
	}
	if got := strings.TrimSpace(doc.Find(`[data-testid="disk-format"]`).Text()); got != "qcow2" {
		t.Errorf("page shows format %q; want qcow2", got)
	}
	if doc.Find(`a[href="/images/`+imageID+`/download"]`).Length() != 1 {
		t.Error("the owner is offered no download")
	}

	dl := alice.Get("/images/"+imageID+"/download", handlertest.H{"Range": "bytes=0-3"})
	if dl.StatusCode != http.StatusPartialContent || dl.Body != "QFI\xfb" || dl.Header.Get("X-Checksum-Sha256") != want {
		t.Errorf("ranged download: %d %q sha header %q", dl.StatusCode, dl.Body, dl.Header.Get("X-Checksum-Sha256"))
	}
	if full := alice.Get("/images/" + imageID + "/download"); full.Body != disk.String() {
		t.Errorf("full download: %d bytes; want the uploaded file", len(full.Body))
	}

	bob := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)
	if r := bob.Get("/images/" + imageID + "/download"); r.StatusCode != http.StatusNotFound {
		t.Errorf("another account's download: %d; want 404", r.StatusCode)
	}
	if err := app.DB.Create(&models.Share{ImageID: imageID, RecipientAccountID: handlertest.BobAccount,
		Status: models.ShareActive}).Error; err != nil {
		t.Fatal(err)
	}
	if r := bob.Get("/images/" + imageID + "/download"); r.StatusCode == http.StatusOK {
		t.Errorf("a recipient's download: %d; want a refusal", r.StatusCode)
	}
	if r := bob.Get("/images/" + imageID); strings.Contains(r.Body, "/download") {
		t.Error("a recipient is offered the download")
	}
}

func TestImportURLValidation(t *testing.T) {
	app := handlertest.New(t)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	r := alice.Post("/images/import", url.Values{"url": {"ftp://example.com/x"}, "name": {"x"}, "platform": {"Ubuntu"},
		"architecture": {"x86_64"}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "ftp://example.com/x") {
		t.Fatalf("bad URL: %d; want 422 with the value kept", r.StatusCode)
	}
}

// An import from a URL past the account's byte quota, learnt from the
// source's Content-Length, fails, and its page says why.
func TestImportPastByteQuotaShowsWhy(t *testing.T) {
	app := handlertest.New(t)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	admin := models.Actor{Admin: true}
	if err := app.Stores.Admin.SetImportSettings(t.Context(), admin, models.DefaultImportMaxBytes, "127.0.0.1"); err != nil {
		t.Fatal(err)
	}
	if err := app.Stores.Admin.SetByteQuota(t.Context(), admin, handlertest.AliceAccount, 1<<20); err != nil {
		t.Fatal(err)
	}
	big := bytes.Repeat([]byte{0}, 3<<20)
	src := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.ServeContent(w, r, "disk.raw", time.Time{}, bytes.NewReader(big))
	}))
	t.Cleanup(src.Close)
	r := alice.Post("/images/import", url.Values{"url": {src.URL + "/disk.raw"}, "name": {"too-big"}, "platform": {"Ubuntu"},
		"architecture": {"x86_64"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("import: %d; want 303", r.StatusCode)
	}
	for {
		if did, _ := app.Stores.Transfers.Step(t.Context()); !did {
			break
		}
	}
	page := alice.Get(r.Header.Get("Location"))
	if want := "does not fit in the account's storage quota of 1048576 bytes"; !strings.Contains(html.UnescapeString(page.Body), want) {
		t.Errorf("the failed import's page does not say %q", want)
	}
}
