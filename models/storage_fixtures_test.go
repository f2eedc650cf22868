package models_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"imageshare/models"
	"imageshare/models/testdb"
	"imageshare/storage"
	"imageshare/storage/diskimage"
	"imageshare/storage/storagetest"
)

// qcow2Bytes is a small valid qcow2 whose first guest bytes are data, so
// different data gives different content.
func qcow2Bytes(t testing.TB, virtual int64, data string) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := diskimage.WriteQCOW2(&b, virtual, []byte(data)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// byteStores builds stores with a file backend in a temporary directory.
func byteStores(t testing.TB, db *models.DB) (*models.Stores, storage.Store) {
	t.Helper()
	return byteStoresOn(db, storagetest.File(t))
}

func byteStoresOn(db *models.DB, blobs storage.Store) (*models.Stores, storage.Store) {
	return models.NewStores(db, models.StoreConfig{Blobs: blobs}), blobs
}

// eachBackend runs fn on every database and both storage backends.
func eachBackend(t *testing.T, fn func(t *testing.T, db *models.DB, blobs storage.Store)) {
	for _, b := range storagetest.Backends {
		t.Run(b.Name, func(t *testing.T) {
			testdb.Each(t, func(t *testing.T, db *models.DB) { fn(t, db, b.New(t)) })
		})
	}
}

// drainTransfers runs transfers until none is due; a failed attempt is not
// a test failure (tests look at the image), but a queue that never empties is.
func drainTransfers(t testing.TB, q *models.TransferQueue) {
	t.Helper()
	for range 100 {
		did, _ := q.Step(t.Context())
		if !did {
			return
		}
	}
	t.Fatal("the transfer queue never emptied")
}

// source serves one file over HTTP (with ranges), recording the paths and
// Range headers it was asked for.
type source struct {
	*httptest.Server
	mu       sync.Mutex
	requests []string
}

func serveBytes(t testing.TB, body []byte) *source {
	t.Helper()
	s := &source{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests = append(s.requests, r.URL.Path+" "+r.Header.Get("Range"))
		s.mu.Unlock()
		if r.URL.Path == "/redirect" {
			http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
			return
		}
		http.ServeContent(w, r, "disk.img", time.Time{}, bytes.NewReader(body))
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *source) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// allowLoopback lets imports reach 127.0.0.1 (the test servers) only.
func allowLoopback(t testing.TB, st *models.Stores) {
	t.Helper()
	if err := st.Admin.SetImportSettings(t.Context(), models.Actor{Admin: true}, models.DefaultImportMaxBytes, "127.0.0.1"); err != nil {
		t.Fatal(err)
	}
}

// writeFile puts bytes in a temporary file for file: imports.
func writeFile(t testing.TB, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "disk.img")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func blobRow(t testing.TB, db *models.DB, region, sum string) models.Blob {
	t.Helper()
	var b models.Blob
	if err := db.Where("region_id = ? AND sha256 = ?", region, sum).Limit(1).Find(&b).Error; err != nil {
		t.Fatal(err)
	}
	return b
}

func objects(t testing.TB, blobs storage.Store, region string) []string {
	t.Helper()
	list, err := blobs.List(t.Context(), region)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// importDisk imports bytes from a file (as an operator's command does) and
// runs the transfer to its end.
func importDisk(t testing.TB, st *models.Stores, actor models.Actor, name string, disk []byte) models.Image {
	t.Helper()
	img, err := st.Images.Import(t.Context(), actor, models.ImageImport{Region: models.DefaultRegion, Name: name,
		Platform: "Debian", Architecture: "x86_64", File: writeFile(t, disk)})
	if err != nil {
		t.Fatalf("import %s: %v", name, err)
	}
	drainTransfers(t, st.Transfers)
	return img
}

func importFrom(t testing.TB, st *models.Stores, actor models.Actor, name, url string) models.Image {
	t.Helper()
	img, err := st.Images.Import(t.Context(), actor, models.ImageImport{Region: models.DefaultRegion, Name: name,
		Platform: "Ubuntu", OSVersion: "24.04", Architecture: "x86_64", URL: url})
	if err != nil {
		t.Fatalf("import %s: %v", url, err)
	}
	return img
}
