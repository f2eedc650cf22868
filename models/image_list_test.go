package models_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"imageshare/models"
	"imageshare/models/testdb"
)

const (
	gz, sh, cd = "ap-guangzhou", "ap-shanghai", "ap-chengdu"
	meID       = "200000000001"
	bobID      = "200000000002"
	carolID    = "200000000003"
	goneID     = "200000000004"
)

var me = models.Actor{UserID: 1, AccountID: meID}

// listFixture builds the images and shares the list tests look at, on top
// of the seeded catalogue, and returns image ids by fixture key.
func listFixture(t *testing.T, db *models.DB) map[string]string {
	t.Helper()
	testdb.Seeded(t, db)
	addAccount(t, db, meID, "Me Corp", models.AccountActive)
	addAccount(t, db, bobID, "Bob Builds", models.AccountActive)
	addAccount(t, db, carolID, "Carol Co", models.AccountActive)
	addAccount(t, db, goneID, "Gone Ltd", models.AccountDisabled)
	ids := make(map[string]string)
	img := func(key, owner, region, name, platform string, size int, age time.Duration) {
		ids[key] = addImage(t, db, models.Image{OwnerAccountID: owned(owner), RegionID: region, Name: name,
			Platform: platform, SizeGB: size, CreatedAt: base.Add(-age)}).ID
	}
	img("alpha", meID, gz, "alpha-web", "Ubuntu", 30, time.Hour)
	img("beta", meID, gz, "beta_db", "Debian", 50, 3*time.Hour)
	img("gamma", meID, gz, "gamma", "CentOS", 10, 2*time.Hour)
	img("mine-sh", meID, sh, "alpha-web", "Ubuntu", 30, time.Hour)
	for _, key := range []string{"bob-active", "bob-pending", "bob-cancelled", "bob-revoked", "bob-rejected",
		"bob-to-carol", "bob-private", "bob-reshared", "bob-also-carol"} {
		img(key, bobID, gz, key, "Ubuntu", 20, time.Hour)
	}
	img("bob-sh", bobID, sh, "bob-sh", "Ubuntu", 20, time.Hour)
	img("gone-active", goneID, gz, "gone-active", "Ubuntu", 20, time.Hour)
	for key, status := range map[string]string{"bob-active": models.ShareActive, "bob-pending": models.SharePending,
		"bob-cancelled": models.ShareCancelled, "bob-revoked": models.ShareRevoked, "bob-rejected": models.ShareRejected,
		"bob-sh": models.ShareActive, "gone-active": models.ShareActive, "bob-also-carol": models.ShareActive} {
		addShare(t, db, ids[key], meID, status)
	}
	addShare(t, db, ids["bob-to-carol"], carolID, models.ShareActive)
	addShare(t, db, ids["bob-also-carol"], carolID, models.ShareActive)
	addShare(t, db, ids["bob-reshared"], meID, models.ShareRevoked)
	addShare(t, db, ids["bob-reshared"], meID, models.ShareActive)
	// Search fixtures live in their own region so they do not disturb the rest.
	img("pct", meID, cd, "100%-cpu", "Ubuntu", 20, time.Hour)
	img("nopct", meID, cd, "100-cpu", "Ubuntu", 20, time.Hour)
	img("under", meID, cd, "beta_db", "Ubuntu", 20, time.Hour)
	img("nounder", meID, cd, "betaxdb", "Ubuntu", 20, time.Hour)
	img("slash", meID, cd, `back\slash`, "Ubuntu", 20, time.Hour)
	img("noslash", meID, cd, "backxslash", "Ubuntu", 20, time.Hour)
	img("upper", meID, cd, "PROD-Server", "Ubuntu", 20, time.Hour)
	img("pt", meID, cd, "IMAGEM DE PRODUÇÃO", "Ubuntu", 20, time.Hour)
	return ids
}

func list(t *testing.T, db *models.DB, actor models.Actor, q models.ImageQuery) models.ImagePage {
	t.Helper()
	if q.PageSize == 0 {
		q.PageSize = models.MaxPageSize
	}
	page, err := models.NewImageStore(db).List(t.Context(), actor, q)
	if err != nil {
		t.Fatalf("List(%+v): %v", q, err)
	}
	return page
}

