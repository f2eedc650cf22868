package models_test

import (
	"slices"
	"strings"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

func TestShareCancel(t *testing.T) {
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
		ins := launched[0]
		if got := readInstance(t, db, ins.ID); got.State != models.InstanceRunning {
			t.Fatalf("alice's instance is %s; want RUNNING before the cancel", got.State)
		}
		n, err := w.shares.Cancel(t.Context(), w.owner, w.img.ID, w.idsOf("alice"))
		if err != nil || n != 1 {
			t.Fatalf("Cancel = %d, %v; want 1", n, err)
		}
		t.Run("R15 the image leaves the recipient's shared tab at once", func(t *testing.T) {
			if got := w.sharedTab(t, alice, shGZ); len(got) != 0 {
				t.Errorf("shared tab = %v; want empty", shViewIDs(got))
			}
		})
		t.Run("R15 the image no longer exists for the recipient's Get", func(t *testing.T) {
			_, err := w.images.Get(t.Context(), alice, w.img.ID)
			wantError(t, err, shNotFound, models.ErrNotFound)
		})
		t.Run("R15 the recipient can no longer launch from the image", func(t *testing.T) {
			_, err := w.launch(t, alice, shGZ, w.img.ID)
			wantError(t, err, shNotFound, models.ErrNotFound)
		})
		t.Run("R15 the recipient can no longer reinstall from the image", func(t *testing.T) {
			err := w.instances.Reinstall(t.Context(), alice, ins.ID, w.img.ID)
			wantError(t, err, shNotFound, models.ErrNotFound)
		})
		t.Run("R15 the recipient's existing instance keeps running", func(t *testing.T) {
			got := readInstance(t, db, ins.ID)
			if got.State != models.InstanceRunning || got.ImageID != w.img.ID {
				t.Errorf("instance = %s from %s; want RUNNING from %s", got.State, got.ImageID, w.img.ID)
			}
			listed, err := w.instances.List(t.Context(), alice, shGZ)
			if err != nil || len(listed) != 1 || listed[0].ID != ins.ID {
				t.Errorf("alice's instances = %+v, %v; want hers still listed", listed, err)
			}
		})
		t.Run("R15 the cancel is recorded with who and when, the row kept", func(t *testing.T) {
			var s models.Share
			if err := db.Where("image_id = ? AND recipient_account_id = ?", w.img.ID, alice.AccountID).Take(&s).Error; err != nil {
				t.Fatal(err)
			}
			if s.Status != models.ShareCancelled || s.DecidedByUserID == nil || *s.DecidedByUserID != w.owner.UserID || s.DecidedAt == nil {
				t.Errorf("share = %+v; want cancelled by user %d with a time", s, w.owner.UserID)
			}
		})
		t.Run("R15 other recipients keep the image", func(t *testing.T) {
			if got := w.sharedTab(t, w.as("bob"), shGZ); !slices.Equal(shViewIDs(got), []string{w.img.ID}) {
				t.Errorf("bob's shared tab = %v; want the image", shViewIDs(got))
			}
		})
	})
}

func TestShareCancelPending(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		shSetting(t, db, "share_policy", "review")
		w := shNewWorld(t, db)
		w.share(t, "alice")
		if n, err := w.shares.Cancel(t.Context(), w.owner, w.img.ID, w.idsOf("alice")); err != nil || n != 1 {
			t.Fatalf("Cancel of a pending share = %d, %v; want 1", n, err)
		}
		if got := shStatuses(t, db, w.img.ID, w.id("alice")); !slices.Equal(got, []string{models.ShareCancelled}) {
			t.Errorf("shares = %v; want [cancelled]", got)
		}
	})
}

func TestShareCancelRefusals(t *testing.T) {
	tests := []struct {
		name       string
		actor      string
		accounts   []string
		wantCode   string
		wantKind   error
		wantFields []shField
	}{
		{name: "R15 an account not shared with is refused with a field", accounts: []string{"carol"},
			wantCode: shBadAccount, wantKind: models.ErrInvalid, wantFields: []shField{{"carol", "share.not_shared_with"}}},
		{name: "R15 an account whose share already ended is refused with a field", accounts: []string{"dave"},
			wantCode: shBadAccount, wantKind: models.ErrInvalid, wantFields: []shField{{"dave", "share.not_shared_with"}}},
		{name: "R15 a mix of shared and unshared accounts cancels nothing", accounts: []string{"alice", "carol", "bob", "unknown", "malformed"},
			wantCode: shBadAccount, wantKind: models.ErrInvalid, wantFields: []shField{
				{"carol", "share.not_shared_with"}, {"unknown", "share.not_shared_with"}, {"malformed", "share.not_shared_with"}}},
		{name: "R15 a cancel with no account is refused with MissingParameter", accounts: []string{},
			wantCode: shMissing, wantKind: models.ErrInvalid, wantFields: []shField{{"accounts", "share.cancel_none"}}},
		{name: "R15 a recipient cannot cancel its own share", actor: "alice", accounts: []string{"alice"},
			wantCode: shNotYours, wantKind: models.ErrInvalid},
		{name: "R15 a stranger's cancel finds no image", actor: "carol", accounts: []string{"alice"},
			wantCode: shNotFound, wantKind: models.ErrNotFound},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				w := shNewWorld(t, db)
				w.ids["dave"] = shAccount(t, db, "Dave GmbH", models.AccountActive)
				w.share(t, "alice", "bob")
				w.addShare(t, "dave", models.ShareCancelled)
				before := snapshot(t, db)
				n, err := w.shares.Cancel(t.Context(), w.as(tt.actor), w.img.ID, w.idsOf(tt.accounts...))
				if n != 0 {
					t.Errorf("refused Cancel reported %d cancelled", n)
				}
				shWantFields(t, w, wantError(t, err, tt.wantCode, tt.wantKind), tt.wantFields)
				unchanged(t, db, before)
				if live := shLive(t, db, w.img.ID); live != 2 {
					t.Errorf("%d live shares; want alice's and bob's, 2", live)
				}
			})
		}
	})
}

