package handlers_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"imageshare/handlers/handlertest"
	"imageshare/models"
	"imageshare/views/pages"
)

// tabs are the detail page's tabs as a person reads them: name (with its
// count) and whether it is the current one.
func tabs(doc *goquery.Document) []string {
	var out []string
	doc.Find("#" + pages.ImageDetailTabsID + " a").Each(func(_ int, a *goquery.Selection) {
		name := text(a)
		if a.AttrOr("aria-current", "") == "page" {
			name += " (current)"
		}
		out = append(out, name)
	})
	return out
}

// The owner's image detail has Overview, Sharing and History tabs, each a
// page of its own (?tab=) holding only its part; the counts are in the names.
func TestImageDetailTabs(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	page := "/images/" + handlertest.SharedImage // shared with bob: one recipient, one history entry
	recipient := `tr[data-recipient="` + handlertest.BobAccount + `"]`

	tests := []struct {
		path, wantTabs  string
		has, hasNot     []string // selectors
		wantTextInPanel string
	}{
		{page, "Overview (current)|Sharing 1|History 1",
			[]string{"#" + pages.ImageStatusID, "#image-edit"}, []string{recipient, "#image-shares", "#image-history", "#image-impact"}, "Attributes"},
		{page + "?tab=overview", "Overview (current)|Sharing 1|History 1",
			[]string{"#" + pages.ImageStatusID}, []string{recipient, "#image-history"}, "Attributes"},
		{page + "?tab=sharing", "Overview|Sharing 1 (current)|History 1",
			[]string{recipient, "#image-shares", "#image-impact", `[data-testid="share-count"]`, `a[href="` + page + `/shares/cancel"]`},
			[]string{"#" + pages.ImageStatusID, "#image-history", "#image-edit"}, "Shared with 1 of at most 50 accounts."},
		{page + "?tab=history", "Overview|Sharing 1|History 1 (current)",
			[]string{"#image-history"}, []string{"#" + pages.ImageStatusID, recipient, "#image-impact"}, "shared it with Bob Logistics (" + handlertest.BobAccount + ")"},
		{page + "?tab=nonsense", "Overview (current)|Sharing 1|History 1",
			[]string{"#" + pages.ImageStatusID}, []string{recipient}, "Attributes"},
		// The edit form lives on the overview, so Edit opens it whatever the tab.
		{page + "?tab=sharing&edit=1", "Overview (current)|Sharing 1|History 1",
			[]string{"#image-edit"}, []string{recipient}, "Name and description"},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			r := alice.Get(tt.path)
			wantStatus(t, r, http.StatusOK)
			doc := r.Doc(t)
			if got := strings.Join(tabs(doc), "|"); got != tt.wantTabs {
				t.Errorf("tabs %q, want %q", got, tt.wantTabs)
			}
			panel := doc.Find("#" + pages.ImageDetailPanelID)
			for _, sel := range tt.has {
				if panel.Find(sel).Length() == 0 {
					t.Errorf("the tab lacks %s", sel)
				}
			}
			for _, sel := range tt.hasNot {
				if n := doc.Find(sel).Length(); n != 0 {
					t.Errorf("the page shows %s (%d), which belongs to another tab", sel, n)
				}
			}
			if got := text(panel); !strings.Contains(got, tt.wantTextInPanel) {
				t.Errorf("the tab lacks %q:\n%s", tt.wantTextInPanel, got)
			}
		})
	}
}