func TestImageListVisibility(t *testing.T) {
	tests := []struct {
		name     string
		region   string
		tab      string
		key      string
		wantType string // "" when the image must not be listed
	}{
		{"custom tab lists the actor's own image", gz, models.TabCustom, "alpha", models.PrivateImage},
		{"custom tab hides the actor's image of another region", gz, models.TabCustom, "mine-sh", ""},
		{"custom tab hides an image shared with the actor", gz, models.TabCustom, "bob-active", ""},
		{"custom tab hides another account's unshared image", gz, models.TabCustom, "bob-private", ""},
		{"shared tab lists an image with an active share to the actor", gz, models.TabShared, "bob-active", models.SharedImage},
		{"R17: shared tab hides an image whose share is pending", gz, models.TabShared, "bob-pending", ""},
		{"R15: shared tab hides an image whose share was cancelled", gz, models.TabShared, "bob-cancelled", ""},
		{"R15: shared tab hides an image whose share was revoked", gz, models.TabShared, "bob-revoked", ""},
		{"R17: shared tab hides an image whose share was rejected", gz, models.TabShared, "bob-rejected", ""},
		{"shared tab hides an image shared only with another account", gz, models.TabShared, "bob-to-carol", ""},
		{"shared tab lists once an image also shared with another account", gz, models.TabShared, "bob-also-carol", models.SharedImage},
		{"shared tab lists once an image shared again after a revoke", gz, models.TabShared, "bob-reshared", models.SharedImage},
		{"shared tab hides another account's unshared image", gz, models.TabShared, "bob-private", ""},
		{"shared tab hides the actor's own image", gz, models.TabShared, "alpha", ""},
		{"R4: shared tab lists a shared image in the image's region", sh, models.TabShared, "bob-sh", models.SharedImage},
		{"R4: shared tab hides a shared image outside the image's region", gz, models.TabShared, "bob-sh", ""},
		{"shared tab hides an image whose owner account is disabled", gz, models.TabShared, "gone-active", ""},
		{"public tab hides the actor's own image", gz, models.TabPublic, "alpha", ""},
		{"public tab hides an image shared with the actor", gz, models.TabPublic, "bob-active", ""},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		ids := listFixture(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				page := list(t, db, me, models.ImageQuery{Region: tt.region, Tab: tt.tab})
				var found []models.ImageView
				for _, v := range page.Images {
					if v.ID == ids[tt.key] {
						found = append(found, v)
					}
				}
				switch {
				case tt.wantType == "" && len(found) > 0:
					t.Errorf("%s tab in %s lists %s; want it hidden", tt.tab, tt.region, tt.key)
				case tt.wantType != "" && len(found) != 1:
					t.Errorf("%s tab in %s lists %s %d times; want once (got %v)", tt.tab, tt.region, tt.key, len(found), imageIDs(page.Images))
				case tt.wantType != "" && found[0].Type != tt.wantType:
					t.Errorf("%s listed as %s; want %s", tt.key, found[0].Type, tt.wantType)
				case tt.wantType == models.SharedImage && found[0].OwnerName != "Bob Builds":
					t.Errorf("%s owner name = %q; want the owner account's name", tt.key, found[0].OwnerName)
				}
			})
		}
	})
}

func TestImageListPublicTabIsRegionScoped(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		listFixture(t, db)
		for _, region := range models.RegionIDs {
			t.Run("public tab of "+region+" lists only owner-less images of "+region, func(t *testing.T) {
				page := list(t, db, me, models.ImageQuery{Region: region, Tab: models.TabPublic})
				if len(page.Images) == 0 || int64(len(page.Images)) != page.Total {
					t.Fatalf("public tab of %s: %d images, total %d", region, len(page.Images), page.Total)
				}
				for _, v := range page.Images {
					if v.RegionID != region || v.OwnerAccountID != nil || v.Type != models.PublicImage {
						t.Errorf("%s %q: region %s, owner %v, type %s", v.ID, v.Name, v.RegionID, v.OwnerAccountID, v.Type)
					}
				}
			})
		}
	})
}

