package handlers_test

import (
	"net/http"
	"strings"
	"testing"

	"imageshare/handlers/handlertest"
	"imageshare/views/pages"
)

// A live poll of the Images list answers with only the cells of the rows it
// watched (never the table, so focus and scroll stay), and stops polling
// once none of them is busy.
func TestImagesLivePollSwapsOnlyWatchedCells(t *testing.T) {
	t.Parallel()
	app := handlertest.New(t)
	c := app.SignedIn(t, handlertest.Alice, handlertest.DemoPassword)
	r := c.Get("/images?region=ap-guangzhou&tab=custom&"+pages.WatchParam+"="+handlertest.SharedImage,
		handlertest.Fragment(pages.ImageListLiveID))
	wantStatus(t, r, http.StatusOK)
	doc := r.Doc(t)
	if doc.Find("table, section, thead").Length() != 0 {
		t.Errorf("the poll answered with the table:\n%s", r.Body)
	}
	poller := doc.Find("#" + pages.ImageListLiveID)
	if poller.Length() != 1 {
		t.Fatalf("the answer lacks the poller #%s:\n%s", pages.ImageListLiveID, r.Body)
	}
	if _, polling := poller.Attr("hx-trigger"); polling {
		t.Error("the poller keeps polling though no row is busy")
	}
	// The watched row settled: its state, actions and selection cell (its
	// checkbox for Share selected) come out of band; no other row's cells do.
	for _, id := range []string{"image-state-" + handlertest.SharedImage, "image-actions-" + handlertest.SharedImage,
		"image-bulk-" + handlertest.SharedImage} {
		if !strings.Contains(r.Body, `id="`+id+`"`) {
			t.Errorf("the answer lacks the cell #%s", id)
		}
	}
	if n := strings.Count(r.Body, `hx-swap-oob="true"`); n != 3 {
		t.Errorf("%d out-of-band cells, want the watched row's 3:\n%s", n, r.Body)
	}
}
