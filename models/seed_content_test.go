package models_test

import (
	"io"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

// The demo's custom images hold real, downloadable bytes, seeded once.
func TestSeedDemoContent(t *testing.T) {
	db := testdb.Seeded(t, testdb.SQLite(t))
	if err := models.SeedDemo(t.Context(), db, "imageshare"); err != nil {
		t.Fatal(err)
	}
	st, blobs := byteStores(t, db)
	for range 2 {
		if err := models.SeedDemoContent(t.Context(), db, blobs); err != nil {
			t.Fatal(err)
		}
	}
	if n := countRows(t, db, &models.Blob{}, "refs = 1"); n != countRows(t, db, &models.Image{}, "id LIKE 'img-demo%'") || n == 0 {
		t.Fatalf("%d blobs with one reference; want one per demo image", n)
	}
	var alice models.User
	if err := db.Where("username = ?", "alice").Take(&alice).Error; err != nil {
		t.Fatal(err)
	}
	img, obj, err := st.Content.Download(t.Context(), models.Actor{UserID: alice.ID, AccountID: alice.AccountID}, "img-demo0002")
	if err != nil {
		t.Fatalf("download a demo image: %v", err)
	}
	got, _ := io.ReadAll(obj)
	obj.Close()
	if sha(got) != img.ContentSHA256 || img.DiskFormat != "qcow2" {
		t.Errorf("demo image bytes: sha %s format %s; want %s qcow2", sha(got), img.DiskFormat, img.ContentSHA256)
	}
}