// Anyone but the owner (Can.Manage) has the overview only: no tab row, and
// asking for another tab shows the overview, never the owner's lists.
func TestImageDetailTabsOnlyForTheOwner(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	bob := app.SignedIn(t, handlertest.Bob, handlertest.DemoPassword)
	for _, tab := range []string{"", "?tab=sharing", "?tab=history"} {
		r := bob.Get("/images/" + handlertest.SharedImage + tab)
		wantStatus(t, r, http.StatusOK)
		doc := r.Doc(t)
		if n := doc.Find("#" + pages.ImageDetailTabsID).Length(); n != 0 {
			t.Errorf("%s: the recipient sees the tab row", tab)
		}
		if doc.Find("#"+pages.ImageStatusID).Length() != 1 || doc.Find("[data-recipient], #image-history, #image-shares").Length() != 0 {
			t.Errorf("%s: the recipient's page is not the overview alone", tab)
		}
		if !strings.Contains(r.Body, "Alice&#39;s Studio") && !strings.Contains(r.Body, "Alice's Studio") {
			t.Errorf("%s: the overview lacks the owner of the trust notice", tab)
		}
	}
}

// The lists' pagers stay on their tab: page 2 of the history is a link to
// the History tab, and that page shows the rest.
func TestImageDetailHistoryPagerStaysOnItsTab(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	const image = "img-demo0002" // alice's, shared with nobody
	at := time.Now().UTC().Add(-time.Hour)
	for i := range 21 {
		id := fmt.Sprintf("8%011d", i)
		if err := app.DB.Create(&models.Account{ID: id, Name: "Pager " + id, Status: models.AccountActive}).Error; err != nil {
			t.Fatal(err)
		}
		share := models.Share{ImageID: image, RecipientAccountID: id, Status: models.ShareActive, CreatedAt: at.Add(time.Duration(i) * time.Minute)}
		if err := app.DB.Create(&share).Error; err != nil {
			t.Fatal(err)
		}
	}
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	const history = `section[aria-labelledby="image-history"]`
	doc := alice.Get("/images/" + image + "?tab=history").Doc(t)
	if got := strings.Join(tabs(doc), "|"); got != "Overview|Sharing 21|History 21 (current)" {
		t.Errorf("tabs %q", got)
	}
	next, ok := doc.Find(history + ` nav a[href*="history_page=2"]`).Attr("href")
	if want := "/images/" + image + "?tab=history&history_page=2"; !ok || next != want {
		t.Fatalf("the history's next page links to %q, want %q", next, want)
	}
	doc = alice.Get(next).Doc(t)
	if got := doc.Find(history + " ol li").Length(); got != 1 {
		t.Errorf("page 2 of the history shows %d entries, want the 21st alone", got)
	}
	if got := strings.Join(tabs(doc), "|"); !strings.HasSuffix(got, "History 21 (current)") {
		t.Errorf("page 2 of the history is not on the History tab: %q", got)
	}
}

// A live poll keeps working on every tab: once the watched image settles,
// its answer swaps (out of band) the tab counts and the open tab's content;
// on the overview, the status block, as before.
func TestImageDetailLivePollOnEachTab(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	alice := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	page := "/images/" + handlertest.SharedImage
	tests := []struct {
		query      string
		oob        []string
		notSwapped string
	}{
		{"?", []string{pages.ImageDetailTabsID, pages.ImageStatusID}, pages.ImageDetailPanelID},
		{"?tab=sharing&", []string{pages.ImageDetailTabsID, pages.ImageDetailPanelID}, pages.ImageStatusID},
		{"?tab=history&", []string{pages.ImageDetailTabsID, pages.ImageDetailPanelID}, pages.ImageStatusID},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			r := alice.Get(page+tt.query+pages.WatchParam+"="+handlertest.SharedImage, handlertest.Fragment(pages.ImageDetailLiveID))
			wantStatus(t, r, http.StatusOK)
			doc := r.Doc(t)
			if isFullPage(r.Body) || doc.Find("#"+pages.ImageDetailLiveID).Length() != 1 {
				t.Fatalf("the poll did not answer with the poller alone:\n%s", r.Body)
			}
			for _, id := range tt.oob {
				if doc.Find(`#`+id+`[hx-swap-oob="true"]`).Length() != 1 {
					t.Errorf("the answer does not swap #%s", id)
				}
			}
			if doc.Find("#"+tt.notSwapped).Length() != 0 {
				t.Errorf("the answer swaps #%s, which is not on this tab", tt.notSwapped)
			}
		})
	}
}
