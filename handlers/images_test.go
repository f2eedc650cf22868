package handlers_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"imageshare/handlers/handlertest"
	"imageshare/views/components"
	"imageshare/views/i18n"
	"imageshare/views/pages"
)

// imageIDs lists the image ids of the rows in the image list.
func imageIDs(doc *goquery.Document) []string {
	var ids []string
	doc.Find("#" + pages.ImageListID + " tbody tr[data-image-id]").Each(func(_ int, s *goquery.Selection) {
		id, _ := s.Attr("data-image-id")
		ids = append(ids, id)
	})
	return ids
}

// pagerText is the "Showing a–b of n" line of the image list.
func pagerText(doc *goquery.Document) string {
	return text(doc.Find("#" + pages.ImageListID + " nav p"))
}

// tabCounts maps each tab's label to the count it shows.
func tabCounts(doc *goquery.Document) map[string]string {
	out := map[string]string{}
	doc.Find(`nav[aria-label="` + i18n.Tr("en", "images.tabs_label") + `"] li a`).Each(func(_ int, a *goquery.Selection) {
		count := text(a.Find("span"))
		out[strings.TrimSpace(strings.TrimSuffix(text(a), count))] = count
	})
	return out
}

func TestImagesFullPageOrFragment(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	c := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	tests := []struct {
		name    string
		headers handlertest.H
		full    bool
	}{
		{"plain", nil, true},
		{"htmx list", handlertest.Fragment(pages.ImageListID), false},
		{"htmx unknown target", handlertest.Fragment("main"), true},
		{"boosted", handlertest.H{"HX-Request": "true", "HX-Target": pages.ImageListID, "HX-Boosted": "true"}, true},
		{"history restore", handlertest.H{"HX-Request": "true", "HX-Target": pages.ImageListID, "HX-History-Restore-Request": "true"}, true},
		{"target without HX-Request", handlertest.H{"HX-Target": pages.ImageListID}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.Get("/images?region=ap-guangzhou&page=2", tt.headers)
			wantStatus(t, r, http.StatusOK)
			if !varies(r, "HX-Request") {
				t.Errorf("Vary = %q, want it to include HX-Request", r.Header.Values("Vary"))
			}
			if got := isFullPage(r.Body); got != tt.full {
				t.Fatalf("full page = %v, want %v", got, tt.full)
			}
			doc := r.Doc(t)
			if len(imageIDs(doc)) != 5 {
				t.Errorf("%d rows on page 2, want 5", len(imageIDs(doc)))
			}
			if tt.full {
				if doc.Find("#"+components.ToastsID).Length() != 1 || doc.Find("header").Length() != 1 {
					t.Error("full page lacks the layout (header, toasts)")
				}
				return
			}
			if !strings.HasPrefix(r.Body, `<section id="`+pages.ImageListID+`"`) {
				t.Fatalf("fragment does not start with the list's root:\n%.300s", r.Body)
			}
			// The list, and out of band the Filters toggle's count.
			children := doc.Find("body").Children()
			if children.Length() != 2 || doc.Find("header, form[role=search]").Length() != 0 ||
				!children.Last().Is("#"+pages.ImageFilterCountID+`[hx-swap-oob="true"]`) {
				t.Error("fragment holds more than the list and the filter count")
			}
		})
	}
}

