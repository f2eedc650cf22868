package models_test

import (
	"slices"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

func TestShareRecipientView(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		w := shNewWorld(t, db)
		alice := w.as("alice")
		quotaBefore, err := w.quotas.Region(t.Context(), alice, shGZ)
		if err != nil {
			t.Fatal(err)
		}
		w.share(t, "alice")
		for _, region := range models.RegionIDs {
			want := []string{}
			name := "R4 the recipient does not see the image in the shared tab of " + region
			if region == shGZ {
				want = []string{w.img.ID}
				name = "R4 the recipient sees the image in the shared tab of its region " + region + ", with the owner's name"
			}
			t.Run(name, func(t *testing.T) {
				got := w.sharedTab(t, alice, region)
				if !slices.Equal(shViewIDs(got), want) {
					t.Fatalf("shared tab = %v; want %v", shViewIDs(got), want)
				}
				for _, v := range got {
					if v.Type != models.SharedImage || v.OwnerName != "Owner Co" || v.OwnerAccountID == nil || *v.OwnerAccountID != w.owner.AccountID {
						t.Errorf("row = type %s owner %q; want SHARED_IMAGE of Owner Co", v.Type, v.OwnerName)
					}
				}
			})
		}
		t.Run("R4 another account sees nothing in the shared tab", func(t *testing.T) {
			if got := w.sharedTab(t, w.as("bob"), shGZ); len(got) != 0 {
				t.Errorf("bob's shared tab = %v; want empty", shViewIDs(got))
			}
		})
		t.Run("R8 the recipient's Get names the owner", func(t *testing.T) {
			v, err := w.images.Get(t.Context(), alice, w.img.ID)
			if err != nil || v.Type != models.SharedImage || v.OwnerName != "Owner Co" {
				t.Errorf("Get = %s %q, %v; want SHARED_IMAGE of Owner Co", v.Type, v.OwnerName, err)
			}
		})
		t.Run("R4 the recipient launches from the image in its region", func(t *testing.T) {
			out, err := w.launch(t, alice, shGZ, w.img.ID)
			if err != nil || len(out) != 1 || out[0].ImageID != w.img.ID || out[0].AccountID != alice.AccountID {
				t.Fatalf("Launch = %+v, %v; want one instance of alice from the image", out, err)
			}
		})
		for _, region := range []string{shSH, shBJ, "eu-frankfurt"} {
			t.Run("R4 launching from the image in "+region+" is InvalidImageId.NotFound", func(t *testing.T) {
				before := snapshot(t, db)
				_, err := w.launch(t, alice, region, w.img.ID)
				wantError(t, err, shNotFound, models.ErrNotFound)
				unchanged(t, db, before)
			})
		}
		t.Run("R3 the shared image does not count toward the recipient's quota", func(t *testing.T) {
			q, err := w.quotas.Region(t.Context(), alice, shGZ)
			if err != nil || q.Used != quotaBefore.Used || q.Used != 0 || q.Limit != models.DefaultImageQuota {
				t.Errorf("alice's quota in %s = %+v, %v; want 0 of %d as before sharing", shGZ, q, err, models.DefaultImageQuota)
			}
			if q, _ := w.quotas.Region(t.Context(), w.owner, shGZ); q.Used != 1 {
				t.Errorf("owner's quota use = %d; want 1 (its own image)", q.Used)
			}
		})
		t.Run("R3 the shared image is not in the recipient's custom tab", func(t *testing.T) {
			page, err := w.images.List(t.Context(), alice, models.ImageQuery{Region: shGZ, Tab: models.TabCustom})
			if err != nil || page.Total != 0 {
				t.Errorf("custom tab = %v, %v; want empty", shViewIDs(page.Images), err)
			}
		})
	})
}

