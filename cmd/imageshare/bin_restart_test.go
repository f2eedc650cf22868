package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"imageshare/models"
)

// crashSeeded builds the server, lets a first run create and seed a
// database named name, kills it (SIGKILL) once ready, and opens the
// database for the test to set the scene.
func crashSeeded(t *testing.T, name string) (bin, addr, dbPath string, db *models.DB) {
	t.Helper()
	dir, bin := crashBuildServer(t)
	dbPath = filepath.Join(dir, name)
	addr = crashFreeAddr(t)
	first := crashStartServer(t, bin, addr, dbPath) // creates and seeds the database
	if err := first.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = first.Wait()
	db, err := models.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return bin, addr, dbPath, db
}

// crashOnceThenServe starts the server, kills it as soon as it is ready,
// wherever its worker was, and starts it again.
func crashOnceThenServe(t *testing.T, bin, addr, dbPath string) {
	t.Helper()
	second := crashStartServer(t, bin, addr, dbPath)
	if err := second.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = second.Wait()
	crashStartServer(t, bin, addr, dbPath)
}

// crashCount counts the rows of model where holds.
func crashCount(t *testing.T, db *models.DB, model any, where string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.Model(model).Where(where, args...).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// TestRecycleBinPurgeAfterCrash puts alice's img-demo0002 in her recycle
// bin with its retention over, starts the server, kills it as soon as it is
// ready, starts it again and expects the image purged exactly once: one
// purge, one audit event, its content reference dropped once (R23).
func TestRecycleBinPurgeAfterCrash(t *testing.T) {
	bin, addr, dbPath, db := crashSeeded(t, "bin.db")
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
	crashOnceThenServe(t, bin, addr, dbPath)
	crashWaitFor(t, 20*time.Second, "the image purged", func() bool {
		return crashCount(t, db, &models.Image{}, "id = ? AND purged_at IS NOT NULL", image) == 1
	})
	if n := crashCount(t, db, &models.AuditEvent{}, "action = ? AND resource = ?", "image.purge", image); n != 1 {
		t.Errorf("image.purge events = %d; want 1", n)
	}
	if before.ContentSHA256 != "" {
		if got := refs(); got != refsBefore-1 {
			t.Errorf("content refs = %d; want %d (dropped once)", got, refsBefore-1)
		}
	}
}