func TestImagesSearchFilterPaging(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	c := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	firstID := imageIDs(c.Get("/images?region=ap-guangzhou&sort=name").Doc(t))[0]
	tests := []struct {
		name, query string
		rows        int
		pager       string
		eachName    string // every row's name contains this, if set
	}{
		{"first page", "", 20, "Showing 1–20 of 25", ""},
		{"second page", "page=2", 5, "Showing 21–25 of 25", ""},
		{"page size", "size=100", 25, "Showing 1–25 of 25", ""},
		{"page size capped", "size=1000", 25, "Showing 1–25 of 25", ""},
		{"search", "q=ubuntu", 5, "Showing 1–5 of 5", "Ubuntu"},
		{"search case-insensitive", "q=UBUNTU+Server+22.04", 2, "Showing 1–2 of 2", "22.04"},
		{"search by id", "q=" + firstID, 1, "Showing 1–1 of 1", ""},
		{"search is not a pattern", "q=%25", 0, i18n.Tr("en", "pager.none"), ""},
		{"platform", "platform=Windows", 4, "Showing 1–4 of 4", "Windows"},
		{"platform and search", "platform=Windows&q=2019", 2, "Showing 1–2 of 2", "2019"},
		{"unknown platform ignored", "platform=Amiga", 20, "Showing 1–20 of 25", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.Get("/images?region=ap-guangzhou&tab=public&"+tt.query, handlertest.Fragment(pages.ImageListID))
			wantStatus(t, r, http.StatusOK)
			doc := r.Doc(t)
			if got := len(imageIDs(doc)); got != tt.rows {
				t.Errorf("%d rows, want %d", got, tt.rows)
			}
			if got := pagerText(doc); got != tt.pager {
				t.Errorf("pager = %q, want %q", got, tt.pager)
			}
			if tt.eachName != "" {
				doc.Find("#" + pages.ImageListID + " tbody tr td:first-child div:first-child").Each(func(_ int, s *goquery.Selection) {
					if !strings.Contains(s.Text(), tt.eachName) {
						t.Errorf("row %q does not match %q", s.Text(), tt.eachName)
					}
				})
			}
		})
	}
}

func TestImagesPageBeyondTheLast(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	c := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	doc := c.Get("/images?region=ap-guangzhou&page=99").Doc(t)
	if got := len(imageIDs(doc)); got != 5 {
		t.Errorf("%d rows, want the last page's 5", got)
	}
	if got, want := pagerText(doc), "Showing 21–25 of 25"; got != want {
		t.Errorf("pager = %q, want %q", got, want)
	}
}

func TestImagesRegion(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	c := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	subtitle := func(doc *goquery.Document) string { return text(doc.Find("main h1 + p")) }
	shanghai := i18n.Tr("en", "images.subtitle", i18n.Tr("en", "region.ap-shanghai"))
	guangzhou := i18n.Tr("en", "images.subtitle", i18n.Tr("en", "region.ap-guangzhou"))

	first := c.Get("/images")
	if got := subtitle(first.Doc(t)); got != guangzhou {
		t.Fatalf("default region: %q, want %q", got, guangzhou)
	}
	defaultIDs := imageIDs(first.Doc(t))

	chosen := c.Get("/images?region=ap-shanghai")
	wantStatus(t, chosen, http.StatusOK)
	if ck, ok := chosen.Cookie("region"); !ok || ck.Value != "ap-shanghai" || !ck.HttpOnly {
		t.Fatalf("region cookie = %+v, want ap-shanghai, HttpOnly", ck)
	}
	shanghaiIDs := imageIDs(chosen.Doc(t))
	if slices.Equal(shanghaiIDs, defaultIDs) {
		t.Fatal("ap-shanghai lists the same images as ap-guangzhou")
	}

	again := c.Get("/images")
	if got := subtitle(again.Doc(t)); got != shanghai {
		t.Errorf("next /images without region: %q, want the remembered %q", got, shanghai)
	}
	if got := imageIDs(again.Doc(t)); !slices.Equal(got, shanghaiIDs) {
		t.Errorf("next /images lists %v, want ap-shanghai's %v", got, shanghaiIDs)
	}
	current := text(again.Doc(t).Find(`details[data-menu] a[aria-current="true"]`))
	if current != i18n.Tr("en", "region.ap-shanghai") {
		t.Errorf("region menu marks %q as current", current)
	}

	// Another visitor is not affected by alice's choice.
	if got := subtitle(app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword).Get("/images").Doc(t)); got != guangzhou {
		t.Errorf("bob's default region: %q, want %q", got, guangzhou)
	}
}

