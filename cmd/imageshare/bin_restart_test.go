package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"imageshare/models"
)

// TestRecycleBinPurgeAfterCrash puts alice's img-demo0002 in her recycle
// bin with its retention over, starts the server, kills it (SIGKILL) as soon
// as it is ready, wherever its worker was, starts it again and expects the
// image purged exactly once: one purge, one audit event, its content
// reference dropped once, its row and share history kept (R23).
func TestRecycleBinPurgeAfterCrash(t *testing.T) {
	dir, bin := crashBuildServer(t)
	dbPath := filepath.Join(dir, "bin.db")
	addr := crashFreeAddr(t)
	first := crashStartServer(t, bin, addr, dbPath) // creates and seeds the database
	if err := first.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = first.Wait()

	db, err := models.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const image = "img-demo0002"
	var before models.Image
	if err := db.Where("id = ?", image).Take(&before).Error; err != nil {
		t.Fatal(err)
	}
	refs := func() int {
		var b models.Blob
		if err := db.Where("region_id = ? AND sha256 = ?", before.RegionID, before.ContentSHA256).Limit(1).Find(&b).Error; err != nil {
			t.Fatal(err)
		}
		return b.Refs
	}
	refsBefore := refs()
	past := time.Now().UTC().Add(-time.Minute)
	if err := db.Model(&models.Image{}).Where("id = ?", image).
		Updates(map[string]any{"binned_at": past.Add(-7 * 24 * time.Hour), "purge_at": past}).Error; err != nil {
		t.Fatal(err)
	}
	second := crashStartServer(t, bin, addr, dbPath)
	if err := second.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = second.Wait()
	crashStartServer(t, bin, addr, dbPath)
	count := func(model any, where string, args ...any) int64 {
		var n int64
		if err := db.Model(model).Where(where, args...).Count(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}
	crashWaitFor(t, 20*time.Second, "the image purged", func() bool {
		return count(&models.Image{}, "id = ? AND purged_at IS NOT NULL", image) == 1
	})
	if n := count(&models.AuditEvent{}, "action = ? AND resource = ?", "image.purge", image); n != 1 {
		t.Errorf("image.purge events = %d; want 1", n)
	}
	if before.ContentSHA256 != "" {
		if got := refs(); got != refsBefore-1 {
			t.Errorf("content refs = %d; want %d (dropped once)", got, refsBefore-1)
		}
	}
}
