package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"imageshare/models"
	"imageshare/storage"
	"imageshare/storage/diskimage"
)

// TestImportFinishesAfterCrash kills the server (SIGKILL) in the middle of
// an import from a URL (a test HTTP server on loopback, which the admin's
// allow-list names), starts it again on the same database, and expects the
// import to finish: it resumes at its checkpoint (the source is asked for
// the rest with a Range), ends NORMAL with the file's SHA-256 and format,
// and leaves no orphaned or partial object in storage and no spool file.
func TestImportFinishesAfterCrash(t *testing.T) {
	dir, bin := crashBuildServer(t)
	dbPath := filepath.Join(dir, "crash.db")
	addr := crashFreeAddr(t)

	var disk bytes.Buffer
	if _, err := diskimage.WriteQCOW2(&disk, 1<<30, bytes.Repeat([]byte("imported after a crash "), 20000)); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(disk.Bytes())
	var mu sync.Mutex
	var ranges []string
	source := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		ranges = append(ranges, r.Header.Get("Range"))
		mu.Unlock()
		http.ServeContent(w, r, "disk.qcow2", time.Time{}, bytes.NewReader(disk.Bytes()))
	}))
	defer source.Close()

	first := crashStartServer(t, bin, addr, dbPath)
	db, err := models.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The test server is on loopback, which imports may reach only when the
	// admin's allow-list names it.
	admin := models.NewStores(db, models.StoreConfig{}).Admin
	if err := admin.SetImportSettings(t.Context(), models.Actor{Admin: true}, models.DefaultImportMaxBytes, "127.0.0.1"); err != nil {
		t.Fatal(err)
	}
	client := crashSignIn(t, addr, "alice", "imageshare")
	crashPost(t, client, addr, "/images/import", url.Values{"url": {source.URL + "/disk.qcow2"}, "name": {"crash-import"},
		"platform": {"Debian"}, "os_version": {"12"}, "architecture": {"x86_64"}})
	imported := func() models.Image {
		var img models.Image
		if err := db.Where("name = ?", "crash-import").Take(&img).Error; err != nil {
			t.Fatalf("find import: %v", err)
		}
		return img
	}
	crashWaitFor(t, 15*time.Second, "import under way", func() bool {
		img := imported()
		return img.TransferDone > 0 && img.TransferDone < int64(disk.Len())/2
	})
	if err := first.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = first.Wait()
	if img := imported(); img.State != models.ImageImporting {
		t.Fatalf("after the kill the import is %s, want still IMPORTING", img.State)
	}

	crashStartServer(t, bin, addr, dbPath)
	crashWaitFor(t, 30*time.Second, "import NORMAL after restart", func() bool { return imported().State == models.ImageNormal })
	img := imported()
	if img.ContentSHA256 != hex.EncodeToString(sum[:]) || img.DiskFormat != "qcow2" || img.ContentBytes != int64(disk.Len()) {
		t.Fatalf("import holds %s %s %d bytes; want qcow2 with sha %x, %d bytes", img.ContentSHA256, img.DiskFormat,
			img.ContentBytes, sum, disk.Len())
	}
	mu.Lock()
	resumed := len(ranges) == 2 && ranges[0] == "" && strings.HasPrefix(ranges[1], "bytes=") && ranges[1] != "bytes=0-"
	got := slices.Clone(ranges)
	mu.Unlock()
	if !resumed {
		t.Errorf("source asked with ranges %q; want the whole file, then the rest from the checkpoint", got)
	}
	blobs, err := storage.NewFileStore(filepath.Join(dir, "images"))
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	if err := db.Model(&models.Blob{}).Where("region_id = ?", img.RegionID).Order("object_key").Pluck("object_key", &keys).Error; err != nil {
		t.Fatal(err)
	}
	list, err := blobs.List(t.Context(), img.RegionID)
	slices.Sort(list)
	if err != nil || !slices.Equal(list, keys) || len(keys) == 0 {
		t.Fatalf("objects in %s = %v, %v; want exactly the blobs %v", img.RegionID, list, err, keys)
	}
	if spooled, _ := os.ReadDir(filepath.Join(dir, "spool")); len(spooled) != 0 {
		t.Errorf("spool holds %d files after the import; want none", len(spooled))
	}
}
