package models_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"unicode/utf8"

	"gorm.io/gorm"

	"imageshare/models"
	"imageshare/models/testdb"
)

func TestImageQueryNormalize(t *testing.T) {
	valid := models.ImageQuery{Region: "ap-shanghai", Tab: models.TabShared, Search: "web", Platform: "Debian",
		Sort: models.SortSize, Page: 3, PageSize: 50}
	tests := []struct {
		name string
		edit func(q *models.ImageQuery)
		want func(q *models.ImageQuery) // the expected change to valid; nil for none
	}{
		{"a valid query is kept as it is", func(*models.ImageQuery) {}, nil},
		{"page 0 becomes 1", func(q *models.ImageQuery) { q.Page = 0 }, func(q *models.ImageQuery) { q.Page = 1 }},
		{"a negative page becomes 1", func(q *models.ImageQuery) { q.Page = -4 }, func(q *models.ImageQuery) { q.Page = 1 }},
		{"SPEC 4: page size 1000 is clamped to 100", func(q *models.ImageQuery) { q.PageSize = 1000 }, func(q *models.ImageQuery) { q.PageSize = 100 }},
		{"SPEC 4: page size 0 becomes 20", func(q *models.ImageQuery) { q.PageSize = 0 }, func(q *models.ImageQuery) { q.PageSize = 20 }},
		{"a negative page size becomes 20", func(q *models.ImageQuery) { q.PageSize = -1 }, func(q *models.ImageQuery) { q.PageSize = 20 }},
		{"an unknown tab becomes public", func(q *models.ImageQuery) { q.Tab = "mine" }, func(q *models.ImageQuery) { q.Tab = models.TabPublic }},
		{"an unknown region becomes ap-guangzhou", func(q *models.ImageQuery) { q.Region = "mars-north-1" }, func(q *models.ImageQuery) { q.Region = "ap-guangzhou" }},
		{"an empty region becomes ap-guangzhou", func(q *models.ImageQuery) { q.Region = "" }, func(q *models.ImageQuery) { q.Region = "ap-guangzhou" }},
		{"an unknown sort becomes newest on the shared tab", func(q *models.ImageQuery) { q.Sort = "random" }, func(q *models.ImageQuery) { q.Sort = models.SortNewest }},
		{"an unknown sort becomes name on the public tab",
			func(q *models.ImageQuery) { q.Tab, q.Sort = models.TabPublic, "random" },
			func(q *models.ImageQuery) { q.Tab, q.Sort = models.TabPublic, models.SortName }},
		{"an unknown platform is dropped", func(q *models.ImageQuery) { q.Platform = "Plan 9" }, func(q *models.ImageQuery) { q.Platform = "" }},
		{"the search is trimmed", func(q *models.ImageQuery) { q.Search = "  web \t" }, func(q *models.ImageQuery) { q.Search = "web" }},
		{"a long search is cut to 100 characters", func(q *models.ImageQuery) { q.Search = strings.Repeat("w", 150) },
			func(q *models.ImageQuery) { q.Search = strings.Repeat("w", 100) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, want := valid, valid
			tt.edit(&in)
			if tt.want != nil {
				tt.want(&want)
			}
			if got := in.Normalize(); !reflect.DeepEqual(got, want) {
				t.Errorf("Normalize(%+v) = %+v; want %+v", in, got, want)
			}
		})
	}
}

// Names are 1-60 characters, which is up to 240 bytes; the search is cut
// at 100 bytes, in the middle of a rune when the name is not ASCII.
func TestImageListLongNonASCIISearch(t *testing.T) {
	name := "a" + strings.Repeat("ç", 59) // 60 characters, 119 bytes: a valid image name
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		testdb.Seeded(t, db)
		addAccount(t, db, meID, "Me Corp", models.AccountActive)
		img := addImage(t, db, models.Image{OwnerAccountID: owned(meID), Name: name})
		tests := []struct {
			name  string
			check func(t *testing.T)
		}{
			{"Normalize keeps a cut search valid UTF-8", func(t *testing.T) {
				q := models.ImageQuery{Search: name}.Normalize()
				if !utf8.ValidString(q.Search) || !strings.HasPrefix(name, q.Search) {
					t.Errorf("Normalize cut the search to %q; want a valid prefix of it", q.Search)
				}
			}},
			{"searching by a 60-character non-ASCII name finds the image", func(t *testing.T) {
				page := list(t, db, me, models.ImageQuery{Region: gz, Tab: models.TabCustom, Search: name})
				if got := imageIDs(page.Images); !slices.Equal(got, []string{img.ID}) {
					t.Errorf("search by the full name = %v; want [%s]", got, img.ID)
				}
			}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tt.check(t)
			})
		}
	})
}

func TestImagePagePages(t *testing.T) {
	tests := []struct {
		name  string
		total int64
		size  int
		want  int
	}{
		{"an empty list still has one page", 0, 20, 1},
		{"a partly filled page counts", 5, 20, 1},
		{"an exactly full page is one page", 20, 20, 1},
		{"one more image starts a second page", 21, 20, 2},
		{"45 images in pages of 20 are 3 pages", 45, 20, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := models.ImagePage{Query: models.ImageQuery{PageSize: tt.size}, Total: tt.total}
			if got := p.Pages(); got != tt.want {
				t.Errorf("Pages() with total %d, size %d = %d; want %d", tt.total, tt.size, got, tt.want)
			}
		})
	}
}