func TestShareCancelAll(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		w := shNewWorld(t, db)
		w.ids["dave"] = shAccount(t, db, "Dave GmbH", models.AccountActive)
		w.share(t, "alice", "bob")
		w.addShare(t, "carol", models.SharePending)
		w.addShare(t, "dave", models.ShareRejected)
		other := addImage(t, db, models.Image{OwnerAccountID: owned(w.owner.AccountID), RegionID: shGZ})
		addShare(t, db, other.ID, w.id("alice"), models.ShareActive)

		n, err := w.shares.CancelAll(t.Context(), w.owner, w.img.ID)
		if err != nil || n != 3 {
			t.Fatalf("CancelAll = %d, %v; want 3 (two active, one pending)", n, err)
		}
		var rows []models.Share
		if err := db.Where("image_id = ?", w.img.ID).Order("id").Find(&rows).Error; err != nil {
			t.Fatal(err)
		}
		for _, s := range rows {
			name := map[string]string{w.id("alice"): "alice", w.id("bob"): "bob", w.id("carol"): "carol", w.id("dave"): "dave"}[s.RecipientAccountID]
			t.Run("R15 CancelAll leaves "+name+"'s share right", func(t *testing.T) {
				if name == "dave" {
					if s.Status != models.ShareRejected || s.DecidedByUserID != nil || s.DecidedAt != nil {
						t.Errorf("ended share = %+v; want it untouched", s)
					}
					return
				}
				if s.Status != models.ShareCancelled || s.DecidedByUserID == nil || *s.DecidedByUserID != w.owner.UserID || s.DecidedAt == nil {
					t.Errorf("share = %+v; want cancelled, decided by user %d at a time", s, w.owner.UserID)
				}
			})
		}
		t.Run("R15 CancelAll leaves the owner's other images shared", func(t *testing.T) {
			if got := shStatuses(t, db, other.ID, w.id("alice")); !slices.Equal(got, []string{models.ShareActive}) {
				t.Errorf("other image's share = %v; want active", got)
			}
		})
		t.Run("R15 CancelAll with no live share ends nothing", func(t *testing.T) {
			before := snapshot(t, db)
			if n, err := w.shares.CancelAll(t.Context(), w.owner, w.img.ID); err != nil || n != 0 {
				t.Errorf("second CancelAll = %d, %v; want 0", n, err)
			}
			unchanged(t, db, before)
		})
		t.Run("R15 a stranger's CancelAll finds no image", func(t *testing.T) {
			_, err := w.shares.CancelAll(t.Context(), w.as("dave"), other.ID)
			wantError(t, err, shNotFound, models.ErrNotFound)
			if got := shStatuses(t, db, other.ID, w.id("alice")); !slices.Equal(got, []string{models.ShareActive}) {
				t.Errorf("other image's share = %v; want still active", got)
			}
		})
	})
}

func TestShareDeleteNeedsNoLiveShare(t *testing.T) {
	tests := []struct {
		name     string
		statuses map[string]string // account name → share status
		wantList []string          // the accounts the refusal lists; none: Delete succeeds
	}{
		{"R6 active shares block Delete, listing the accounts",
			map[string]string{"alice": models.ShareActive, "bob": models.ShareActive}, []string{"alice", "bob"}},
		{"R6 a pending share blocks Delete",
			map[string]string{"alice": models.SharePending, "bob": models.ShareRejected}, []string{"alice"}},
		{"R6 cancelled, revoked and rejected shares do not block Delete",
			map[string]string{"alice": models.ShareCancelled, "bob": models.ShareRevoked, "carol": models.ShareRejected}, nil},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				w := shNewWorld(t, db)
				for name, status := range tt.statuses {
					w.addShare(t, name, status)
				}
				before := snapshot(t, db)
				err := w.images.Delete(t.Context(), w.owner, w.img.ID)
				if tt.wantList == nil {
					if err != nil {
						t.Fatalf("Delete: %v", err)
					}
					if n := countRows(t, db, &models.Image{}, "id = ? AND binned_at IS NULL", w.img.ID); n != 0 {
						t.Errorf("the image is still in use (not in the recycle bin)")
					}
					return
				}
				e := wantError(t, err, shInShared, models.ErrConflict)
				ids := w.idsOf(tt.wantList...)
				slices.Sort(ids)
				if len(e.Msg.Args) != 2 || e.Msg.Args[0] != len(ids) || e.Msg.Args[1] != strings.Join(ids, ", ") {
					t.Errorf("refusal message = %+v; want %d accounts: %s", e.Msg, len(ids), strings.Join(ids, ", "))
				}
				unchanged(t, db, before)
			})
		}
	})
}

