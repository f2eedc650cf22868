package models_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

func TestImageUsable(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		store := models.NewImageStore(db)
		w := newLaunchWorld(t, db)
		// More images that must not be offered in gz.
		publicSH := addImage(t, db, models.Image{RegionID: sh, Source: models.SourceOfficial})
		addImage(t, db, models.Image{OwnerAccountID: owned(w.self.AccountID), RegionID: gz, State: models.ImageCreateFailed})
		addImage(t, db, models.Image{OwnerAccountID: owned(w.self.AccountID), RegionID: gz, State: models.ImageSyncing})
		syncingShared := addImage(t, db, models.Image{OwnerAccountID: owned(w.other.AccountID), RegionID: gz, State: models.ImageSyncing})
		addShare(t, db, syncingShared.ID, w.self.AccountID, models.ShareActive)
		var endedShares []string
		for _, status := range []string{models.ShareRevoked, models.ShareRejected} {
			img := addImage(t, db, models.Image{OwnerAccountID: owned(w.other.AccountID), RegionID: gz})
			addShare(t, db, img.ID, w.self.AccountID, status)
			endedShares = append(endedShares, img.ID)
		}
		sharedSH := addImage(t, db, models.Image{OwnerAccountID: owned(w.other.AccountID), RegionID: sh})
		addShare(t, db, sharedSH.ID, w.self.AccountID, models.ShareActive)
		gone := addActor(t, db, "Gone")
		goneImg := addImage(t, db, models.Image{OwnerAccountID: owned(gone.AccountID), RegionID: gz})
		addShare(t, db, goneImg.ID, w.self.AccountID, models.ShareActive)
		setAccountStatus(t, db, gone.AccountID, models.AccountDisabled)

		tests := []struct {
			name   string
			actor  models.Actor
			region string
			want   map[string]string // image id -> type
		}{
			{"R4 R13 gz offers public, own and actively shared NORMAL images of gz", w.self, gz, map[string]string{
				w.public.ID: models.PublicImage, w.own.ID: models.PrivateImage, w.armOwn.ID: models.PrivateImage,
				w.sharedIn.ID: models.SharedImage}},
			{"R4 sh offers only the images of sh", w.self, sh, map[string]string{
				publicSH.ID: models.PublicImage, w.ownSH.ID: models.PrivateImage, sharedSH.ID: models.SharedImage}},
			{"R11 the owner is offered its own images whatever their shares", w.other, gz, map[string]string{
				w.public.ID: models.PublicImage, w.sharedIn.ID: models.PrivateImage, w.pendingIn.ID: models.PrivateImage,
				w.sharedCancelled.ID: models.PrivateImage, w.strangers.ID: models.PrivateImage,
				endedShares[0]: models.PrivateImage, endedShares[1]: models.PrivateImage}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := store.Usable(t.Context(), tt.actor, tt.region)
				if err != nil {
					t.Fatal(err)
				}
				types := map[string]string{}
				for _, v := range got {
					if _, dup := types[v.ID]; dup {
						t.Errorf("image %s offered twice", v.ID)
					}
					types[v.ID] = v.Type
				}
				if !maps.Equal(types, tt.want) {
					t.Errorf("Usable = %v; want exactly %v", types, tt.want)
				}
			})
		}
	})
}

func TestImageImpact(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		images, instances := models.NewImageStore(db), models.NewInstanceStore(db)
		owner, alice, bob := addActor(t, db, "Owner"), addActor(t, db, "Alice"), addActor(t, db, "Bob")
		img := addImage(t, db, models.Image{OwnerAccountID: owned(owner.AccountID), RegionID: gz})
		other := addImage(t, db, models.Image{OwnerAccountID: owned(owner.AccountID), RegionID: gz})
		addShare(t, db, img.ID, alice.AccountID, models.ShareActive)
		addShare(t, db, img.ID, bob.AccountID, models.ShareActive)
		addShare(t, db, other.ID, alice.AccountID, models.ShareActive)
		mine := launch(t, instances, owner, gz, img.ID, 2)
		alices := launch(t, instances, alice, gz, img.ID, 3)
		launch(t, instances, alice, gz, other.ID, 4)
		bobs := launch(t, instances, bob, gz, img.ID, 1)
		drain(t, models.NewJobQueue(db, 0))
		for _, step := range []struct {
			actor models.Actor
			id    string
			stop  bool
		}{{owner, mine[0].ID, true}, {alice, alices[0].ID, false}, {bob, bobs[0].ID, false}} {
			var err error
			if step.stop {
				err = instances.Stop(t.Context(), step.actor, step.id)
			} else {
				err = instances.Terminate(t.Context(), step.actor, step.id)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		// Cancelling a share leaves the recipient's instances counted (R15).
		if err := db.Model(&models.Share{}).Where("image_id = ? AND recipient_account_id = ?", img.ID, alice.AccountID).
			Update("status", models.ShareCancelled).Error; err != nil {
			t.Fatal(err)
		}
		got, err := images.Impact(t.Context(), owner, img.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []models.ImpactRow{{AccountID: owner.AccountID, AccountName: "Owner", Instances: 2}}
		want = append(want, models.ImpactRow{AccountID: alice.AccountID, AccountName: "Alice", Instances: 2})
		slices.SortFunc(want, func(a, b models.ImpactRow) int { return strings.Compare(a.AccountID, b.AccountID) })
		if !slices.Equal(got, want) {
			t.Errorf("Impact = %+v; want %+v (live instances only, per account)", got, want)
		}
		for _, a := range []models.Actor{alice, bob} {
			_, err := images.Impact(t.Context(), a, img.ID)
			wantError(t, err, "InvalidImageId.NotFound", models.ErrNotFound)
		}
	})
}

// Impact's doc promises that anyone but the owner learns nothing: not found.
func TestImageImpactOfPublicImage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		self := addActor(t, db, "Self")
		public := addImage(t, db, models.Image{RegionID: gz, Source: models.SourceOfficial})
		_, err := models.NewImageStore(db).Impact(t.Context(), self, public.ID)
		wantError(t, err, "InvalidImageId.NotFound", models.ErrNotFound)
	})
}
