package models_test

import (
	"fmt"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

func TestQuotaRegions(t *testing.T) {
	type use struct{ used, limit int }
	tests := []struct {
		name  string
		setup func(t *testing.T, db *models.DB, self, other string)
		want  map[string]use // regions not named here: 0 used of 10
	}{
		{"R3: default quota is 10 in each of the 9 regions", nil, nil},
		{"R3: an override applies to its region only", func(t *testing.T, db *models.DB, self, _ string) {
			addQuota(t, db, self, sh, 25)
		}, map[string]use{sh: {0, 25}}},
		{"another account's override does not apply", func(t *testing.T, db *models.DB, _, other string) {
			addQuota(t, db, other, sh, 3)
		}, nil},
		{"used counts the account's own images in their region", func(t *testing.T, db *models.DB, self, _ string) {
			for _, region := range []string{gz, gz, gz, sh} {
				addImage(t, db, models.Image{OwnerAccountID: owned(self), RegionID: region})
			}
		}, map[string]use{gz: {3, 10}, sh: {1, 10}}},
		{"R3: images shared with the account do not count", func(t *testing.T, db *models.DB, self, other string) {
			for _, status := range []string{models.ShareActive, models.SharePending} {
				img := addImage(t, db, models.Image{OwnerAccountID: owned(other), RegionID: gz})
				addShare(t, db, img.ID, self, status)
			}
		}, nil},
		{"another account's images do not count", func(t *testing.T, db *models.DB, _, other string) {
			addImage(t, db, models.Image{OwnerAccountID: owned(other), RegionID: gz})
		}, nil},
		{"public images do not count", func(t *testing.T, db *models.DB, _, _ string) {
			addImage(t, db, models.Image{RegionID: gz})
		}, nil},
		{"use and override combine in one region", func(t *testing.T, db *models.DB, self, _ string) {
			addQuota(t, db, self, gz, 2)
			addImage(t, db, models.Image{OwnerAccountID: owned(self), RegionID: gz})
		}, map[string]use{gz: {1, 2}}},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		testdb.Seeded(t, db)
		store := models.NewQuotaStore(db)
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				self := addAccount(t, db, fmt.Sprintf("3%011d", 2*i), "Quota Self", models.AccountActive).ID
				other := addAccount(t, db, fmt.Sprintf("3%011d", 2*i+1), "Quota Other", models.AccountActive).ID
				if tt.setup != nil {
					tt.setup(t, db, self, other)
				}
				got, err := store.Regions(t.Context(), models.Actor{AccountID: self})
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != 9 {
					t.Fatalf("Regions returned %d regions; want 9", len(got))
				}
				for i, q := range got {
					want, ok := tt.want[q.Region]
					if !ok {
						want = use{0, 10}
					}
					if q.Region != models.RegionIDs[i] || q.Used != want.used || q.Limit != want.limit {
						t.Errorf("quota #%d = %+v; want %s: %d of %d", i, q, models.RegionIDs[i], want.used, want.limit)
					}
				}
			})
		}
	})
}

func addQuota(t *testing.T, db *models.DB, accountID, region string, quota int) {
	t.Helper()
	if err := db.Create(&models.AccountQuota{AccountID: accountID, RegionID: region, ImageQuota: quota}).Error; err != nil {
		t.Fatalf("create quota: %v", err)
	}
}