func TestShareDeleteAfterCancelAll(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		w := shNewWorld(t, db)
		w.share(t, "alice", "bob")
		launched, err := w.launch(t, w.as("alice"), shGZ, w.img.ID)
		if err != nil {
			t.Fatal(err)
		}
		before := snapshot(t, db)
		wantError(t, w.images.Delete(t.Context(), w.owner, w.img.ID), shInShared, models.ErrConflict)
		unchanged(t, db, before)
		if _, err := w.shares.CancelAll(t.Context(), w.owner, w.img.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.images.Delete(t.Context(), w.owner, w.img.ID); err != nil {
			t.Fatalf("R6 Delete after CancelAll: %v", err)
		}
		if n := countRows(t, db, &models.Image{}, "id = ? AND binned_at IS NULL", w.img.ID); n != 0 {
			t.Error("R6 the image is still in use (not in the recycle bin) after Delete")
		}
		if got := readInstance(t, db, launched[0].ID); got.ImageID != w.img.ID || got.State == models.InstanceTerminated {
			t.Errorf("R6 the recipient's instance = %s from %s; want it untouched", got.State, got.ImageID)
		}
	})
}

func TestShareForImage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		w := shNewWorld(t, db)
		// A second user of the owner's account cancels, so the list must
		// tell the creator from the decider.
		colleague := models.User{AccountID: w.owner.AccountID, Username: "sh-colleague-" + w.owner.AccountID, PasswordHash: "x",
			Role: models.RoleMember, Locale: models.LocaleEnglish, CreatedAt: base, UpdatedAt: base}
		if err := db.Create(&colleague).Error; err != nil {
			t.Fatal(err)
		}
		w.share(t, "alice")
		w.share(t, "bob")
		if _, err := w.shares.Cancel(t.Context(), models.Actor{UserID: colleague.ID, AccountID: w.owner.AccountID}, w.img.ID, w.idsOf("alice")); err != nil {
			t.Fatal(err)
		}
		w.share(t, "alice")

		got, err := w.shares.ForImage(t.Context(), w.owner, w.img.ID)
		if err != nil {
			t.Fatal(err)
		}
		type row struct{ account, status, name, createdBy, decidedBy string }
		want := []row{
			{w.id("alice"), models.ShareActive, "Alice Ltd", w.ownerUser.Username, ""},
			{w.id("bob"), models.ShareActive, "Bob Inc", w.ownerUser.Username, ""},
			{w.id("alice"), models.ShareCancelled, "Alice Ltd", w.ownerUser.Username, colleague.Username},
		}
		var rows []row
		for _, v := range got {
			rows = append(rows, row{v.RecipientAccountID, v.Status, v.RecipientName, v.CreatedBy, v.DecidedBy})
		}
		t.Run("R15 ForImage lists every share, newest first, with names and usernames", func(t *testing.T) {
			if !slices.Equal(rows, want) {
				t.Errorf("ForImage = %+v; want %+v", rows, want)
			}
		})
		t.Run("R15 ForImage tells live shares from ended ones", func(t *testing.T) {
			var live []bool
			for _, v := range got {
				live = append(live, v.Live())
			}
			if !slices.Equal(live, []bool{true, true, false}) {
				t.Errorf("Live() = %v; want [true true false]", live)
			}
		})
		for _, who := range []string{"alice", "carol"} {
			t.Run("SPEC 2 ForImage as "+who+", not the owner, is InvalidImageId.NotFound", func(t *testing.T) {
				out, err := w.shares.ForImage(t.Context(), w.as(who), w.img.ID)
				wantError(t, err, shNotFound, models.ErrNotFound)
				if out != nil {
					t.Errorf("ForImage as %s returned %d rows", who, len(out))
				}
			})
		}
		t.Run("R15 ForImage of an image never shared is empty", func(t *testing.T) {
			img := addImage(t, db, models.Image{OwnerAccountID: owned(w.owner.AccountID), RegionID: shGZ})
			out, err := w.shares.ForImage(t.Context(), w.owner, img.ID)
			if err != nil || len(out) != 0 {
				t.Errorf("ForImage = %d rows, %v; want none", len(out), err)
			}
		})
	})
}