func TestShareRecipientCannotChange(t *testing.T) {
	tests := []struct {
		name     string
		call     func(t *testing.T, w *shWorld, a models.Actor) error
		wantCode string
		wantKind error
	}{
		{"R2 the recipient's Update is refused with UnsupportedOperation.SharedImageModifyUnsupported",
			func(t *testing.T, w *shWorld, a models.Actor) error {
				_, err := w.images.Update(t.Context(), a, w.img.ID, models.ImageEdit{Name: "mine now", Description: "mine"})
				return err
			}, shNoModify, models.ErrInvalid},
		{"R7 the recipient's Delete is refused with InvalidParameterValue.InvalidImageIdIsShared",
			func(t *testing.T, w *shWorld, a models.Actor) error { return w.images.Delete(t.Context(), a, w.img.ID) },
			shNoDeleteYet, models.ErrInvalid},
		{"R5 the recipient's Copy is refused with UnauthorizedOperation.ImageNotBelongToAccount",
			func(t *testing.T, w *shWorld, a models.Actor) error {
				_, err := w.images.Copy(t.Context(), a, w.img.ID, models.ImageCopy{Regions: []string{shSH}})
				return err
			}, shNotYours, models.ErrInvalid},
		{"R9 the recipient's Share is refused with UnauthorizedOperation.ImageNotBelongToAccount",
			func(t *testing.T, w *shWorld, a models.Actor) error {
				_, err := w.shares.Share(t.Context(), a, models.ShareRequest{ImageID: w.img.ID, AccountIDs: w.idsOf("bob"), RiskAccepted: true})
				return err
			}, shNotYours, models.ErrInvalid},
		{"R15 the recipient's Cancel is refused with UnauthorizedOperation.ImageNotBelongToAccount",
			func(t *testing.T, w *shWorld, a models.Actor) error {
				_, err := w.shares.Cancel(t.Context(), a, w.img.ID, []string{a.AccountID})
				return err
			}, shNotYours, models.ErrInvalid},
		{"R15 the recipient's CancelAll is refused with UnauthorizedOperation.ImageNotBelongToAccount",
			func(t *testing.T, w *shWorld, a models.Actor) error {
				_, err := w.shares.CancelAll(t.Context(), a, w.img.ID)
				return err
			}, shNotYours, models.ErrInvalid},
		{"R15 the recipient cannot read the share list: InvalidImageId.NotFound",
			func(t *testing.T, w *shWorld, a models.Actor) error {
				_, err := w.shares.ForImage(t.Context(), a, w.img.ID)
				return err
			}, shNotFound, models.ErrNotFound},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				w := shNewWorld(t, db)
				w.share(t, "alice")
				before := snapshot(t, db)
				wantError(t, tt.call(t, w, w.as("alice")), tt.wantCode, tt.wantKind)
				unchanged(t, db, before)
			})
		}
	})
}

func TestShareOwnerEditReachesRecipient(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		w := shNewWorld(t, db)
		w.share(t, "alice")
		if _, err := w.images.Update(t.Context(), w.owner, w.img.ID, models.ImageEdit{Name: "golden v2", Description: "now with tools"}); err != nil {
			t.Fatalf("owner's Update: %v", err)
		}
		t.Run("R2 the recipient's Get shows the owner's new name and description", func(t *testing.T) {
			v, err := w.images.Get(t.Context(), w.as("alice"), w.img.ID)
			if err != nil || v.Name != "golden v2" || v.Description != "now with tools" {
				t.Errorf("Get = %q %q, %v; want the new values", v.Name, v.Description, err)
			}
		})
		t.Run("R2 the recipient's shared tab shows the owner's new name", func(t *testing.T) {
			got := w.sharedTab(t, w.as("alice"), shGZ)
			if len(got) != 1 || got[0].Name != "golden v2" {
				t.Errorf("shared tab = %+v; want the image named golden v2", got)
			}
		})
	})
}

func TestShareOwnerDisabled(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		shSeed(t, db)
		w := shNewWorld(t, db)
		w.share(t, "alice")
		alice := w.as("alice")
		setAccountStatus(t, db, w.owner.AccountID, models.AccountDisabled)
		t.Run("SPEC 2 an image of a disabled owner leaves the recipient's shared tab", func(t *testing.T) {
			if got := w.sharedTab(t, alice, shGZ); len(got) != 0 {
				t.Errorf("shared tab = %v; want empty", shViewIDs(got))
			}
		})
		t.Run("SPEC 2 an image of a disabled owner does not exist for the recipient's Get", func(t *testing.T) {
			_, err := w.images.Get(t.Context(), alice, w.img.ID)
			wantError(t, err, shNotFound, models.ErrNotFound)
		})
		t.Run("SPEC 2 an image of a disabled owner cannot be launched from", func(t *testing.T) {
			_, err := w.launch(t, alice, shGZ, w.img.ID)
			wantError(t, err, shNotFound, models.ErrNotFound)
		})
		t.Run("SPEC 2 the share itself is kept and the image returns with its owner", func(t *testing.T) {
			if got := shStatuses(t, db, w.img.ID, alice.AccountID); !slices.Equal(got, []string{models.ShareActive}) {
				t.Errorf("shares = %v; want still active", got)
			}
			setAccountStatus(t, db, w.owner.AccountID, models.AccountActive)
			if got := w.sharedTab(t, alice, shGZ); !slices.Equal(shViewIDs(got), []string{w.img.ID}) {
				t.Errorf("shared tab after re-enabling = %v; want the image", shViewIDs(got))
			}
		})
	})
}
