package handlers_test

import (
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"imageshare/handlers/handlertest"
	"imageshare/models"
)

// TestPageQueriesDoNotGrowWithRows renders each list page with 5 and with 50
// rows and expects the same number of database queries: no page does a
// query per row (SPEC 9: no N+1).
func TestPageQueriesDoNotGrowWithRows(t *testing.T) {
	pages := []struct {
		name string
		path string
		fill func(t *testing.T, db *models.DB, n int)
	}{
		{"custom images tab", "/images?region=ap-guangzhou&tab=custom&size=100", fillCustomImages},
		{"shared images tab", "/images?region=ap-guangzhou&tab=shared&size=100", fillSharedWithAlice},
		{"shared images tab filtered by tag (R24)", "/images?region=ap-guangzhou&tab=shared&size=100&tag=env%3Dprod", fillSharedTagged},
		{"instances", "/instances?region=ap-guangzhou", fillInstances},
		{"image detail with copies and impact", "/images/img-demo0002", fillCopiesAndImpact},
		{"launch form", "/instances/new?region=ap-guangzhou", fillCustomImages},
		{"account quotas", "/account", fillCustomImages},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			counts := map[int]int64{}
			for _, n := range []int{5, 50} {
				app := handlertest.New(t)
				p.fill(t, app.DB, n)
				client := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
				queries := countQueriesOn(t, app.DB)
				r := client.Get(p.path)
				if r.StatusCode != http.StatusOK {
					t.Fatalf("GET %s with %d rows: status %d", p.path, n, r.StatusCode)
				}
				counts[n] = queries.Load()
			}
			if counts[5] == 0 {
				t.Fatalf("GET %s: no query counted; the counter is not wired", p.path)
			}
			if counts[5] != counts[50] {
				t.Errorf("GET %s: %d queries with 5 rows, %d with 50", p.path, counts[5], counts[50])
			}
		})
	}
}

// countQueriesOn counts every statement GORM sends from now on.
func countQueriesOn(t *testing.T, db *models.DB) *atomic.Int64 {
	t.Helper()
	var n atomic.Int64
	count := func(*gorm.DB) { n.Add(1) }
	cb := db.Callback()
	for _, err := range []error{
		cb.Query().After("gorm:query").Register("test:count_query", count),
		cb.Row().After("gorm:row").Register("test:count_row", count),
		cb.Raw().After("gorm:raw").Register("test:count_raw", count),
		cb.Create().After("gorm:create").Register("test:count_create", count),
		cb.Update().After("gorm:update").Register("test:count_update", count),
		cb.Delete().After("gorm:delete").Register("test:count_delete", count),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	return &n
}

var fixtureSeq atomic.Int64

func fixtureImage(owner, region, name string) models.Image {
	now := time.Now().UTC()
	return models.Image{
		ID: fmt.Sprintf("img-q%07d", fixtureSeq.Add(1)), RegionID: region, OwnerAccountID: &owner, Name: name,
		OSName: "Debian 12.8 64-bit", Platform: "Debian", Architecture: "x86_64", SizeGB: 20,
		State: models.ImageNormal, Source: models.SourceCreateImage, Progress: 100, CreatedAt: now, UpdatedAt: now,
	}
}

func mustCreate(t *testing.T, db *models.DB, v any) {
	t.Helper()
	if err := db.Create(v).Error; err != nil {
		t.Fatalf("create fixture: %v", err)
	}
}

func fillCustomImages(t *testing.T, db *models.DB, n int) {
	for i := range n {
		img := fixtureImage(handlertest.AliceAccount, "ap-guangzhou", fmt.Sprintf("bulk-%02d", i))
		mustCreate(t, db, &img)
	}
}

func fillSharedWithAlice(t *testing.T, db *models.DB, n int) {
	for i := range n {
		img := fixtureImage(handlertest.BobAccount, "ap-guangzhou", fmt.Sprintf("shared-%02d", i))
		mustCreate(t, db, &img)
		mustCreate(t, db, &models.Share{ImageID: img.ID, RecipientAccountID: handlertest.AliceAccount,
			Status: models.ShareActive, CreatedAt: time.Now().UTC()})
	}
}

// fillSharedTagged shares n images with alice, each with three tags.
func fillSharedTagged(t *testing.T, db *models.DB, n int) {
	fillSharedWithAlice(t, db, n)
	for _, kv := range [][2]string{{"env", "prod"}, {"team", "web"}, {"tier", "db"}} {
		err := db.Exec("INSERT INTO image_tags (image_id, tag_key, tag_value) SELECT id, ?, ? FROM images WHERE owner_account_id = ?",
			kv[0], kv[1], handlertest.BobAccount).Error
		if err != nil {
			t.Fatal(err)
		}
	}
}

func fillInstances(t *testing.T, db *models.DB, n int) {
	for i := range n {
		mustCreate(t, db, fixtureInstance(handlertest.AliceAccount, "img-demo0002", i))
	}
}

func fixtureInstance(account, imageID string, i int) *models.Instance {
	now := time.Now().UTC()
	return &models.Instance{
		ID: fmt.Sprintf("ins-q%07d", fixtureSeq.Add(1)), AccountID: account, RegionID: "ap-guangzhou",
		ZoneID: "ap-guangzhou-1", Name: fmt.Sprintf("vm-%02d", i), InstanceType: "S5.MEDIUM2", ImageID: imageID,
		ImageName: "postgres-16-base", OSName: "Debian 12.8 64-bit", Platform: "Debian", Architecture: "x86_64",
		DiskGB: 20, State: models.InstanceRunning, CreatedAt: now, UpdatedAt: now,
	}
}

// fillCopiesAndImpact gives alice's img-demo0002 n copies and n instances
// launched from it, spread over the three demo accounts.
func fillCopiesAndImpact(t *testing.T, db *models.DB, n int) {
	regions := []string{"ap-shanghai", "ap-beijing", "ap-chengdu"}
	accounts := []string{handlertest.AliceAccount, handlertest.BobAccount, "100000000003"}
	for i := range n {
		cp := fixtureImage(handlertest.AliceAccount, regions[i%3], fmt.Sprintf("copy-%02d", i))
		cp.Source, cp.SourceImageID = models.SourceCopy, "img-demo0002"
		mustCreate(t, db, &cp)
		mustCreate(t, db, fixtureInstance(accounts[i%3], "img-demo0002", i))
	}
}
