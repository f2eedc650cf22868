package models_test

import (
	"context"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm/schema"

	"imageshare/models"
	"imageshare/models/testdb"
)

// Image reads scan the images table's columns from a hand-written list; a
// column added to Image and not to the list would read as its zero value.
func TestImageFieldsCoverTheSchema(t *testing.T) {
	s, err := schema.Parse(&models.Image{}, &sync.Map{}, schema.NamingStrategy{})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, f := range s.Fields {
		if f.DBName != "" {
			want = append(want, f.DBName)
		}
	}
	got := imageFieldColumnsSorted()
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("hand-scanned columns\n %v\nImage's columns\n %v", got, want)
	}
}

func imageFieldColumnsSorted() []string {
	cols := slices.Clone(models.ImageFieldColumns())
	slices.Sort(cols)
	return cols
}

// Every field of an image, set to something other than its zero value,
// reads back through the store as GORM wrote it, on both databases (SQLite
// gives booleans as integers and times from their declared type).
func TestImageReadKeepsEveryField(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		testdb.Seeded(t, db)
		addAccount(t, db, meID, "Me Corp", models.AccountActive)
		img := addImageWithEveryField(t, db, "every-field")
		stored := readImage(t, db, img.ID)
		got, err := models.NewImageStore(db).Get(context.Background(), me, img.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(normalTimes(got.Image), normalTimes(stored)) {
			t.Errorf("read through the store:\n %+v\nstored:\n %+v", got.Image, stored)
		}
		if !got.Disabled || !got.DeletionProtection || got.DeprecateAt == nil || got.ContentBytes != 123 {
			t.Errorf("fields lost: %+v", got.Image)
		}
	})
}

// addImageWithEveryField adds one of meID's images in gz whose every field
// is set to something other than its zero value.
func addImageWithEveryField(t *testing.T, db *models.DB, name string) models.Image {
	t.Helper()
	at := time.Date(2026, 11, 3, 4, 5, 6, 0, time.UTC)
	later := at.Add(48 * time.Hour)
	img := addImage(t, db, models.Image{OwnerAccountID: owned(meID), RegionID: gz, Name: name,
		Description: "all set", SizeGB: 40, SourceImageID: "img-src00001", SourceInstanceID: "ins-src00001",
		Progress: 100, FailureReason: "image.failed", CreatedAt: at, UpdatedAt: later})
	set := map[string]any{
		"content_sha256": "ab12", "content_bytes": 123, "disk_format": "qcow2", "virtual_bytes": 456,
		"transfer_done": 7, "transfer_total": 8, "failure_detail": "detail", "deprecate_at": later,
		"successor_image_id": "img-next0001", "disabled": true, "deletion_protection": true,
	}
	if err := db.Model(&models.Image{}).Where("id = ?", img.ID).Updates(set).Error; err != nil {
		t.Fatal(err)
	}
	return img
}

// normalTimes puts an image's times in UTC, so a driver's time zone does not
// count as a difference.
func normalTimes(img models.Image) models.Image {
	img.CreatedAt, img.UpdatedAt = img.CreatedAt.UTC(), img.UpdatedAt.UTC()
	for _, p := range []**time.Time{&img.DeprecateAt, &img.BinnedAt, &img.PurgeAt, &img.PurgedAt} {
		if *p != nil {
			u := (*p).UTC()
			*p = &u
		}
	}
	return img
}

// A list scans every row into one value (scanImageViewRows): no field of a
// row may carry over into the next, above all a NULL after a set value.
func TestImageListKeepsEachRowItsOwn(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		testdb.Seeded(t, db)
		addAccount(t, db, meID, "Me Corp", models.AccountActive)
		full := addImageWithEveryField(t, db, "a-every-field")
		at := time.Date(2026, 11, 3, 4, 5, 6, 0, time.UTC)
		plain := addImage(t, db, models.Image{OwnerAccountID: owned(meID), RegionID: gz, Name: "b-plain", SizeGB: 20,
			Progress: 100, CreatedAt: at, UpdatedAt: at})
		page, err := models.NewImageStore(db).List(context.Background(), me, models.ImageQuery{Region: gz, Tab: models.TabCustom})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Images) != 2 || page.Images[0].ID != full.ID || page.Images[1].ID != plain.ID {
			t.Fatalf("listed %+v, want %s then %s", page.Images, full.ID, plain.ID)
		}
		for i, id := range []string{full.ID, plain.ID} {
			if got, stored := normalTimes(page.Images[i].Image), normalTimes(readImage(t, db, id)); !reflect.DeepEqual(got, stored) {
				t.Errorf("row %d read:\n %+v\nstored:\n %+v", i, got, stored)
			}
		}
		if p := page.Images[1]; p.DeprecateAt != nil || p.Disabled || p.ContentBytes != 0 || p.SuccessorImageID != "" {
			t.Errorf("the plain image took the first row's fields: %+v", p.Image)
		}
	})
}