func TestImagesUnknownRegion(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	c := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	c.Get("/images?region=ap-shanghai")

	r := c.Get("/images?region=ap-mars")
	wantStatus(t, r, http.StatusNotFound)
	doc := r.Doc(t)
	if got, want := text(doc.Find("#error-title")), i18n.Tr("en", "error.not_found_title"); got != want {
		t.Errorf("title = %q, want %q", got, want)
	}
	if got := text(doc.Find("main")); !strings.Contains(got, i18n.Tr("en", "images.bad_region", "ap-mars")) {
		t.Errorf("404 page does not name the region:\n%s", got)
	}
	if _, ok := r.Cookie("region"); ok {
		t.Error("an unknown region was remembered")
	}
	if c.Cookie("region") != "ap-shanghai" {
		t.Errorf("region cookie = %q, want the earlier ap-shanghai", c.Cookie("region"))
	}
}

func TestImagesSharedTab(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	bob := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)

	r := bob.Get("/images?region=ap-guangzhou&tab=shared")
	wantStatus(t, r, http.StatusOK)
	doc := r.Doc(t)
	if got := imageIDs(doc); !slices.Equal(got, []string{handlertest.SharedImage}) {
		t.Fatalf("bob's shared tab lists %v, want [%s]", got, handlertest.SharedImage)
	}
	row := doc.Find("#" + pages.ImageListID + " tbody tr")
	if got := text(row); !strings.Contains(got, handlertest.AliceAccount) || !strings.Contains(got, "Alice's Studio") ||
		!strings.Contains(got, handlertest.SharedImageName) {
		t.Errorf("row %q lacks the name, owner account id or owner name", got)
	}
	if got := text(doc.Find("#" + pages.ImageListID + " thead")); !strings.Contains(got, i18n.Tr("en", "images.col.owner")) {
		t.Errorf("no owner column on the shared tab: %q", got)
	}
	notice := text(doc.Find("#" + pages.ImageListID + ` [role="status"]`))
	if !strings.Contains(notice, i18n.Tr("en", "shared.trust_title")) || !strings.Contains(notice, i18n.Tr("en", "shared.trust_text")) {
		t.Errorf("R8 trust notice missing; got %q", notice)
	}

	// R4: the share exists only in the image's region.
	other := bob.Get("/images?region=ap-shanghai&tab=shared").Doc(t)
	if got := imageIDs(other); len(got) != 0 {
		t.Errorf("bob's shared tab in ap-shanghai lists %v, want none", got)
	}
	empty := text(other.Find("#" + pages.ImageListID))
	if want := i18n.Tr("en", "images.empty.shared_text", handlertest.BobAccount); !strings.Contains(empty, want) {
		t.Errorf("empty shared tab lacks %q; got %q", want, empty)
	}
	if strings.Contains(empty, i18n.Tr("en", "shared.trust_title")) {
		t.Error("trust notice shown on an empty shared tab")
	}
}

func TestImagesCrossAccount(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	bob := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)
	carol := app.SignedIn(t, handlertest.Carol, handlertest.DemoPassword)
	const bobsImage = "img-demo0005"

	t.Run("tab counts", func(t *testing.T) {
		tests := []struct {
			name                   string
			c                      *handlertest.Client
			public, custom, shared string
		}{
			{"alice", alice, "25", "3", "0"},
			{"bob", bob, "25", "1", "1"},
			{"carol", carol, "25", "0", "0"},
		}
		for _, tt := range tests {
			counts := tabCounts(tt.c.Get("/images?region=ap-guangzhou").Doc(t))
			want := map[string]string{
				i18n.Tr("en", "images.tab.public"): tt.public,
				i18n.Tr("en", "images.tab.custom"): tt.custom,
				i18n.Tr("en", "images.tab.shared"): tt.shared,
			}
			for tab, n := range want {
				if counts[tab] != n {
					t.Errorf("%s: %s count %q, want %s (all %v)", tt.name, tab, counts[tab], n, counts)
				}
			}
		}
	})

	t.Run("search by another account's id", func(t *testing.T) {
		tests := []struct {
			name, tab, id string
			c             *handlertest.Client
		}{
			{"alice finds not bob's in public", "public", bobsImage, alice},
			{"alice finds not bob's in shared", "shared", bobsImage, alice},
			{"carol finds not alice's shared one", "shared", handlertest.SharedImage, carol},
			{"alice's own image is not shared with her", "shared", handlertest.SharedImage, alice},
		}
		for _, tt := range tests {
			doc := tt.c.Get("/images?region=ap-guangzhou&tab="+tt.tab+"&q="+tt.id, handlertest.Fragment(pages.ImageListID)).Doc(t)
			if got := imageIDs(doc); len(got) != 0 {
				t.Errorf("%s: found %v", tt.name, got)
			}
		}
	})

	t.Run("custom tabs", func(t *testing.T) {
		tests := []struct {
			name, region string
			c            *handlertest.Client
			want         []string
		}{
			{"alice", "ap-guangzhou", alice, []string{"img-demo0001", "img-demo0002", "img-demo0003"}},
			{"alice in another region", "ap-shanghai", alice, []string{"img-demo0004"}},
			{"bob", "ap-guangzhou", bob, []string{bobsImage}},
			{"carol", "ap-guangzhou", carol, nil},
			{"carol in her region", "ap-beijing", carol, []string{"img-demo0006"}},
		}
		for _, tt := range tests {
			r := tt.c.Get("/images?region=" + tt.region + "&tab=custom")
			wantStatus(t, r, http.StatusOK)
			got := imageIDs(r.Doc(t))
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("%s's custom tab lists %v, want %v", tt.name, got, tt.want)
			}
		}
	})
}

