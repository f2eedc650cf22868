package models_test

import (
	"regexp"
	"slices"
	"sync"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

func TestSeedIsIdempotent(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		tables := []struct {
			name  string
			model any
		}{
			{"regions", &models.Region{}},
			{"zones", &models.Zone{}},
			{"images", &models.Image{}},
			{"accounts", &models.Account{}},
			{"users", &models.User{}},
		}
		if _, err := models.Seed(t.Context(), db, "first-admin-password"); err != nil {
			t.Fatalf("first Seed: %v", err)
		}
		first := make(map[string]int64)
		for _, tb := range tables {
			first[tb.name] = countRows(t, db, tb.model, "")
		}
		if _, err := models.Seed(t.Context(), db, "first-admin-password"); err != nil {
			t.Fatalf("second Seed: %v", err)
		}
		for _, tb := range tables {
			t.Run("second run adds no "+tb.name, func(t *testing.T) {
				if n := countRows(t, db, tb.model, ""); n != first[tb.name] || n == 0 {
					t.Errorf("%s: %d after the first Seed, %d after the second", tb.name, first[tb.name], n)
				}
			})
		}
	})
}

var publicImageID = regexp.MustCompile(`^img-[a-z0-9]{8}$`)

func TestSeedCatalogue(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		testdb.Seeded(t, db)
		var public []models.Image
		if err := db.Where("owner_account_id IS NULL").Find(&public).Error; err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name  string
			check func(t *testing.T)
		}{
			{"SPEC 2: nine regions in display order", func(t *testing.T) {
				var ids []string
				if err := db.Model(&models.Region{}).Order("position").Pluck("id", &ids).Error; err != nil {
					t.Fatal(err)
				}
				if len(ids) != 9 || !slices.Equal(ids, models.RegionIDs) {
					t.Errorf("regions = %v; want the 9 of SPEC 2: %v", ids, models.RegionIDs)
				}
			}},
			{"SPEC 2: three zones per region, <region>-1..3", func(t *testing.T) {
				for _, r := range models.RegionIDs {
					var zones []string
					if err := db.Model(&models.Zone{}).Where("region_id = ?", r).Order("position").Pluck("id", &zones).Error; err != nil {
						t.Fatal(err)
					}
					if want := []string{r + "-1", r + "-2", r + "-3"}; !slices.Equal(zones, want) {
						t.Errorf("zones of %s = %v; want %v", r, zones, want)
					}
				}
			}},
			{"every region has public images", func(t *testing.T) {
				for _, r := range models.RegionIDs {
					if !slices.ContainsFunc(public, func(img models.Image) bool { return img.RegionID == r }) {
						t.Errorf("region %s has no public image", r)
					}
				}
			}},
			{"public images are NORMAL official images", func(t *testing.T) {
				for _, img := range public {
					if img.State != models.ImageNormal || img.Source != models.SourceOfficial {
						t.Errorf("%s %q: state %s, source %s", img.ID, img.Name, img.State, img.Source)
					}
				}
			}},
			{"arm64 images exist in every arm region and in no other", func(t *testing.T) {
				arm := models.ArmRegions()
				for _, r := range models.RegionIDs {
					has := slices.ContainsFunc(public, func(img models.Image) bool {
						return img.RegionID == r && img.Architecture == "arm64"
					})
					if want := slices.Contains(arm, r); has != want {
						t.Errorf("region %s has arm64 images: %v; want %v", r, has, want)
					}
				}
			}},
			{"SPEC 2: public image ids are img- and 8 lowercase letters or digits", func(t *testing.T) {
				for _, img := range public {
					if !publicImageID.MatchString(img.ID) {
						t.Errorf("public image id %q of %q does not match %s", img.ID, img.Name, publicImageID)
					}
				}
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, tt.check)
		}
	})
}

func TestSeedPublicImageIDsAreStable(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		other := testdb.SQLite(t)
		if db.Dialect == models.Postgres {
			other = testdb.Postgres(t)
		}
		ids := func(db *models.DB) map[string]string {
			testdb.Seeded(t, db)
			var imgs []models.Image
			if err := db.Where("owner_account_id IS NULL").Find(&imgs).Error; err != nil {
				t.Fatal(err)
			}
			out := make(map[string]string, len(imgs))
			for _, img := range imgs {
				out[img.RegionID+"/"+img.Name] = img.ID
			}
			return out
		}
		a, b := ids(db), ids(other)
		if len(a) == 0 || len(a) != len(b) {
			t.Fatalf("public images: %d in one database, %d in the other", len(a), len(b))
		}
		for key, id := range a {
			if b[key] != id {
				t.Errorf("%s: id %s in one database, %q in the other", key, id, b[key])
			}
		}
	})
}

