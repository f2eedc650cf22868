package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"imageshare/models"
)

// TestShareExpiryAfterCrash gives the demo share (alice's img-demo0001 with
// bob) an end in the past, starts the server, kills it (SIGKILL) as soon as
// it is ready, wherever its worker was, starts it again and expects the
// share expired exactly once: one status change, one notification to each
// side, one audit event (R20).
func TestShareExpiryAfterCrash(t *testing.T) {
	dir, bin := crashBuildServer(t)
	dbPath := filepath.Join(dir, "expiry.db")
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
	const image, bob = "img-demo0001", "100000000002"
	past := time.Now().UTC().Add(-time.Minute)
	if err := db.Model(&models.Share{}).Where("image_id = ? AND recipient_account_id = ?", image, bob).
		Update("expires_at", past).Error; err != nil {
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
	crashWaitFor(t, 20*time.Second, "the share expired", func() bool {
		return count(&models.Share{}, "image_id = ? AND status = ?", image, models.ShareExpired) == 1
	})
	if n := count(&models.Notification{}, "kind = ? AND image_id = ?", models.NoteShareExpired, image); n != 2 {
		t.Errorf("expiry notifications = %d; want 2 (bob and alice, once each)", n)
	}
	if n := count(&models.AuditEvent{}, "action = ? AND resource = ?", "share.expire", image); n != 1 {
		t.Errorf("share.expire events = %d; want 1", n)
	}
}