// pagingFixture gives me 45 custom images in ap-beijing named page-00..page-44.
func pagingFixture(t *testing.T, db *models.DB) []string {
	testdb.Seeded(t, db)
	addAccount(t, db, meID, "Me Corp", models.AccountActive)
	ids := make([]string, 45)
	for i := range ids {
		ids[i] = addImage(t, db, models.Image{OwnerAccountID: owned(meID), RegionID: "ap-beijing",
			Name: fmt.Sprintf("page-%02d", i)}).ID
	}
	return ids
}

func TestImageListPaging(t *testing.T) {
	tests := []struct {
		name       string
		page, size int
		from, to   int // the slice of the 45 images, in name order, the page holds
		wantPages  int
	}{
		{"page 1 holds the first 20", 1, 20, 0, 20, 3},
		{"page 2 holds the next 20", 2, 20, 20, 40, 3},
		{"the last page holds the rest", 3, 20, 40, 45, 3},
		{"a page past the end shows the last page", 9, 20, 40, 45, 3},
		{"page size 100 holds all", 1, 100, 0, 45, 1},
		{"page size 7, page 2", 2, 7, 7, 14, 7},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		ids := pagingFixture(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				page := list(t, db, me, models.ImageQuery{Region: "ap-beijing", Tab: models.TabCustom,
					Sort: models.SortName, Page: tt.page, PageSize: tt.size})
				if got, want := imageIDs(page.Images), ids[tt.from:tt.to]; !slices.Equal(got, want) {
					t.Errorf("page %d of %d = %v; want %v", tt.page, tt.size, got, want)
				}
				if want := min(tt.page, tt.wantPages); page.Query.Page != want {
					t.Errorf("Query.Page = %d; want %d", page.Query.Page, want)
				}
				if page.Total != int64(len(ids)) || page.Pages() != tt.wantPages {
					t.Errorf("Total %d, Pages() %d; want %d, %d", page.Total, page.Pages(), len(ids), tt.wantPages)
				}
			})
		}
	})
}

// countQueries counts every statement GORM sends through db from now on.
func countQueries(t *testing.T, db *models.DB) *atomic.Int64 {
	t.Helper()
	var n atomic.Int64
	inc := func(*gorm.DB) { n.Add(1) }
	for _, err := range []error{
		db.Callback().Query().After("gorm:query").Register("test:count_query", inc),
		db.Callback().Row().After("gorm:row").Register("test:count_row", inc),
		db.Callback().Raw().After("gorm:raw").Register("test:count_raw", inc),
	} {
		if err != nil {
			t.Fatalf("register query counter: %v", err)
		}
	}
	return &n
}

// SPEC 9: no query count that grows with the page's rows (no N+1).
func TestImageListQueryCountDoesNotGrowWithRows(t *testing.T) {
	tests := []struct {
		name        string
		tab         string
		small, big  int
		wantQueries int64 // List's documented budget: a count and the page
	}{
		// The custom tab also reads the share cap its Shared column counts against.
		{"custom tab: 5 rows and 50 rows", models.TabCustom, 5, 50, 3},
		{"shared tab (owner names joined): 5 rows and 50 rows", models.TabShared, 5, 50, 2},
		{"public tab: 5 rows and 20 rows", models.TabPublic, 5, 20, 2},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		testdb.Seeded(t, db)
		addAccount(t, db, meID, "Me Corp", models.AccountActive)
		addAccount(t, db, bobID, "Bob Builds", models.AccountActive)
		for i := range 55 {
			addImage(t, db, models.Image{OwnerAccountID: owned(meID), Name: fmt.Sprintf("mine-%02d", i)})
			shared := addImage(t, db, models.Image{OwnerAccountID: owned(bobID), Name: fmt.Sprintf("bobs-%02d", i)})
			addShare(t, db, shared.ID, meID, models.ShareActive)
		}
		queries := countQueries(t, db)
		store := models.NewImageStore(db)
		run := func(t *testing.T, tab string, size int) int64 {
			t.Helper()
			before := queries.Load()
			page, err := store.List(t.Context(), me, models.ImageQuery{Region: gz, Tab: tab, PageSize: size})
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Images) != size {
				t.Fatalf("%s tab, page size %d: %d rows; the fixture should fill the page", tab, size, len(page.Images))
			}
			return queries.Load() - before
		}
		check := func(t *testing.T, tags int64) {
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					small, big := run(t, tt.tab, tt.small), run(t, tt.tab, tt.big)
					if want := tt.wantQueries + tags; small != big || small != want {
						t.Errorf("queries: %d for %d rows, %d for %d rows; want %d for both", small, tt.small, big, tt.big, want)
					}
				})
			}
		}
		t.Run("untagged images: no query for tags", func(t *testing.T) { check(t, 0) })
		// R24: once images carry tags, one more query reads a page's tags.
		if err := db.Exec("INSERT INTO image_tags (image_id, tag_key, tag_value) SELECT id, 'env', 'prod' FROM images").Error; err != nil {
			t.Fatal(err)
		}
		t.Run("tagged images: one query for the page's tags", func(t *testing.T) { check(t, 1) })
	})
}