func TestImageListSearchAndFilter(t *testing.T) {
	tests := []struct {
		name     string
		region   string
		search   string
		platform string
		want     []string // fixture keys, in name order
	}{
		{"name search ignores case", cd, "prod-server", "", []string{"upper"}},
		{"name search matches a substring", cd, "d-ser", "", []string{"upper"}},
		{"search by exact image id", cd, "{slash}", "", []string{"slash"}},
		{"search by image id ignores case", cd, "{SLASH}", "", []string{"slash"}},
		{"part of an image id matches nothing", cd, "img-t", "", nil},
		{"% in the search is literal", cd, "100%", "", []string{"pct"}},
		{"_ in the search is literal", cd, "a_d", "", []string{"under"}},
		{`\ in the search is literal`, cd, `k\s`, "", []string{"slash"}},
		{"search is trimmed", cd, "  100-cpu ", "", []string{"nopct"}},
		{"search without a match lists nothing", cd, "no-such-image", "", nil},
		{"search folds the case of non-ASCII letters", cd, "produção", "", []string{"pt"}},
		{"platform filter keeps only that platform", gz, "", "Debian", []string{"beta"}},
		{"unknown platform is ignored", gz, "", "Plan 9", []string{"alpha", "beta", "gamma"}},
		{"search and platform filter combine", gz, "a", "CentOS", []string{"gamma"}},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		ids := listFixture(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				search := strings.NewReplacer("{slash}", ids["slash"], "{SLASH}", strings.ToUpper(ids["slash"])).Replace(tt.search)
				page := list(t, db, me, models.ImageQuery{Region: tt.region, Tab: models.TabCustom, Search: search,
					Platform: tt.platform, Sort: models.SortName})
				want := make([]string, len(tt.want))
				for i, k := range tt.want {
					want[i] = ids[k]
				}
				if got := imageIDs(page.Images); !slices.Equal(got, want) || page.Total != int64(len(want)) {
					t.Errorf("search %q platform %q = %v (total %d); want %v (%v)", search, tt.platform, got, page.Total, want, tt.want)
				}
			})
		}
	})
}

func TestImageListSort(t *testing.T) {
	tests := []struct {
		name string
		tab  string
		sort string
		want []string
	}{
		{"name sorts A to Z", models.TabCustom, models.SortName, []string{"alpha", "beta", "gamma"}},
		{"newest sorts by creation, newest first", models.TabCustom, models.SortNewest, []string{"alpha", "gamma", "beta"}},
		{"oldest sorts by creation, oldest first", models.TabCustom, models.SortOldest, []string{"beta", "gamma", "alpha"}},
		{"size sorts largest first", models.TabCustom, models.SortSize, []string{"beta", "alpha", "gamma"}},
		{"custom tab sorts newest first by default", models.TabCustom, "", []string{"alpha", "gamma", "beta"}},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		ids := listFixture(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				page := list(t, db, me, models.ImageQuery{Region: gz, Tab: tt.tab, Sort: tt.sort})
				want := make([]string, len(tt.want))
				for i, k := range tt.want {
					want[i] = ids[k]
				}
				if got := imageIDs(page.Images); !slices.Equal(got, want) {
					t.Errorf("sort %q = %v; want %v (%v)", tt.sort, got, want, tt.want)
				}
			})
		}
		t.Run("public tab sorts by name by default", func(t *testing.T) {
			page := list(t, db, me, models.ImageQuery{Region: gz, Tab: models.TabPublic})
			names := make([]string, len(page.Images))
			for i, v := range page.Images {
				names[i] = v.Name
			}
			if len(names) < 2 || !slices.IsSorted(names) {
				t.Errorf("public tab names = %v; want sorted by name", names)
			}
		})
	})
}

func TestImageTabCounts(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		listFixture(t, db)
		facts, err := models.NewImageStore(db).Facts(t.Context(), me, gz)
		if err != nil {
			t.Fatal(err)
		}
		counts := facts.Counts
		tests := []struct {
			name string
			tab  string
			want int64
		}{
			{"public count is the region's catalogue", models.TabPublic, countRows(t, db, &models.Image{}, "owner_account_id IS NULL AND region_id = ?", gz)},
			{"custom count is the actor's images in the region", models.TabCustom, 3},
			{"shared count is the images with an active share from an active owner", models.TabShared, 3},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				total := list(t, db, me, models.ImageQuery{Region: gz, Tab: tt.tab}).Total
				if counts[tt.tab] != tt.want || total != tt.want {
					t.Errorf("TabCounts[%s] = %d, List total %d; want %d", tt.tab, counts[tt.tab], total, tt.want)
				}
			})
		}
	})
}