func TestImagesCustomTabQuota(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	tests := []struct{ region, want string }{
		{"ap-guangzhou", "3 of 10 custom images used"},
		{"ap-shanghai", "1 of 10 custom images used"},
		{"ap-beijing", "0 of 10 custom images used"},
	}
	for _, tt := range tests {
		r := alice.Get("/images?tab=custom&region=" + tt.region)
		wantStatus(t, r, http.StatusOK)
		if got := text(r.Doc(t).Find(`[data-testid="quota-use"]`)); got != tt.want {
			t.Errorf("%s: quota %q, want %q", tt.region, got, tt.want)
		}
	}
	if alice.Get("/images?tab=public").Doc(t).Find(`[data-testid="quota-use"]`).Length() != 0 {
		t.Error("the public tab shows quota use")
	}
}

// The Images filters sit behind the Filters toggle (open from 640 px), which
// counts the filters that narrow the list: the search and the platform. A
// refiltered list brings the new count out of band.
func TestImagesFilterToggleCountsActiveFilters(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	count := func(doc *goquery.Document) string {
		return text(doc.Find("#" + pages.ImageFilterCountID + ` [data-testid="filter-count"]`))
	}
	tests := []struct {
		query, want string
		n           int
	}{
		{"", "", 0},
		{"&sort=size", "", 0},
		{"&q=Ubuntu", "1", 1},
		{"&q=Ubuntu&platform=Ubuntu&sort=size", "2", 2},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			doc := alice.Get("/images?region=ap-guangzhou&tab=public" + tt.query).Doc(t)
			toggle := doc.Find("main details[data-filters]")
			if toggle.Find(`form[role="search"] #image-search`).Length() != 1 {
				t.Fatal("the search form is not behind the Filters toggle")
			}
			if got := count(doc); got != tt.want {
				t.Errorf("the toggle counts %q filters, want %q", got, tt.want)
			}
			if tt.n > 0 && !strings.Contains(text(toggle.Find("summary")), i18n.Tr("en", "filters.active", tt.n)) {
				t.Errorf("the toggle's name lacks the count in words: %q", text(toggle.Find("summary")))
			}
			r := alice.Get("/images?region=ap-guangzhou&tab=public"+tt.query, handlertest.Fragment(pages.ImageListID))
			frag := r.Doc(t)
			if isFullPage(r.Body) || frag.Find("#"+pages.ImageFilterCountID+`[hx-swap-oob="true"]`).Length() != 1 {
				t.Fatalf("the list's answer does not swap the count:\n%.400s", r.Body)
			}
			if got := count(frag); got != tt.want {
				t.Errorf("the swapped count is %q, want %q", got, tt.want)
			}
		})
	}
}
