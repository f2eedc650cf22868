package models_test

import (
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

// An account's byte quota refuses uploads, imports and copies past it; the
// admin page's usage counts stored content once per region and each
// account's images in full.
func TestByteQuotaAndUsage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		regionsOnly(t, db)
		st, _ := byteStores(t, db)
		actor := addActor(t, db, "quota")
		admin := models.Actor{Admin: true}
		disk := qcow2Bytes(t, 1<<30, "quota") // 384 KiB
		if err := st.Admin.SetByteQuota(t.Context(), admin, actor.AccountID, 1<<20); err != nil {
			t.Fatal(err)
		}
		in := models.ImageImport{Region: models.DefaultRegion, Name: "big", Platform: "Debian", Architecture: "x86_64"}
		_, err := st.Uploads.Start(t.Context(), actor, in, 2<<20)
		wantError(t, err, "LimitExceeded.ImageStorageQuota", models.ErrInvalid)

		in.Name, in.File = "small", writeFile(t, disk)
		img, err := st.Images.Import(t.Context(), actor, in)
		if err != nil {
			t.Fatal(err)
		}
		drainTransfers(t, st.Transfers)
		if _, err := st.Images.Copy(t.Context(), actor, img.ID, models.ImageCopy{Regions: []string{"ap-shanghai"}}); err != nil {
			t.Fatalf("first copy within the quota: %v", err)
		}
		drainTransfers(t, st.Transfers)
		_, err = st.Images.Copy(t.Context(), actor, img.ID, models.ImageCopy{Regions: []string{"ap-beijing"}})
		wantError(t, err, "LimitExceeded.ImageStorageQuota", models.ErrInvalid)

		usage, err := st.Admin.StorageUsage(t.Context(), admin)
		if err != nil {
			t.Fatal(err)
		}
		var mine *models.AccountUsage
		for i := range usage.Accounts {
			if usage.Accounts[i].AccountID == actor.AccountID {
				mine = &usage.Accounts[i]
			}
		}
		if mine == nil || mine.Bytes != 2*int64(len(disk)) || mine.Images != 2 || mine.Quota != 1<<20 {
			t.Fatalf("account usage = %+v; want 2 images of %d bytes and the quota", mine, len(disk))
		}
		if len(usage.Regions) != 2 || usage.Regions[0].Bytes != int64(len(disk)) {
			t.Errorf("region usage = %+v; want each region holding the content once", usage.Regions)
		}
		_, err = st.Admin.StorageUsage(t.Context(), actor)
		wantError(t, err, "ResourceNotFound", models.ErrNotFound)
	})
}