// The Images page's other facts, read in the counts' statement, agree with
// the stores that answer them alone: R19's invitations, R3's quota, R1's cap
// (a stored cap out of bounds reads as the default, as everywhere).
func TestImageListFacts(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		ids := listFixture(t, db)
		// Invitations: two in the region (one from a disabled owner, which
		// does not count) and one elsewhere.
		addShare(t, db, ids["bob-private"], meID, models.ShareOffered)
		addShare(t, db, ids["gone-active"], carolID, models.ShareOffered)
		addShare(t, db, addImage(t, db, models.Image{OwnerAccountID: owned(goneID), RegionID: gz}).ID, meID, models.ShareOffered)
		addShare(t, db, addImage(t, db, models.Image{OwnerAccountID: owned(bobID), RegionID: sh}).ID, meID, models.ShareOffered)
		images, shares, quotas := models.NewImageStore(db), models.NewShareStore(db), models.NewQuotaStore(db)
		for _, tt := range []struct {
			name, stored string
			wantCap      int
		}{
			{"R1 cap unset is the default", "", models.DefaultShareCap},
			{"R1 cap set by an admin", "7", 7},
			{"R1 cap out of bounds is the default", "9999", models.DefaultShareCap},
		} {
			t.Run(tt.name, func(t *testing.T) {
				if err := db.Exec("DELETE FROM settings WHERE key = 'share_cap'").Error; err != nil {
					t.Fatal(err)
				}
				if tt.stored != "" {
					if err := db.Exec("INSERT INTO settings (key, value) VALUES ('share_cap', ?)", tt.stored).Error; err != nil {
						t.Fatal(err)
					}
				}
				facts, err := images.Facts(t.Context(), me, gz)
				if err != nil {
					t.Fatal(err)
				}
				invitations, err := shares.Invitations(t.Context(), me, gz)
				if err != nil {
					t.Fatal(err)
				}
				quota, err := quotas.Region(t.Context(), me, gz)
				if err != nil {
					t.Fatal(err)
				}
				if len(invitations) != 1 {
					t.Fatalf("fixture: %d invitations in the region, want 1", len(invitations))
				}
				if facts.ShareCap != tt.wantCap || facts.Invitations != int64(len(invitations)) || facts.Quota != quota {
					t.Errorf("facts: cap %d, invitations %d, quota %+v; want cap %d, %d invitations, quota %+v",
						facts.ShareCap, facts.Invitations, facts.Quota, tt.wantCap, len(invitations), quota)
				}
			})
		}
	})
}

// With counts, a list answers the tab counts too and, unfiltered, takes its
// total from them: the same total, rows and counts as asking separately.
func TestImageListWithCounts(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		listFixture(t, db)
		store := models.NewImageStore(db)
		facts, err := store.Facts(t.Context(), me, gz)
		if err != nil {
			t.Fatal(err)
		}
		counts := facts.Counts
		for _, q := range []models.ImageQuery{
			{Region: gz, Tab: models.TabCustom, PageSize: 2},
			{Region: gz, Tab: models.TabShared, PageSize: 2, Page: 2},
			{Region: gz, Tab: models.TabCustom, Search: "alpha"},
			{Region: gz, Tab: models.TabPublic, Platform: "Debian"},
		} {
			t.Run("SPEC 4 "+q.Tab+" "+q.Search+q.Platform, func(t *testing.T) {
				plain := list(t, db, me, q)
				q.WithCounts = true
				both := list(t, db, me, q)
				if both.Total != plain.Total || !slices.Equal(imageIDs(both.Images), imageIDs(plain.Images)) {
					t.Errorf("with counts: total %d, rows %v; without: %d, %v", both.Total, imageIDs(both.Images),
						plain.Total, imageIDs(plain.Images))
				}
				for tab, n := range counts {
					if both.Counts[tab] != n {
						t.Errorf("count of %s = %d, want %d", tab, both.Counts[tab], n)
					}
				}
			})
		}
	})
}
