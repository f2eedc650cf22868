package pages_test

import (
	"testing"

	"github.com/PuerkitoBio/goquery"

	"imageshare/views/pages"
)

// A row still being copied has no checkbox yet, but the Custom tab keeps
// the selection column (and its bar) for it; once the row settles, the
// live poll swaps in its cell with the checkbox the domain now allows.
func TestBulkSelectionFollowsABusyRow(t *testing.T) {
	busy := syncing // the Custom tab's only row, SYNCING
	list := render(t, "en", pages.ImageList(listView("custom", busy)))
	cell := list.Find("td#image-bulk-" + busy.ID)
	if cell.Length() != 1 {
		t.Fatalf("no selection cell for the busy row")
	}
	if cell.Find("input").Length() != 0 {
		t.Errorf("the busy row offers a checkbox before the domain allows sharing it")
	}
	if list.Find("form#"+pages.BulkShareFormID).Length() != 1 {
		t.Errorf("no bulk share bar for a list whose row will become shareable")
	}

	settled := busy
	settled.Busy, settled.Ready, settled.State, settled.Progress = false, true, "NORMAL", 100
	settled.Can.Share.OK = true
	live := listView("custom", settled)
	live.Watch = []string{settled.ID}
	doc := render(t, "en", pages.ImageListLive(live))
	// The parser keeps a template's content as its children.
	swap := doc.Find("template td#image-bulk-" + settled.ID)
	if swap.Length() != 1 {
		t.Fatalf("the live poll brings no selection cell for the settled row")
	}
	if oob, _ := swap.Attr("hx-swap-oob"); oob != "true" {
		t.Errorf("the settled row's cell is not swapped out of band (hx-swap-oob=%q)", oob)
	}
	box := swap.Find("input[type=checkbox][data-bulk-item]")
	if v, _ := box.Attr("value"); v != settled.ID {
		t.Errorf("the swapped cell has no checkbox for %s", settled.ID)
	}
}

// On the Shared tab a busy image is someone else's: it never becomes
// shareable by the viewer, so no selection column waits for it.
func TestNoSelectionColumnForOthersBusyImages(t *testing.T) {
	other := shared
	other.Busy, other.Ready = true, false
	doc := render(t, "en", pages.ImageList(listView("shared", other)))
	doc.Find("td").Each(func(_ int, td *goquery.Selection) {
		if id, _ := td.Attr("id"); id == "image-bulk-"+other.ID {
			t.Errorf("a selection cell for another account's busy image")
		}
	})
}