func TestSeedFirstAdmin(t *testing.T) {
	tests := []struct {
		name           string
		password       string
		wantMustChange bool
	}{
		{"given password: admin signs in with it and need not change it", "operator-chosen-pw", false},
		{"no password: a generated one-time password that must be changed", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			testdb.Each(t, func(t *testing.T, db *models.DB) {
				b, err := models.Seed(t.Context(), db, tt.password)
				if err != nil {
					t.Fatalf("Seed: %v", err)
				}
				if !b.AdminCreated || b.PasswordWasGiven != (tt.password != "") || b.AdminPassword == "" {
					t.Fatalf("Bootstrap = %+v; want an admin created, password given %v", b, tt.password != "")
				}
				if tt.password != "" && b.AdminPassword != tt.password {
					t.Errorf("AdminPassword = %q; want the given %q", b.AdminPassword, tt.password)
				}
				u, err := models.NewAuthStore(db, models.DefaultLoginLimit).Authenticate(t.Context(), "admin", b.AdminPassword, "192.0.2.1")
				if err != nil {
					t.Fatalf("admin cannot sign in with the bootstrap password: %v", err)
				}
				if u.Role != models.RoleAdmin || u.AccountID != b.AdminAccountID || u.MustChangePassword != tt.wantMustChange {
					t.Errorf("admin = role %s, account %s, must change %v; want admin, %s, %v",
						u.Role, u.AccountID, u.MustChangePassword, b.AdminAccountID, tt.wantMustChange)
				}
				again, err := models.Seed(t.Context(), db, tt.password)
				if err != nil || again.AdminCreated || again.AdminPassword != "" {
					t.Errorf("second Seed = %+v, %v; want no admin created", again, err)
				}
				if n := countRows(t, db, &models.User{}, "role = ?", models.RoleAdmin); n != 1 {
					t.Errorf("admins = %d; want 1", n)
				}
			})
		})
	}
}

// SPEC 6: replicas share the database and may start together; each seeds.
func TestSeedConcurrently(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		const replicas = 4
		errs := make([]error, replicas)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range replicas {
			wg.Go(func() {
				<-start
				_, errs[i] = models.Seed(t.Context(), db, "shared-admin-password")
			})
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("Seed #%d: %v", i, err)
			}
		}
		if n := countRows(t, db, &models.User{}, "role = ?", models.RoleAdmin); n != 1 {
			t.Errorf("admins = %d; want 1", n)
		}
		if n := countRows(t, db, &models.Region{}, ""); n != int64(len(models.RegionIDs)) {
			t.Errorf("regions = %d; want %d", n, len(models.RegionIDs))
		}
	})
}

func TestSeedDemo(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		testdb.Seeded(t, db)
		const password = "demo-password"
		tables := []struct {
			name  string
			model any
		}{
			{"accounts", &models.Account{}},
			{"users", &models.User{}},
			{"images", &models.Image{}},
			{"shares", &models.Share{}},
		}
		if err := models.SeedDemo(t.Context(), db, password); err != nil {
			t.Fatalf("first SeedDemo: %v", err)
		}
		first := make(map[string]int64)
		for _, tb := range tables {
			first[tb.name] = countRows(t, db, tb.model, "")
		}
		if err := models.SeedDemo(t.Context(), db, password); err != nil {
			t.Fatalf("second SeedDemo: %v", err)
		}
		for _, tb := range tables {
			t.Run("second run adds no "+tb.name, func(t *testing.T) {
				if n := countRows(t, db, tb.model, ""); n != first[tb.name] {
					t.Errorf("%s: %d after the first SeedDemo, %d after the second", tb.name, first[tb.name], n)
				}
			})
		}
		users := []struct{ username, accountID string }{
			{"alice", "100000000001"}, {"bob", "100000000002"}, {"carol", "100000000003"},
		}
		for _, u := range users {
			t.Run(u.username+" signs in to account "+u.accountID, func(t *testing.T) {
				got, err := models.NewAuthStore(db, models.DefaultLoginLimit).Authenticate(t.Context(), u.username, password, "192.0.2.7")
				if err != nil {
					t.Fatalf("Authenticate: %v", err)
				}
				if got.AccountID != u.accountID || got.Role != models.RoleMember {
					t.Errorf("%s: account %s, role %s; want %s, member", u.username, got.AccountID, got.Role, u.accountID)
				}
			})
		}
		t.Run("one active share, from alice to bob, listed in bob's shared tab", func(t *testing.T) {
			var shares []models.Share
			if err := db.Where("status = ?", models.ShareActive).Find(&shares).Error; err != nil {
				t.Fatal(err)
			}
			if len(shares) != 1 || shares[0].RecipientAccountID != "100000000002" {
				t.Fatalf("active shares = %+v; want one to bob (100000000002)", shares)
			}
			var img models.Image
			if err := db.Where("id = ?", shares[0].ImageID).Take(&img).Error; err != nil {
				t.Fatal(err)
			}
			if img.OwnerAccountID == nil || *img.OwnerAccountID != "100000000001" {
				t.Fatalf("shared image %s owner = %v; want alice (100000000001)", img.ID, img.OwnerAccountID)
			}
			bob := models.Actor{AccountID: "100000000002"}
			page, err := models.NewImageStore(db).List(t.Context(), bob, models.ImageQuery{Region: img.RegionID, Tab: models.TabShared})
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Images) != 1 || page.Images[0].ID != img.ID {
				t.Errorf("bob's shared tab in %s = %v; want [%s]", img.RegionID, imageIDs(page.Images), img.ID)
			}
		})
	})
}
