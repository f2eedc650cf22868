package main

import (
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
	bin, addr, dbPath, db := crashSeeded(t, "expiry.db")
	const image, bob = "img-demo0001", "100000000002"
	past := time.Now().UTC().Add(-time.Minute)
	if err := db.Model(&models.Share{}).Where("image_id = ? AND recipient_account_id = ?", image, bob).
		Update("expires_at", past).Error; err != nil {
		t.Fatal(err)
	}
	crashOnceThenServe(t, bin, addr, dbPath)
	crashWaitFor(t, 20*time.Second, "the share expired", func() bool {
		return crashCount(t, db, &models.Share{}, "image_id = ? AND status = ?", image, models.ShareExpired) == 1
	})
	if n := crashCount(t, db, &models.Notification{}, "kind = ? AND image_id = ?", models.NoteShareExpired, image); n != 2 {
		t.Errorf("expiry notifications = %d; want 2 (bob and alice, once each)", n)
	}
	if n := crashCount(t, db, &models.AuditEvent{}, "action = ? AND resource = ?", "share.expire", image); n != 1 {
		t.Errorf("share.expire events = %d; want 1", n)
	}
}
