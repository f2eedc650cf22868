package models_test

import (
	"sync"
	"testing"
	"time"

	"imageshare/models"
	"imageshare/models/testdb"
)

// lcAt is a time from now, to the minute (the database keeps microseconds).
func lcAt(d time.Duration) *time.Time {
	t := time.Now().UTC().Add(d).Truncate(time.Minute)
	return &t
}

// lcShareUntil shares the world's image with named accounts until at.
func (w *shWorld) shareUntil(t testing.TB, at *time.Time, names ...string) error {
	t.Helper()
	_, err := w.shares.Share(t.Context(), w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: w.idsOf(names...),
		RiskAccepted: true, ExpiresAt: at})
	return err
}

// lcQueue is a job queue whose clock is now plus ahead.
func lcQueue(db *models.DB, ahead time.Duration) *models.JobQueue {
	q := models.NewJobQueue(db, 0)
	models.SetJobClock(q, func() time.Time { return time.Now().UTC().Add(ahead) })
	return q
}

func lcShare(t testing.TB, db *models.DB, imageID, accountID string) models.Share {
	t.Helper()
	var s models.Share
	if err := db.Where("image_id = ? AND recipient_account_id = ?", imageID, accountID).Order("id DESC").Take(&s).Error; err != nil {
		t.Fatal(err)
	}
	return s
}

func TestShareExpiryBounds(t *testing.T) {
	cases := []struct {
		name string
		at   *time.Time
		ok   bool
	}{
		{"R20 no expiry is fine", nil, true},
		{"R20 two hours ahead is fine", lcAt(2 * time.Hour), true},
		{"R20 almost a year ahead is fine", lcAt(364 * 24 * time.Hour), true},
		{"R20 half an hour ahead is too soon", lcAt(30 * time.Minute), false},
		{"R20 in the past is refused", lcAt(-time.Hour), false},
		{"R20 more than a year ahead is refused", lcAt(366 * 24 * time.Hour), false},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		for _, tc := range cases {
			t.Run(tc.name+" when sharing", func(t *testing.T) {
				w := shNewWorld(t, db)
				err := w.shareUntil(t, tc.at, "alice")
				if tc.ok {
					if err != nil {
						t.Fatal(err)
					}
					got := lcShare(t, db, w.img.ID, w.id("alice")).ExpiresAt
					if (got == nil) != (tc.at == nil) || (got != nil && !got.Equal(*tc.at)) {
						t.Errorf("expires_at = %v; want %v", got, tc.at)
					}
					return
				}
				wantError(t, err, "InvalidParameterValue.ExpiryOutOfRange", models.ErrInvalid)
				if n := shLive(t, db, w.img.ID); n != 0 {
					t.Errorf("%d shares made; want none", n)
				}
			})
			t.Run(tc.name+" when changed later", func(t *testing.T) {
				w := shNewWorld(t, db)
				w.share(t, "alice")
				err := w.shares.SetExpiry(t.Context(), w.owner, w.img.ID, w.id("alice"), tc.at)
				if tc.ok {
					if err != nil {
						t.Fatal(err)
					}
					return
				}
				wantError(t, err, "InvalidParameterValue.ExpiryOutOfRange", models.ErrInvalid)
				if got := lcShare(t, db, w.img.ID, w.id("alice")).ExpiresAt; got != nil {
					t.Errorf("expires_at = %v after a refusal; want unchanged (none)", got)
				}
			})
		}
	})
}

func TestShareExpiryEdit(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		w := shNewWorld(t, db)
		if err := w.shareUntil(t, lcAt(48*time.Hour), "alice"); err != nil {
			t.Fatal(err)
		}
		t.Run("R20 the owner extends the expiry", func(t *testing.T) {
			at := lcAt(30 * 24 * time.Hour)
			if err := w.shares.SetExpiry(t.Context(), w.owner, w.img.ID, w.id("alice"), at); err != nil {
				t.Fatal(err)
			}
			if got := lcShare(t, db, w.img.ID, w.id("alice")).ExpiresAt; got == nil || !got.Equal(*at) {
				t.Errorf("expires_at = %v; want %v", got, at)
			}
		})
		t.Run("R20 the owner removes the expiry", func(t *testing.T) {
			if err := w.shares.SetExpiry(t.Context(), w.owner, w.img.ID, w.id("alice"), nil); err != nil {
				t.Fatal(err)
			}
			if got := lcShare(t, db, w.img.ID, w.id("alice")).ExpiresAt; got != nil {
				t.Errorf("expires_at = %v; want none", got)
			}
			if n := lcAudits(t, db, "share.expiry", w.img.ID, models.OutcomeOK); n != 2 {
				t.Errorf("share.expiry events = %d; want 2", n)
			}
		})
		t.Run("R20 R9 a recipient cannot change the expiry", func(t *testing.T) {
			err := w.shares.SetExpiry(t.Context(), w.as("alice"), w.img.ID, w.id("alice"), lcAt(5*time.Hour))
			wantError(t, err, "UnauthorizedOperation.ImageNotBelongToAccount", models.ErrInvalid)
		})
		t.Run("R20 an account without a live share cannot get an expiry", func(t *testing.T) {
			err := w.shares.SetExpiry(t.Context(), w.owner, w.img.ID, w.id("bob"), lcAt(5*time.Hour))
			wantError(t, err, "InvalidAccountId.NotFound", models.ErrInvalid)
		})
	})
}

