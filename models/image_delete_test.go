package models_test

import (
	"fmt"
	"strings"
	"testing"

	"gorm.io/gorm"

	"imageshare/models"
	"imageshare/models/testdb"
)

func TestImageDelete(t *testing.T) {
	tests := []struct {
		name   string
		state  string
		shares []string // statuses of shares with distinct accounts
		// On refusal: the code and its kind.
		wantCode string
		wantKind error
	}{
		{name: "R6 the owner deletes an unshared image", state: models.ImageNormal},
		{name: "R6 the owner deletes an image that failed to be created", state: models.ImageCreateFailed},
		{name: "R6 refused while a share is active", state: models.ImageNormal, shares: []string{models.ShareActive},
			wantCode: "InvalidImageId.InShared", wantKind: models.ErrConflict},
		{name: "R6 refused while a share is pending", state: models.ImageNormal, shares: []string{models.SharePending},
			wantCode: "InvalidImageId.InShared", wantKind: models.ErrConflict},
		{name: "R6 refused while shares are pending and active, and only those are listed", state: models.ImageNormal,
			shares:   []string{models.ShareActive, models.ShareCancelled, models.SharePending, models.ShareRevoked, models.ShareActive},
			wantCode: "InvalidImageId.InShared", wantKind: models.ErrConflict},
		{name: "R6 allowed once every share is cancelled, revoked or rejected", state: models.ImageNormal,
			shares: []string{models.ShareCancelled, models.ShareRevoked, models.ShareRejected}},
		{name: "R6 refused while the image is being created", state: models.ImageCreating,
			wantCode: "InvalidImageId.IncorrectState", wantKind: models.ErrConflict},
		{name: "R6 refused while the image is being copied in", state: models.ImageSyncing,
			wantCode: "InvalidImageId.IncorrectState", wantKind: models.ErrConflict},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		store := models.NewImageStore(db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				owner := addActor(t, db, "Owner")
				img := addImage(t, db, models.Image{OwnerAccountID: owned(owner.AccountID), RegionID: gz, State: tt.state})
				var live []string
				for _, status := range tt.shares {
					r := addActor(t, db, "Recipient")
					addShare(t, db, img.ID, r.AccountID, status)
					if status == models.ShareActive || status == models.SharePending {
						live = append(live, r.AccountID)
					}
				}
				before := snapshot(t, db)
				err := store.Delete(t.Context(), owner, img.ID)
				if tt.wantCode == "" {
					if err != nil {
						t.Fatalf("Delete: %v", err)
					}
					if n := countRows(t, db, &models.Image{}, "id = ? AND binned_at IS NOT NULL AND purged_at IS NULL", img.ID); n != 1 {
						t.Errorf("image not in the recycle bin after Delete (R23)")
					}
					if _, err := store.Get(t.Context(), owner, img.ID); err == nil {
						t.Errorf("Get after Delete found the image")
					}
					return
				}
				e := wantError(t, err, tt.wantCode, tt.wantKind)
				unchanged(t, db, before)
				if len(live) == 0 {
					return
				}
				if len(e.Msg.Args) != 2 || e.Msg.Args[0] != len(live) {
					t.Fatalf("message args = %v; want the count %d and the accounts", e.Msg.Args, len(live))
				}
				listed := fmt.Sprint(e.Msg.Args[1])
				for _, id := range live {
					if !strings.Contains(listed, id) {
						t.Errorf("message lists %q; want it to name %s", listed, id)
					}
				}
				if strings.Count(listed, ",")+1 != len(live) {
					t.Errorf("message lists %q; want exactly the %d accounts with a pending or active share", listed, len(live))
				}
			})
		}
	})
}

// R6: deleting an image never touches the instances launched from it.
func TestImageDeleteKeepsInstances(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		images, instances := models.NewImageStore(db), models.NewInstanceStore(db)
		owner, recipient := addActor(t, db, "Owner"), addActor(t, db, "Recipient")
		img := addImage(t, db, models.Image{OwnerAccountID: owned(owner.AccountID), RegionID: gz, Name: "golden"})
		share := addShare(t, db, img.ID, recipient.AccountID, models.ShareActive)
		mine := launch(t, instances, owner, gz, img.ID, 2)
		theirs := launch(t, instances, recipient, gz, img.ID, 1)
		drain(t, models.NewJobQueue(db, 0))
		if err := instances.Stop(t.Context(), owner, mine[1].ID); err != nil {
			t.Fatal(err)
		}
		if err := db.Model(&share).Update("status", models.ShareCancelled).Error; err != nil {
			t.Fatal(err)
		}
		want := map[string]models.Instance{}
		for _, ins := range append(mine, theirs...) {
			want[ins.ID] = readInstance(t, db, ins.ID)
		}
		if err := images.Delete(t.Context(), owner, img.ID); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		for id, w := range want {
			got := readInstance(t, db, id)
			if got.State != w.State || got.ImageID != img.ID || got.ImageName != "golden" || !got.UpdatedAt.Equal(w.UpdatedAt) {
				t.Errorf("instance %s = %s from %s (%s) updated %v; want %s from %s (golden) untouched",
					id, got.State, got.ImageID, got.ImageName, got.UpdatedAt, w.State, img.ID)
			}
		}
		if got := readInstance(t, db, mine[1].ID).State; got != models.InstanceStopped {
			t.Errorf("stopped instance is %s after Delete; want %s", got, models.InstanceStopped)
		}
		if got := readInstance(t, db, theirs[0].ID).State; got != models.InstanceRunning {
			t.Errorf("recipient's instance is %s after Delete; want %s", got, models.InstanceRunning)
		}
	})
}

// R6 holds against a share being made at the same moment: a delete that
// overlaps a share must end as if one came first. Either the share wins and
// the delete is refused, or the delete wins and the share fails; never an
// image deleted while it had a live share (its share silently cascaded away).
// The concurrent share is played by a transaction that does what
// ShareStore.Share does in its middle: lock the image row, insert the share.
func TestImageDeleteRacingAShare(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		if db.Dialect == models.Postgres {
		}
		regionsOnly(t, db)
		owner, recipient := addActor(t, db, "Owner"), addActor(t, db, "Recipient")
		img := addImage(t, db, models.Image{OwnerAccountID: owned(owner.AccountID), RegionID: gz})
		err := whileOpen(t, db, func(tx *gorm.DB) error {
			if db.Dialect == models.Postgres {
				if err := tx.Raw("SELECT id FROM images WHERE id = ? FOR UPDATE", img.ID).Scan(new(string)).Error; err != nil {
					return err
				}
			}
			return tx.Create(&models.Share{ImageID: img.ID, RecipientAccountID: recipient.AccountID,
				Status: models.ShareActive, CreatedAt: base}).Error
		}, func() error { return models.NewImageStore(db).Delete(t.Context(), owner, img.ID) })
		images := countRows(t, db, &models.Image{}, "id = ?", img.ID)
		shares := countRows(t, db, &models.Share{}, "image_id = ? AND status = ?", img.ID, models.ShareActive)
		if err == nil {
			t.Fatalf("Delete succeeded with a share committed meanwhile; now %d image(s), %d active share(s)", images, shares)
		}
		wantError(t, err, "InvalidImageId.InShared", models.ErrConflict)
		if images != 1 || shares != 1 {
			t.Errorf("after the refused delete: %d image(s), %d active share(s); want both kept", images, shares)
		}
	})
}
