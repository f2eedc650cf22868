package models_test

import (
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

// lcNotes counts the notifications of one kind an account has about an image.
func lcNotes(t testing.TB, db *models.DB, accountID, kind, imageID string) int64 {
	t.Helper()
	return countRows(t, db, &models.Notification{}, "account_id = ? AND kind = ? AND image_id = ?", accountID, kind, imageID)
}

// lcAudits counts the audit events of an action on a resource with an outcome.
func lcAudits(t testing.TB, db *models.DB, action, resource, outcome string) int64 {
	t.Helper()
	return countRows(t, db, &models.AuditEvent{}, "action = ? AND resource = ? AND outcome = ?", action, resource, outcome)
}

func TestShareLeave(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		w := shNewWorld(t, db)
		w.share(t, "alice", "bob")
		alice := w.as("alice")
		launched, err := w.launch(t, alice, shGZ, w.img.ID)
		if err != nil {
			t.Fatal(err)
		}
		shStep(t, db)
		if img, err := w.images.Get(t.Context(), alice, w.img.ID); err != nil || !img.Can.Leave.OK() {
			t.Fatalf("before leaving, alice's Can.Leave = %+v, %v; want allowed", img.Can.Leave, err)
		}
		preview, err := w.shares.ToLeave(t.Context(), alice, w.img.ID)
		if err != nil || len(preview.Instances) != 1 || preview.Instances[0].ID != launched[0].ID {
			t.Fatalf("ToLeave = %+v, %v; want alice's one instance named as staying", preview.Instances, err)
		}
		if err := w.shares.Leave(t.Context(), alice, w.img.ID); err != nil {
			t.Fatalf("Leave: %v", err)
		}
		t.Run("R18 the share becomes left, its row kept for history", func(t *testing.T) {
			if got := shStatuses(t, db, w.img.ID, alice.AccountID); len(got) != 1 || got[0] != models.ShareLeft {
				t.Errorf("alice's shares = %v; want [left]", got)
			}
		})
		t.Run("R18 the image disappears from the recipient's lists at once", func(t *testing.T) {
			if got := w.sharedTab(t, alice, shGZ); len(got) != 0 {
				t.Errorf("shared tab = %v; want empty", shViewIDs(got))
			}
			_, err := w.images.Get(t.Context(), alice, w.img.ID)
			wantError(t, err, shNotFound, models.ErrNotFound)
		})
		t.Run("R18 the recipient's instances keep running", func(t *testing.T) {
			if got := readInstance(t, db, launched[0].ID); got.State != models.InstanceRunning {
				t.Errorf("instance is %s; want RUNNING", got.State)
			}
		})
		t.Run("R18 the owner is notified", func(t *testing.T) {
			if n := lcNotes(t, db, w.owner.AccountID, models.NoteShareLeft, w.img.ID); n != 1 {
				t.Errorf("owner's share_left notifications = %d; want 1", n)
			}
		})
		t.Run("R18 the leave is audited", func(t *testing.T) {
			if n := lcAudits(t, db, "share.leave", w.img.ID, models.OutcomeOK); n != 1 {
				t.Errorf("share.leave events = %d; want 1", n)
			}
		})
		t.Run("R18 the share no longer counts toward N", func(t *testing.T) {
			if n := shLive(t, db, w.img.ID); n != 1 {
				t.Errorf("live shares = %d; want 1 (bob only)", n)
			}
		})
		t.Run("R18 other recipients keep the image", func(t *testing.T) {
			if got := w.sharedTab(t, w.as("bob"), shGZ); len(got) != 1 {
				t.Errorf("bob's shared tab = %v; want the image", shViewIDs(got))
			}
		})
		t.Run("R18 the owner may share again later", func(t *testing.T) {
			w.share(t, "alice")
			if got := shStatuses(t, db, w.img.ID, alice.AccountID); len(got) != 2 || got[1] != models.ShareActive {
				t.Errorf("alice's shares = %v; want [left active]", got)
			}
		})
	})
}

func TestShareLeaveRefused(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		public := addImage(t, db, models.Image{RegionID: shGZ, Name: "public-one", Source: models.SourceOfficial})
		cases := []struct {
			name  string
			setup func(w *shWorld)
			actor string
			image func(w *shWorld) string
		}{
			{"R18 the owner cannot leave its own image", func(w *shWorld) { w.share(t, "alice") }, "owner", nil},
			{"R18 an account the image is not shared with", func(w *shWorld) { w.share(t, "alice") }, "carol", nil},
			{"R18 a public image cannot be left", nil, "alice", func(*shWorld) string { return public.ID }},
			{"R18 a share waiting for review is not the recipient's yet", func(w *shWorld) { w.addShare(t, "alice", models.SharePending) }, "alice", nil},
			{"R18 a cancelled share cannot be left", func(w *shWorld) { w.addShare(t, "alice", models.ShareCancelled) }, "alice", nil},
			{"R18 leaving twice: the second finds nothing", func(w *shWorld) {
				w.share(t, "alice")
				if err := w.shares.Leave(t.Context(), w.as("alice"), w.img.ID); err != nil {
					t.Fatal(err)
				}
			}, "alice", nil},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				w := shNewWorld(t, db)
				if tc.setup != nil {
					tc.setup(w)
				}
				id := w.img.ID
				if tc.image != nil {
					id = tc.image(w)
				}
				before := shStatuses(t, db, w.img.ID, w.id("alice"))
				err := w.shares.Leave(t.Context(), w.as(tc.actor), id)
				wantError(t, err, shNotFound, models.ErrNotFound)
				if after := shStatuses(t, db, w.img.ID, w.id("alice")); len(after) != len(before) || (len(after) > 0 && after[len(after)-1] != before[len(before)-1]) {
					t.Errorf("shares changed from %v to %v", before, after)
				}
				if img, err := w.images.Get(t.Context(), w.as(tc.actor), id); err == nil && img.Can.Leave.OK() {
					t.Errorf("Can.Leave allowed what Leave refuses")
				}
				if n := lcAudits(t, db, "share.leave", id, shNotFound); n == 0 {
					t.Errorf("the refusal was not audited")
				}
			})
		}
	})
}

func TestShareLeaveFreesTheSlot(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		shCap(t, db, "1")
		w := shNewWorld(t, db)
		w.share(t, "alice")
		_, err := w.shares.Share(t.Context(), w.owner, models.ShareRequest{ImageID: w.img.ID, AccountIDs: w.idsOf("bob"), RiskAccepted: true})
		wantError(t, err, "OverQuota", models.ErrInvalid)
		if err := w.shares.Leave(t.Context(), w.as("alice"), w.img.ID); err != nil {
			t.Fatal(err)
		}
		t.Run("R18 R1 after a leave the owner can share with another account", func(t *testing.T) {
			w.share(t, "bob")
		})
	})
}