func TestShareExpiryJob(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		w := shNewWorld(t, db)
		if err := w.shareUntil(t, lcAt(2*time.Hour), "alice"); err != nil {
			t.Fatal(err)
		}
		if err := w.shareUntil(t, lcAt(10*24*time.Hour), "bob"); err != nil {
			t.Fatal(err)
		}
		alice := w.as("alice")
		launched, err := w.launch(t, alice, shGZ, w.img.ID)
		if err != nil {
			t.Fatal(err)
		}
		shStep(t, db)
		t.Run("R20 nothing ends before its time", func(t *testing.T) {
			if n, err := lcQueue(db, 0).ExpireShares(t.Context()); err != nil || n != 0 {
				t.Fatalf("ExpireShares = %d, %v; want 0", n, err)
			}
			if n := lcNotes(t, db, alice.AccountID, models.NoteShareExpiring, w.img.ID); n != 1 {
				t.Errorf("alice's early warnings = %d; want 1 (her share ends within 3 days)", n)
			}
			if n := lcNotes(t, db, w.id("bob"), models.NoteShareExpiring, w.img.ID); n != 0 {
				t.Errorf("bob's early warnings = %d; want 0 (10 days ahead)", n)
			}
		})
		t.Run("R20 the early warning is sent once", func(t *testing.T) {
			if _, err := lcQueue(db, time.Minute).ExpireShares(t.Context()); err != nil {
				t.Fatal(err)
			}
			if n := lcNotes(t, db, alice.AccountID, models.NoteShareExpiring, w.img.ID); n != 1 {
				t.Errorf("alice's early warnings = %d; want still 1", n)
			}
		})
		t.Run("R20 a crash before commit leaves the share to the next sweep", func(t *testing.T) {
			tx := db.Begin()
			if err := tx.Model(&models.Share{}).Where("recipient_account_id = ?", alice.AccountID).Update("status", models.ShareExpired).Error; err != nil {
				t.Fatal(err)
			}
			tx.Rollback() // killed before commit: nothing happened
			if got := lcShare(t, db, w.img.ID, alice.AccountID).Status; got != models.ShareActive {
				t.Fatalf("status = %s; want active", got)
			}
		})
		t.Run("R20 two replicas expiring the same share end it once", func(t *testing.T) {
			var wg sync.WaitGroup
			counts := make([]int, 4)
			for i := range counts {
				wg.Add(1)
				go func() {
					defer wg.Done()
					n, err := lcQueue(db, 3*time.Hour).ExpireShares(t.Context())
					if err != nil {
						t.Errorf("replica %d: %v", i, err)
					}
					counts[i] = n
				}()
			}
			wg.Wait()
			total := 0
			for _, n := range counts {
				total += n
			}
			if total != 1 {
				t.Errorf("shares ended by the replicas = %v; want 1 in all", counts)
			}
		})
		t.Run("R20 after a restart the ended share is not ended again", func(t *testing.T) {
			if n, err := lcQueue(db, 4*time.Hour).ExpireShares(t.Context()); err != nil || n != 0 {
				t.Errorf("ExpireShares after restart = %d, %v; want 0", n, err)
			}
			if got := shStatuses(t, db, w.img.ID, alice.AccountID); len(got) != 1 || got[0] != models.ShareExpired {
				t.Errorf("alice's shares = %v; want [expired]", got)
			}
			if n := lcNotes(t, db, alice.AccountID, models.NoteShareExpired, w.img.ID); n != 1 {
				t.Errorf("alice's expiry notifications = %d; want 1", n)
			}
			if n := lcNotes(t, db, w.owner.AccountID, models.NoteShareExpired, w.img.ID); n != 1 {
				t.Errorf("owner's expiry notifications = %d; want 1", n)
			}
			if n := lcAudits(t, db, "share.expire", w.img.ID, models.OutcomeOK); n != 1 {
				t.Errorf("share.expire events = %d; want 1", n)
			}
		})
		t.Run("R20 R15 an expired share ends like a cancel; instances keep running", func(t *testing.T) {
			if got := w.sharedTab(t, alice, shGZ); len(got) != 0 {
				t.Errorf("alice's shared tab = %v; want empty", shViewIDs(got))
			}
			_, err := w.launch(t, alice, shGZ, w.img.ID)
			wantError(t, err, shNotFound, models.ErrNotFound)
			if got := readInstance(t, db, launched[0].ID); got.State != models.InstanceRunning {
				t.Errorf("instance is %s; want RUNNING", got.State)
			}
		})
		t.Run("R20 R1 an expired share no longer counts toward N", func(t *testing.T) {
			if n := shLive(t, db, w.img.ID); n != 1 {
				t.Errorf("live shares = %d; want 1 (bob)", n)
			}
			if got := w.sharedTab(t, w.as("bob"), shGZ); len(got) != 1 {
				t.Errorf("bob's shared tab = %v; want the image still", shViewIDs(got))
			}
		})
		t.Run("R20 the worker's idle sweep writes nothing", func(t *testing.T) {
			before := countRows(t, db, &models.AuditEvent{}, "")
			if n, err := lcQueue(db, 0).ExpireShares(t.Context()); err != nil || n != 0 {
				t.Fatalf("ExpireShares = %d, %v", n, err)
			}
			if after := countRows(t, db, &models.AuditEvent{}, ""); after != before {
				t.Errorf("audit events %d -> %d; want none added", before, after)
			}
		})
	})
}
